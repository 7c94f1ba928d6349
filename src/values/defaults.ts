import type { JsonMap } from './json-map';

type ImagePullPolicy = 'IfNotPresent';
type ServiceType = 'ClusterIP';
type AccessMode = 'ReadWriteOnce';

/**
 * Defaults that both the values schema and the components' props use, written once. The schema
 * (values/schema.ts) documents each one for values files; a component used on its own falls back
 * to the same value.
 */

export interface ImageDefault {
  readonly repository: string;
  readonly tag: string;
}

export const SERVER_IMAGE: ImageDefault = { repository: 'headscale/headscale', tag: 'v0.28.0' };
export const CLIENT_IMAGE: ImageDefault = { repository: 'tailscale/tailscale', tag: 'stable' };
export const KEY_JOB_IMAGE: ImageDefault = { repository: 'alpine/k8s', tag: '1.30.2' };
export const UI_IMAGE: ImageDefault = { repository: 'ghcr.io/gurucomputing/headscale-ui', tag: 'latest' };
export const IMAGE_PULL_POLICY: ImagePullPolicy = 'IfNotPresent';

/** Headscale's HTTP port: the container port named `http` and the Service port. */
export const HEADSCALE_PORT = 8080;
export const UI_PORT = 8080;
export const SERVICE_TYPE: ServiceType = 'ClusterIP';

/** Headscale's config.yaml before the chart's derivations (see derive/headscale-config.ts). */
export const HEADSCALE_CONFIG_DEFAULTS: JsonMap = {
  server_url: '',
  listen_addr: '0.0.0.0:8080',
  noise: { private_key_path: '/var/lib/headscale/noise_private.key' },
  prefixes: { v4: '100.64.0.0/10', v6: 'fd7a:115c:a1e0::/48' },
  database: { type: 'sqlite', sqlite: { path: '/var/lib/headscale/db.sqlite' } },
  derp: { urls: ['https://controlplane.tailscale.com/derpmap/default'] },
  dns: {
    magic_dns: true,
    base_domain: 'headscale.local',
    override_local_dns: true,
    nameservers: { global: ['1.1.1.1', '8.8.8.8'] },
  },
};

export const SERVER_PROBE: JsonMap = {
  failureThreshold: 3,
  httpGet: { path: '/health', port: 'http' },
  initialDelaySeconds: 10,
  periodSeconds: 5,
  timeoutSeconds: 3,
};

export const SERVER_POD_SECURITY_CONTEXT: JsonMap = { fsGroup: 1000 };
export const SERVER_SECURITY_CONTEXT: JsonMap = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: false,
  runAsGroup: 1000,
  runAsNonRoot: true,
  runAsUser: 1000,
};

/** Writable directory (an emptyDir) for Headscale's unix socket. */
export const SOCKET_DIR = '/var/run/headscale';

export const STORAGE_SIZE = '1Gi';
export const ACCESS_MODES: readonly AccessMode[] = ['ReadWriteOnce'];
export const UI_DATA_PATH = '/var/lib/headscale-ui';

/** Without minAvailable, a budget allows one pod down at a time. */
export const MAX_UNAVAILABLE = 1;

/** Long enough that the in-cluster client is not cut off; Headscale's own default is 1h. */
export const PREAUTH_KEY_EXPIRATION = '87600h';
export const JOB_TTL_SECONDS = 86400;
/** The variable that carries the Headscale URL into the UI container. */
export const UI_URL_ENV = 'HEADSCALE_URL';
