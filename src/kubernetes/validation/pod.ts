import { describeValue, type Finding } from '../../core/errors';
import { isJsonMap, type JsonMap } from '../../core/json-map';
import { parseQuantity } from '../quantity';
import {
  dns1123LabelProblem,
  envVarNameProblem,
  labelsFindings,
  labelValueProblem,
  optional,
  portNameProblem,
  portNumberProblem,
  portProblem,
  qualifiedNameProblem,
} from './names';

/**
 * The API server's rules for pods and their parts, from kubernetes/kubernetes
 * pkg/apis/core/validation/validation.go (the function each copies is named in its doc comment).
 * Each part's rules take the part as JSON that already passed the schema check, so a field of the
 * wrong type is skipped here. The values schema runs the rules of the fragments it holds (probes,
 * security contexts, resources, env, tolerations, affinity, volumes); the manifest check runs
 * them all on every pod template.
 */

const asMap = (value: unknown): JsonMap => (isJsonMap(value) ? value : {});
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const under = (at: PropertyKey, findings: readonly Finding[]): Finding[] =>
  findings.map((finding) => ({ at: [at, ...finding.at], message: finding.message }));
/** The findings of each entry of a list, at its index below `key`. */
const eachOf = (key: string, list: unknown, check: (entry: JsonMap) => Finding[]): Finding[] =>
  asList(list).flatMap((entry, index) => (isJsonMap(entry) ? under(key, under(index, check(entry))) : []));

/** Int32 fields that ValidateNonnegativeField holds to 0 or more. */
function nonNegative(map: JsonMap, fields: readonly string[]): Finding[] {
  return fields.flatMap((field) => {
    const value = map[field];
    return typeof value === 'number' && value < 0
      ? [{ at: [field], message: `must be greater than or equal to 0 (got ${value})` }]
      : [];
  });
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

export type ProbeKind = 'liveness' | 'readiness' | 'startup';

/**
 * validateProbe and validateHandler: exactly one handler, thresholds and delays not below 0, the
 * port a number or a port name; validateContainers: successThreshold of liveness and startup probes is 1.
 */
export function probeFindings(probe: JsonMap, kind: ProbeKind): Finding[] {
  const handlers = PROBE_HANDLERS.filter((handler) => probe[handler] !== undefined && probe[handler] !== null);
  const findings: Finding[] = [];
  if (handlers.length !== 1)
    findings.push({
      at: [],
      message:
        handlers.length === 0
          ? `must have a handler: one of ${PROBE_HANDLERS.join(', ')}`
          : `may not have more than one handler (got ${handlers.join(' and ')}): set the others to null to replace the default`,
    });
  findings.push(
    ...nonNegative(probe, [
      'initialDelaySeconds',
      'timeoutSeconds',
      'periodSeconds',
      'successThreshold',
      'failureThreshold',
    ]),
  );
  if (kind !== 'readiness' && typeof probe.successThreshold === 'number' && probe.successThreshold > 1)
    findings.push({
      at: ['successThreshold'],
      message: `must be 1 for a ${kind} probe (got ${probe.successThreshold})`,
    });
  for (const handler of ['httpGet', 'tcpSocket', 'grpc'] as const) {
    const port = asMap(probe[handler]).port;
    const problem = handler === 'grpc' && typeof port === 'number' ? portNumberProblem(port) : portProblem(port);
    findings.push(...optional([handler, 'port'], problem));
  }
  return findings;
}

/** Linux IDs (runAsUser, runAsGroup, fsGroup): ValidateNonnegativeField, and int32 at most (validateSecurityContext's range). */
function idFindings(context: JsonMap, fields: readonly string[]): Finding[] {
  return fields.flatMap((field) => {
    const value = context[field];
    return typeof value === 'number' && (value < 0 || value > 2147483647)
      ? [{ at: [field], message: `must be between 0 and 2147483647 (got ${value})` }]
      : [];
  });
}

/**
 * ValidateSecurityContext: IDs not below 0; allowPrivilegeEscalation false contradicts
 * privileged true and an added CAP_SYS_ADMIN.
 */
export function securityContextFindings(context: JsonMap): Finding[] {
  const findings = idFindings(context, ['runAsUser', 'runAsGroup']);
  if (context.allowPrivilegeEscalation === false) {
    if (context.privileged === true)
      findings.push({
        at: ['allowPrivilegeEscalation'],
        message: 'cannot be false while privileged is true: set allowPrivilegeEscalation to true (or null)',
      });
    if (asList(asMap(context.capabilities).add).some((cap) => cap === 'SYS_ADMIN' || cap === 'CAP_SYS_ADMIN'))
      findings.push({
        at: ['allowPrivilegeEscalation'],
        message: 'cannot be false while capabilities.add has SYS_ADMIN',
      });
  }
  return findings;
}

/** validatePodSpecSecurityContext: IDs and supplemental groups not below 0. */
export function podSecurityContextFindings(context: JsonMap): Finding[] {
  return [
    ...idFindings(context, ['runAsUser', 'runAsGroup', 'fsGroup']),
    ...asList(context.supplementalGroups).flatMap((group, index) =>
      typeof group === 'number' && group < 0
        ? [{ at: ['supplementalGroups', index], message: `must be 0 or more (got ${group})` }]
        : [],
    ),
  ];
}

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const HUGEPAGES = /^hugepages-/;

/**
 * ValidateContainerResourceRequirements and validateContainerResourceName: names are cpu,
 * memory, ephemeral-storage, hugepages-<size>, or qualified with a domain (an extended resource,
 * whose request equals its limit); no quantity is negative; a request is at most its limit.
 */
export function resourcesRulesFindings(resources: JsonMap): Finding[] {
  const findings: Finding[] = [];
  const limits = asMap(resources.limits);
  const requests = asMap(resources.requests);
  for (const [field, amounts] of [
    ['limits', limits],
    ['requests', requests],
  ] as const) {
    for (const [name, amount] of Object.entries(amounts)) {
      const standard = STANDARD_CONTAINER_RESOURCES.has(name) || HUGEPAGES.test(name);
      if (!standard && (!name.includes('/') || qualifiedNameProblem(name) !== undefined))
        findings.push({
          at: [field, name],
          message: `is not a container resource: expected cpu, memory, ephemeral-storage, hugepages-<size>, or a name with a domain such as example.com/gpu`,
        });
      const value = typeof amount === 'string' || typeof amount === 'number' ? parseQuantity(amount) : undefined;
      if (value !== undefined && value < 0)
        findings.push({ at: [field, name], message: `must be 0 or more (got ${describeValue(amount)})` });
    }
  }
  for (const [name, request] of Object.entries(requests)) {
    const limit = limits[name];
    if (limit === undefined) continue;
    const requested = parseQuantity(request as string | number);
    const limited = parseQuantity(limit as string | number);
    if (requested === undefined || limited === undefined) continue;
    const extended = name.includes('/');
    if (extended ? requested !== limited : requested > limited)
      findings.push({
        at: ['requests', name],
        message: extended
          ? `must equal the limit of an extended resource (got ${describeValue(request)}, limit ${describeValue(limit)})`
          : `must be less than or equal to the limit (got ${describeValue(request)}, limit ${describeValue(limit)})`,
      });
  }
  return findings;
}

const VALUE_FROM_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'] as const;

/** ValidateEnv and validateEnvVarValueFrom: a valid name; value or valueFrom, not both; valueFrom has exactly one source. */
export function envVarFindings(env: JsonMap): Finding[] {
  const findings = typeof env.name === 'string' ? optional(['name'], envVarNameProblem(env.name)) : [];
  if (isJsonMap(env.valueFrom)) {
    if (typeof env.value === 'string' && env.value !== '')
      findings.push({ at: ['valueFrom'], message: 'may not be given with a value: give value or valueFrom' });
    const sources = VALUE_FROM_SOURCES.filter((source) => env.valueFrom && (env.valueFrom as JsonMap)[source] != null);
    if (sources.length !== 1)
      findings.push({
        at: ['valueFrom'],
        message:
          sources.length === 0
            ? `must have a source: one of ${VALUE_FROM_SOURCES.join(', ')}`
            : `may have only one source (got ${sources.join(' and ')})`,
      });
  }
  return findings;
}

const TOLERATION_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/**
 * validateTolerations: the key a qualified name (empty only with Exists); operator Exists or
 * Equal; no value with Exists; Equal's value a label value; effect one of the taint effects;
 * tolerationSeconds only with NoExecute.
 */
export function tolerationFindings(toleration: JsonMap): Finding[] {
  const { key, operator, value, effect } = toleration;
  const findings: Finding[] = [];
  if (typeof key === 'string' && key !== '') findings.push(...optional(['key'], qualifiedNameProblem(key)));
  else if (operator !== 'Exists')
    findings.push({ at: ['operator'], message: 'must be Exists when key is empty (which matches every key)' });
  if (operator !== undefined && operator !== 'Exists' && operator !== 'Equal')
    findings.push({ at: ['operator'], message: `expected "Exists" or "Equal" (got ${describeValue(operator)})` });
  if (operator === 'Exists' && typeof value === 'string' && value !== '')
    findings.push({ at: ['value'], message: 'must be empty when operator is Exists' });
  if (operator !== 'Exists' && typeof value === 'string')
    findings.push(...optional(['value'], labelValueProblem(value)));
  if (effect !== undefined && effect !== '' && !TOLERATION_EFFECTS.includes(effect as string))
    findings.push({
      at: ['effect'],
      message: `expected ${TOLERATION_EFFECTS.map((e) => JSON.stringify(e)).join(', ')} or empty (got ${describeValue(effect)})`,
    });
  if (toleration.tolerationSeconds !== undefined && effect !== 'NoExecute')
    findings.push({ at: ['tolerationSeconds'], message: 'is only allowed with effect NoExecute' });
  return findings;
}

const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
const INTEGER = /^-?[0-9]+$/;

/**
 * ValidateNodeSelectorRequirement: the key a qualified name; In and NotIn take values, Exists
 * and DoesNotExist none, Gt and Lt one integer.
 */
function nodeSelectorRequirementFindings(requirement: JsonMap): Finding[] {
  const { key, operator } = requirement;
  const values = asList(requirement.values);
  const findings = typeof key === 'string' ? optional(['key'], qualifiedNameProblem(key)) : [];
  if (typeof operator === 'string' && !SELECTOR_OPERATORS.includes(operator))
    findings.push({
      at: ['operator'],
      message: `expected ${SELECTOR_OPERATORS.map((o) => JSON.stringify(o)).join(', ')} (got ${describeValue(operator)})`,
    });
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0)
    findings.push({ at: ['values'], message: `must have at least one value with operator ${operator}` });
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0)
    findings.push({ at: ['values'], message: `must be empty with operator ${operator}` });
  if ((operator === 'Gt' || operator === 'Lt') && (values.length !== 1 || !INTEGER.test(String(values[0]))))
    findings.push({ at: ['values'], message: `must be one integer with operator ${operator}` });
  return findings;
}

/** A NodeSelectorTerm's requirements (matchExpressions and matchFields). */
function nodeSelectorTermFindings(term: JsonMap): Finding[] {
  return [
    ...eachOf('matchExpressions', term.matchExpressions, nodeSelectorRequirementFindings),
    ...eachOf('matchFields', term.matchFields, nodeSelectorRequirementFindings),
  ];
}

/** validateAffinity and validateNodeAffinity: required terms (at least one) and preferred terms' requirements. */
export function affinityFindings(affinity: JsonMap): Finding[] {
  const node = asMap(affinity.nodeAffinity);
  const required = node.requiredDuringSchedulingIgnoredDuringExecution;
  const findings: Finding[] = [];
  if (isJsonMap(required)) {
    const terms = asList(required.nodeSelectorTerms);
    if (terms.length === 0)
      findings.push({
        at: ['nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'],
        message: 'must have at least one term',
      });
    findings.push(
      ...under(
        'nodeAffinity',
        under(
          'requiredDuringSchedulingIgnoredDuringExecution',
          eachOf('nodeSelectorTerms', terms, nodeSelectorTermFindings),
        ),
      ),
    );
  }
  findings.push(
    ...under(
      'nodeAffinity',
      eachOf(
        'preferredDuringSchedulingIgnoredDuringExecution',
        node.preferredDuringSchedulingIgnoredDuringExecution,
        (preferred) => under('preference', nodeSelectorTermFindings(asMap(preferred.preference))),
      ),
    ),
  );
  return findings;
}

/** validateVolumes: a volume's name is a DNS label. */
export function volumeFindings(volume: JsonMap): Finding[] {
  return typeof volume.name === 'string' ? optional(['name'], dns1123LabelProblem(volume.name)) : [];
}

/** ValidateVolumeMounts: a mount path is given. */
export function volumeMountFindings(mount: JsonMap): Finding[] {
  return mount.mountPath === '' ? [{ at: ['mountPath'], message: 'must not be empty' }] : [];
}

/** validateContainerPorts: ports 1 to 65535, names valid port names and unique in the container. */
function containerPortsFindings(ports: unknown): Finding[] {
  const names = new Set<string>();
  return eachOf('ports', ports, (port) => {
    const findings: Finding[] = [];
    if (typeof port.containerPort === 'number')
      findings.push(...optional(['containerPort'], portNumberProblem(port.containerPort)));
    if (typeof port.hostPort === 'number' && port.hostPort !== 0)
      findings.push(...optional(['hostPort'], portNumberProblem(port.hostPort)));
    if (typeof port.name === 'string') {
      findings.push(...optional(['name'], portNameProblem(port.name)));
      if (names.has(port.name))
        findings.push({ at: ['name'], message: `is used by another port (got "${port.name}")` });
      names.add(port.name);
    }
    return findings;
  });
}

/**
 * validateContainers and validateContainerCommon: the name a DNS label, the image without
 * spaces at either end, ports, env, resources, probes, security context, and mounts that name a
 * volume of the pod, each at a path of its own (ValidateVolumeMounts).
 */
function containerFindings(container: JsonMap, volumes: ReadonlySet<string>, init: boolean): Finding[] {
  const findings = typeof container.name === 'string' ? optional(['name'], dns1123LabelProblem(container.name)) : [];
  const { image } = container;
  if (typeof image === 'string' && image !== image.trim())
    findings.push({ at: ['image'], message: `must not have spaces at either end (got ${JSON.stringify(image)})` });
  findings.push(...containerPortsFindings(container.ports));
  findings.push(...eachOf('env', container.env, envVarFindings));
  findings.push(...under('resources', resourcesRulesFindings(asMap(container.resources))));
  if (!init) {
    for (const [field, kind] of [
      ['livenessProbe', 'liveness'],
      ['readinessProbe', 'readiness'],
      ['startupProbe', 'startup'],
    ] as const) {
      if (isJsonMap(container[field])) findings.push(...under(field, probeFindings(container[field], kind)));
    }
  }
  findings.push(...under('securityContext', securityContextFindings(asMap(container.securityContext))));
  const paths = new Set<string>();
  findings.push(
    ...eachOf('volumeMounts', container.volumeMounts, (mount) => {
      const mountFindings = volumeMountFindings(mount);
      if (typeof mount.name === 'string' && !volumes.has(mount.name))
        mountFindings.push({ at: ['name'], message: `names no volume of the pod (got "${mount.name}")` });
      if (typeof mount.mountPath === 'string') {
        if (paths.has(mount.mountPath))
          mountFindings.push({
            at: ['mountPath'],
            message: `must be unique: another mount of the container is at ${JSON.stringify(mount.mountPath)}`,
          });
        paths.add(mount.mountPath);
      }
      return mountFindings;
    }),
  );
  return findings;
}

/**
 * ValidatePodSpec: volume names unique, container names unique across init and app containers,
 * each container's rules, the security context, node selector, tolerations and affinity.
 */
export function podSpecFindings(spec: JsonMap): Finding[] {
  const volumes = new Set<string>();
  const findings = eachOf('volumes', spec.volumes, (volume) => {
    const volumeProblems = volumeFindings(volume);
    if (typeof volume.name === 'string') {
      if (volumes.has(volume.name))
        volumeProblems.push({
          at: ['name'],
          message: `must be unique: another volume of the pod is named "${volume.name}"`,
        });
      volumes.add(volume.name);
    }
    return volumeProblems;
  });
  const containerNames = new Set<string>();
  for (const [field, init] of [
    ['initContainers', true],
    ['containers', false],
  ] as const) {
    findings.push(
      ...eachOf(field, spec[field], (container) => {
        const containerProblems = containerFindings(container, volumes, init);
        if (typeof container.name === 'string') {
          if (containerNames.has(container.name))
            containerProblems.push({ at: ['name'], message: `must be unique in the pod (got "${container.name}")` });
          containerNames.add(container.name);
        }
        return containerProblems;
      }),
    );
  }
  findings.push(...under('securityContext', podSecurityContextFindings(asMap(spec.securityContext))));
  findings.push(...under('nodeSelector', labelsFindings(asMap(spec.nodeSelector))));
  findings.push(...eachOf('tolerations', spec.tolerations, tolerationFindings));
  findings.push(...under('affinity', affinityFindings(asMap(spec.affinity))));
  return findings;
}

export { asList, asMap, eachOf, under };
