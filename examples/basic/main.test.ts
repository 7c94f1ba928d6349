import YAML from 'yaml';
import { expectYamlSnapshot } from '../../test/support/yaml-snapshot';
import { synthExample } from '../test-support';
import { buildApp } from './main';

const { yaml, objects, find } = synthExample(buildApp());

test('the basic example matches its snapshot', () => {
  expectYamlSnapshot('example-basic', yaml);
});

test('it deploys the server, its data claim and the client with its key job, in the namespace', () => {
  for (const [kind, name] of [
    ['Deployment', 'headscale'],
    ['PersistentVolumeClaim', 'headscale'],
    ['Deployment', 'headscale-client'],
  ]) {
    expect(find(kind, name).metadata.namespace).toBe('headscale');
  }
  expect(objects.filter((o) => o.kind === 'Job').map((o) => o.metadata.name)).toEqual([
    expect.stringMatching(/^headscale-create-client-secret-[0-9a-f]+$/),
  ]);
});

test('the server URL is derived from the Service', () => {
  const config = YAML.parse(find('ConfigMap', 'headscale').data['config.yaml']);
  expect(config.server_url).toBe('http://headscale.headscale.svc.cluster.local:8080');
});
