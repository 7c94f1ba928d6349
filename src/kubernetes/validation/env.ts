import { describeValue, type Finding } from '../../core/errors';
import type { JsonMap } from '../../core/json-map';
import { parseQuantity } from '../quantity';
import { asMap, given, required, stringField, under } from './fields';
import { configMapKeyProblem, dns1123SubdomainProblem, optional, qualifiedNameProblem } from './names';

/**
 * The API server's rules for a container's environment sources, from kubernetes/kubernetes
 * pkg/apis/core/validation/validation.go and pkg/apis/core/pods/helpers.go at v1.31.1.
 */

/** The pod fields ConvertDownwardAPIFieldLabel (pods/helpers.go) knows, with the old name it converts. */
const DOWNWARD_API_LABELS = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);
const CONVERTED_LABELS: Readonly<Record<string, string>> = { 'spec.host': 'spec.nodeName' };
const SUBSCRIPTED = /^(.+)\['(.*)'\]$/s;

/** validEnvDownwardAPIFieldPathExpressions (validation.go:2611): what an environment variable may read. */
const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];

/**
 * validateObjectFieldSelector (validation.go:2678) with ConvertDownwardAPIFieldLabel: apiVersion
 * v1 (the default when empty); a field path the kind of consumer supports, or one label or
 * annotation by key (`metadata.labels['key']`, fieldpath.SplitMaybeSubscriptedPath).
 */
export function objectFieldSelectorFindings(selector: JsonMap, supported: readonly string[]): Finding[] {
  const { apiVersion, fieldPath } = selector;
  if (typeof apiVersion === 'string' && apiVersion !== '' && apiVersion !== 'v1')
    return [{ at: ['apiVersion'], message: `must be v1, the pods' API version (got ${JSON.stringify(apiVersion)})` }];
  if (typeof fieldPath !== 'string') return [];
  if (fieldPath === '') return [{ at: ['fieldPath'], message: 'is required' }];
  const subscripted = SUBSCRIPTED.exec(fieldPath);
  if (subscripted) {
    const [, path, key] = subscripted;
    if (path !== 'metadata.labels' && path !== 'metadata.annotations')
      return [
        {
          at: ['fieldPath'],
          message: `may take a ['key'] only after metadata.labels or metadata.annotations (got ${JSON.stringify(fieldPath)})`,
        },
      ];
    return optional(['fieldPath'], qualifiedNameProblem(path === 'metadata.annotations' ? key.toLowerCase() : key));
  }
  const label = CONVERTED_LABELS[fieldPath] ?? fieldPath;
  return DOWNWARD_API_LABELS.has(label) && supported.includes(label)
    ? []
    : [
        {
          at: ['fieldPath'],
          message: `expected one of ${supported.join(', ')}, metadata.labels['key'] or metadata.annotations['key'] (got ${JSON.stringify(fieldPath)})`,
        },
      ];
}

/** validContainerResourceFieldPathExpressions and the hugepages prefixes (validation.go:2623). */
const RESOURCE_FIELDS = [
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
];
const HUGEPAGES_FIELD = /^(requests|limits)\.hugepages-/;

/** validContainerResourceDivisorFor*: the divisors a CPU, and a memory, storage or hugepages amount takes. */
const CPU_DIVISORS = [0.001, 1];
const BYTE_DIVISORS = [1, ...[1, 2, 3, 4, 5, 6].flatMap((power) => [1000 ** power, 1024 ** power])];

/** validateContainerResourceDivisor: a divisor the resource takes, when given. */
function divisorFindings(resource: string, divisor: unknown): Finding[] {
  if (typeof divisor !== 'string' && typeof divisor !== 'number') return [];
  const value = parseQuantity(divisor);
  if (value === undefined || value === 0) return [];
  const cpu = resource.endsWith('.cpu');
  return (cpu ? CPU_DIVISORS : BYTE_DIVISORS).includes(value)
    ? []
    : [
        {
          at: ['divisor'],
          message: cpu
            ? `must be 1m or 1 for ${resource} (got ${describeValue(divisor)})`
            : `must be 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi or 1Ei for ${resource} (got ${describeValue(divisor)})`,
        },
      ];
}

/**
 * validateContainerResourceFieldSelector: a resource the downward API exposes, and a divisor it
 * takes; a volume's file also names the container (`volume`).
 */
export function resourceFieldSelectorFindings(selector: JsonMap, volume: boolean): Finding[] {
  const { resource } = selector;
  if (volume && (typeof selector.containerName !== 'string' || selector.containerName === ''))
    return [
      { at: ['containerName'], message: 'is required in a volume: the container whose resources the file shows' },
    ];
  if (typeof resource !== 'string') return [];
  if (resource === '') return [{ at: ['resource'], message: 'is required' }];
  return RESOURCE_FIELDS.includes(resource) || HUGEPAGES_FIELD.test(resource)
    ? divisorFindings(resource, selector.divisor)
    : [
        {
          at: ['resource'],
          message: `expected one of ${RESOURCE_FIELDS.join(', ')} or requests.hugepages-<size>, limits.hugepages-<size> (got ${describeValue(resource)})`,
        },
      ];
}

/**
 * validateConfigMapKeySelector and validateSecretKeySelector (validation.go:2849, 2867): the name
 * an object name (ValidateSecretName, a DNS subdomain), the key a ConfigMap key.
 */
function keySelectorFindings(selector: JsonMap): Finding[] {
  return [
    ...(typeof selector.name === 'string' ? optional(['name'], dns1123SubdomainProblem(selector.name)) : []),
    ...(typeof selector.key === 'string' && selector.key !== ''
      ? stringField(selector, 'key', configMapKeyProblem)
      : required(selector, 'key')),
  ];
}

/** validateEnvVarValueFrom (validation.go:2637): each source's own rules. */
export function valueFromSourceFindings(valueFrom: JsonMap): Finding[] {
  return [
    ...(given(valueFrom, 'fieldRef')
      ? under('fieldRef', objectFieldSelectorFindings(asMap(valueFrom.fieldRef), ENV_FIELD_PATHS))
      : []),
    ...(given(valueFrom, 'resourceFieldRef')
      ? under('resourceFieldRef', resourceFieldSelectorFindings(asMap(valueFrom.resourceFieldRef), false))
      : []),
    ...(given(valueFrom, 'configMapKeyRef')
      ? under('configMapKeyRef', keySelectorFindings(asMap(valueFrom.configMapKeyRef)))
      : []),
    ...(given(valueFrom, 'secretKeyRef')
      ? under('secretKeyRef', keySelectorFindings(asMap(valueFrom.secretKeyRef)))
      : []),
  ];
}
