import type { JsonMap } from '../core/json-map';

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

/**
 * Every default image is pinned to a released version and bumped on purpose (a test refuses
 * floating tags such as `latest` or `stable`). headscale v0.29.2: the newest 0.29 release; the
 * config and policy checks follow the version of image.tag (values/headscale-versions.ts).
 * tailscale v1.84.0: a stable release that Headscale
 * 0.28 (clients from 1.74) and 0.29 (from 1.80) both accept. headscale-ui 2026.03.17: the first
 * release for Headscale 0.28.
 */
export const SERVER_IMAGE: ImageDefault = { repository: 'headscale/headscale', tag: 'v0.29.2' };
export const CLIENT_IMAGE: ImageDefault = { repository: 'tailscale/tailscale', tag: 'v1.84.0' };
export const KEY_JOB_IMAGE: ImageDefault = { repository: 'alpine/k8s', tag: '1.30.2' };
export const UI_IMAGE: ImageDefault = { repository: 'ghcr.io/gurucomputing/headscale-ui', tag: '2026.03.17' };
/** busybox 1.37.0: a release with the POSIX shell, cksum, tr and sleep the policy watcher needs. */
export const POLICY_RELOAD_IMAGE: ImageDefault = { repository: 'busybox', tag: '1.37.0' };
/**
 * Headplane 0.7.0-beta.4, the newest release of 0.7 (there is no 0.7.0), for Headscale 0.27 and
 * later: the config the chart writes gives the API key as `headscale.api_key_path`, which 0.7
 * reads since 0.7.0-beta.2 and 0.6.3, the newest stable release, does not know (it reads
 * `oidc.headscale_api_key`); and 0.6 takes Headscale 0.28's API keys (`hskey-api-...`) for
 * invalid ones (tale/headplane issue 446).
 */
export const HEADPLANE_IMAGE: ImageDefault = { repository: 'ghcr.io/tale/headplane', tag: '0.7.0-beta.4' };
/**
 * nginx 1.28.0 (the stable branch) as an unprivileged user (101), on Debian: nginx.org's package is
 * built with the stream module, which terminates the in-cluster TLS, and Debian's ca-certificates
 * depends on openssl, which makes that TLS's certificate; the Alpine variants have no openssl.
 * (nginxinc/docker-nginx-unprivileged stable/debian/Dockerfile.)
 */
export const INTERNAL_TLS_IMAGE: ImageDefault = { repository: 'nginxinc/nginx-unprivileged', tag: '1.28.0' };
/**
 * Litestream 0.5.16, the newest release (benbjohnson/litestream tag v0.5.16): its image's tags are
 * the release's version without the v (.github/workflows/release.docker.yml:31-43). The default
 * image is Debian bookworm-slim with sqlite3 installed (Dockerfile:47-51), so it also serves the
 * copy before an upgrade, which needs a POSIX shell and sqlite3.
 */
export const LITESTREAM_IMAGE: ImageDefault = { repository: 'litestream/litestream', tag: '0.5.16' };
export const IMAGE_PULL_POLICY: ImagePullPolicy = 'IfNotPresent';

/** Headscale's HTTP port: the container port named `http` and the Service port. */
export const HEADSCALE_PORT = 8080;
export const UI_PORT = 8080;
/** The server Service's port when Headscale serves TLS itself: an https URL without a port dials 443. */
export const HEADSCALE_TLS_PORT = 443;
/** Headplane's `server.port`. */
export const HEADPLANE_PORT = 3000;
/** Headplane's `server.data_path`, which must persist. */
export const HEADPLANE_DATA_PATH = '/var/lib/headplane';
/** The lifetime of the API key minted for Headplane: Headscale's own default for `apikeys create` (90d). */
export const HEADPLANE_API_KEY_EXPIRATION = '2160h';

/** Headscale's `listen_addr` on every address of the pod, at `port`. */
export function listenAddressOn(port: number): string {
  return `0.0.0.0:${port}`;
}
export const SERVICE_TYPE: ServiceType = 'ClusterIP';

/** Where Headscale serves Prometheus metrics (`metrics_listen_addr`) when metrics are on: the port named `metrics`. */
export const METRICS_PORT = 9090;
/** Headscale's gRPC API (`grpc_listen_addr`, Headscale's default `:50443`): the port named `grpc`. */
export const GRPC_PORT = 50443;
/** The embedded DERP server's STUN listener (`derp.server.stun_listen_addr`), UDP: the port named `stun`. */
export const STUN_PORT = 3478;

/**
 * Headscale's config.yaml before the chart's derivations (see derive/headscale-config.ts), which
 * add `listen_addr` on the server's port.
 */
export const HEADSCALE_CONFIG_DEFAULTS: JsonMap = {
  server_url: '',
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

/**
 * The embedded DERP server's settings that the chart sets when config.derp.server.enabled is true
 * and the user did not: its private key in a file of its own on the data volume (Headscale creates
 * it there at first start; hscontrol/app.go:238, v0.29.2), and its region as Headscale's example
 * config names it (config-example.yaml:100-117, v0.29.2): tailscale clients need a region ID above
 * zero (tailcfg/derpmap.go:79, tailscale v1.84.3).
 */
export const EMBEDDED_DERP_DEFAULTS: JsonMap = {
  private_key_path: '/var/lib/headscale/derp_server_private.key',
  region_id: 999,
  region_code: 'headscale',
  region_name: 'Headscale Embedded DERP',
};

export const SERVER_PROBE: JsonMap = {
  failureThreshold: 3,
  httpGet: { path: '/health', port: 'http' },
  initialDelaySeconds: 10,
  periodSeconds: 5,
  timeoutSeconds: 3,
};

/**
 * The server meets the Pod Security Standards' restricted profile: a numeric non-root user, no
 * privilege escalation, no capabilities, the runtime's default seccomp profile. Its root
 * filesystem is read-only too: it writes only to its data volume, its socket directory and /tmp,
 * each a volume of its own.
 */
export const SERVER_POD_SECURITY_CONTEXT: JsonMap = { fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } };
export const SERVER_SECURITY_CONTEXT: JsonMap = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
  runAsGroup: 1000,
  runAsNonRoot: true,
  runAsUser: 1000,
};

/**
 * Whether the in-cluster client runs tailscaled with userspace networking, per mode. A Deployment
 * does: it still advertises routes and serves as an exit node, and it needs no TUN device, no
 * capability and no root, so it meets the restricted profile. A DaemonSet does not: its purpose is
 * to give each node tailnet routes, which only the kernel's TUN device provides.
 */
export const CLIENT_USERSPACE = { deployment: true, daemonSet: false } as const;

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

/** The key of the preauth key in the client's Secret. */
export const AUTHKEY_KEY = 'authkey';

/** The policy watcher polls one small file: a few millicores and megabytes. */
/** The in-cluster TLS listener's container port (unprivileged) and its Service port (tailscale's TLS redial, issue 15008). */
export const INTERNAL_TLS_PORT = 8443;
export const INTERNAL_TLS_SERVICE_PORT = 443;
export const INTERNAL_TLS_RESOURCES: JsonMap = {
  requests: { cpu: '5m', memory: '16Mi' },
  limits: { memory: '64Mi' },
};
export const POLICY_RELOAD_RESOURCES: JsonMap = {
  requests: { cpu: '5m', memory: '8Mi' },
  limits: { memory: '32Mi' },
};
/** How often the policy watcher compares the mounted policy file with the one Headscale last read. */
export const POLICY_RELOAD_POLL_SECONDS = 10;

/** Where the policy file is mounted (`policy.path`), as the chart mounts it beside config.yaml. */
export const POLICY_PATH = '/etc/headscale/policy.json';

/** Where a hot-reloaded policy is mounted by default: its ConfigMap is mounted as that whole directory. */
export const LIVE_POLICY_PATH = '/etc/headscale/policy/policy.json';

/** Litestream's metrics listener (its config's `addr`) with metrics on: beside Headscale's 9090 in the same pod. */
export const LITESTREAM_METRICS_PORT = 9091;
export const LITESTREAM_RESOURCES: JsonMap = {
  requests: { cpu: '10m', memory: '32Mi' },
  limits: { memory: '128Mi' },
};
/** How many copies of the database taken before an upgrade stay on the data claim. */
export const UPGRADE_BACKUP_KEEP = 3;
