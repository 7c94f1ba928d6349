import type { HeadscaleValues } from '../values/schema';
import { objectName, type Release } from './release';

/**
 * Chart 0.2.0's "mode A": with the server and the in-cluster client both deployed here and an
 * ingress in front (which terminates TLS, with `tls.secretName` too, as Headscale behind it serves
 * plain HTTP), Headscale also gets a TLS listener on the Service's port 443, which the client logs
 * in through. Tailscale clients from 1.78 on redial control on port 443 with TLS after a recent
 * Noise connection (tailscale/tailscale issue 15008), so the client needs TLS on 443 at the address
 * it logs in to. Here the certificate comes from a private CA the key job makes once, and the
 * client trusts that CA only, not the first certificate it sees. `client.loginServer` or
 * `client.caSecretName` (a URL or a CA of the user's) keeps the client where the user points it.
 */
export function internalTlsEnabled(values: Pick<HeadscaleValues, 'server' | 'client' | 'ingress'>): boolean {
  return (
    values.server.enabled &&
    values.client.enabled &&
    values.ingress.enabled &&
    !values.client.loginServer &&
    // A CA of the user's is for the ingress's certificate: the client logs in through the ingress.
    !values.client.caSecretName &&
    values.client.internalTls.enabled
  );
}

/** The Secret of the CA and the listener's certificate (ca.crt, tls.crt, tls.key): `<fullname>-internal-tls`. */
export function internalTlsSecretName(release: Release): string {
  return objectName(release, '-internal-tls');
}

/** The listener's nginx configuration: `<fullname>-tls-sidecar`, as the chart names it. */
export function tlsSidecarConfigName(release: Release): string {
  return objectName(release, '-tls-sidecar');
}

/** The names the listener's certificate is for: the Service's cluster DNS names. */
export function internalTlsDnsNames(release: Release): string[] {
  const service = `${release.fullname}.${release.namespace}.svc`;
  return [`${service}.cluster.local`, service];
}

/** The client's login server through the listener: the Service's https URL on port 443 (no port in the URL). */
export function internalTlsUrl(release: Release): string {
  return `https://${internalTlsDnsNames(release)[0]}`;
}

/**
 * nginx's whole configuration (`nginx -c`), so that it doesn't depend on the image's: TLS
 * terminated by the stream module and the bytes passed to Headscale's port on the pod's loopback,
 * so HTTP upgrades (Headscale's Noise protocol on /ts2021) and long polls pass as they are. The
 * pid file goes to /tmp (an emptyDir; the root filesystem is read-only), logs to the container's
 * output.
 */
export function tlsSidecarNginxConfig(listenPort: number, upstreamPort: number, certDir: string): string {
  return [
    'worker_processes 1;',
    'pid /tmp/nginx.pid;',
    'error_log stderr warn;',
    'events {',
    '  worker_connections 1024;',
    '}',
    'stream {',
    '  server {',
    `    listen ${listenPort} ssl;`,
    `    ssl_certificate ${certDir}/tls.crt;`,
    `    ssl_certificate_key ${certDir}/tls.key;`,
    '    ssl_protocols TLSv1.2 TLSv1.3;',
    `    proxy_pass 127.0.0.1:${upstreamPort};`,
    // A map long poll stays open between keep-alives; nginx's default of 10 minutes would cut
    // an idle one, so allow an hour.
    '    proxy_timeout 1h;',
    '  }',
    '}',
    '',
  ].join('\n');
}
