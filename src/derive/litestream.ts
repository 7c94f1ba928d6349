import type { JsonMap } from '../core/json-map';

/** The replica Litestream streams the database to, as its config names it. */
export interface LitestreamReplica {
  /** The replica URL: `s3://bucket/path`, `gs://`, `abs://`, `sftp://`, `file://`. */
  readonly url: string;
  /** An S3-compatible service's endpoint (`https://minio.example.com:9000`); '' for AWS S3. */
  readonly endpoint?: string;
  /** The S3 region; '' lets Litestream find the bucket's. */
  readonly region?: string;
  /** Path-style S3 requests; undefined leaves Litestream's choice (on with an endpoint). */
  readonly forcePathStyle?: boolean;
  /** An SFTP replica's private key file. */
  readonly keyPath?: string;
}

/**
 * Litestream 0.5's config (v0.5.16: Config, cmd/litestream/main.go:270-325, with `addr` at 275 and
 * `dbs` at 306; DBConfig, 710-730; ReplicaConfig, 1324-1331, with ReplicaSettings inline,
 * 1101-1174): one database and its one replica (`replica`; 0.3's `replicas` list is deprecated
 * and takes one entry only, 777-784), and the metrics listener `addr` when a port is given.
 * Credentials are not in it: Litestream reads them from the environment or from files the pod
 * mounts.
 */
export function litestreamConfig(dbPath: string, replica: LitestreamReplica, metricsPort?: number): JsonMap {
  return {
    ...(metricsPort === undefined ? {} : { addr: `:${metricsPort}` }),
    dbs: [
      {
        path: dbPath,
        replica: {
          url: replica.url,
          ...(replica.endpoint ? { endpoint: replica.endpoint } : {}),
          ...(replica.region ? { region: replica.region } : {}),
          ...(replica.forcePathStyle === undefined ? {} : { 'force-path-style': replica.forcePathStyle }),
          ...(replica.keyPath ? { 'key-path': replica.keyPath } : {}),
        },
      },
    ],
  };
}
