import type { HeadscaleValues } from '../values/schema';
import { CLIENT_TAG, CLIENT_USER, clientAdvertisesRoutes } from './policy';
import { objectName, Release, selectorLabels } from './release';
import { clusterServiceUrl } from './urls';

/**
 * Pure derivations for the in-cluster tailscaled client and its preauth key. Per-node values of
 * the DaemonSet use `$(NODE_NAME)`, which Kubernetes expands in env values from the NODE_NAME
 * variable defined before them, so the client's script needs no DaemonSet special case.
 */

const PER_NODE = '-$(NODE_NAME)';

/** The client's Deployment or DaemonSet, ServiceAccount and PodDisruptionBudget: `<fullname>-client`. */
export function clientName(release: Release): string {
  return objectName(release, '-client');
}

/** The Secret the key job writes and the client reads its preauth key from (key `authkey`). */
export function authKeySecretName(release: Release): string {
  return objectName(release, '-client-authkey');
}

/** The Secret tailscaled keeps its state in; one per node in DaemonSet mode. */
export function clientStateSecretBase(release: Release): string {
  return objectName(release, '-client-state');
}

/**
 * The client's hostname on the tailnet: derived from the fullname, so two releases' clients
 * don't collide (the chart registers every release's client as `headscale-client`).
 */
export function clientHostname(release: Release, daemonset: boolean): string {
  return clientName(release) + (daemonset ? PER_NODE : '');
}

/** Where the client finds the CA of the server's TLS certificate (`ca.crt` of `tls.secretName`). */
export const CLIENT_CA_DIR = '/etc/headscale-ca';

function flagValue(setting: 'unset' | boolean): string {
  return setting === 'unset' ? 'unset' : String(setting);
}

/** The environment of the client's script (src/scripts/tailscale-client.sh), in order. */
export function clientEnvironment(values: HeadscaleValues, release: Release): Array<{ name: string; value: string }> {
  const { client } = values;
  return [
    { name: 'TS_STATE_SECRET', value: clientStateSecretBase(release) + (client.daemonset ? PER_NODE : '') },
    { name: 'TS_HOSTNAME', value: clientHostname(release, client.daemonset) },
    // The chart hard-codes port 8080 here; this follows service.port and the server's TLS.
    { name: 'LOGIN_SERVER', value: clusterServiceUrl(values, release) },
    { name: 'ACCEPT_DNS', value: flagValue(client.acceptDns) },
    { name: 'ACCEPT_ROUTES', value: flagValue(client.acceptRoutes) },
    { name: 'ADVERTISE_ROUTES', value: client.advertiseRoutes.join(',') },
    { name: 'ADVERTISE_EXIT_NODE', value: String(client.exitNode) },
    // Go reads extra CA directories from SSL_CERT_DIR; the system's stay trusted for DERP servers.
    ...(values.tls.secretName ? [{ name: 'SSL_CERT_DIR', value: `/etc/ssl/certs:${CLIENT_CA_DIR}` }] : []),
  ];
}

/** The environment of the key script (src/scripts/ensure-client-key.sh), but for NAMESPACE, which comes from the pod. */
export function keyJobEnvironment(values: HeadscaleValues, release: Release): Array<{ name: string; value: string }> {
  const selector = Object.entries(selectorLabels(release, 'server')).map(([key, value]) => `${key}=${value}`).join(',');
  return [
    { name: 'SERVER_SELECTOR', value: selector },
    { name: 'SERVER_CONTAINER', value: 'headscale' },
    { name: 'AUTHKEY_SECRET', value: authKeySecretName(release) },
    { name: 'HEADSCALE_USER', value: CLIENT_USER },
    { name: 'KEY_EXPIRATION', value: values.client.preauthKeyExpiration },
    // Routes are approved for the tag (see policy.ts), so only a tagged key gets them approved.
    { name: 'KEY_TAGS', value: clientAdvertisesRoutes(values) ? CLIENT_TAG : '' },
  ];
}
