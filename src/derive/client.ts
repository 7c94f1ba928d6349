import { parseCliDuration } from '../values/cli-duration';
import { clientRouteFlags } from '../values/tailscale-flags';
import { objectName, type Release } from './release';
import { apiKeyRenewBeforeSeconds } from './key-renewal';

/**
 * Pure derivations for the in-cluster tailscaled client and its preauth key. The DaemonSet's
 * per-node hostname uses `$(NODE_NAME)`, which Kubernetes expands in env values from the NODE_NAME
 * variable defined before them, so the client's script needs no DaemonSet special case.
 */

const PER_NODE = '-$(NODE_NAME)';

/** The client's Deployment or DaemonSet, ServiceAccount and PodDisruptionBudget: `<fullname>-client`. */
export function clientName(release: Release): string {
  return objectName(release, '-client');
}

/** The key job's ServiceAccount, Role and RoleBinding: `<fullname>-client-job`. */
export function keyJobName(release: Release): string {
  return objectName(release, '-client-job');
}

/** The key job's ServiceAccount, Role and RoleBinding, and its objects' prefix, without the client: `<fullname>-preauth-keys`. */
export function provisioningJobName(release: Release): string {
  return objectName(release, '-preauth-keys');
}

/** The Secret the key job writes and the client reads its preauth key from (key `authkey`). */
export function authKeySecretName(release: Release): string {
  return objectName(release, '-client-authkey');
}

/** The Secret the client's Deployment keeps tailscaled's state in (a DaemonSet keeps it on each node). */
export function clientStateSecret(release: Release): string {
  return objectName(release, '-client-state');
}

/** Where the client finds the CA that signed the server's certificate. */
export const CLIENT_CA_DIR = '/etc/headscale-ca';

/** Where tailscaled keeps its state: a Secret through the API, or a directory of the node. */
export type ClientState = { readonly secret: string } | { readonly directory: string };

/** tailscaled's `--state` for that state. */
export function stateArgument(state: ClientState): string {
  return 'secret' in state ? `kube:${state.secret}` : `${state.directory}/tailscaled.state`;
}

/** What the client's script is told; see src/scripts/tailscale-client.sh. */
export interface ClientSettings {
  readonly state: ClientState;
  /** The hostname on the tailnet, or its base in DaemonSet mode. */
  readonly hostname: string;
  /** One client per node: the hostname gets the node's name. */
  readonly perNode: boolean;
  /** tailscaled with userspace networking instead of the kernel's TUN device. */
  readonly userspace: boolean;
  readonly loginServer: string;
  /** undefined leaves the flag out. */
  readonly acceptDns?: boolean;
  /** undefined leaves the flag out. */
  readonly acceptRoutes?: boolean;
  /** Routes to advertise; a default route (0.0.0.0/0 or ::/0) makes the client an exit node. */
  readonly advertiseRoutes: readonly string[];
  readonly exitNode: boolean;
  /** The client trusts a CA mounted at {@link CLIENT_CA_DIR}. */
  readonly trustsCa: boolean;
}

function flagValue(setting: boolean | undefined): string {
  return setting === undefined ? 'unset' : String(setting);
}

/** The environment of the client's script, in order. */
export function clientEnvironment(settings: ClientSettings): Array<{ name: string; value: string }> {
  const perNode = settings.perNode ? PER_NODE : '';
  const routes = clientRouteFlags(settings.advertiseRoutes, settings.exitNode);
  return [
    { name: 'TS_STATE', value: stateArgument(settings.state) },
    { name: 'TS_USERSPACE', value: String(settings.userspace) },
    { name: 'TS_HOSTNAME', value: settings.hostname + perNode },
    { name: 'LOGIN_SERVER', value: settings.loginServer },
    { name: 'ACCEPT_DNS', value: flagValue(settings.acceptDns) },
    { name: 'ACCEPT_ROUTES', value: flagValue(settings.acceptRoutes) },
    { name: 'ADVERTISE_ROUTES', value: routes.advertiseRoutes.join(',') },
    { name: 'ADVERTISE_EXIT_NODE', value: String(routes.advertiseExitNode) },
    // Go reads extra CA directories from SSL_CERT_DIR; the system's stay trusted for DERP servers.
    ...(settings.trustsCa ? [{ name: 'SSL_CERT_DIR', value: `/etc/ssl/certs:${CLIENT_CA_DIR}` }] : []),
  ];
}

/** A Headscale user the key job creates when it is missing (an existing one is left as it is). */
export interface HeadscaleUserSpec {
  /** The user's name. */
  readonly name: string;
  /** The display name the user is created with. */
  readonly displayName?: string;
  /** The email address the user is created with. */
  readonly email?: string;
}

/** A preauth key the key job keeps in a Secret (key `authkey`). */
export interface PreauthKeySpec {
  /** The Secret the key is written to; the manifests create it, empty. */
  readonly secret: string;
  /** The Secret's data key that holds the key. @default 'authkey' */
  readonly secretKey?: string;
  /** The Headscale user that owns the key; a key with tags may have none (Headscale 0.28+). */
  readonly user?: string;
  /** The key's tags (a tagged key's node gets the tags' auto-approvals). */
  readonly tags: readonly string[];
  readonly reusable: boolean;
  readonly ephemeral: boolean;
  /** A duration as the headscale CLI reads it (`90d`, `87600h`), given to `headscale preauthkeys create --expiration`. */
  readonly expiration: string;
}

/** What the key script is told; see src/scripts/ensure-client-key.sh. */
export interface KeyJobSettings {
  /** The labels of the Headscale pods to exec into. */
  readonly serverSelector: Readonly<Record<string, string>>;
  readonly serverContainer: string;
  /** The users to create when missing. */
  readonly users: readonly HeadscaleUserSpec[];
  readonly keys: readonly PreauthKeySpec[];
  /**
   * A Secret to keep Headplane's cookie secret and API key in, the key's lifetime, and the
   * Deployment to restart when either changes.
   */
  readonly headplaneSecret?: {
    readonly name: string;
    readonly apiKeyExpiration: string;
    readonly deployment?: string;
  };
  /** The CronJob's schedule, which decides when the API key is renewed. */
  readonly schedule?: string;
}

const MILLISECONDS_PER_SECOND = 1000;

/** A CLI duration (see src/values/cli-duration.ts) in whole seconds; 0 for one the CLI refuses. */
export function lifetimeSeconds(expiration: string): number {
  return Math.floor((parseCliDuration(expiration) ?? 0) / MILLISECONDS_PER_SECOND);
}

/** A key is replaced once less than a tenth of its lifetime is left, so that a renewal finds it valid. */
export function renewBeforeSeconds(expiration: string): number {
  return Math.floor(lifetimeSeconds(expiration) / 10);
}

/** The environment of the key script, but for NAMESPACE, which comes from the pod. */
export function keyJobEnvironment(settings: KeyJobSettings): Array<{ name: string; value: string }> {
  const selector = Object.entries(settings.serverSelector)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
  const keys = settings.keys.map((key) => ({ ...key, renewBeforeSeconds: renewBeforeSeconds(key.expiration) }));
  const { headplaneSecret } = settings;
  const apiKeyLifetime = headplaneSecret ? lifetimeSeconds(headplaneSecret.apiKeyExpiration) : 0;
  return [
    { name: 'SERVER_SELECTOR', value: selector },
    { name: 'SERVER_CONTAINER', value: settings.serverContainer },
    { name: 'USERS', value: JSON.stringify(settings.users) },
    { name: 'PREAUTH_KEYS', value: JSON.stringify(keys) },
    ...(headplaneSecret
      ? [
          { name: 'HEADPLANE_SECRET', value: headplaneSecret.name },
          { name: 'API_KEY_EXPIRATION', value: headplaneSecret.apiKeyExpiration },
          { name: 'API_KEY_LIFETIME_SECONDS', value: String(apiKeyLifetime) },
          {
            name: 'API_KEY_RENEW_BEFORE_SECONDS',
            value: String(apiKeyRenewBeforeSeconds(apiKeyLifetime, settings.schedule)),
          },
          ...(headplaneSecret.deployment ? [{ name: 'HEADPLANE_DEPLOYMENT', value: headplaneSecret.deployment }] : []),
        ]
      : []),
  ];
}
