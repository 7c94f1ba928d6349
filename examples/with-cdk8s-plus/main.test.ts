import { expectYamlSnapshot } from '../../test/support/yaml-snapshot';
import { synthExample } from '../test-support';
import { buildApp } from './main';

const { yaml, objects, find } = synthExample(buildApp());

test('the with-cdk8s-plus example matches its snapshot', () => {
  expectYamlSnapshot('example-with-cdk8s-plus', yaml);
});

test("the canary is ready only while Headscale answers at the server's cluster URL", () => {
  const canary = find('Deployment', 'headscale-canary').spec.template.spec.containers[0];
  expect(canary.readinessProbe.exec.command).toEqual([
    'wget',
    '-q',
    '-O',
    '/dev/null',
    'http://headscale.headscale.svc.cluster.local:8080/health',
  ]);
  expect(canary.image).toBe('busybox:1.37.0');
});

test("the NetworkPolicy selects the server's pods only, and admits the canary and the client on Headscale's port", () => {
  const policy = find('NetworkPolicy', 'headscale-server');
  const selector = policy.spec.podSelector.matchLabels;
  const selected = objects
    .filter((o) => ['Deployment', 'DaemonSet'].includes(o.kind))
    .filter((o) => Object.entries(selector).every(([key, value]) => o.spec.template.metadata.labels[key] === value))
    .map((o) => o.metadata.name);
  expect(selected).toEqual(['headscale']);
  const peers = policy.spec.ingress.map((rule: any) => rule.from[0].podSelector.matchLabels);
  expect(peers).toEqual([
    find('Deployment', 'headscale-canary').spec.selector.matchLabels,
    find('Deployment', 'headscale-client').spec.selector.matchLabels,
  ]);
  expect(policy.spec.ingress.map((rule: any) => rule.ports)).toEqual([
    [{ port: 8080, protocol: 'TCP' }],
    [{ port: 8080, protocol: 'TCP' }],
  ]);
});
