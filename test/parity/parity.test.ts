import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHeadscale } from '../../src/render';
import { parseValuesYaml } from '../../src/values/load';
import type { K8sObject } from '../support/render';
import { expectYamlSnapshot } from '../support/yaml-snapshot';
import { compareRenders, counterpart, loadRender, objectKey } from './compare';

const FIXTURES = join(__dirname, '..', 'fixtures', 'parity');
const CASES = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.values.yaml'))
  .map((f) => f.replace(/\.values\.yaml$/, ''))
  .sort();

/**
 * Where this project deliberately renders something else than the chart: each difference the
 * parity comparison reports (matched as a pattern), the cases it shows in, and the fault of the
 * chart it fixes. Every other field must be equal, and every deviation must still show.
 */
const DEVIATIONS: ReadonlyArray<{
  readonly cases: readonly string[];
  readonly difference: RegExp;
  readonly reason: string;
}> = [
  {
    cases: ['subnet-router'],
    difference:
      /^ConfigMap\/headscale-policy\.data\.policy\.json\.autoApprovers\.exitNode: helm=undefined ours=\["tag:in-cluster-client"\]$/,
    reason:
      "chart fault 5: with client.exitNode the chart never approves the exit node; the policy auto-approves it for the client's tag",
  },
  {
    cases: ['default', 'overrides', 'subnet-router'],
    difference: /^Deployment\/[a-z-]+-client\.strategy: helm=undefined ours=\{"type":"Recreate"\}$/,
    reason: "a rolling update would run two clients on one tailscaled state Secret, fighting over the node's identity",
  },
  {
    cases: ['daemonset', 'default', 'overrides', 'subnet-router'],
    difference: /^Job\/([a-z-]+)\.name: helm="\1" ours="\1-[0-9a-f]{8}"$/,
    reason:
      "chart fault 8: the chart's Job is a Helm hook, which kubectl apply and GitOps tools run once and cannot re-apply when changed; named by a hash of its spec, a changed Job is a new Job",
  },
  {
    cases: [
      'daemonset',
      'default',
      'dns-derp-policy',
      'existing-resources',
      'ingress-tls-ui',
      'no-client',
      'subnet-router',
    ],
    difference:
      /^Deployment\/[a-z-]+\.pod\.containers\.headscale\.image: helm="headscale\/headscale:v0\.28\.0" ours="headscale\/headscale:v0\.29\.2"$/,
    reason:
      "Headscale 0.29.2, the newest release, over the chart's appVersion 0.28.0: the config and policy checks follow the image's version, and an older image stays one image.tag away",
  },
  {
    cases: ['daemonset', 'default', 'subnet-router'],
    difference:
      /^(Deployment|DaemonSet)\/[a-z-]+-client\.pod\.containers\.tailscale\.image: helm="tailscale\/tailscale:stable" ours="tailscale\/tailscale:v1\.84\.0"$/,
    reason:
      'pinned default images: `stable` moves by itself; v1.84.0 is a release that Headscale 0.28 and 0.29 accept, bumped on purpose',
  },
  {
    cases: ['existing-resources', 'ingress-tls-ui'],
    difference:
      /^Deployment\/[a-z-]+-ui\.pod\.containers\.headscale-ui\.image: helm="ghcr\.io\/gurucomputing\/headscale-ui:latest" ours="ghcr\.io\/gurucomputing\/headscale-ui:2026\.03\.17"$/,
    reason:
      'pinned default images: `latest` moves by itself; 2026.03.17 is the headscale-ui release for Headscale 0.28',
  },
  {
    cases: [
      'daemonset',
      'default',
      'dns-derp-policy',
      'existing-resources',
      'ingress-tls-ui',
      'no-client',
      'overrides',
      'subnet-router',
    ],
    difference:
      /^Deployment\/[a-z-]+\.pod\.(volumes\.tmp: helm=undefined ours="emptyDir"|containers\.headscale\.mounts\.tmp: helm=undefined ours=\{"mountPath":"\/tmp"\})$/,
    reason:
      "restricted pods: the server's root filesystem is read-only, so SQLite's temporary files get an emptyDir at /tmp",
  },
  {
    cases: ['existing-resources', 'ingress-tls-ui'],
    difference:
      /^Deployment\/[a-z-]+-ui\.pod\.(volumes\.(ui-run|ui-home|tmp): helm=undefined ours="emptyDir"|containers\.headscale-ui\.mounts\.(ui-run|ui-home|tmp): helm=undefined ours=\{"mountPath":"\/(data|home\/appuser|tmp)"\})$/,
    reason:
      "restricted pods: the UI's root filesystem is read-only, so where the image writes (its Caddyfile copy in /data, Caddy's files in the home directory, /tmp) gets an emptyDir",
  },
  {
    cases: ['default', 'overrides', 'subnet-router'],
    difference:
      /^Deployment\/[a-z-]+-client\.pod\.(volumes\.dev-net-tun: helm="hostPath" ours=undefined|containers\.tailscale\.mounts\.dev-net-tun: helm=\{"mountPath":"\/dev\/net\/tun"\} ours=undefined|volumes\.(run|tmp): helm=undefined ours="emptyDir"|containers\.tailscale\.mounts\.(run|tmp): helm=undefined ours=\{"mountPath":"\/(var\/run\/tailscale|tmp)"\})$/,
    reason:
      "client.userspace, on by default for a Deployment: userspace networking needs no /dev/net/tun hostPath, and the restricted pod's read-only root filesystem gives tailscaled's socket and /tmp emptyDirs",
  },
  {
    cases: ['daemonset'],
    difference:
      /^(DaemonSet\/headscale-client\.pod\.(volumes\.state: helm=undefined ours="hostPath"|containers\.tailscale\.mounts\.state: helm=undefined ours=\{"mountPath":"\/var\/lib\/tailscale"\})|(Role|RoleBinding)\/headscale-client: missing)$/,
    reason:
      "no Secret escalation: the DaemonSet keeps each node's tailscaled state on the node, beside the host access it already has, instead of a Role that creates Secrets of any name and reads every Secret",
  },
];

/**
 * Objects of constructs not built yet, which the comparison skips: none now (the client, its key
 * job and the UI are built). Every object of the chart's renders must match.
 */
const NOT_YET_BUILT: ReadonlyArray<(o: K8sObject) => boolean> = [];

const isBuilt = (o: K8sObject) => !NOT_YET_BUILT.some((pending) => pending(o));

function renderCase(name: string) {
  const values = parseValuesYaml(readFileSync(join(FIXTURES, `${name}.values.yaml`), 'utf8'), `${name}.values.yaml`);
  const yaml = renderHeadscale({ releaseName: 'headscale', namespace: 'headscale', values }).yaml;
  const helm = loadRender(readFileSync(join(FIXTURES, `${name}.helm.yaml`), 'utf8'));
  return { yaml, helm, ours: loadRender(yaml) };
}

describe.each(CASES)('the %s case', (name) => {
  const { yaml, helm, ours } = renderCase(name);

  it("matches the chart's render, but for the listed deviations", () => {
    const differences = compareRenders(helm.filter(isBuilt), ours);
    const deviations = DEVIATIONS.filter((d) => d.cases.includes(name));
    expect(differences.filter((line) => !deviations.some((d) => d.difference.test(line)))).toEqual([]);
    expect(deviations.filter((d) => !differences.some((line) => d.difference.test(line))).map((d) => d.reason)).toEqual(
      [],
    );
  });

  it("keeps the chart's selectors and claim names, so a live Helm release can be taken over without losing data", () => {
    for (const h of helm) {
      const o = counterpart(h, ours);
      if (!o) continue;
      if (['Deployment', 'DaemonSet', 'PodDisruptionBudget'].includes(h.kind))
        expect([objectKey(o), o.spec.selector]).toEqual([objectKey(h), h.spec.selector]);
      if (h.kind === 'Service') expect([objectKey(o), o.spec.selector]).toEqual([objectKey(h), h.spec.selector]);
      if (h.kind === 'Deployment') {
        const claims = (t: K8sObject) =>
          t.spec.template.spec.volumes
            ?.filter((v: any) => v.persistentVolumeClaim)
            .map((v: any) => v.persistentVolumeClaim.claimName);
        expect(claims(o)).toEqual(claims(h));
      }
    }
    const unclaimed = helm.filter((h) => h.kind === 'PersistentVolumeClaim' && isBuilt(h) && !counterpart(h, ours));
    expect(unclaimed.map(objectKey)).toEqual([]);
  });

  it('renders the same YAML as the committed snapshot', () => {
    expectYamlSnapshot(name, yaml);
  });
});

it('has every deviation attached to a case that exists', () => {
  for (const deviation of DEVIATIONS) for (const name of deviation.cases) expect(CASES).toContain(name);
});
