import { type Finding, formatPath, PropsError } from '../core/errors';
import { valueAtPath } from '../core/json-map';
import { scriptText } from '../derive/scripts';
import {
  HEADSCALE_CONFIG_DEFAULTS,
  IMAGE_PULL_POLICY,
  LITESTREAM_IMAGE,
  SERVER_SECURITY_CONTEXT,
  UPGRADE_BACKUP_KEEP,
} from '../values/defaults';
import { findingAt, propsFindings, restrictedContainerAs } from './common';
import { DATA_PATH } from './headscale-server';
import { type Container, type ImagePullPolicy, nonEmpty, type ResourceRequirements } from './kube';
import type { IServerSidecar } from './server-sidecar';

/** The props of {@link upgradeBackupSidecar}. */
export interface UpgradeBackupProps {
  /**
   * The Headscale version about to start, as the server image's tag names it (`v0.29.2`): a copy
   * is taken when it differs from the one recorded by the last start.
   */
  readonly headscaleVersion: string;
  /** The SQLite database, on the data volume (`data`, at /var/lib/headscale). @default '/var/lib/headscale/db.sqlite' */
  readonly dbPath?: string;
  /** Where the copies and the recorded version are kept, on the data volume. @default '/var/lib/headscale/backups' */
  readonly backupDir?: string;
  /** How many copies stay; older ones are removed. @default 3 */
  readonly keep?: number;
  /** The user the copy runs as: Headscale's, who owns the database. @default 1000 */
  readonly runAsUser?: number;
  /** The group the copy runs as. @default 1000 */
  readonly runAsGroup?: number;
  /** An image with a POSIX shell and sqlite3. @default 'litestream/litestream:0.5.16' (Debian, with sqlite3) */
  readonly image?: string;
  /** When the kubelet pulls the image. @default 'IfNotPresent' */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Resources of the init container.
   * @default {}
   * @example { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '256Mi' } }
   */
  readonly resources?: ResourceRequirements;
}

/** The init container's name. */
export const UPGRADE_BACKUP_CONTAINER = 'upgrade-backup';
const DEFAULT_DB_PATH = String(valueAtPath(HEADSCALE_CONFIG_DEFAULTS, ['database', 'sqlite', 'path']));

const onDataVolume = (path: string) => path.startsWith(`${DATA_PATH}/`);

/** Everything wrong with the props, each at its prop path. */
export function upgradeBackupFindings(props: UpgradeBackupProps): Finding[] {
  const keep = props.keep ?? UPGRADE_BACKUP_KEEP;
  const onVolume = (prop: 'dbPath' | 'backupDir', path: string | undefined) =>
    findingAt(
      [prop],
      path === undefined || onDataVolume(path)
        ? undefined
        : `must be in ${DATA_PATH}, the data volume the copy mounts (got ${JSON.stringify(path)})`,
    );
  return [
    ...findingAt(
      ['headscaleVersion'],
      props.headscaleVersion.trim() === '' ? 'is required: the copy is taken when it changes' : undefined,
    ),
    ...onVolume('dbPath', props.dbPath),
    ...onVolume('backupDir', props.backupDir),
    ...findingAt(
      ['keep'],
      Number.isInteger(keep) && keep >= 1 ? undefined : `must be a whole number of copies, 1 or more (got ${keep})`,
    ),
  ];
}

/**
 * The copy of the database before an upgrade, for {@link HeadscaleServerProps.sidecars}: an init
 * container that, when the Headscale version about to start differs from the one recorded at the
 * last start, takes a consistent copy of the SQLite database with sqlite3's online backup (never a
 * plain file copy) into `backupDir` on the data volume, checks it, keeps the newest `keep` copies
 * and records the version. Headscale migrates its database at start, one way only: the copy is
 * what undoes an upgrade that went wrong. It runs as Headscale's user with no capability and a
 * read-only root filesystem, and mounts the server's `data` and `tmp` volumes. Throws a
 * `PropsError` when the props are invalid.
 */
export function upgradeBackupSidecar(props: UpgradeBackupProps): IServerSidecar {
  const findings = propsFindings(props, upgradeBackupFindings);
  if (findings.length > 0)
    throw new PropsError(
      'upgradeBackupSidecar',
      findings.map((finding) => ({ path: formatPath(finding.at), message: finding.message })),
    );
  const container: Container = {
    name: UPGRADE_BACKUP_CONTAINER,
    image: props.image ?? `${LITESTREAM_IMAGE.repository}:${LITESTREAM_IMAGE.tag}`,
    imagePullPolicy: props.imagePullPolicy ?? IMAGE_PULL_POLICY,
    command: ['/bin/sh', '-c', scriptText('upgrade-backup.sh')],
    env: [
      { name: 'DB_PATH', value: props.dbPath ?? DEFAULT_DB_PATH },
      { name: 'BACKUP_DIR', value: props.backupDir ?? `${DATA_PATH}/backups` },
      { name: 'HEADSCALE_VERSION', value: props.headscaleVersion },
      { name: 'KEEP', value: String(props.keep ?? UPGRADE_BACKUP_KEEP) },
    ],
    resources: nonEmpty(props.resources ?? {}),
    securityContext: restrictedContainerAs(
      props.runAsUser ?? Number(SERVER_SECURITY_CONTEXT.runAsUser),
      props.runAsGroup ?? Number(SERVER_SECURITY_CONTEXT.runAsGroup),
    ),
    volumeMounts: [
      { name: 'data', mountPath: DATA_PATH },
      { name: 'tmp', mountPath: '/tmp' },
    ],
  };
  return {
    initContainers: [container],
    containers: [],
    volumes: [],
    servicePorts: [],
    podAnnotations: {},
    sharesProcessNamespace: false,
  };
}
