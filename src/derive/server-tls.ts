import type { HeadscaleValues } from '../values/schema';

type TlsValues = Pick<HeadscaleValues, 'tls' | 'ingress'>;

/**
 * Chart 0.2.0's meaning of `tls.secretName`: without an ingress, Headscale serves TLS itself from
 * that Secret; with one, the ingress terminates TLS (with that Secret unless `ingress.tls` gives
 * its own, see {@link ingressTls}) and Headscale behind it serves plain HTTP.
 */
export function serverServesTls(values: TlsValues): boolean {
  return Boolean(values.tls.secretName) && !values.ingress.enabled;
}

/**
 * The main ingress's TLS entries: `ingress.tls`, else, with `tls.secretName` and the ingress on, one
 * entry of that Secret for the ingress's hosts, as chart 0.2.0 renders it.
 */
export function ingressTls(values: TlsValues): HeadscaleValues['ingress']['tls'] {
  const { ingress, tls } = values;
  if (!ingress.enabled || ingress.tls.length > 0 || !tls.secretName) return ingress.tls;
  return [{ hosts: ingress.hosts.map((entry) => entry.host), secretName: tls.secretName }];
}
