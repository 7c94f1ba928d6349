import { App } from 'cdk8s';
import { HeadscaleChart } from 'cdk8s-headscale';
import { expectYamlSnapshot } from '../../test/support/yaml-snapshot';
import { synthExample } from '../test-support';
import { buildApp, EXAMPLE_PROPS } from './main';

const { yaml, objects, find } = synthExample(buildApp());

test('the extend example matches its snapshot', () => {
  expectYamlSnapshot('example-extend', yaml);
});

test('the NetworkPolicy selects the server pods only, and admits the ingress controller and the client on the http port', () => {
  const policy = find('NetworkPolicy', 'headscale-server');
  expect(policy.metadata.namespace).toBe('headscale');
  const selector = policy.spec.podSelector.matchLabels;
  const podsSelected = objects
    .filter((o) => ['Deployment', 'DaemonSet'].includes(o.kind))
    .filter((o) => Object.entries(selector).every(([key, value]) => o.spec.template.metadata.labels[key] === value))
    .map((o) => o.metadata.name);
  expect(podsSelected).toEqual(['headscale']);
  expect(policy.spec.ingress).toEqual([
    {
      from: [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
          podSelector: {
            matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
          },
        },
        { podSelector: { matchLabels: find('Deployment', 'headscale-client').spec.selector.matchLabels } },
      ],
      ports: [{ protocol: 'TCP', port: 'http' }],
    },
  ]);
});

test('the server pod has the patched priority class', () => {
  expect(find('Deployment', 'headscale').spec.template.spec.priorityClassName).toBe('system-cluster-critical');
});

test('everything else is what HeadscaleChart renders from the same props', () => {
  const plainApp = new App();
  new HeadscaleChart(plainApp, 'headscale', EXAMPLE_PROPS);
  const plain = synthExample(plainApp).objects;
  const extended = structuredClone(objects.filter((o) => o.kind !== 'NetworkPolicy'));
  delete extended.find((o) => o.kind === 'Deployment' && o.metadata.name === 'headscale').spec.template.spec
    .priorityClassName;
  expect(extended).toEqual(plain);
});
