import { writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { headscaleVersionOfRender } from '../../src/derive/previous-render';
import { parseVersion, upgradePathProblem } from '../../src/values/headscale-versions';
import { runningVersionValues } from '../../src/render';
import { runCli } from '../support/cli';
import { problems } from '../support/problems';
import { envValues, find, kinds, render } from '../support/render';
import { restrictedViolations } from '../support/pod-security';
import { temporaryDirectory } from '../support/temporary';

const doneWhen = {
  backup: { enabled: true, url: 's3://tailnet-backups/headscale', secretName: 's3-creds' },
} as const;
const podOf = (objects: ReturnType<typeof render>) =>
  find(objects, 'Deployment', 'headscale').spec.template.spec as {
    initContainers?: Array<{ name: string; command: string[]; env?: unknown[] }>;
    containers: Array<{ name: string; command: string[]; env?: unknown[]; ports?: unknown[] }>;
    volumes: Array<{ name: string }>;
  };
const names = (containers: Array<{ name: string }> = []) => containers.map((c) => c.name);

describe('backup.enabled', () => {
  it('--set backup.enabled=true, backup.url and backup.secretName: the replicating sidecar, the restore and credentials by secretKeyRef', () => {
    const { status, stdout, stderr } = runCli([
      'template',
      '--set',
      'backup.enabled=true',
      '--set',
      'backup.url=s3://tailnet-backups/headscale',
      '--set',
      'backup.secretName=s3-creds',
    ]);
    expect([status, stderr.split('\n').filter((line) => !line.startsWith('warning: client.enabled'))]).toEqual([
      0,
      [''],
    ]);
    const objects = YAML.parseAllDocuments(stdout).map((d) => d.toJS());
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'headscale');
    const pod = deployment.spec.template.spec;
    expect(names(pod.initContainers)).toEqual(['litestream-restore', 'upgrade-backup']);
    expect(names(pod.containers)).toEqual(['headscale', 'litestream']);
    const credentials = [
      { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 's3-creds', key: 'AWS_ACCESS_KEY_ID' } } },
      {
        name: 'AWS_SECRET_ACCESS_KEY',
        valueFrom: { secretKeyRef: { name: 's3-creds', key: 'AWS_SECRET_ACCESS_KEY' } },
      },
    ];
    expect(pod.containers[1]).toMatchObject({
      command: ['litestream', 'replicate', '-config', '/etc/litestream/litestream.yml'],
      env: credentials,
    });
    expect(pod.initContainers[0]).toMatchObject({
      command: [
        'litestream',
        'restore',
        '-if-db-not-exists',
        '-if-replica-exists',
        '-config',
        '/etc/litestream/litestream.yml',
        '/var/lib/headscale/db.sqlite',
      ],
      env: credentials,
    });
    const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'headscale-litestream');
    expect(YAML.parse(configMap.data['litestream.yml'])).toEqual({
      dbs: [{ path: '/var/lib/headscale/db.sqlite', replica: { url: 's3://tailnet-backups/headscale' } }],
    });
    expect(deployment.spec.template.metadata.annotations['checksum/litestream']).toMatch(/^[0-9a-f]{64}$/);
  });

  it("keeps the pod at the restricted level, Litestream as Headscale's user", () => {
    const objects = render({ ...doneWhen, securityContext: { runAsUser: 1500, runAsGroup: 1600 } });
    const pod = podOf(objects);
    expect(restrictedViolations(pod as never)).toEqual([]);
    for (const container of [...(pod.initContainers ?? []), pod.containers[1]])
      expect(container).toMatchObject({ securityContext: { runAsUser: 1500, runAsGroup: 1600 } });
  });

  it("with metrics: Litestream's port on the Service and in the ServiceMonitor", () => {
    const objects = render({ ...doneWhen, metrics: { enabled: true, serviceMonitor: { enabled: true } } });
    expect(YAML.parse(find(objects, 'ConfigMap', 'headscale-litestream').data['litestream.yml']).addr).toBe(':9091');
    expect(find(objects, 'Service', 'headscale').spec.ports).toContainEqual({
      name: 'litestream',
      port: 9091,
      targetPort: 'litestream',
      protocol: 'TCP',
    });
    expect(find(objects, 'ServiceMonitor', 'headscale').spec.endpoints.map((e: { port: string }) => e.port)).toEqual([
      'metrics',
      'litestream',
    ]);
  });

  it("with metrics and a NetworkPolicy: metricsFrom reaches Litestream's port too", () => {
    const monitoring = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } };
    const objects = render({
      ...doneWhen,
      metrics: { enabled: true },
      networkPolicy: { enabled: true, metricsFrom: [monitoring] },
    });
    const policy = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'headscale');
    expect(policy?.spec.ingress).toContainEqual({
      from: [monitoring],
      ports: [
        { port: 'metrics', protocol: 'TCP' },
        { port: 'litestream', protocol: 'TCP' },
      ],
    });
  });

  it('with S3-compatible storage: the endpoint, region and path style in the config', () => {
    const objects = render({
      backup: {
        ...doneWhen.backup,
        s3: { endpoint: 'https://minio.example.com:9000', region: 'us-east-1', forcePathStyle: true },
      },
    });
    expect(
      YAML.parse(find(objects, 'ConfigMap', 'headscale-litestream').data['litestream.yml']).dbs[0].replica,
    ).toEqual({
      url: 's3://tailnet-backups/headscale',
      endpoint: 'https://minio.example.com:9000',
      region: 'us-east-1',
      'force-path-style': true,
    });
  });

  it('follows config.database.sqlite.path', () => {
    const objects = render({ ...doneWhen, config: { database: { sqlite: { path: '/var/lib/headscale/hs.db' } } } });
    const pod = podOf(objects);
    expect(pod.initContainers?.[0].command.at(-1)).toBe('/var/lib/headscale/hs.db');
    expect(envValues(pod.initContainers![1] as never).DB_PATH).toBe('/var/lib/headscale/hs.db');
  });

  it.each([
    [{ backup: { enabled: true } }, /^backup\.url: is required with backup\.enabled/],
    [{ backup: { ...doneWhen.backup, url: 'tailnet-backups/headscale' } }, /^backup\.url: expected a replica URL/],
    [{ backup: { ...doneWhen.backup, url: 'ftp://host/x' } }, /^backup\.url: has the scheme "ftp"/],
    [{ backup: { ...doneWhen.backup, url: 'sftp://host/x' } }, /^backup\.url: names no user/],
    [
      { backup: { ...doneWhen.backup, url: 'gs://b/x', s3: { region: 'eu' } } },
      /^backup\.s3\.region: is for an s3 replica/,
    ],
    [{ ...doneWhen, persistence: { enabled: false } }, /^persistence\.enabled: is false while backup\.enabled is true/],
    [
      { ...doneWhen, config: { database: { sqlite: { write_ahead_log: false } } } },
      /^config\.database\.sqlite\.write_ahead_log: is false while backup\.enabled/,
    ],
    [
      { ...doneWhen, config: { database: { sqlite: { path: '/data/db.sqlite' } } } },
      /^config\.database\.sqlite\.path: must be in \/var\/lib\/headscale/,
    ],
    [
      { ...doneWhen, metrics: { enabled: true }, backup: { ...doneWhen.backup, metricsPort: 9090 } },
      /^backup\.metricsPort: is 9090/,
    ],
  ])('refuses %p', (values, message) => {
    expect(problems(values)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it('refuses Postgres, which Litestream does not replicate', () => {
    const postgres = { type: 'postgres', postgres: { host: 'db', name: 'headscale', user: 'headscale' } };
    expect(problems({ ...doneWhen, config: { database: postgres } })).toEqual([
      expect.stringMatching(
        /^config\.database\.type: is "postgres" while backup\.enabled is true: Litestream replicates a SQLite database/,
      ),
    ]);
  });
});

describe('upgrade.backup', () => {
  it('is on by default with persistence: the copy before Headscale starts, with the image tag as the version', () => {
    const pod = podOf(render());
    expect(names(pod.initContainers)).toEqual(['upgrade-backup']);
    expect(envValues(pod.initContainers![0] as never)).toEqual({
      DB_PATH: '/var/lib/headscale/db.sqlite',
      BACKUP_DIR: '/var/lib/headscale/backups',
      HEADSCALE_VERSION: 'v0.29.2',
      KEEP: '3',
    });
    expect(pod.initContainers![0].command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
  });

  it.each([
    ['without persistence', { persistence: { enabled: false } }],
    ['with Postgres', { config: { database: { type: 'postgres', postgres: { host: 'db', name: 'h', user: 'h' } } } }],
    ['when turned off', { upgrade: { backup: { enabled: false } } }],
  ])('is off %s', (_, values) => {
    expect(podOf(render(values)).initContainers).toBeUndefined();
  });

  it('keeps upgrade.backup.keep copies', () => {
    const pod = podOf(render({ upgrade: { backup: { keep: 7 } } }));
    expect(envValues(pod.initContainers![0] as never).KEEP).toBe('7');
    expect(problems({ upgrade: { backup: { keep: 0 } } })).toEqual([expect.stringMatching(/^upgrade\.backup\.keep: /)]);
  });
});

describe('upgrade.fromVersion', () => {
  it.each([
    ['v0.27.1', 'v0.29.2', /^image\.tag: goes from Headscale 0\.27 to 0\.29, skipping 0\.28/],
    ['0.29', 'v0.27.0', /^image\.tag: goes back from Headscale 0\.29 to 0\.27/],
    ['0.29.2', 'v1.0.0', /^image\.tag: goes from Headscale 0\.29 to 1\.0, another major version/],
  ])('from %s to %s is refused', (fromVersion, tag, message) => {
    expect(problems({ upgrade: { fromVersion }, image: { tag } })).toEqual(
      expect.arrayContaining([expect.stringMatching(message)]),
    );
  });

  it('names headscaleVersion when it states the version', () => {
    expect(problems({ upgrade: { fromVersion: '0.27' }, image: { tag: 'latest' }, headscaleVersion: '0.29' })).toEqual([
      expect.stringMatching(/^headscaleVersion: goes from Headscale 0\.27 to 0\.29/),
    ]);
  });

  it.each([
    ['0.28.0', 'v0.29.2'],
    ['v0.29.2', 'v0.29.0'],
    ['0.29', 'v0.29.2'],
    ['', 'v0.26.0'],
    ['0.27', 'latest'],
  ])('from %s to %s renders', (fromVersion, tag) => {
    expect(() => render({ upgrade: { fromVersion }, image: { tag } })).not.toThrow();
  });

  it('refuses a value that names no version', () => {
    expect(problems({ upgrade: { fromVersion: 'latest' } })).toEqual([
      expect.stringMatching(/^upgrade\.fromVersion: expected the Headscale version that runs now/),
    ]);
  });

  it('upgradePathProblem follows hscontrol/db/versioncheck.go', () => {
    const check = (from: string, to: string) => upgradePathProblem(parseVersion(from)!, parseVersion(to)!);
    expect(check('0.28.0', '0.28.9')).toBeUndefined();
    expect(check('0.28.9', '0.28.0')).toBeUndefined();
    expect(check('0.28.3', '0.29.0')).toBeUndefined();
    expect(check('0.27.0', '0.29.0')).toMatch(/skipping 0\.28/);
    expect(check('0.29.0', '0.28.0')).toMatch(/goes back/);
    expect(check('0.29.0', '1.0.0')).toMatch(/another major/);
  });
});

describe('the previous render', () => {
  it('tells the version that runs now: the tag of the server Deployment', () => {
    const yaml = runCli(['template', '--set', 'image.tag=v0.28.1']).stdout;
    expect(headscaleVersionOfRender(yaml)).toBe('v0.28.1');
    expect(headscaleVersionOfRender(runCli(['template', '--set', 'image.tag=latest']).stdout)).toBeUndefined();
    expect(headscaleVersionOfRender('kind: ConfigMap\n')).toBeUndefined();
    expect(runningVersionValues(join(tmpdir(), 'no-such-render.yaml'))).toEqual({});
  });

  it('template --output-dir refuses to replace 0.27 with 0.29, and renders 0.28 then 0.29', () => {
    const dir = temporaryDirectory('backup');
    const template = (tag: string, ...more: string[]) =>
      runCli(['template', '--set', `image.tag=${tag}`, '--output-dir', dir, ...more]);
    expect(template('v0.27.1').status).toBe(0);
    const skipped = template('v0.29.2');
    expect(skipped.status).toBe(1);
    expect(skipped.stderr).toMatch(/^image\.tag: goes from Headscale 0\.27 to 0\.29, skipping 0\.28/m);
    expect(readFileSync(join(dir, 'headscale.k8s.yaml'), 'utf8')).toContain('headscale/headscale:v0.27.1');
    expect(template('v0.28.1').status).toBe(0);
    expect(template('v0.29.2').status).toBe(0);
    expect(template('v0.28.1').status).toBe(1);
    // A value stated by the user wins over the file, as after restoring an older database.
    expect(template('v0.28.1', '--set', 'upgrade.fromVersion=0.28').status).toBe(0);
  });

  it('a file without a server names no version', () => {
    const dir = temporaryDirectory('backup');
    writeFileSync(
      join(dir, 'headscale.k8s.yaml'),
      runCli([
        'template',
        '--set',
        'server.enabled=false',
        '--set',
        'client.loginServer=https://hs.example.com',
        '--set',
        'client.authKeySecret.name=key',
      ]).stdout,
    );
    expect(runningVersionValues(join(dir, 'headscale.k8s.yaml'))).toEqual({});
  });
});

it('renders no backup objects by default', () => {
  expect(kinds(render()).filter((kind) => kind.includes('litestream'))).toEqual([]);
});
