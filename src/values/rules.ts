import type { ValuesProblem } from './errors';
import type { HeadscaleValues } from './schema';

/**
 * Rules between keys that the schema's per-key types can't express. Each returns the problems it
 * finds, so the user sees all of them at once.
 */
type Rule = (values: HeadscaleValues) => ValuesProblem[];

/** A file taken from an existing ConfigMap must name that ConfigMap. */
const existingConfigMapsAreNamed: Rule = (values) => {
  const mounts = [
    { key: 'derpMap', enabled: values.derpMap.enabled, configMap: values.derpMap.configMap },
    { key: 'extraDnsRecords', enabled: values.extraDnsRecords.enabled, configMap: values.extraDnsRecords.configMap },
    { key: 'policy', enabled: values.policy.enabled, configMap: values.policy.configMap },
    { key: 'ui.configMap', enabled: values.ui.enabled && values.ui.configMap.enabled, configMap: values.ui.configMap },
  ];
  return mounts
    .filter((m) => m.enabled && !m.configMap.create && !m.configMap.name)
    .map((m) => ({
      path: m.key === 'ui.configMap' ? 'ui.configMap.name' : `${m.key}.configMap.name`,
      message: 'is required when configMap.create is false (the name of the existing ConfigMap to mount)',
    }));
};

const ingressHasAHost: Rule = (values) =>
  values.ingress.enabled && values.ingress.hosts.length === 0
    ? [{ path: 'ingress.hosts', message: 'needs at least one host when ingress.enabled is true' }]
    : [];

const RULES: readonly Rule[] = [existingConfigMapsAreNamed, ingressHasAHost];

export function crossFieldProblems(values: HeadscaleValues): ValuesProblem[] {
  return RULES.flatMap((rule) => rule(values));
}
