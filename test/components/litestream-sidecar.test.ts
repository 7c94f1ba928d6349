import YAML from 'yaml';
import { HeadscaleServer } from '../../src/components/headscale-server';
import {
  LITESTREAM_CONTAINER,
  LitestreamSidecar,
  litestreamSidecarFindings,
  type LitestreamSidecarProps,
} from '../../src/components/litestream-sidecar';
import {
  UPGRADE_BACKUP_CONTAINER,
  upgradeBackupFindings,
  upgradeBackupSidecar,
} from '../../src/components/upgrade-backup';
import { standaloneLabels } from '../../src/components/common';
import { sha256 } from '../../src/derive/checksum';
import { scriptText } from '../../src/derive/scripts';
import {
  IMAGE_PULL_POLICY,
  LITESTREAM_IMAGE,
  LITESTREAM_RESOURCES,
  UPGRADE_BACKUP_KEEP,
} from '../../src/values/defaults';
import { problemAt, propsProblems, synthComponents, userChart } from '../support/components';
import { envValues, find, kinds } from '../support/render';

const messagesAt = (props: LitestreamSidecarProps) =>
  litestreamSidecarFindings(props).map((finding) => `${finding.at.join('.')}: ${finding.message}`);

describe('LitestreamSidecar', () => {
  it("with the URL only: its config's ConfigMap, the replication and the restore, restricted as Headscale's user", () => {
    let sidecar: LitestreamSidecar | undefined;
    const objects = synthComponents((chart) => {
      sidecar = new LitestreamSidecar(chart, 'litestream', { url: 's3://tailnet-backups/headscale' });
    });
    expect(kinds(objects)).toEqual(['ConfigMap/headscale-litestream']);
    const configMap = find(objects, 'ConfigMap', 'headscale-litestream');
    expect(configMap.metadata.labels).toEqual(standaloneLabels('headscale', 'headscale-litestream'));
    const config = configMap.data['litestream.yml'];
    expect(YAML.parse(config)).toEqual({
      dbs: [{ path: '/var/lib/headscale/db.sqlite', replica: { url: 's3://tailnet-backups/headscale' } }],
    });
    expect(sidecar!.podAnnotations).toEqual({ 'checksum/litestream': sha256(config) });
    expect(sidecar!.sharesProcessNamespace).toBe(false);
    expect(sidecar!.servicePorts).toEqual([]);
    expect(sidecar!.volumes).toEqual([{ name: 'litestream-config', configMap: { name: 'headscale-litestream' } }]);
    expect(sidecar!.containers).toEqual([sidecar!.container]);
    expect(sidecar!.container).toMatchObject({
      name: LITESTREAM_CONTAINER,
      image: `${LITESTREAM_IMAGE.repository}:${LITESTREAM_IMAGE.tag}`,
      imagePullPolicy: IMAGE_PULL_POLICY,
      command: ['litestream', 'replicate', '-config', '/etc/litestream/litestream.yml'],
      resources: LITESTREAM_RESOURCES,
      securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, readOnlyRootFilesystem: true },
      volumeMounts: [
        { name: 'data', mountPath: '/var/lib/headscale' },
        { name: 'tmp', mountPath: '/tmp' },
        { name: 'litestream-config', mountPath: '/etc/litestream', readOnly: true },
      ],
    });
    // No Secret: the platform's identity.
    expect(sidecar!.container.env).toBeUndefined();
    expect(sidecar!.initContainers).toEqual([sidecar!.restoreContainer]);
    expect(sidecar!.restoreContainer?.command).toEqual([
      'litestream',
      'restore',
      '-if-db-not-exists',
      '-if-replica-exists',
      '-config',
      '/etc/litestream/litestream.yml',
      '/var/lib/headscale/db.sqlite',
    ]);
  });

  it('s3 credentials by secretKeyRef, the endpoint, region, path style and metrics in the config, never a credential', () => {
    let sidecar: LitestreamSidecar | undefined;
    const objects = synthComponents((chart) => {
      sidecar = new LitestreamSidecar(chart, 'litestream', {
        url: 's3://tailnet-backups/headscale',
        secretName: 's3-creds',
        endpoint: 'https://minio.example.com:9000',
        region: 'eu-west-1',
        forcePathStyle: true,
        metricsPort: 9091,
        name: 'vpn-litestream',
        runAsUser: 2000,
        runAsGroup: 3000,
        image: 'registry.example.com/litestream:0.5.16',
        imagePullPolicy: 'Always',
        resources: { requests: { cpu: '1m' } },
        restore: false,
      });
    });
    const config = find(objects, 'ConfigMap', 'vpn-litestream').data['litestream.yml'];
    expect(YAML.parse(config)).toEqual({
      addr: ':9091',
      dbs: [
        {
          path: '/var/lib/headscale/db.sqlite',
          replica: {
            url: 's3://tailnet-backups/headscale',
            endpoint: 'https://minio.example.com:9000',
            region: 'eu-west-1',
            'force-path-style': true,
          },
        },
      ],
    });
    expect(config).not.toMatch(/key|secret/i);
    expect(sidecar!.container.env).toEqual([
      { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 's3-creds', key: 'AWS_ACCESS_KEY_ID' } } },
      {
        name: 'AWS_SECRET_ACCESS_KEY',
        valueFrom: { secretKeyRef: { name: 's3-creds', key: 'AWS_SECRET_ACCESS_KEY' } },
      },
    ]);
    expect(sidecar!.container).toMatchObject({
      image: 'registry.example.com/litestream:0.5.16',
      imagePullPolicy: 'Always',
      resources: { requests: { cpu: '1m' } },
      ports: [{ name: 'litestream', containerPort: 9091, protocol: 'TCP' }],
      securityContext: { runAsUser: 2000, runAsGroup: 3000 },
    });
    expect(sidecar!.servicePorts).toEqual([
      { name: 'litestream', port: 9091, targetPort: 'litestream', protocol: 'TCP' },
    ]);
    expect(sidecar!.initContainers).toEqual([]);
  });

  it.each([
    [
      'abs://account@container/headscale',
      [
        {
          name: 'LITESTREAM_AZURE_ACCOUNT_KEY',
          valueFrom: { secretKeyRef: { name: 'creds', key: 'LITESTREAM_AZURE_ACCOUNT_KEY', optional: true } },
        },
        {
          name: 'LITESTREAM_AZURE_SAS_TOKEN',
          valueFrom: { secretKeyRef: { name: 'creds', key: 'LITESTREAM_AZURE_SAS_TOKEN', optional: true } },
        },
      ],
      undefined,
    ],
    [
      'gs://bucket/headscale',
      [{ name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/var/run/secrets/litestream/credentials.json' }],
      'credentials.json',
    ],
    ['sftp://backup@nas.example.com:22/headscale', undefined, 'ssh-privatekey'],
  ])('%s: its credentials from the Secret', (url, env, file) => {
    let sidecar: LitestreamSidecar | undefined;
    const objects = synthComponents((chart) => {
      sidecar = new LitestreamSidecar(chart, 'litestream', { url, secretName: 'creds' });
    });
    expect(sidecar!.container.env).toEqual(env);
    const credentials = sidecar!.volumes.find((volume) => volume.name === 'litestream-credentials');
    expect(credentials?.secret?.items).toEqual(file ? [{ key: file, path: file }] : undefined);
    const config = YAML.parse(find(objects, 'ConfigMap', 'headscale-litestream').data['litestream.yml']);
    expect(config.dbs[0].replica['key-path']).toBe(
      url.startsWith('sftp') ? '/var/run/secrets/litestream/ssh-privatekey' : undefined,
    );
  });

  it('a file replica on a volume of extraVolumeMounts', () => {
    const sidecar = new LitestreamSidecar(userChart(), 'litestream', {
      url: 'file:///backups/headscale',
      extraVolumeMounts: [{ name: 'backups', mountPath: '/backups' }],
    });
    expect(sidecar.container.volumeMounts).toContainEqual({ name: 'backups', mountPath: '/backups' });
  });

  it.each([
    ['url', { url: '/backups/headscale' }, /expected a replica URL.*replica url scheme required/],
    ['url', { url: 'ftp://host/path' }, /the scheme "ftp", which Litestream does not know/],
    ['url', { url: 'webdav://host/path' }, /webdav replica, which Litestream supports with credentials in the URL/],
    ['url', { url: 's3:///headscale' }, /names no bucket.*bucket required for s3 replica/],
    ['url', { url: 'gs:///headscale' }, /bucket required for gs replica/],
    ['url', { url: 'sftp:///path', secretName: 'key' }, /host required for sftp replica/],
    ['url', { url: 'sftp://host/path', secretName: 'key' }, /user required for sftp replica/],
    ['url', { url: 'sftp://user:hunter2@host/path' }, /has a password in it, which would land in the config ConfigMap/],
    ['url', { url: 's3://bucket/${HOME}' }, /expands as an environment variable/],
    ['url', { url: 'file://relative/path' }, /absolute path after file:\/\//],
    ['url', { url: 'file:///var/lib/headscale/replica' }, /a directory of the data volume/],
    ['url', { url: 'file:///backups/headscale' }, /which no volume of extraVolumeMounts holds/],
    ['secretName', { url: 'sftp://user@host/path' }, /required for an sftp replica/],
    [
      'secretName',
      { url: 'file:///b', secretName: 'x', extraVolumeMounts: [{ name: 'b', mountPath: '/b' }] },
      /takes no credentials/,
    ],
    ['secretName', { url: 's3://b/p', secretName: 'Not_A_Name' }, /not a valid Kubernetes name/],
    ['endpoint', { url: 'gs://b/p', endpoint: 'https://x' }, /is for an s3 replica, and the URL is gs/],
    ['region', { url: 'abs://c/p', region: 'x' }, /is for an s3 replica/],
    ['forcePathStyle', { url: 'gs://b/p', forcePathStyle: true }, /is for an s3 replica/],
    ['dbPath', { url: 's3://b/p', dbPath: '/data/db.sqlite' }, /must be in \/var\/lib\/headscale/],
  ] as const)('refuses %s in %p', (path, props, message) => {
    expect(messagesAt(props as LitestreamSidecarProps)).toEqual([
      expect.stringMatching(new RegExp(`^${path}: .*${message.source}`)),
    ]);
    expect(propsProblems(() => new LitestreamSidecar(userChart(), 'l', props as LitestreamSidecarProps))).toEqual(
      problemAt(path),
    );
  });
});

describe('upgradeBackupSidecar', () => {
  it("with the version only: one restricted init container as Headscale's user, running the script on the data volume", () => {
    const sidecar = upgradeBackupSidecar({ headscaleVersion: 'v0.29.2' });
    expect(sidecar).toMatchObject({
      containers: [],
      volumes: [],
      servicePorts: [],
      podAnnotations: {},
      sharesProcessNamespace: false,
    });
    const [container] = sidecar.initContainers ?? [];
    expect(container).toMatchObject({
      name: UPGRADE_BACKUP_CONTAINER,
      image: `${LITESTREAM_IMAGE.repository}:${LITESTREAM_IMAGE.tag}`,
      command: ['/bin/sh', '-c', scriptText('upgrade-backup.sh')],
      securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, readOnlyRootFilesystem: true },
      volumeMounts: [
        { name: 'data', mountPath: '/var/lib/headscale' },
        { name: 'tmp', mountPath: '/tmp' },
      ],
    });
    expect(container.resources).toBeUndefined();
    expect(envValues(container)).toEqual({
      DB_PATH: '/var/lib/headscale/db.sqlite',
      BACKUP_DIR: '/var/lib/headscale/backups',
      HEADSCALE_VERSION: 'v0.29.2',
      KEEP: String(UPGRADE_BACKUP_KEEP),
    });
  });

  it.each([
    ['headscaleVersion', { headscaleVersion: ' ' }, /is required/],
    ['keep', { headscaleVersion: 'v1', keep: 0 }, /1 or more/],
    ['keep', { headscaleVersion: 'v1', keep: 1.5 }, /1 or more/],
    ['dbPath', { headscaleVersion: 'v1', dbPath: '/db.sqlite' }, /must be in \/var\/lib\/headscale/],
    ['backupDir', { headscaleVersion: 'v1', backupDir: '/backups' }, /must be in \/var\/lib\/headscale/],
  ] as const)('refuses %s in %p', (path, props, message) => {
    expect(upgradeBackupFindings(props).map((f) => `${f.at.join('.')}: ${f.message}`)).toEqual([
      expect.stringMatching(new RegExp(`^${path}: .*${message.source}`)),
    ]);
    expect(propsProblems(() => upgradeBackupSidecar(props))).toEqual(problemAt(path));
  });

  it("runs in the server's pod after the restore, before Headscale starts", () => {
    let server: HeadscaleServer | undefined;
    const objects = synthComponents((chart) => {
      server = new HeadscaleServer(chart, 'server');
      server.addSidecar(new LitestreamSidecar(chart, 'litestream', { url: 's3://b/p' }));
      server.addSidecar(upgradeBackupSidecar({ headscaleVersion: 'v0.29.2' }));
    });
    const pod = find(objects, 'Deployment', 'headscale').spec.template.spec;
    expect(pod.initContainers.map((c: { name: string }) => c.name)).toEqual([
      'litestream-restore',
      UPGRADE_BACKUP_CONTAINER,
    ]);
    expect(pod.containers.map((c: { name: string }) => c.name)).toEqual(['headscale', LITESTREAM_CONTAINER]);
    expect(server).toBeDefined();
  });
});
