import { main as cli } from '../../src/cli';
import { expectYamlSnapshot } from '../../test/support/yaml-snapshot';
import { synthExample } from '../test-support';
import { buildApp, VALUES_FILE } from './main';

const { yaml, find } = synthExample(buildApp());

test('the helm-values example matches its snapshot', () => {
  expectYamlSnapshot('example-helm-values', yaml);
});

test('it renders what `cdk8s-headscale template headscale -n headscale -f values.yaml` prints', () => {
  let printed = '';
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((printed += String(chunk)), true));
  try {
    expect(cli(['template', 'headscale', '-n', 'headscale', '-f', VALUES_FILE])).toBe(0);
  } finally {
    write.mockRestore();
  }
  expect(yaml).toBe(printed);
});

test('the values file reaches the objects', () => {
  expect(find('Ingress', 'headscale').spec.rules[0].host).toBe('vpn.example.org');
  expect(find('PersistentVolumeClaim', 'headscale').spec).toMatchObject({
    storageClassName: 'fast-ssd',
    resources: { requests: { storage: '2Gi' } },
  });
  expect(JSON.parse(find('ConfigMap', 'headscale-extra-dns').data['extra-dns-records.json'])).toEqual([
    { name: 'grafana.tail.example.org', type: 'A', value: '100.64.0.10' },
  ]);
});
