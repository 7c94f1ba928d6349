/** The shapes Kubernetes requires of object names, and the problem with a name that has none of them. */

/** An RFC 1123 label: names of Services' targets, label-like names; at most 63 characters. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** An RFC 1035 label: a DNS label that starts with a letter (Service names). */
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** An RFC 1123 subdomain: most object names (ConfigMaps, Secrets, claims, ServiceAccounts); at most 253 characters. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A key of a ConfigMap's or Secret's data. */
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;

export type NameKind = 'label' | 'service' | 'subdomain' | 'data key';

const RULES: Record<NameKind, { readonly pattern: RegExp; readonly limit: number; readonly expected: string }> = {
  label: {
    pattern: DNS_LABEL,
    limit: 63,
    expected: 'lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters',
  },
  service: {
    pattern: DNS_1035_LABEL,
    limit: 63,
    expected:
      'lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, at most 63 characters',
  },
  subdomain: {
    pattern: DNS_SUBDOMAIN,
    limit: 253,
    expected:
      'lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters',
  },
  'data key': { pattern: DATA_KEY, limit: 253, expected: 'letters, digits, "-", "_" and ".", at most 253 characters' },
};

/**
 * What is wrong with `name` as a Kubernetes name of that kind, or undefined when it is fine.
 * `limit` overrides the kind's length limit (a name the chart cuts to length is checked without one).
 */
export function nameProblem(name: string, kind: NameKind, limit: number = RULES[kind].limit): string | undefined {
  const rule = RULES[kind];
  if (rule.pattern.test(name) && name.length <= limit) return undefined;
  return `is not a valid Kubernetes name (got ${JSON.stringify(name)}; expected ${rule.expected})`;
}
