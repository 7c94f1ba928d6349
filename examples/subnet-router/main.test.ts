import { expectYamlSnapshot } from '../../test/support/yaml-snapshot';
import { synthExample } from '../test-support';
import { buildApp } from './main';

const { yaml, find } = synthExample(buildApp());
const ROUTES = ['10.96.0.0/12', '0.0.0.0/0', '::/0'];

test('the subnet-router example matches its snapshot', () => {
  expectYamlSnapshot('example-subnet-router', yaml);
});

test('the client advertises the routes and itself as an exit node, which covers both default routes', () => {
  const env = find('Deployment', 'headscale-client').spec.template.spec.containers[0].env;
  expect(env).toEqual(
    expect.arrayContaining([
      { name: 'ADVERTISE_ROUTES', value: '10.96.0.0/12' },
      { name: 'ADVERTISE_EXIT_NODE', value: 'true' },
      { name: 'ACCEPT_DNS', value: 'false' },
    ]),
  );
});

test('the policy approves every route and the exit node for the client tag', () => {
  const policy = JSON.parse(find('ConfigMap', 'headscale-policy').data['policy.json']);
  expect(policy.tagOwners).toEqual({ 'tag:in-cluster-client': ['headscale-system@'] });
  expect(Object.keys(policy.autoApprovers.routes).sort()).toEqual([...ROUTES].sort());
  expect(policy.autoApprovers.exitNode).toEqual(['tag:in-cluster-client']);
});
