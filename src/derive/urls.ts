import type { HeadscaleValues } from '../values/schema';
import { internalTlsEnabled, internalTlsSecretName, internalTlsUrl } from './internal-tls';
import { serverPorts } from './ports';
import { ingressTls, serverServesTls } from './server-tls';
import type { Release } from './release';

/** The external URL of the first ingress host: https when the ingress has TLS ({@link ingressTls}). */
export function ingressUrl(values: Pick<HeadscaleValues, 'ingress' | 'tls'>): string | undefined {
  const host = values.ingress.hosts[0]?.host;
  if (!values.ingress.enabled || !host) return undefined;
  return `${ingressTls(values).length > 0 ? 'https' : 'http'}://${host}`;
}

/** The external URL of the HTTPRoute's first hostname: https unless `httpRoute.https` is false. */
export function httpRouteUrl(values: Pick<HeadscaleValues, 'httpRoute'>): string | undefined {
  const host = values.httpRoute.hostnames[0];
  if (!values.httpRoute.enabled || !host) return undefined;
  return `${values.httpRoute.https ? 'https' : 'http'}://${host}`;
}

/** Where the values expose Headscale outside the cluster: the ingress's first host, else the HTTPRoute's. */
export function publicUrl(values: Pick<HeadscaleValues, 'ingress' | 'httpRoute' | 'tls'>): string | undefined {
  return ingressUrl(values) ?? httpRouteUrl(values);
}

/**
 * The `server_url` the chart derives when it is empty: the first ingress host's URL when ingress
 * is enabled (or the HTTPRoute's first hostname), else the in-cluster Service URL.
 */
export function derivedServerUrl(
  values: Pick<HeadscaleValues, 'ingress' | 'httpRoute' | 'service' | 'tls' | 'config'>,
  release: Release,
): string {
  return publicUrl(values) ?? clusterServiceUrl(values, release);
}

/**
 * The server's Service by its cluster DNS name, on `service.port`: https when the server serves
 * TLS itself ({@link serverServesTls}).
 */
export function clusterServiceUrl(
  values: Pick<HeadscaleValues, 'service' | 'tls' | 'config' | 'ingress'>,
  release: Release,
): string {
  return serviceUrl(release.fullname, release.namespace, serverPorts(values).service, serverServesTls(values));
}

/** A Service's URL by its cluster DNS name. */
export function serviceUrl(name: string, namespace: string, port: number, tls: boolean): string {
  return `${tls ? 'https' : 'http'}://${name}.${namespace}.svc.cluster.local:${port}`;
}

/** How the in-cluster client reaches Headscale, best first. */
export type ClientTransport =
  /** Headscale serves TLS itself ({@link serverServesTls}): the Service's https URL, trusting the Secret's ca.crt. */
  | 'server-tls'
  /** The TLS listener on the Service's port 443 ({@link internalTlsEnabled}), trusting its private CA. */
  | 'internal-tls'
  /** `server_url` is https (the ingress's TLS, or a URL given), or `client.loginServer` is: the client logs in there. */
  | 'public-https'
  /** Nothing provides TLS: an http URL, which tailscale issue 15008 breaks on quick reconnects. */
  | 'plain-http';

type ClientUrlValues = Pick<HeadscaleValues, 'config' | 'ingress' | 'httpRoute' | 'tls' | 'client' | 'server'>;

/** The `server_url` Headscale runs with: the one given, else the derived one's scheme and host as far as the values tell. */
function effectiveServerUrl(
  values: Pick<HeadscaleValues, 'config' | 'ingress' | 'httpRoute' | 'tls'>,
): string | undefined {
  const given = values.config?.server_url;
  return typeof given === 'string' && given !== '' ? given : publicUrl(values);
}

/**
 * How the in-cluster client reaches Headscale. Tailscale clients from 1.78 on redial control on
 * port 443 with TLS after a recent Noise connection (tailscale/tailscale issue 15008), so a login
 * server reached over plain HTTP fails on quick reconnects: TLS is taken wherever the values give it.
 * `client.loginServer`, when given, is the URL (a Headscale elsewhere, or one the user chose).
 */
export function clientTransport(values: ClientUrlValues): ClientTransport {
  const given = values.client.loginServer;
  if (given) return given.startsWith('https://') ? 'public-https' : 'plain-http';
  if (serverServesTls(values)) return 'server-tls';
  if (internalTlsEnabled(values)) return 'internal-tls';
  return effectiveServerUrl(values)?.startsWith('https://') ? 'public-https' : 'plain-http';
}

/** The URL the in-cluster client logs in to: `client.loginServer`, else by {@link clientTransport}. */
export function clientLoginServer(
  values: ClientUrlValues & Pick<HeadscaleValues, 'service'>,
  release: Release,
): string {
  if (values.client.loginServer) return values.client.loginServer;
  const transport = clientTransport(values);
  if (transport === 'internal-tls') return internalTlsUrl(release);
  return transport === 'public-https' ? effectiveServerUrl(values)! : clusterServiceUrl(values, release);
}

/**
 * The Secret whose ca.crt the client trusts: `client.caSecretName`, else the server's own TLS
 * Secret (`tls.secretName`) when the server is deployed here and serves TLS itself, else the
 * in-cluster TLS listener's Secret.
 */
export function clientCaSecretName(values: ClientUrlValues, release: Release): string | undefined {
  if (values.client.caSecretName) return values.client.caSecretName;
  if (values.server.enabled && serverServesTls(values)) return values.tls.secretName;
  return clientTransport(values) === 'internal-tls' ? internalTlsSecretName(release) : undefined;
}
