import { describeValue, type Finding } from '../../core/errors';
import { isJsonMap, type JsonMap } from '../../core/json-map';
import { parseQuantity } from '../quantity';
import { valueFromSourceFindings } from './env';
import { asList, asMap, eachOf, given, oneOf, required, under } from './fields';
import {
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  envVarNameProblem,
  labelsFindings,
  labelValueProblem,
  optional,
  portNameProblem,
  portNumberProblem,
  PORT_PROTOCOLS,
  portProblem,
  protocolOf,
  qualifiedNameProblem,
} from './names';
import { labelSelectorFindings } from './selectors';
import { localDescendingPathProblem, volumeMountFindings, volumeSourceFindings } from './volumes';

/**
 * The API server's rules for pods and their parts, from kubernetes/kubernetes
 * pkg/apis/core/validation/validation.go at v1.31.1 (the function each copies is named in its doc
 * comment, with its line where it was ported at that tag).
 * Each part's rules take the part as JSON that already passed the schema check, so a field of the
 * wrong type is skipped here. The values schema runs the rules of the fragments it holds (probes,
 * security contexts, resources, env, tolerations, affinity, volumes); the manifest check runs
 * them all on every pod template.
 */

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

/** IsHTTPHeaderName (apimachinery pkg/util/validation/validation.go:412 at v0.31.1). */
const HTTP_HEADER_NAME = /^[-A-Za-z0-9]+$/;

/**
 * validateProbe (validation.go:3103) and validateHandler (validation.go:3285): exactly one
 * handler, thresholds and delays not below 0, terminationGracePeriodSeconds above 0, the port a
 * number or a port name; validateExecAction (validation.go:3236): a command;
 * validateHTTPGetAction (validation.go:3246): scheme HTTP or HTTPS, header names as Go's HTTP
 * library takes them; validateLivenessProbe and validateStartupProbe (validation.go:3064, 3090):
 * successThreshold 1; validateReadinessProbe (validation.go:3077): no terminationGracePeriodSeconds.
 */
export function probeFindings(probe: JsonMap, kind: ProbeKind): Finding[] {
  const handlers = PROBE_HANDLERS.filter((handler) => given(probe, handler));
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
  const grace = probe.terminationGracePeriodSeconds;
  if (typeof grace === 'number' && grace <= 0)
    findings.push({ at: ['terminationGracePeriodSeconds'], message: `must be greater than 0 (got ${grace})` });
  if (kind === 'readiness' && given(probe, 'terminationGracePeriodSeconds'))
    findings.push({
      at: ['terminationGracePeriodSeconds'],
      message: 'must not be set on a readiness probe: it applies to liveness and startup probes only',
    });
  for (const handler of ['httpGet', 'tcpSocket', 'grpc'] as const) {
    const port = asMap(probe[handler]).port;
    const problem = handler === 'grpc' && typeof port === 'number' ? portNumberProblem(port) : portProblem(port);
    findings.push(...optional([handler, 'port'], problem));
  }
  if (isJsonMap(probe.exec))
    findings.push(
      ...under('exec', required(probe.exec, 'command', 'must have at least one element: the command to run')),
    );
  if (isJsonMap(probe.httpGet)) {
    findings.push(...under('httpGet', oneOf(probe.httpGet, 'scheme', ['HTTP', 'HTTPS'])));
    findings.push(
      ...under(
        'httpGet',
        eachOf('httpHeaders', probe.httpGet.httpHeaders, (header) =>
          typeof header.name === 'string' && !HTTP_HEADER_NAME.test(header.name)
            ? [
                {
                  at: ['name'],
                  message: `must be an HTTP header name: letters, digits and "-" (got ${describeValue(header.name)})`,
                },
              ]
            : [],
        ),
      ),
    );
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

const PROFILE_TYPES = ['Localhost', 'RuntimeDefault', 'Unconfined'];

/** A profile's type: required, and one of the known ones. */
const profileTypeFindings = (profile: JsonMap, field: string): Finding[] =>
  given(profile, 'type') && profile.type !== ''
    ? oneOf(profile, 'type', PROFILE_TYPES)
    : [{ at: ['type'], message: `is required when ${field} is set` }];

/**
 * validateSeccompProfileField (validation.go:4661): a type; Localhost needs localhostProfile,
 * a relative path without `..`; another type takes none.
 */
function seccompProfileFindings(profile: JsonMap): Finding[] {
  const findings = profileTypeFindings(profile, 'seccompProfile');
  const { localhostProfile } = profile;
  if (profile.type === 'Localhost') {
    if (typeof localhostProfile !== 'string')
      findings.push({ at: ['localhostProfile'], message: 'must be set when type is Localhost' });
    else findings.push(...optional(['localhostProfile'], localDescendingPathProblem(localhostProfile)));
  } else if (given(profile, 'localhostProfile'))
    findings.push({
      at: ['localhostProfile'],
      message: `can only be set when type is Localhost (got type ${describeValue(profile.type)})`,
    });
  return findings;
}

/** PATH_MAX less one, the longest AppArmor profile name ValidateAppArmorProfileField takes. */
const APPARMOR_PROFILE_LIMIT = 4095;

/**
 * ValidateAppArmorProfileField (validation.go:4725): a type; Localhost needs a localhostProfile
 * that is not empty, not padded with spaces, at most 4095 characters; another type takes none.
 */
function appArmorProfileFindings(profile: JsonMap): Finding[] {
  const findings = profileTypeFindings(profile, 'appArmorProfile');
  const { localhostProfile } = profile;
  if (profile.type === 'Localhost') {
    if (typeof localhostProfile !== 'string' || localhostProfile.trim() === '')
      findings.push({ at: ['localhostProfile'], message: 'must be set when type is Localhost' });
    else if (localhostProfile !== localhostProfile.trim())
      findings.push({
        at: ['localhostProfile'],
        message: `must not be padded with spaces (got ${JSON.stringify(localhostProfile)})`,
      });
    else if (localhostProfile.length > APPARMOR_PROFILE_LIMIT)
      findings.push({
        at: ['localhostProfile'],
        message: `must be at most ${APPARMOR_PROFILE_LIMIT} characters (got ${localhostProfile.length})`,
      });
  } else if (given(profile, 'localhostProfile'))
    findings.push({
      at: ['localhostProfile'],
      message: `can only be set when type is Localhost (got type ${describeValue(profile.type)})`,
    });
  return findings;
}

/** The profiles both kinds of security context take. */
function profilesFindings(context: JsonMap): Finding[] {
  return [
    ...(isJsonMap(context.seccompProfile)
      ? under('seccompProfile', seccompProfileFindings(context.seccompProfile))
      : []),
    ...(isJsonMap(context.appArmorProfile)
      ? under('appArmorProfile', appArmorProfileFindings(context.appArmorProfile))
      : []),
  ];
}

/**
 * ValidateSecurityContext (validation.go:7201): IDs not below 0; allowPrivilegeEscalation false
 * contradicts privileged true and an added CAP_SYS_ADMIN; the seccomp and AppArmor profiles.
 */
export function securityContextFindings(context: JsonMap): Finding[] {
  const findings = [...idFindings(context, ['runAsUser', 'runAsGroup']), ...profilesFindings(context)];
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

/** IsValidSysctlName (validation.go:4879): dot- or slash-separated segments, at most 253 characters. */
const SYSCTL_NAME = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;
const SYSCTL_NAME_LIMIT = 253;

/** validateSysctls (validation.go:4886): each name given, a sysctl name, once. */
function sysctlsFindings(sysctls: unknown): Finding[] {
  const names = new Set<string>();
  return eachOf('sysctls', sysctls, (sysctl) => {
    const { name } = sysctl;
    if (typeof name !== 'string' || name === '') return [{ at: ['name'], message: 'is required' }];
    const findings: Finding[] = [];
    if (name.length > SYSCTL_NAME_LIMIT || !SYSCTL_NAME.test(name))
      findings.push({
        at: ['name'],
        message: `must be a sysctl name such as net.ipv4.ip_forward: lowercase letters, digits, "-" and "_" in segments joined by "." or "/", at most ${SYSCTL_NAME_LIMIT} characters (got ${describeValue(name)})`,
      });
    else if (names.has(name)) findings.push({ at: ['name'], message: `is set by another sysctl too (got "${name}")` });
    names.add(name);
    return findings;
  });
}

/**
 * validatePodSpecSecurityContext (validation.go:4923): IDs and supplemental groups not below 0,
 * sysctls, the seccomp and AppArmor profiles.
 */
export function podSecurityContextFindings(context: JsonMap): Finding[] {
  return [
    ...idFindings(context, ['runAsUser', 'runAsGroup', 'fsGroup']),
    ...asList(context.supplementalGroups).flatMap((group, index) =>
      typeof group === 'number' && group < 0
        ? [{ at: ['supplementalGroups', index], message: `must be 0 or more (got ${group})` }]
        : [],
    ),
    ...sysctlsFindings(context.sysctls),
    ...profilesFindings(context),
  ];
}

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const HUGEPAGES = /^hugepages-/;

/** helper.IsOvercommitAllowed: a native resource (no domain, or a kubernetes.io one) other than hugepages. */
const overcommitAllowed = (name: string): boolean =>
  (!name.includes('/') || name.includes('kubernetes.io/')) && !HUGEPAGES.test(name);

/**
 * ValidateResourceRequirements (validation.go:6684) and validateContainerResourceName: names are
 * cpu, memory, ephemeral-storage, hugepages-<size>, or qualified with a domain; no quantity is
 * negative; a request is at most its limit, and for a resource that can't be overcommitted
 * (extended resources, hugepages) has a limit equal to it; hugepages come with cpu or memory.
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
    const strict = !overcommitAllowed(name);
    if (limit === undefined) {
      if (strict)
        findings.push({
          at: ['limits', name],
          message: `is required with requests.${name}, and equal to it: ${name} can't be overcommitted`,
        });
      continue;
    }
    const requested = parseQuantity(request as string | number);
    const limited = parseQuantity(limit as string | number);
    if (requested === undefined || limited === undefined) continue;
    if (strict ? requested !== limited : requested > limited)
      findings.push({
        at: ['requests', name],
        message: strict
          ? `must equal the limit, as ${name} can't be overcommitted (got ${describeValue(request)}, limit ${describeValue(limit)})`
          : `must be less than or equal to the limit (got ${describeValue(request)}, limit ${describeValue(limit)})`,
      });
  }
  const names = [...Object.keys(limits), ...Object.keys(requests)];
  if (names.some((name) => HUGEPAGES.test(name)) && !names.some((name) => name === 'cpu' || name === 'memory'))
    findings.push({ at: [], message: 'has hugepages, which need a cpu or memory request or limit too' });
  return findings;
}

const VALUE_FROM_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'] as const;

/**
 * ValidateEnv and validateEnvVarValueFrom (validation.go:2637): a valid name; value or valueFrom,
 * not both; valueFrom has exactly one source, and that source's rules.
 */
export function envVarFindings(env: JsonMap): Finding[] {
  const findings = typeof env.name === 'string' ? optional(['name'], envVarNameProblem(env.name)) : [];
  if (isJsonMap(env.valueFrom)) {
    if (typeof env.value === 'string' && env.value !== '')
      findings.push({ at: ['valueFrom'], message: 'may not be given with a value: give value or valueFrom' });
    const sources = VALUE_FROM_SOURCES.filter((source) => given(env.valueFrom as JsonMap, source));
    if (sources.length !== 1)
      findings.push({
        at: ['valueFrom'],
        message:
          sources.length === 0
            ? `must have a source: one of ${VALUE_FROM_SOURCES.join(', ')}`
            : `may have only one source (got ${sources.join(' and ')})`,
      });
    findings.push(...under('valueFrom', valueFromSourceFindings(env.valueFrom)));
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
    ...eachOf('matchFields', term.matchFields, nodeFieldSelectorRequirementFindings),
  ];
}

/**
 * ValidateNodeFieldSelectorRequirement (validation.go:4412): the one node field a selector may
 * match is metadata.name, with In or NotIn and one value, a node name (a DNS subdomain).
 */
function nodeFieldSelectorRequirementFindings(requirement: JsonMap): Finding[] {
  const { key, operator } = requirement;
  const values = asList(requirement.values);
  const findings: Finding[] = [];
  if (operator !== 'In' && operator !== 'NotIn')
    findings.push({
      at: ['operator'],
      message: `expected "In" or "NotIn" for a node field (got ${describeValue(operator)})`,
    });
  else if (values.length !== 1)
    findings.push({
      at: ['values'],
      message: `must have exactly one value with operator ${operator} (got ${values.length})`,
    });
  if (key !== 'metadata.name')
    findings.push({
      at: ['key'],
      message: `expected "metadata.name", the one node field a selector matches (got ${describeValue(key)})`,
    });
  else
    values.forEach((value, index) => {
      if (typeof value === 'string') findings.push(...optional(['values', index], dns1123SubdomainProblem(value)));
    });
  return findings;
}

/** ValidatePreferredSchedulingTerms and validateWeightedPodAffinityTerms (validation.go:4556, 4596): a weight from 1 to 100. */
function weightFindings(term: JsonMap): Finding[] {
  const { weight } = term;
  return typeof weight === 'number' && (weight < 1 || weight > 100)
    ? [{ at: ['weight'], message: `must be from 1 to 100 (got ${weight})` }]
    : [];
}

/**
 * validatePodAffinityTerm (validation.go:4570) and ValidatePodAffinityTermSelector: the label and
 * namespace selectors, namespaces that are namespace names, a topologyKey that is a label name.
 */
function podAffinityTermFindings(term: JsonMap): Finding[] {
  const findings = [
    ...under('labelSelector', labelSelectorFindings(asMap(term.labelSelector))),
    ...under('namespaceSelector', labelSelectorFindings(asMap(term.namespaceSelector))),
    ...asList(term.namespaces).flatMap((namespace, index) =>
      typeof namespace === 'string' ? optional(['namespaces', index], dns1123LabelProblem(namespace)) : [],
    ),
  ];
  const { topologyKey } = term;
  if (typeof topologyKey !== 'string' || topologyKey === '')
    findings.push({
      at: ['topologyKey'],
      message: 'is required: the node label whose value groups nodes, such as kubernetes.io/hostname',
    });
  else findings.push(...optional(['topologyKey'], qualifiedNameProblem(topologyKey)));
  return findings;
}

/** validatePodAffinity and validatePodAntiAffinity: required terms, and weighted preferred terms. */
function podAffinityFindings(affinity: JsonMap): Finding[] {
  return [
    ...eachOf(
      'requiredDuringSchedulingIgnoredDuringExecution',
      affinity.requiredDuringSchedulingIgnoredDuringExecution,
      podAffinityTermFindings,
    ),
    ...eachOf(
      'preferredDuringSchedulingIgnoredDuringExecution',
      affinity.preferredDuringSchedulingIgnoredDuringExecution,
      (preferred) => [
        ...weightFindings(preferred),
        ...under('podAffinityTerm', podAffinityTermFindings(asMap(preferred.podAffinityTerm))),
      ],
    ),
  ];
}

/**
 * validateAffinity and validateNodeAffinity: required node terms (at least one) and weighted
 * preferred terms' requirements; pod affinity and anti-affinity terms.
 */
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
        (preferred) => [
          ...weightFindings(preferred),
          ...under('preference', nodeSelectorTermFindings(asMap(preferred.preference))),
        ],
      ),
    ),
  );
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const)
    if (isJsonMap(affinity[kind])) findings.push(...under(kind, podAffinityFindings(affinity[kind])));
  return findings;
}

/** validateVolumes: a volume's name is a DNS label; validateVolumeSource: one source and its rules. */
export function volumeFindings(volume: JsonMap): Finding[] {
  return [
    ...(typeof volume.name === 'string' ? optional(['name'], dns1123LabelProblem(volume.name)) : []),
    ...volumeSourceFindings(volume),
  ];
}

/** validateContainerPorts (validation.go:2549): ports 1 to 65535, a known protocol, names valid port names and unique in the container. */
function containerPortsFindings(ports: unknown): Finding[] {
  const names = new Set<string>();
  return eachOf('ports', ports, (port) => {
    const findings: Finding[] = oneOf(port, 'protocol', PORT_PROTOCOLS);
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
      const problems = volumeMountFindings(mount, container);
      if (typeof mount.name === 'string' && !volumes.has(mount.name))
        problems.push({ at: ['name'], message: `names no volume of the pod (got "${mount.name}")` });
      if (typeof mount.mountPath === 'string') {
        if (paths.has(mount.mountPath))
          problems.push({
            at: ['mountPath'],
            message: `must be unique: another mount of the container is at ${JSON.stringify(mount.mountPath)}`,
          });
        paths.add(mount.mountPath);
      }
      return problems;
    }),
  );
  return findings;
}

/**
 * The containers of a pod share its network namespace, so no two of them listen on one port and
 * protocol: the API server warns of such a containerPort (pkg/api/pod/warnings.go, "duplicate
 * port definition", v1.31.1) and the second program fails to bind it; a hostPort taken twice is
 * refused (checkHostPortConflicts, validation.go:3231 with AccumulateUniqueHostPorts).
 */
function podPortsFindings(spec: JsonMap): Finding[] {
  const containerPorts = new Map<string, string>();
  const hostPorts = new Set<string>();
  const findings: Finding[] = [];
  for (const field of ['initContainers', 'containers'] as const) {
    asList(spec[field]).forEach((container, containerIndex) => {
      // An init container without restartPolicy Always has exited before the others start.
      if (!isJsonMap(container) || (field === 'initContainers' && container.restartPolicy !== 'Always')) return;
      asList(container.ports).forEach((port, portIndex) => {
        if (!isJsonMap(port) || typeof port.containerPort !== 'number') return;
        const protocol = protocolOf(port);
        const at = [field, containerIndex, 'ports', portIndex];
        const key = `${port.containerPort}/${protocol}`;
        const owner = containerPorts.get(key);
        if (owner !== undefined)
          findings.push({
            at: [...at, 'containerPort'],
            message: `is ${key}, which ${owner} listens on already: the containers of a pod share its ports`,
          });
        else containerPorts.set(key, `container ${describeValue(container.name)}`);
        if (typeof port.hostPort === 'number' && port.hostPort !== 0) {
          const host = `${protocol}/${typeof port.hostIP === 'string' ? port.hostIP : ''}/${port.hostPort}`;
          if (hostPorts.has(host))
            findings.push({ at: [...at, 'hostPort'], message: `is taken by another port of the pod (${host})` });
          hostPorts.add(host);
        }
      });
    });
  }
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
  findings.push(...podPortsFindings(spec));
  findings.push(...under('securityContext', podSecurityContextFindings(asMap(spec.securityContext))));
  findings.push(...under('nodeSelector', labelsFindings(asMap(spec.nodeSelector))));
  findings.push(...eachOf('tolerations', spec.tolerations, tolerationFindings));
  findings.push(...under('affinity', affinityFindings(asMap(spec.affinity))));
  return findings;
}

export { volumeMountFindings };
