import { Chart, Testing } from 'cdk8s';
import YAML from 'yaml';
import { HeadscaleServer } from '../../src/components/headscale-server';
import { parseValues } from '../../src/chart/parse-values';
import { problems } from '../support/problems';
import { envValues, find, type K8sObject, render } from '../support/render';

const PATH = '/etc/headscale/policy/policy.json';
const ALICE = { acls: [{ action: 'accept', src: ['alice@'], dst: ['*:*'] }] };
const BOB = { acls: [{ action: 'accept', src: ['bob@'], dst: ['*:22'] }] };

const hotReload = (content: Record<string, unknown>, enabled = true) => ({
  policy: { enabled: true, path: PATH, content, hotReload: { enabled } },
});
const server = (objects: K8sObject[]) => find(objects, 'Deployment', 'headscale');
const podTemplate = (objects: K8sObject[]) => JSON.stringify(server(objects).spec.template);

describe('policy.hotReload', () => {
  it('gives two policies byte-identical server pod templates, and only their ConfigMaps differ', () => {
    const [alice, bob] = [render(hotReload(ALICE)), render(hotReload(BOB))];
    expect(podTemplate(alice)).toBe(podTemplate(bob));
    const policyOf = (objects: K8sObject[]) =>
      JSON.parse(find(objects, 'ConfigMap', 'headscale-policy').data['policy.json']);
    expect([policyOf(alice), policyOf(bob)]).toEqual([ALICE, BOB]);
  });

  it('rolls the pod for a policy change when off, through the checksum/policy annotation', () => {
    const [alice, bob] = [render(hotReload(ALICE, false)), render(hotReload(BOB, false))];
    expect(podTemplate(alice)).not.toBe(podTemplate(bob));
    expect(Object.keys(server(alice).spec.template.metadata.annotations)).toContain('checksum/policy');
  });

  it('mounts the policy in a directory of its own by default, and beside config.yaml without hot reload', () => {
    const configured = (policy: Record<string, unknown>) =>
      YAML.parse(find(render({ policy }), 'ConfigMap', 'headscale').data['config.yaml']).policy.path;
    expect(configured({ enabled: true, hotReload: { enabled: true } })).toBe(PATH);
    expect(parseValues({ policy: { enabled: true, hotReload: { enabled: true } } }).policy.path).toBe(PATH);
    expect(configured({ enabled: true })).toBe('/etc/headscale/policy.json');
    expect(parseValues({}).policy.path).toBe('/etc/headscale/policy.json');
  });

  it('mounts the policy as its directory, not by subPath, where config.yaml points', () => {
    const objects = render(hotReload(ALICE));
    const pod = server(objects).spec.template;
    expect(Object.keys(pod.metadata.annotations)).toEqual(['checksum/config']);
    expect(pod.spec.volumes.find((v: any) => v.name === 'policy')).toEqual({
      name: 'policy',
      configMap: { name: 'headscale-policy', items: [{ key: 'policy.json', path: 'policy.json' }] },
    });
    const headscale = pod.spec.containers[0];
    expect(headscale.volumeMounts.find((m: any) => m.name === 'policy')).toEqual({
      name: 'policy',
      mountPath: '/etc/headscale/policy',
      readOnly: true,
    });
    expect(YAML.parse(find(objects, 'ConfigMap', 'headscale').data['config.yaml']).policy).toEqual({ path: PATH });
  });

  it("adds a restricted watcher sidecar as Headscale's user, in a pod sharing its process namespace", () => {
    const pod = server(render(hotReload(ALICE))).spec.template.spec;
    expect(pod.shareProcessNamespace).toBe(true);
    expect(pod.containers.map((c: any) => c.name)).toEqual(['headscale', 'policy-reload']);
    const [headscale, watcher] = pod.containers;
    expect(watcher).toMatchObject({
      image: 'busybox:1.37.0',
      command: ['/bin/sh', '-c', expect.stringContaining('kill -HUP')],
      resources: { requests: { cpu: '5m', memory: '8Mi' }, limits: { memory: '32Mi' } },
      securityContext: {
        runAsNonRoot: true,
        runAsUser: headscale.securityContext.runAsUser,
        runAsGroup: headscale.securityContext.runAsGroup,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: true,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      volumeMounts: [{ name: 'policy', mountPath: '/etc/headscale/policy', readOnly: true }],
    });
    expect(envValues(watcher)).toEqual({ POLICY_FILE: PATH, POLL_SECONDS: '10' });
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it("follows securityContext.runAsUser, and the values' image and resources", () => {
    const pod = server(
      render({
        securityContext: { runAsUser: 2000, runAsGroup: 3000 },
        policy: {
          ...hotReload(ALICE).policy,
          hotReload: {
            enabled: true,
            image: { repository: 'mirror.example/busybox', tag: '1.37.0-musl' },
            resources: {},
          },
        },
      }),
    ).spec.template.spec;
    expect(pod.containers[1]).toMatchObject({
      image: 'mirror.example/busybox:1.37.0-musl',
      securityContext: { runAsUser: 2000, runAsGroup: 3000 },
    });
    expect(pod.containers[1].resources).toBeUndefined();
  });

  it('mounts an existing ConfigMap the same way, with no checksum of its reference', () => {
    const pod = server(
      render({
        policy: { ...hotReload(ALICE).policy, configMap: { create: false, name: 'my-policy', key: 'acl.hujson' } },
      }),
    ).spec.template;
    expect(pod.spec.volumes.find((v: any) => v.name === 'policy').configMap).toEqual({
      name: 'my-policy',
      items: [{ key: 'acl.hujson', path: 'policy.json' }],
    });
    expect(Object.keys(pod.metadata.annotations)).toEqual(['checksum/config']);
  });

  it('refuses what it cannot work with, at the key to change', () => {
    expect(problems({ policy: { hotReload: { enabled: true } } })).toEqual([
      'policy.hotReload.enabled: needs policy.enabled: it reloads your policy file (policy.content, or your ConfigMap with policy.configMap.create false)',
    ]);
    expect(problems({ ...hotReload(ALICE), config: { policy: { mode: 'database' } } })).toEqual([
      'policy.hotReload.enabled: needs config.policy.mode "file" (got "database"): in database mode the policy is not read from the file',
    ]);
    expect(problems({ ...hotReload(ALICE), securityContext: { runAsUser: 0, runAsNonRoot: false } })).toEqual([
      "policy.hotReload.enabled: needs securityContext.runAsUser, a user other than root (got 0): the watcher runs as Headscale's user to signal it without a capability",
    ]);
    expect(
      problems({ policy: { enabled: true, path: '/etc/headscale/policy.json', hotReload: { enabled: true } } }),
    ).toEqual([
      "policy.path: is in /etc/headscale, which holds config.yaml too (/etc/headscale/config.yaml): with policy.hotReload.enabled the policy's ConfigMap is mounted as that whole directory, so give the policy a directory of its own, such as /etc/headscale/policy/policy.json",
    ]);
    expect(
      problems({
        ...hotReload(ALICE),
        extraVolumeMounts: [{ name: 'extra', mountPath: '/etc/headscale/policy/extra' }],
        extraVolumes: [{ name: 'extra', emptyDir: {} }],
      }),
    ).toEqual([
      "policy.path: is in /etc/headscale/policy, which holds extraVolumeMounts[0] too (/etc/headscale/policy/extra): with policy.hotReload.enabled the policy's ConfigMap is mounted as that whole directory, so give the policy a directory of its own, such as /etc/headscale/policy/policy.json",
    ]);
  });
});

describe('HeadscaleServer sidecars', () => {
  it('adds the sidecars after Headscale and shares the process namespace only when one asks', () => {
    const synth = (props: ConstructorParameters<typeof HeadscaleServer>[2]) => {
      const chart = new Chart(Testing.app(), 'mine');
      new HeadscaleServer(chart, 'hs', props);
      return find(Testing.synth(chart) as K8sObject[], 'Deployment', 'headscale').spec.template.spec;
    };
    const helper = {
      containers: [{ name: 'helper', image: 'busybox:1.37.0' }],
      volumes: [],
      servicePorts: [],
      podAnnotations: {},
      sharesProcessNamespace: true,
    };
    const pod = synth({ sidecars: [helper] });
    expect(pod.containers.map((c: any) => c.name)).toEqual(['headscale', 'helper']);
    expect(pod.shareProcessNamespace).toBe(true);
    const plain = synth({});
    expect(plain.containers.map((c: any) => c.name)).toEqual(['headscale']);
    expect(plain.shareProcessNamespace).toBeUndefined();
  });
});
