import { Construct } from 'constructs';
import type { Finding } from '../core/errors';
import { sha256 } from '../derive/checksum';
import { configYaml } from '../derive/config-yaml';
import { litestreamConfig } from '../derive/litestream';
import type { Labels } from '../derive/release';
import { nameProblem } from '../kubernetes/names';
import {
  HEADSCALE_CONFIG_DEFAULTS,
  IMAGE_PULL_POLICY,
  LITESTREAM_IMAGE,
  LITESTREAM_RESOURCES,
  SERVER_SECURITY_CONTEXT,
} from '../values/defaults';
import {
  fileReplicaPath,
  REPLICA_CREDENTIALS,
  replicaScheme,
  replicaUrlFindings,
  type ReplicaScheme,
} from '../values/litestream';
import { valueAtPath } from '../core/json-map';
import { assertValidProps, findingAt, restrictedContainerAs, standaloneLabels } from './common';
import { DATA_PATH } from './headscale-server';
import {
  type Container,
  type ContainerPort,
  type EnvVar,
  type ImagePullPolicy,
  KubeConfigMap,
  nonEmpty,
  type ResourceRequirements,
  type ServicePort,
  type Volume,
  type VolumeMount,
} from './kube';
import type { IServerSidecar } from './server-sidecar';

/** The props of {@link LitestreamSidecar}. */
export interface LitestreamSidecarProps {
  /**
   * Where Litestream replicates the database: `s3://bucket/path` (AWS S3 or S3-compatible storage
   * with `endpoint`), `gs://bucket/path`, `abs://[account@]container/path`,
   * `sftp://user@host[:port]/path` or `file:///path` (on a volume of `extraVolumeMounts`).
   */
  readonly url: string;
  /**
   * The Secret of the replica's credentials, by kind: s3 `AWS_ACCESS_KEY_ID` and
   * `AWS_SECRET_ACCESS_KEY` (environment variables by secretKeyRef); abs
   * `LITESTREAM_AZURE_ACCOUNT_KEY` or `LITESTREAM_AZURE_SAS_TOKEN`; gs `credentials.json` (a
   * service account key, mounted); sftp `ssh-privatekey` (mounted). None for a file replica.
   * @default - none: the platform's identity (an IAM role for the ServiceAccount, Workload Identity)
   */
  readonly secretName?: string;
  /** An S3-compatible service's endpoint, as `https://minio.example.com:9000`. @default - AWS S3 */
  readonly endpoint?: string;
  /** The S3 bucket's region. @default - the one Litestream finds */
  readonly region?: string;
  /** Path-style S3 requests (most S3-compatible services). @default - Litestream's choice: on with an endpoint */
  readonly forcePathStyle?: boolean;
  /** The SQLite database, on the data volume (`data`, at /var/lib/headscale). @default '/var/lib/headscale/db.sqlite' */
  readonly dbPath?: string;
  /** Restore the database from the replica before Headscale starts, when the volume has none. @default true */
  readonly restore?: boolean;
  /** The name of the ConfigMap of Litestream's config. @default 'headscale-litestream' */
  readonly name?: string;
  /** Labels of the ConfigMap. @default - app.kubernetes.io/name `headscale`, instance the name, managed-by `cdk8s` */
  readonly labels?: Labels;
  /** The user Litestream runs as: Headscale's, as both write the database's directory. @default 1000 */
  readonly runAsUser?: number;
  /** The group Litestream runs as. @default 1000 */
  readonly runAsGroup?: number;
  /** A Litestream 0.5 image. @default 'litestream/litestream:0.5.16' */
  readonly image?: string;
  /** When the kubelet pulls the image. @default 'IfNotPresent' */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Resources of Litestream's containers (the restore and the replication).
   * @default - 10m CPU and 32Mi requested, 128Mi memory limit
   * @example { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '256Mi' } }
   */
  readonly resources?: ResourceRequirements;
  /**
   * Serve Litestream's Prometheus metrics on this port: its config's `addr`, a container port and
   * a Service port named `litestream`.
   * @default - no metrics listener
   */
  readonly metricsPort?: number;
  /**
   * Mounts of Litestream's containers, of volumes the server's pod has (its `extraVolumes`): the
   * directory of a file replica.
   * @default []
   * @example [{ name: 'backups', mountPath: '/backups' }]
   */
  readonly extraVolumeMounts?: readonly VolumeMount[];
}

/** The replicating container's name; the restore's is `litestream-restore`. */
export const LITESTREAM_CONTAINER = 'litestream';
/** The Service and container port of Litestream's metrics. */
export const LITESTREAM_METRICS_PORT_NAME = 'litestream';
const CONFIG_DIR = '/etc/litestream';
const CONFIG_KEY = 'litestream.yml';
const CREDENTIALS_DIR = '/var/run/secrets/litestream';
const DEFAULT_DB_PATH = String(valueAtPath(HEADSCALE_CONFIG_DEFAULTS, ['database', 'sqlite', 'path']));

const isUnder = (path: string, directory: string) => path.startsWith(`${directory.replace(/\/+$/, '')}/`);

/** Everything wrong with the props, each at its prop path. */
export function litestreamSidecarFindings(props: LitestreamSidecarProps): Finding[] {
  const urlFindings = replicaUrlFindings(props.url).map((finding) => ({ ...finding, at: ['url'] }));
  if (urlFindings.length > 0) return urlFindings;
  const scheme = replicaScheme(props.url);
  const dbPath = props.dbPath ?? DEFAULT_DB_PATH;
  const secretName = props.secretName ?? '';
  const notS3 = (prop: keyof LitestreamSidecarProps, given: unknown) =>
    findingAt(
      [prop],
      scheme !== 's3' && given !== undefined && given !== ''
        ? `is for an s3 replica, and the URL is ${scheme} (Litestream reads it for s3 only, NewS3ReplicaClientFromConfig in cmd/litestream/main.go:1437)`
        : undefined,
    );
  return [
    ...findingAt(
      ['dbPath'],
      isUnder(dbPath, DATA_PATH)
        ? undefined
        : `must be in ${DATA_PATH}, the data volume Litestream mounts (got ${JSON.stringify(dbPath)})`,
    ),
    ...findingAt(['secretName'], secretName === '' ? undefined : nameProblem(secretName, 'subdomain')),
    ...findingAt(['secretName'], credentialsProblem(scheme, secretName)),
    ...notS3('endpoint', props.endpoint),
    ...notS3('region', props.region),
    ...notS3('forcePathStyle', props.forcePathStyle),
    ...findingAt(['url'], scheme === 'file' ? fileReplicaProblem(props) : undefined),
  ];
}

/** A replica kind whose credentials are a mounted key file needs them (gs may use the platform's identity). */
function credentialsProblem(scheme: ReplicaScheme, secretName: string): string | undefined {
  if (scheme === 'file' && secretName !== '') return 'is set, and a file replica takes no credentials';
  if (scheme === 'sftp' && secretName === '')
    return 'is required for an sftp replica: the Secret holds the private key (key ssh-privatekey) Litestream logs in with';
  return undefined;
}

/** A file replica writes to a directory of its own volume, not the database's. */
function fileReplicaProblem(props: LitestreamSidecarProps): string | undefined {
  const path = fileReplicaPath(props.url);
  if (path === DATA_PATH || isUnder(path, DATA_PATH))
    return `is a directory of the data volume (${DATA_PATH}), which a lost volume takes with the database: write to another volume`;
  const mounts = props.extraVolumeMounts ?? [];
  return mounts.some((mount) => path === mount.mountPath || isUnder(path, mount.mountPath))
    ? undefined
    : `is a file replica in ${path}, which no volume of extraVolumeMounts holds: Litestream would write to its container's read-only filesystem`;
}

/**
 * Litestream beside Headscale, for {@link HeadscaleServerProps.sidecars}: it streams every change
 * of the SQLite database to the replica (`litestream replicate`), and, before Headscale starts,
 * restores the database from the replica when the data volume has none (`litestream restore
 * -if-db-not-exists -if-replica-exists`; cmd/litestream/restore.go:33-34, 100-116 and 145-150 at
 * v0.5.16), so that a new volume comes back with the tailnet. Its config (Litestream 0.5's shape)
 * is in a ConfigMap of its own, without credentials: they come from the Secret, as environment
 * variables (secretKeyRef) or mounted files. Both containers run as Headscale's user with no
 * capability and a read-only root filesystem, and mount the server's `data` and `tmp` volumes.
 */
export class LitestreamSidecar extends Construct implements IServerSidecar {
  /** The ConfigMap of Litestream's config (`litestream.yml`), named `name`. */
  public readonly configMap: KubeConfigMap;
  /** The replicating container, the one of {@link containers}. */
  public readonly container: Container;
  /** The restoring init container, unless `restore` is false. */
  public readonly restoreContainer?: Container;
  /** What the server's pod runs: Litestream's replication. */
  public readonly containers: readonly Container[];
  /** The restore, before Headscale starts. */
  public readonly initContainers: readonly Container[];
  /** The config's ConfigMap and, for gs and sftp, the Secret's key file. */
  public readonly volumes: readonly Volume[];
  /** The metrics port named `litestream`, with `metricsPort`. */
  public readonly servicePorts: readonly ServicePort[];
  /** The checksum of the config, which rolls the pod when it changes. */
  public readonly podAnnotations: Readonly<Record<string, string>>;
  /** Litestream needs no shared process namespace. */
  public readonly sharesProcessNamespace = false;

  constructor(scope: Construct, id: string, props: LitestreamSidecarProps) {
    super(scope, id);
    assertValidProps(this, 'LitestreamSidecar', props, litestreamSidecarFindings);
    const name = props.name ?? 'headscale-litestream';
    const labels = props.labels ?? standaloneLabels('headscale', name);
    const dbPath = props.dbPath ?? DEFAULT_DB_PATH;
    const scheme = replicaScheme(props.url);
    const credentials = props.secretName ? REPLICA_CREDENTIALS[scheme] : [];
    const files = credentials.filter((credential) => credential.env === undefined);
    const fileOf = (key: string) => `${CREDENTIALS_DIR}/${key}`;

    const config = configYaml(
      litestreamConfig(
        dbPath,
        {
          url: props.url,
          endpoint: props.endpoint,
          region: props.region,
          forcePathStyle: props.forcePathStyle,
          keyPath: scheme === 'sftp' ? fileOf('ssh-privatekey') : undefined,
        },
        props.metricsPort,
      ),
    );
    this.configMap = new KubeConfigMap(this, 'Config', { metadata: { name, labels }, data: { [CONFIG_KEY]: config } });
    this.podAnnotations = { 'checksum/litestream': sha256(config) };

    this.volumes = [
      { name: 'litestream-config', configMap: { name } },
      ...(files.length > 0
        ? [
            {
              name: 'litestream-credentials',
              secret: {
                secretName: props.secretName,
                items: files.map(({ key }) => ({ key, path: key })),
                defaultMode: 0o400,
              },
            },
          ]
        : []),
    ];
    const env: EnvVar[] = [
      ...credentials.flatMap(({ key, env: variable, optional }) =>
        variable
          ? [
              {
                name: variable,
                valueFrom: { secretKeyRef: { name: props.secretName!, key, ...(optional ? { optional } : {}) } },
              },
            ]
          : [],
      ),
      ...(scheme === 'gs' && files.length > 0
        ? [{ name: 'GOOGLE_APPLICATION_CREDENTIALS', value: fileOf('credentials.json') }]
        : []),
    ];
    const volumeMounts: VolumeMount[] = [
      { name: 'data', mountPath: DATA_PATH },
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'litestream-config', mountPath: CONFIG_DIR, readOnly: true },
      ...(files.length > 0 ? [{ name: 'litestream-credentials', mountPath: CREDENTIALS_DIR, readOnly: true }] : []),
      ...(props.extraVolumeMounts ?? []),
    ];
    const configPath = `${CONFIG_DIR}/${CONFIG_KEY}`;
    const container = (containerName: string, args: string[], ports?: ContainerPort[]): Container => ({
      name: containerName,
      image: props.image ?? `${LITESTREAM_IMAGE.repository}:${LITESTREAM_IMAGE.tag}`,
      imagePullPolicy: props.imagePullPolicy ?? IMAGE_PULL_POLICY,
      command: ['litestream', ...args],
      env: nonEmpty(env),
      ports,
      resources: nonEmpty(props.resources ?? (LITESTREAM_RESOURCES as ResourceRequirements)),
      securityContext: restrictedContainerAs(
        props.runAsUser ?? Number(SERVER_SECURITY_CONTEXT.runAsUser),
        props.runAsGroup ?? Number(SERVER_SECURITY_CONTEXT.runAsGroup),
      ),
      volumeMounts,
    });
    const metrics = props.metricsPort;
    this.container = container(
      LITESTREAM_CONTAINER,
      ['replicate', '-config', configPath],
      metrics === undefined
        ? undefined
        : [{ name: LITESTREAM_METRICS_PORT_NAME, containerPort: metrics, protocol: 'TCP' }],
    );
    this.containers = [this.container];
    if (props.restore ?? true)
      this.restoreContainer = container('litestream-restore', [
        'restore',
        '-if-db-not-exists',
        '-if-replica-exists',
        '-config',
        configPath,
        dbPath,
      ]);
    this.initContainers = this.restoreContainer ? [this.restoreContainer] : [];
    this.servicePorts =
      metrics === undefined
        ? []
        : [
            {
              name: LITESTREAM_METRICS_PORT_NAME,
              port: metrics,
              targetPort: LITESTREAM_METRICS_PORT_NAME,
              protocol: 'TCP',
            },
          ];
  }
}
