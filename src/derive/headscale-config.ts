import { type JsonMap, mapAt } from '../values/json-map';
import type { HeadscaleValues } from '../values/schema';
import { policyNeeded, policyPath } from './policy';
import { serverPorts } from './ports';
import type { Release } from './release';
import { derivedServerUrl } from './urls';

/** Where the server mounts the `tls.secretName` Secret (a kubernetes.io/tls Secret). */
export const SERVER_TLS_DIR = '/etc/headscale/tls';

/**
 * Headscale's config.yaml: `config` (already merged over its defaults) with the chart's
 * derivations applied, in the chart's order:
 * 1. an empty `server_url` becomes the first ingress host's URL when ingress is enabled,
 * 2. else the in-cluster Service URL;
 * 3.-5. and the derivations of {@link configFromValues}.
 */
export function headscaleConfig(values: HeadscaleValues, release: Release): JsonMap {
  const config = configFromValues(values);
  if (!config.server_url) config.server_url = derivedServerUrl(values, release);
  return config;
}

/**
 * config.yaml but for a derived `server_url` (which needs the release):
 * - an unset `listen_addr` listens on `service.port` (see {@link serverPorts});
 * 3. extra DNS records set `dns.extra_records_path`, unless the user set it;
 * 4. a DERP map file sets `derp.paths`, unless the user set it;
 * 5. a policy file sets `policy.path`;
 * and, beyond the chart, `tls.secretName` points `tls_cert_path`/`tls_key_path` at the mounted
 * Secret, unless the user set them.
 */
export function configFromValues(values: HeadscaleValues): JsonMap {
  const config: JsonMap = structuredClone(values.config ?? {});
  config.listen_addr = serverPorts(values).listenAddr;
  if (values.extraDnsRecords.enabled)
    setUnlessGiven(mapAt(config, 'dns'), 'extra_records_path', values.extraDnsRecords.path);
  if (values.derpMap.enabled) setUnlessGiven(mapAt(config, 'derp'), 'paths', [values.derpMap.path]);
  if (policyNeeded(values)) mapAt(config, 'policy').path = policyPath(values);
  if (values.tls.secretName) {
    setUnlessGiven(config, 'tls_cert_path', `${SERVER_TLS_DIR}/tls.crt`);
    setUnlessGiven(config, 'tls_key_path', `${SERVER_TLS_DIR}/tls.key`);
  }
  return config;
}

function setUnlessGiven(map: JsonMap, key: string, value: unknown): void {
  if (map[key] === undefined || map[key] === '') map[key] = value;
}
