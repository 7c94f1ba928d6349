import YAML from 'yaml';
import { JsonMap, mapAt } from '../values/json-map';
import type { HeadscaleValues } from '../values/schema';
import { policyNeeded, policyPath } from './policy';
import { Release } from './release';
import { clusterServiceUrl, ingressUrl } from './urls';

/**
 * Headscale's config.yaml: `config` (already merged over its defaults) with the chart's
 * derivations applied, in the chart's order:
 * 1. an empty `server_url` becomes the first ingress host's URL when ingress is enabled,
 * 2. else the in-cluster Service URL;
 * 3. extra DNS records set `dns.extra_records_path`, unless the user set it;
 * 4. a DERP map file sets `derp.paths`, unless the user set it;
 * 5. a policy file sets `policy.path`.
 */
export function headscaleConfig(values: HeadscaleValues, release: Release): JsonMap {
  const config: JsonMap = structuredClone(values.config ?? {});
  if (!config.server_url) config.server_url = ingressUrl(values) ?? clusterServiceUrl(release, values.service.port);
  if (values.extraDnsRecords.enabled) setUnlessGiven(mapAt(config, 'dns'), 'extra_records_path', values.extraDnsRecords.path);
  if (values.derpMap.enabled) setUnlessGiven(mapAt(config, 'derp'), 'paths', [values.derpMap.path]);
  if (policyNeeded(values)) mapAt(config, 'policy').path = policyPath(values);
  return config;
}

/** A map written as YAML with sorted keys, as Helm's toYaml writes it. */
export function toSortedYaml(value: unknown): string {
  return YAML.stringify(value, { sortMapEntries: true, lineWidth: 0 });
}


function setUnlessGiven(map: JsonMap, key: string, value: unknown): void {
  if (map[key] === undefined || map[key] === '') map[key] = value;
}
