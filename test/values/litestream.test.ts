import { headscaleVersionOfRender } from '../../src/derive/previous-render';
import { fileReplicaPath, parseReplicaUrl, replicaScheme, replicaUrlFindings } from '../../src/values/litestream';

/** Replica URLs as Litestream 0.5.16 reads them (cmd/litestream/main.go, replica_url.go). */
describe('replicaUrlFindings', () => {
  it.each([
    's3://tailnet-backups/headscale',
    's3://tailnet-backups',
    's3://arn:aws:s3:us-east-1:123456789012:accesspoint/backups/headscale',
    's3://bucket/path?endpoint=minio:9000&region=us-east-1',
    'gs://bucket/headscale',
    'abs://account@container/headscale',
    'abs://container/headscale',
    'sftp://backup@nas.example.com:2222/srv/headscale',
    'file:///backups/headscale',
  ])('takes %s', (url) => {
    expect(replicaUrlFindings(url)).toEqual([]);
  });

  it.each([
    ['', /expected a replica URL/],
    ['tailnet-backups/headscale', /replica url scheme required/],
    ['s3:/bucket/path', /expected a replica URL/],
    ['S3 ://bucket', /expected a replica URL/],
    ['http://bucket/path', /the scheme "http", which Litestream does not know/],
    ['oss://bucket/path', /oss replica/],
    ['nats://host/bucket', /nats replica/],
    ['webdavs://user@host/path', /webdavs replica/],
    ['abs://account:key@container/path', /has a password in it/],
    ['s3://bucket/$PATH', /expands as an environment variable/],
    ['abs:///path', /bucket required for abs replica/],
    ['sftp://nas/path', /user required for sftp replica/],
    ['file://host/path', /absolute path after file:\/\//],
  ])('refuses %p', (url, message) => {
    const findings = replicaUrlFindings(url);
    expect(findings).toEqual([{ at: [], message: expect.stringMatching(message) }]);
    expect(findings[0].message).toContain(`(got ${JSON.stringify(url)})`);
  });

  it('splits a URL as Go does: scheme, user, host, path and query', () => {
    const url = parseReplicaUrl('sftp://backup@nas:22/srv/hs?x=1');
    expect(url).toMatchObject({ scheme: 'sftp', user: 'backup', host: 'nas:22', path: '/srv/hs' });
    expect(url?.query.get('x')).toBe('1');
    expect(replicaScheme('gs://b/p')).toBe('gs');
    expect(fileReplicaPath('file:///backups/hs')).toBe('/backups/hs');
  });
});

describe('headscaleVersionOfRender', () => {
  const deployment = (image: string, component = 'server', container = 'headscale') => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: headscale
  labels: { app.kubernetes.io/component: ${component} }
spec:
  template:
    spec:
      containers:
        - { name: ${container}, image: "${image}" }
`;

  it.each([
    [deployment('headscale/headscale:v0.28.1'), 'v0.28.1'],
    [deployment('registry.example.com:5000/headscale/headscale:0.27.0@sha256:abc'), '0.27.0'],
    [`kind: ConfigMap\n---\n${deployment('headscale/headscale:v0.29.2')}`, 'v0.29.2'],
    [deployment('headscale/headscale:latest'), undefined],
    [deployment('headscale/headscale:v0.28.1', 'ui'), undefined],
    [deployment('headscale/headscale:v0.28.1', 'server', 'litestream'), undefined],
    ['not: [yaml', undefined],
    ['', undefined],
  ])('reads %#', (text, version) => {
    expect(headscaleVersionOfRender(text)).toBe(version);
  });
});
