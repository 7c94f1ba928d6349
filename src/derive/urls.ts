import type { HeadscaleValues } from '../values/schema';
import { Release } from './release';

/** The external URL of the first ingress host: https when any TLS entry is given. */
export function ingressUrl(values: Pick<HeadscaleValues, 'ingress'>): string | undefined {
  const host = values.ingress.hosts[0]?.host;
  if (!values.ingress.enabled || !host) return undefined;
  return `${values.ingress.tls.length > 0 ? 'https' : 'http'}://${host}`;
}

/**
 * The `server_url` the chart derives when it is empty: the first ingress host's URL when ingress
 * is enabled, else the in-cluster Service URL.
 */
export function derivedServerUrl(values: Pick<HeadscaleValues, 'ingress' | 'service' | 'tls'>, release: Release): string {
  return ingressUrl(values) ?? clusterServiceUrl(values, release);
}

/**
 * The server's Service by its cluster DNS name, on `service.port`: https when the server serves
 * TLS itself (`tls.secretName`).
 */
export function clusterServiceUrl(values: Pick<HeadscaleValues, 'service' | 'tls'>, release: Release): string {
  return serviceUrl(release.fullname, release.namespace, values.service.port, Boolean(values.tls.secretName));
}

/** A Service's URL by its cluster DNS name. */
export function serviceUrl(name: string, namespace: string, port: number, tls: boolean): string {
  return `${tls ? 'https' : 'http'}://${name}.${namespace}.svc.cluster.local:${port}`;
}
