import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHeadscale } from '../../src/render';
import { parseValuesYaml } from '../../src/values/load';
import type { K8sObject } from '../support/render';
import { expectYamlSnapshot } from '../support/yaml-snapshot';
import { compareRenders, counterpart, loadRender, objectKey } from './compare';

const FIXTURES = join(__dirname, '..', 'fixtures');

/** A deliberate difference from the chart's render: the lines it explains, the cases they show in, and why. */
interface Deviation {
  readonly cases: readonly string[];
  readonly difference: RegExp;
  readonly reason: string;
}

/** The cases of chart 0.1.6, which chart 0.2.0 renders too. */
const CASES_0_1_6 = [
  'daemonset',
  'default',
  'dns-derp-policy',
  'existing-resources',
  'ingress-tls-ui',
  'no-client',
  'overrides',
  'subnet-router',
];

/** The chart's faults that this project fixes, and its own choices: each shows in the cases listed with it. */
const EXIT_NODE_APPROVED: Deviation = {
  cases: ['subnet-router'],
  difference:
    /^ConfigMap\/headscale-policy\.data\.policy\.json\.autoApprovers\.exitNode: helm=undefined ours=\["tag:in-cluster-client"\]$/,
  reason:
    "chart fault 5: with client.exitNode the chart never approves the exit node; the policy auto-approves it for the client's tag",
};
const ONE_CLIENT_AT_A_TIME: Deviation = {
  cases: ['default', 'overrides', 'subnet-router'],
  difference: /^Deployment\/[a-z-]+-client\.strategy: helm=undefined ours=\{"type":"Recreate"\}$/,
  reason: "a rolling update would run two clients on one tailscaled state Secret, fighting over the node's identity",
};
const PINNED_CLIENT_IMAGE: Deviation = {
  cases: ['daemonset', 'default', 'subnet-router'],
  difference:
    /^(Deployment|DaemonSet)\/[a-z-]+-client\.pod\.containers\.tailscale\.image: helm="tailscale\/tailscale:stable" ours="tailscale\/tailscale:v1\.84\.0"$/,
  reason:
    'pinned default images: `stable` moves by itself; v1.84.0 is a release that Headscale 0.28 and 0.29 accept, bumped on purpose',
};
const PINNED_UI_IMAGE: Deviation = {
  cases: ['existing-resources', 'ingress-tls-ui'],
  difference:
    /^Deployment\/[a-z-]+-ui\.pod\.containers\.headscale-ui\.image: helm="ghcr\.io\/gurucomputing\/headscale-ui:latest" ours="ghcr\.io\/gurucomputing\/headscale-ui:2026\.03\.17"$/,
  reason: 'pinned default images: `latest` moves by itself; 2026.03.17 is the headscale-ui release for Headscale 0.28',
};
const SERVER_TMP: Deviation = {
  cases: CASES_0_1_6,
  difference:
    /^Deployment\/[a-z-]+\.pod\.(volumes\.tmp: helm=undefined ours="emptyDir"|containers\.headscale\.mounts\.tmp: helm=undefined ours=\{"mountPath":"\/tmp"\})$/,
  reason:
    "restricted pods: the server's root filesystem is read-only, so SQLite's temporary files get an emptyDir at /tmp",
};
const UI_WRITABLE_DIRECTORIES: Deviation = {
  cases: ['existing-resources', 'ingress-tls-ui'],
  difference:
    /^Deployment\/[a-z-]+-ui\.pod\.(volumes\.(ui-run|ui-home|tmp): helm=undefined ours="emptyDir"|containers\.headscale-ui\.mounts\.(ui-run|ui-home|tmp): helm=undefined ours=\{"mountPath":"\/(data|home\/appuser|tmp)"\})$/,
  reason:
    "restricted pods: the UI's root filesystem is read-only, so where the image writes (its Caddyfile copy in /data, Caddy's files in the home directory, /tmp) gets an emptyDir",
};
const USERSPACE_CLIENT: Deviation = {
  cases: ['default', 'overrides', 'subnet-router'],
  difference:
    /^Deployment\/[a-z-]+-client\.pod\.(volumes\.dev-net-tun: helm="hostPath" ours=undefined|containers\.tailscale\.mounts\.dev-net-tun: helm=\{"mountPath":"\/dev\/net\/tun"\} ours=undefined|volumes\.(run|tmp): helm=undefined ours="emptyDir"|containers\.tailscale\.mounts\.(run|tmp): helm=undefined ours=\{"mountPath":"\/(var\/run\/tailscale|tmp)"\})$/,
  reason:
    "client.userspace, on by default for a Deployment: userspace networking needs no /dev/net/tun hostPath, and the restricted pod's read-only root filesystem gives tailscaled's socket and /tmp emptyDirs",
};
const DAEMONSET_STATE_ON_NODE: Deviation = {
  cases: ['daemonset'],
  difference:
    /^(DaemonSet\/headscale-client\.pod\.(volumes\.state: helm=undefined ours="hostPath"|containers\.tailscale\.mounts\.state: helm=undefined ours=\{"mountPath":"\/var\/lib\/tailscale"\})|(Role|RoleBinding)\/headscale-client: missing)$/,
  reason:
    "no Secret escalation: the DaemonSet keeps each node's tailscaled state on the node, beside the host access it already has, instead of a Role that creates Secrets of any name and reads every Secret",
};
const NEWEST_HEADSCALE: Deviation = {
  // Every case but overrides, whose values give an image of their own.
  cases: CASES_0_1_6.filter((name) => name !== 'overrides'),
  difference:
    /^Deployment\/[a-z-]+\.pod\.containers\.headscale\.image: helm="headscale\/headscale:v0\.28\.0" ours="headscale\/headscale:v0\.29\.2"$/,
  reason:
    "Headscale 0.29.2, the newest release, over the chart's appVersion 0.28.0: the config and policy checks follow the image's version, and an older image stays one image.tag away",
};

/** The cases of chart 0.2.0 with the in-cluster client as a Deployment, beyond those of 0.1.6. */
const NEW_CLIENT_CASES = ['ingress-tls-native', 'internal-tls', 'tls-native'];
/** The cases with an ingress and the client, where the client logs in through the TLS listener (chart 0.2.0's mode A). */
const TLS_LISTENER_CASES = ['ingress-tls-native', 'internal-tls'];
const alsoIn = (deviation: Deviation, cases: readonly string[]): Deviation => ({
  ...deviation,
  cases: [...deviation.cases, ...cases],
});

/**
 * Where this project deliberately renders something else than chart 0.1.6: each difference the
 * parity comparison reports (matched as a pattern), the cases it shows in, and the fault of the
 * chart it fixes. Every other field must be equal, and every deviation must still show.
 */
const DEVIATIONS_0_1_6: readonly Deviation[] = [
  EXIT_NODE_APPROVED,
  ONE_CLIENT_AT_A_TIME,
  {
    cases: ['daemonset', 'default', 'overrides', 'subnet-router'],
    difference: /^Job\/([a-z-]+)\.name: helm="\1" ours="\1-[0-9a-f]{8}"$/,
    reason:
      "chart fault 8: the chart's Job is a Helm hook, which kubectl apply and GitOps tools run once and cannot re-apply when changed; named by a hash of its spec, a changed Job is a new Job",
  },
  PINNED_CLIENT_IMAGE,
  PINNED_UI_IMAGE,
  SERVER_TMP,
  UI_WRITABLE_DIRECTORIES,
  USERSPACE_CLIENT,
  DAEMONSET_STATE_ON_NODE,
  NEWEST_HEADSCALE,
  {
    cases: ['daemonset', 'default', 'overrides', 'subnet-router'],
    difference:
      /^(Deployment|DaemonSet)\/[a-z-]+-client\.pod\.containers\.tailscale\.readinessProbe: helm=undefined ours=\{"exec":\{"command":\["\/bin\/sh","-c","tailscale --socket=\/var\/run\/tailscale\/tailscaled\.sock status --json \| grep -q \\"BackendState\.\*Running\\""\]\},"failureThreshold":30,"initialDelaySeconds":15,"periodSeconds":10,"timeoutSeconds":5\}$/,
    reason:
      "chart 0.2.0's readiness probe: the client is ready once tailscaled runs logged in, which 0.1.6 does not check",
  },
];

/**
 * Where this project deliberately renders something else than chart 0.2.0: the deviations from
 * 0.1.6 that still apply (in the new cases too), and those from what 0.2.0 changed.
 */
const DEVIATIONS_0_2_0: readonly Deviation[] = [
  EXIT_NODE_APPROVED,
  alsoIn(ONE_CLIENT_AT_A_TIME, NEW_CLIENT_CASES),
  alsoIn(PINNED_CLIENT_IMAGE, NEW_CLIENT_CASES),
  PINNED_UI_IMAGE,
  alsoIn(SERVER_TMP, NEW_CLIENT_CASES),
  UI_WRITABLE_DIRECTORIES,
  alsoIn(USERSPACE_CLIENT, NEW_CLIENT_CASES),
  DAEMONSET_STATE_ON_NODE,
  alsoIn(NEWEST_HEADSCALE, NEW_CLIENT_CASES),
  {
    cases: ['daemonset', 'default', 'overrides', 'subnet-router', ...NEW_CLIENT_CASES],
    difference:
      /^(Deployment|DaemonSet)\/([a-z-]+-client)\.pod\.(volumes\.client-auth-init: helm="emptyDir" ours=undefined|volumes\.job-script: helm="\2-job-script" ours=undefined|volumes\.client-auth: helm=undefined ours="\2-authkey"|containers\.tailscale\.mounts\.client-auth-init: helm=\{"mountPath":"\/etc\/client-auth"\} ours=undefined|containers\.tailscale\.mounts\.client-auth: helm=undefined ours=\{"mountPath":"\/etc\/client-auth"\})$/,
    reason:
      "the key Job writes the client's key to a Secret, which the client mounts, instead of 0.2.0's ensure-authkey init container in every client pod, which gives the client's Role pods/exec on the server (every Headscale command, every key) and runs on every client restart",
  },
  {
    cases: ['tls-native'],
    difference:
      /^(ConfigMap\/headscale\.data\.config\.yaml\.listen_addr: helm="0\.0\.0\.0:443" ours="0\.0\.0\.0:8080"|Deployment\/headscale\.pod\.containers\.headscale\.ports: helm=\[\{"name":"http","containerPort":443,"protocol":"TCP"\}\] ours=\[\{"containerPort":8080,"name":"http","protocol":"TCP"\}\])$/,
    reason:
      "restricted pods: Headscale runs as a user other than root, which can't bind port 443; it listens on 8080 and the Service's port 443 (named https, as the chart's) targets it",
  },
  {
    cases: TLS_LISTENER_CASES,
    difference:
      /^(Deployment\/headscale-client\.pod\.(volumes\.(tofu-certs: helm="emptyDir" ours=undefined|headscale-ca: helm=undefined ours="headscale-internal-tls")|containers\.tailscale\.mounts\.(tofu-certs: helm=\{"mountPath":"\/tofu-certs"\} ours=undefined|headscale-ca: helm=undefined ours=\{"mountPath":"\/etc\/headscale-ca"\}))|Deployment\/headscale\.pod\.(volumes\.internal-tls-certs: helm="emptyDir" ours="headscale-internal-tls"|containers\.tls-sidecar\.image: helm="nginx:alpine" ours="nginxinc\/nginx-unprivileged:[0-9.]+")|ConfigMap\/headscale-client-job-script\.data\.internal-tls-cert\.sh: helm=undefined ours="\(script\)")$/,
    reason:
      "no packages installed at run time and no trust on first use: 0.2.0 makes the TLS sidecar's self-signed certificate at pod start in an emptyDir with `apk add openssl` (egress to Alpine's mirrors), and its client trusts whatever certificate it first fetches; here the key job makes a private CA and the certificate once, with the openssl of a Debian nginx image, into the Secret headscale-internal-tls, which the sidecar mounts and whose ca.crt the client trusts (volume headscale-ca, as with tls.secretName)",
  },
  {
    cases: TLS_LISTENER_CASES,
    difference:
      /^(ConfigMap\/headscale-tls-sidecar\.data\.(default\.conf: helm="<config omitted>" ours=undefined|nginx\.conf: helm=undefined ours=".*")|Deployment\/headscale\.pod\.(volumes\.tls-sidecar-(tmp|cache): helm=undefined ours="emptyDir"|containers\.tls-sidecar\.(ports: helm=\[\{"name":"https","containerPort":443,"protocol":"TCP"\}\] ours=\[\{"containerPort":8443,"name":"https","protocol":"TCP"\}\]|resources: helm=undefined ours=\{.*\}|mounts\.(tls-sidecar-config\.mountPath: helm="\/etc\/nginx\/conf\.d" ours="\/etc\/tls-sidecar"|tls-sidecar-(tmp|cache): helm=undefined ours=\{"mountPath":"[a-z/]+"\}))))$/,
    reason:
      "the TLS sidecar meets the restricted Pod Security level: nginx runs unprivileged on container port 8443 (the Service's port 443 named https targets it, as in the chart), with a read-only root filesystem and emptyDirs for /tmp and nginx's cache, small resources, and a whole configuration of its own (nginx.conf, TLS terminated by the stream module) instead of the image's with a default.conf",
  },
];

/** The chart versions whose reference renders are compared, each with its own deviations. */
const CHART_VERSIONS = [
  { version: '0.1.6', folder: 'parity', deviations: DEVIATIONS_0_1_6 },
  { version: '0.2.0', folder: 'parity-0.2.0', deviations: DEVIATIONS_0_2_0 },
].map((chart) => ({
  ...chart,
  cases: readdirSync(join(FIXTURES, chart.folder))
    .filter((f) => f.endsWith('.values.yaml'))
    .map((f) => f.replace(/\.values\.yaml$/, ''))
    .sort(),
}));

const CASES = CHART_VERSIONS.flatMap((chart) => chart.cases.map((name) => ({ ...chart, name })));

function renderCase(folder: string, name: string) {
  const dir = join(FIXTURES, folder);
  const values = parseValuesYaml(readFileSync(join(dir, `${name}.values.yaml`), 'utf8'), `${name}.values.yaml`);
  const yaml = renderHeadscale({ releaseName: 'headscale', namespace: 'headscale', values }).yaml;
  const helm = loadRender(readFileSync(join(dir, `${name}.helm.yaml`), 'utf8'));
  return { yaml, helm, ours: loadRender(yaml) };
}

describe.each(CASES)('chart $version: the $name case', ({ folder, name, deviations }) => {
  const { yaml, helm, ours } = renderCase(folder, name);

  it("matches the chart's render, but for the listed deviations", () => {
    const differences = compareRenders(helm, ours);
    const applying = deviations.filter((d) => d.cases.includes(name));
    expect(differences.filter((line) => !applying.some((d) => d.difference.test(line)))).toEqual([]);
    expect(applying.filter((d) => !differences.some((line) => d.difference.test(line))).map((d) => d.reason)).toEqual(
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
    const unclaimed = helm.filter((h) => h.kind === 'PersistentVolumeClaim' && !counterpart(h, ours));
    expect(unclaimed.map(objectKey)).toEqual([]);
  });

  // A case of the same name renders the same values in every chart version (a test below makes sure): one snapshot.
  it('renders the same YAML as the committed snapshot', () => {
    expectYamlSnapshot(name, yaml);
  });
});

it('has every deviation attached to a case that exists', () => {
  for (const chart of CHART_VERSIONS)
    for (const deviation of chart.deviations) for (const name of deviation.cases) expect(chart.cases).toContain(name);
});

it('has the same values in the cases of the same name of every chart version, which share a snapshot', () => {
  const valuesOf = (folder: string, name: string) =>
    readFileSync(join(FIXTURES, folder, `${name}.values.yaml`), 'utf8');
  const [first, ...later] = CHART_VERSIONS;
  for (const chart of later)
    for (const name of chart.cases.filter((n) => first.cases.includes(n)))
      expect([name, valuesOf(chart.folder, name)]).toEqual([name, valuesOf(first.folder, name)]);
});
