import type { HeadscaleValues } from '../values/schema';
import { Release } from './release';

/** The external URL of the first ingress host: https when any TLS entry is given. */
export function ingressUrl(values: Pick<HeadscaleValues, 'ingress'>): string | undefined {
  const host = values.ingress.hosts[0]?.host;
  if (!values.ingress.enabled || !host) return undefined;
  return `${values.ingress.tls.length > 0 ? 'https' : 'http'}://${host}`;
}

/** The fully qualified in-cluster URL of the server's Service. */
export function clusterServiceUrl(release: Release, port: number): string {
  return `http://${release.fullname}.${release.namespace}.svc.cluster.local:${port}`;
}
