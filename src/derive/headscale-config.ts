import { type JsonMap, mapAt } from '../core/json-map';
import type { HeadscaleValues } from '../values/schema';
import { policyNeeded, policyPath } from './policy';
import { EMBEDDED_DERP_DEFAULTS, listenAddressOn } from '../values/defaults';
import { embeddedDerpEnabled, grpcPort, metricsPort, serverPorts, stunPort } from './ports';
import type { Release } from './release';
import { serverServesTls } from './server-tls';
import { derivedServerUrl } from './urls';

/** Where the server mounts the `tls.secretName` Secret (a kubernetes.io/tls Secret). */
export const SERVER_TLS_DIR = '/etc/headscale/tls';
/** The server pod's volume of the TLS Secret, which a sidecar that dials Headscale over TLS mounts too. */
export const SERVER_TLS_VOLUME = 'tls-certs';

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
 * and, beyond the chart, unless the user set them: when Headscale serves TLS itself
 * ({@link serverServesTls}), `tls_cert_path`/`tls_key_path` point at the mounted `tls.secretName` Secret;
 * `metrics.enabled` sets `metrics_listen_addr` on every pod address; `grpc.enabled` sets
 * `grpc_listen_addr`, and `grpc.allowInsecure` sets `grpc_allow_insecure` when Headscale has no TLS
 * of its own (Headscale starts the gRPC listener only with one of them); the embedded DERP server
 * listens for STUN on UDP 3478, keeps its private key on the data volume and names its region
 * (EMBEDDED_DERP_DEFAULTS).
 */
export function configFromValues(values: HeadscaleValues): JsonMap {
  const config: JsonMap = structuredClone(values.config ?? {});
  config.listen_addr = serverPorts(values).listenAddr;
  if (values.extraDnsRecords.enabled)
    setUnlessGiven(mapAt(config, 'dns'), 'extra_records_path', values.extraDnsRecords.path);
  if (values.derpMap.enabled) setUnlessGiven(mapAt(config, 'derp'), 'paths', [values.derpMap.path]);
  if (policyNeeded(values)) mapAt(config, 'policy').path = policyPath(values);
  if (serverServesTls(values)) {
    setUnlessGiven(config, 'tls_cert_path', `${SERVER_TLS_DIR}/tls.crt`);
    setUnlessGiven(config, 'tls_key_path', `${SERVER_TLS_DIR}/tls.key`);
  }
  const metrics = metricsPort(values);
  if (metrics !== undefined) setUnlessGiven(config, 'metrics_listen_addr', listenAddressOn(metrics));
  const grpc = grpcPort(values);
  if (grpc !== undefined) {
    setUnlessGiven(config, 'grpc_listen_addr', listenAddressOn(grpc));
    if (values.grpc.allowInsecure && !config.tls_cert_path && config.grpc_allow_insecure === undefined)
      config.grpc_allow_insecure = true;
  }
  if (embeddedDerpEnabled(values)) {
    const server = mapAt(mapAt(config, 'derp'), 'server');
    setUnlessGiven(server, 'stun_listen_addr', listenAddressOn(stunPort(values)!));
    for (const [key, value] of Object.entries(EMBEDDED_DERP_DEFAULTS)) setUnlessGiven(server, key, value);
  }
  return config;
}

function setUnlessGiven(map: JsonMap, key: string, value: unknown): void {
  if (map[key] === undefined || map[key] === '') map[key] = value;
}
