import { expectYamlSnapshot } from '../../test/support/yaml-snapshot';
import { synthExample } from '../test-support';
import { buildApp } from './main';

const { yaml, objects, find } = synthExample(buildApp());

test('the daemonset example matches its snapshot', () => {
  expectYamlSnapshot('example-daemonset', yaml);
});

test('the client is a DaemonSet on the host network, with cluster DNS, on every node', () => {
  expect(
    objects
      .filter((o) => o.metadata.name === 'headscale-client' && /^(Deployment|DaemonSet)$/.test(o.kind))
      .map((o) => o.kind),
  ).toEqual(['DaemonSet']);
  const pod = find('DaemonSet', 'headscale-client').spec.template.spec;
  expect(pod).toMatchObject({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' });
  expect(pod.tolerations).toContainEqual({ operator: 'Exists', effect: 'NoSchedule' });
});

test("tailscale leaves the nodes' DNS alone, and each node keeps its own state and name", () => {
  const env = find('DaemonSet', 'headscale-client').spec.template.spec.containers[0].env;
  expect(env).toEqual(
    expect.arrayContaining([
      { name: 'ACCEPT_DNS', value: 'false' },
      { name: 'TS_STATE', value: '/var/lib/tailscale/tailscaled.state' },
      { name: 'TS_HOSTNAME', value: 'headscale-client-$(NODE_NAME)' },
    ]),
  );
  expect(find('DaemonSet', 'headscale-client').spec.template.spec.volumes).toContainEqual({
    name: 'state',
    hostPath: { path: '/var/lib/cdk8s-headscale/headscale/headscale-client', type: 'DirectoryOrCreate' },
  });
});
