import { type Release, commonLabels, imageReference, objectName } from '../../derive/release';
import { grpcPort, metricsPort, serverPorts } from '../../derive/ports';
import { HEADSCALE_CONFIG_DEFAULTS } from '../../values/defaults';
import { configValue } from '../../values/headscale-config';
import { parseVersion, tagVersion, upgradePathProblem } from '../../values/headscale-versions';
import type { HeadscaleValues } from '../../values/schema';
import type { LitestreamSidecarProps } from '../../components/litestream-sidecar';
import type { UpgradeBackupProps } from '../../components/upgrade-backup';
import type { VolumeMount } from '../../components/kube';
import type { Rule } from '../rules';

// Keeping the database: Litestream's replication and restore, the copy before an upgrade, and the
// refusal of an upgrade Headscale would refuse.

/** The database Headscale is configured with: its type as Headscale reads it (hscontrol/types/config.go:812-827, v0.29.2) and the SQLite file. */
function database(values: HeadscaleValues): { readonly sqlite: boolean; readonly path: string } {
  // An existing config.yaml ConfigMap is the user's: its database is taken for the default one.
  const config = values.configMap.create ? (values.config ?? {}) : HEADSCALE_CONFIG_DEFAULTS;
  const type = configValue(config, 'database.type');
  const path = configValue(config, 'database.sqlite.path');
  return {
    sqlite: type === undefined || type === 'sqlite' || type === 'sqlite3',
    path: typeof path === 'string' ? path : String(configValue(HEADSCALE_CONFIG_DEFAULTS, 'database.sqlite.path')),
  };
}

/** The server's user and group, which Litestream and the copy run as to write Headscale's files. */
function serverUser(values: HeadscaleValues) {
  const { runAsUser, runAsGroup } = values.securityContext ?? {};
  return {
    runAsUser: typeof runAsUser === 'number' && runAsUser > 0 ? runAsUser : undefined,
    runAsGroup: typeof runAsGroup === 'number' ? runAsGroup : undefined,
  };
}

/** The name of Litestream's config ConfigMap. */
export const litestreamConfigName = (release: Release) => objectName(release, '-litestream');

export function litestreamProps(values: HeadscaleValues, release: Release): LitestreamSidecarProps {
  const { backup } = values;
  return {
    url: backup.url,
    secretName: backup.secretName || undefined,
    endpoint: backup.s3.endpoint || undefined,
    region: backup.s3.region || undefined,
    forcePathStyle: backup.s3.forcePathStyle,
    dbPath: database(values).path,
    name: litestreamConfigName(release),
    labels: commonLabels(release),
    ...serverUser(values),
    image: imageReference(backup.image),
    imagePullPolicy: backup.image.pullPolicy,
    resources: backup.resources,
    metricsPort: values.metrics.enabled ? backup.metricsPort : undefined,
    extraVolumeMounts: backup.extraVolumeMounts as unknown as VolumeMount[],
  };
}

/** The copy before an upgrade: on by default wherever the data is kept, which is a SQLite database on a claim. */
export function upgradeBackupProps(values: HeadscaleValues): UpgradeBackupProps | undefined {
  const db = database(values);
  const { backup } = values.upgrade;
  if (!backup.enabled || !values.persistence.enabled || !db.sqlite) return undefined;
  return {
    headscaleVersion: values.image.tag,
    dbPath: db.path,
    keep: backup.keep,
    ...serverUser(values),
    image: imageReference(backup.image),
    imagePullPolicy: backup.image.pullPolicy,
    resources: backup.resources,
  };
}

/**
 * backup.enabled replicates the SQLite file on the data claim: it needs a URL, the SQLite
 * database (Postgres has backups of its own), WAL mode (Litestream switches the database to WAL,
 * db.go:1075-1077 at v0.5.16, while Headscale with write_ahead_log false sets another journal mode
 * on each connection, hscontrol/db/db.go:926-930 at v0.29.2) and a claim: the database comes back
 * from the replica, but the noise private key beside it does not, and a running tailscaled keeps
 * the server key it fetched until it restarts (control/controlclient/direct.go:546-563, tailscale v1.84.3).
 */
export const backupHasWhatItNeeds: Rule = (values) => {
  if (!values.backup.enabled) return [];
  const db = database(values);
  const wal = values.configMap.create ? configValue(values.config ?? {}, 'database.sqlite.write_ahead_log') : true;
  return [
    ...(values.backup.url === ''
      ? [
          {
            path: 'backup.url',
            message:
              'is required with backup.enabled: where Litestream replicates the database, such as s3://tailnet-backups/headscale',
          },
        ]
      : []),
    ...(db.sqlite
      ? []
      : [
          {
            path: 'config.database.type',
            message: `is ${JSON.stringify(configValue(values.config ?? {}, 'database.type'))} while backup.enabled is true: Litestream replicates a SQLite database; back Postgres up with its own tools (see docs/configuration.md#postgres)`,
          },
        ]),
    ...(wal === false
      ? [
          {
            path: 'config.database.sqlite.write_ahead_log',
            message:
              'is false while backup.enabled is true: Litestream replicates the write-ahead log and switches the database to WAL mode, which Headscale would switch back on every connection',
          },
        ]
      : []),
    ...(values.persistence.enabled
      ? []
      : [
          {
            path: 'persistence.enabled',
            message:
              'is false while backup.enabled is true: Litestream would restore the database at every start, but not the noise private key beside it (noise.private_key_path), and with a new key every node is cut off until its tailscaled restarts; keep the data on a claim',
          },
        ]),
  ];
};

/** Litestream's metrics port shares the pod with Headscale's listeners. */
export const litestreamMetricsPortIsFree: Rule = (values) => {
  if (!values.backup.enabled || !values.metrics.enabled) return [];
  const port = values.backup.metricsPort;
  const taken = [serverPorts(values).container, metricsPort(values), grpcPort(values)];
  return taken.includes(port)
    ? [
        {
          path: 'backup.metricsPort',
          message: `is ${port}, a port Headscale listens on in the same pod: choose another`,
        },
      ]
    : [];
};

/**
 * With the version that runs now known (upgrade.fromVersion, which the CLI reads from the render it
 * replaces), a render Headscale would refuse to start on the database is refused here, before it
 * is applied and a Deployment is stuck.
 */
export const upgradeFollowsHeadscalesPath: Rule = (values) => {
  const from = parseVersion(values.upgrade.fromVersion);
  const stated = parseVersion(values.headscaleVersion);
  const to = stated ?? tagVersion(values.image.tag);
  if (!from || !to) return [];
  const problem = upgradePathProblem(from, to);
  return problem
    ? [
        {
          path: stated ? 'headscaleVersion' : 'image.tag',
          message: `${problem} (upgrade.fromVersion, the version that runs now, is ${JSON.stringify(values.upgrade.fromVersion)}; the CLI's template --output-dir and npm run synth read it from the render they replace)`,
        },
      ]
    : [];
};
