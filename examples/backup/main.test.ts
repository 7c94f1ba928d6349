import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { temporaryDirectory } from '../../test/support/temporary';
import { expectYamlSnapshot } from '../../test/support/yaml-snapshot';
import { renderHeadscale } from 'cdk8s-headscale';
import { synthExample } from '../test-support';
import { buildApp } from './main';

const { yaml, find } = synthExample(buildApp());
const pod = find('Deployment', 'headscale').spec.template.spec;

test('the backup example matches its snapshot', () => {
  expectYamlSnapshot('example-backup', yaml);
});

test('Litestream replicates to the bucket through the MinIO endpoint, with no credential in its config', () => {
  const config = find('ConfigMap', 'headscale-litestream').data['litestream.yml'];
  expect(YAML.parse(config)).toEqual({
    addr: ':9091',
    dbs: [
      {
        path: '/var/lib/headscale/db.sqlite',
        replica: {
          url: 's3://tailnet-backups/headscale',
          endpoint: 'https://minio.example.com:9000',
          region: 'us-east-1',
        },
      },
    ],
  });
  const litestream = pod.containers.find((c: any) => c.name === 'litestream');
  expect(litestream.env.map((e: any) => [e.name, e.valueFrom.secretKeyRef])).toEqual([
    ['AWS_ACCESS_KEY_ID', { name: 's3-creds', key: 'AWS_ACCESS_KEY_ID' }],
    ['AWS_SECRET_ACCESS_KEY', { name: 's3-creds', key: 'AWS_SECRET_ACCESS_KEY' }],
  ]);
});

test('before Headscale starts: the restore from the bucket, then the copy before a version change', () => {
  expect(pod.initContainers.map((c: any) => c.name)).toEqual(['litestream-restore', 'upgrade-backup']);
  expect(pod.initContainers[0].command).toContain('-if-db-not-exists');
  expect(pod.initContainers[1].env).toContainEqual({ name: 'KEEP', value: '5' });
});

test("the ServiceMonitor scrapes Headscale's and Litestream's metrics", () => {
  expect(find('ServiceMonitor', 'headscale').spec.endpoints.map((e: any) => e.port)).toEqual(['metrics', 'litestream']);
});

test('a previous render that runs Headscale 0.27 refuses this 0.29 one: 0.28 comes first', () => {
  const previous = join(temporaryDirectory('example-backup'), 'headscale.k8s.yaml');
  writeFileSync(previous, renderHeadscale({ values: { image: { tag: 'v0.27.1' } } }).yaml);
  expect(() => buildApp(undefined, previous)).toThrow(/image\.tag: goes from Headscale 0\.27 to 0\.29, skipping 0\.28/);
  writeFileSync(previous, renderHeadscale({ values: { image: { tag: 'v0.28.1' } } }).yaml);
  expect(() => buildApp(undefined, previous)).not.toThrow();
});
