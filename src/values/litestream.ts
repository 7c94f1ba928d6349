import { describeValue, type Finding } from '../core/errors';

/**
 * Litestream's rules on a replica URL and its credentials, ported from its code at the pinned
 * release (benbjohnson/litestream v0.5.16; the image default is in values/defaults.ts): what
 * `litestream replicate` and `litestream restore` accept in `dbs[].replica.url`, and how each kind
 * of storage takes its credentials. The library keeps credentials out of the config file (a
 * ConfigMap): they come from a Secret, as environment variables or mounted files.
 */

/** The replica kinds the library configures, by URL scheme. */
export const REPLICA_SCHEMES = ['s3', 'gs', 'abs', 'sftp', 'file'] as const;
export type ReplicaScheme = (typeof REPLICA_SCHEMES)[number];

/**
 * Replica kinds Litestream knows that the library does not configure: their credentials go in
 * the URL or the config file (cmd/litestream/main.go:1383-1395, v0.5.16).
 */
const UNCONFIGURED_SCHEMES = ['webdav', 'webdavs', 'nats', 'oss'];

/** A replica URL's parts, as Go's url.Parse splits them. */
export interface ReplicaUrl {
  readonly scheme: string;
  readonly user: string;
  readonly password?: string;
  readonly host: string;
  readonly path: string;
  readonly query: URLSearchParams;
}

/**
 * IsURL: a scheme, then `://` (replica_url.go:428-431, v0.5.16). Anything else is taken for a file
 * replica (cmd/litestream/main.go:2054-2061): without a scheme it fails, "replica url scheme
 * required" (replica_url.go:102-103), and `s3:/bucket` would be written inside the container.
 */
const URL_PATTERN = /^(\w+):\/\/(?:([^/?#@:]*)(?::([^/?#@]*))?@)?([^/?#]*)([^?#]*)(?:\?([^#]*))?$/;

export function parseReplicaUrl(url: string): ReplicaUrl | undefined {
  const match = URL_PATTERN.exec(url);
  if (!match) return undefined;
  const [, scheme, user = '', password, host, path, query = ''] = match;
  return { scheme, user, password, host, path, query: new URLSearchParams(query) };
}

/** A Secret key the Litestream containers read, as an environment variable or a mounted file. */
export interface ReplicaCredential {
  /** The key in the Secret. */
  readonly key: string;
  /** The environment variable it becomes (secretKeyRef); undefined for a mounted file. */
  readonly env?: string;
  /** Whether Litestream runs without it (another key, or the platform's identity, serves instead). */
  readonly optional: boolean;
}

/**
 * What each kind of replica reads from the Secret. S3 (and S3-compatible storage): the AWS SDK's
 * variables, which Litestream also fills from LITESTREAM_ACCESS_KEY_ID and
 * LITESTREAM_SECRET_ACCESS_KEY (cmd/litestream/main.go:2020-2031, v0.5.16). Azure Blob Storage: a
 * SAS token or an account key (abs/replica_client.go:145-156, v0.5.16). Google Cloud Storage: the
 * service account's key file that GOOGLE_APPLICATION_CREDENTIALS names (the Google client's
 * default credentials, gs/replica_client.go:86). SFTP: the private key file of `key-path`
 * (cmd/litestream/main.go:1145, v0.5.16). A file replica needs none.
 */
export const REPLICA_CREDENTIALS: Readonly<Record<ReplicaScheme, readonly ReplicaCredential[]>> = {
  s3: [
    { key: 'AWS_ACCESS_KEY_ID', env: 'AWS_ACCESS_KEY_ID', optional: false },
    { key: 'AWS_SECRET_ACCESS_KEY', env: 'AWS_SECRET_ACCESS_KEY', optional: false },
  ],
  abs: [
    { key: 'LITESTREAM_AZURE_ACCOUNT_KEY', env: 'LITESTREAM_AZURE_ACCOUNT_KEY', optional: true },
    { key: 'LITESTREAM_AZURE_SAS_TOKEN', env: 'LITESTREAM_AZURE_SAS_TOKEN', optional: true },
  ],
  gs: [{ key: 'credentials.json', optional: false }],
  sftp: [{ key: 'ssh-privatekey', optional: false }],
  file: [],
};

/**
 * What Litestream would refuse in a replica URL, or what would put a credential in its config
 * file, at `[]` (the URL itself).
 */
export function replicaUrlFindings(url: string): Finding[] {
  const at: PropertyKey[] = [];
  const problem = (message: string): Finding[] => [{ at, message: `${message} (got ${describeValue(url)})` }];
  const parsed = parseReplicaUrl(url);
  if (!parsed)
    return problem(
      `expected a replica URL, a scheme and "://" then the bucket or host and a path, such as s3://tailnet-backups/headscale: Litestream takes anything else for a local file path, and refuses one without a scheme ("replica url scheme required")`,
    );
  const scheme = parsed.scheme;
  if (UNCONFIGURED_SCHEMES.includes(scheme))
    return problem(
      `is a ${scheme} replica, which Litestream supports with credentials in the URL or its config file; the library keeps credentials in a Secret and configures ${REPLICA_SCHEMES.join(', ')}`,
    );
  if (!(REPLICA_SCHEMES as readonly string[]).includes(scheme))
    return problem(
      `has the scheme "${scheme}", which Litestream does not know ("unknown replica type in config", cmd/litestream/main.go:1396): use ${REPLICA_SCHEMES.join(', ')}`,
    );
  if (url.includes('$'))
    return problem(
      'has a "$", which Litestream expands as an environment variable when it reads its config (cmd/litestream/main.go:627-635)',
    );
  if (parsed.password !== undefined)
    return problem(
      'has a password in it, which would land in the config ConfigMap: give the credentials in the Secret of backup.secretName',
    );
  switch (scheme as ReplicaScheme) {
    case 's3':
      // "bucket required for s3 replica" (cmd/litestream/main.go:1575-1577, v0.5.16); an access point's ARN is the bucket.
      return parsed.host === ''
        ? problem('names no bucket: Litestream refuses an s3 replica without one ("bucket required for s3 replica")')
        : [];
    case 'gs': // cmd/litestream/main.go:1712-1714 (v0.5.16)
    case 'abs': // cmd/litestream/main.go:1760-1762 (v0.5.16)
      return parsed.host === ''
        ? problem(
            `names no bucket (or container): Litestream refuses a ${scheme} replica without one ("bucket required for ${scheme} replica")`,
          )
        : [];
    case 'sftp':
      // cmd/litestream/main.go:1801-1805 (v0.5.16).
      if (parsed.host === '')
        return problem(
          'names no host: Litestream refuses an sftp replica without one ("host required for sftp replica")',
        );
      return parsed.user === ''
        ? problem(
            'names no user, as sftp://user@host/path: Litestream refuses an sftp replica without one ("user required for sftp replica")',
          )
        : [];
    case 'file':
      // The path of a file URL is what follows the scheme (replica_url.go:96-100); it must be absolute here.
      return parsed.host !== '' || !parsed.path.startsWith('/')
        ? problem('expected an absolute path after file://, as file:///backups/headscale')
        : [];
  }
}

/** The scheme of a URL that passed {@link replicaUrlFindings}. */
export function replicaScheme(url: string): ReplicaScheme {
  return parseReplicaUrl(url)?.scheme as ReplicaScheme;
}

/** The directory a file replica writes to, the path of its URL (replica_url.go:96-100, v0.5.16). */
export function fileReplicaPath(url: string): string {
  return parseReplicaUrl(url)?.path ?? '';
}
