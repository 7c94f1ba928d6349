import type { Finding } from '../../core/errors';
import { isJsonMap, type JsonMap } from '../../core/json-map';
import { parseQuantity } from '../quantity';
import {
  annotationsFindings,
  configMapKeyProblem,
  dns1035LabelProblem,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  isIpAddress,
  labelsFindings,
  optional,
  portNameProblem,
  portNumberProblem,
  PORT_PROTOCOLS,
  portProblem,
  protocolOf,
} from './names';
import { asList, asMap, eachOf, oneOf, under } from './fields';
import { grpcRouteSpecFindings, httpRouteSpecFindings } from './gateway';
import { networkPolicySpecFindings } from './networking';
import { serviceMonitorSpecFindings } from './prometheus';
import { podSpecFindings } from './pod';
import { pathSegmentProblem, roleBindingFindings, roleFindings } from './rbac';
import { labelSelectorFindings } from './selectors';
import {
  cronJobSpecRulesFindings,
  daemonSetSpecFindings,
  deploymentSpecFindings,
  indexedJobNameProblem,
  intOrPercentProblem,
  jobSpecRulesFindings,
  over100PercentProblem,
} from './workloads';

/**
 * The API server's rules for whole objects of the kinds this library emits: metadata (names per
 * kind, labels, annotations) and each kind's spec, from kubernetes/kubernetes pkg/apis/core,
 * apps, batch, networking, policy and rbac validation (the function each copies is named in its
 * doc comment).
 */

/** A manifest object as cdk8s synthesizes it. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: JsonMap;
  readonly [field: string]: unknown;
}

/** A CronJob's name leaves 11 characters for the Jobs' suffix (ValidateCronJob). */
export const CRON_JOB_NAME_LIMIT = 52;

/** The name rule of each kind's ValidateXxx (ValidateObjectMeta with its ValidateNameFunc). */
const NAME_RULES: Readonly<Record<string, (name: string) => string | undefined>> = {
  Service: dns1035LabelProblem,
  Role: pathSegmentProblem,
  RoleBinding: pathSegmentProblem,
  // The Job's name is also its pods' job-name label value (ValidateJob's generated selector).
  Job: (name) =>
    name.length > 63 ? `must be at most 63 characters (got ${name.length})` : dns1123SubdomainProblem(name),
  CronJob: (name) =>
    name.length > CRON_JOB_NAME_LIMIT
      ? `must be at most ${CRON_JOB_NAME_LIMIT} characters (got ${name.length})`
      : dns1123SubdomainProblem(name),
};

/** What the API server finds wrong with `name` as the name of a `kind`, or undefined. */
export function objectNameProblem(kind: string, name: string): string | undefined {
  return (NAME_RULES[kind] ?? dns1123SubdomainProblem)(name);
}

/** ValidateObjectMeta: the name (as the kind wants it), the namespace a DNS label, labels and annotations. */
function metadataFindings(object: KubeObject): Finding[] {
  const metadata = asMap(object.metadata);
  const findings: Finding[] = [];
  if (typeof metadata.name === 'string')
    findings.push(...optional(['name'], objectNameProblem(object.kind, metadata.name)));
  if (typeof metadata.namespace === 'string')
    findings.push(...optional(['namespace'], dns1123LabelProblem(metadata.namespace)));
  findings.push(...under('labels', labelsFindings(asMap(metadata.labels))));
  findings.push(...under('annotations', annotationsFindings(asMap(metadata.annotations))));
  return under('metadata', findings);
}

/** A pod template's metadata and spec (ValidatePodTemplateSpec). */
function templateFindings(template: JsonMap): Finding[] {
  const metadata = asMap(template.metadata);
  return under('template', [
    ...under('metadata', [
      ...under('labels', labelsFindings(asMap(metadata.labels))),
      ...under('annotations', annotationsFindings(asMap(metadata.annotations))),
    ]),
    ...under('spec', podSpecFindings(asMap(template.spec))),
  ]);
}

/** ValidateLabelSelector, and a workload's selector selects its template (ValidateDeploymentSpec, ValidateDaemonSetSpec). */
function selectorFindings(spec: JsonMap, selects?: JsonMap): Finding[] {
  const matchLabels = asMap(asMap(spec.selector).matchLabels);
  const findings = under('selector', labelSelectorFindings(asMap(spec.selector)));
  if (selects && Object.entries(matchLabels).some(([key, value]) => selects[key] !== value))
    findings.push({ at: ['selector'], message: 'does not match the template labels' });
  return findings;
}

function workloadSpecFindings(spec: JsonMap): Finding[] {
  const template = asMap(spec.template);
  return [...selectorFindings(spec, asMap(asMap(template.metadata).labels)), ...templateFindings(template)];
}

const deploymentFindings = (spec: JsonMap): Finding[] => [
  ...workloadSpecFindings(spec),
  ...deploymentSpecFindings(spec),
];
const daemonSetFindings = (spec: JsonMap): Finding[] => [...workloadSpecFindings(spec), ...daemonSetSpecFindings(spec)];

/** ValidateConfigMap (and ValidateSecret): keys are ConfigMap keys, unique across data and binaryData, at most 1 MiB in all. */
const CONFIG_MAP_SIZE_LIMIT = 1024 * 1024;

function dataFindings(object: KubeObject, fields: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  const keys = new Set<string>();
  const values: string[] = [];
  for (const field of fields) {
    for (const [key, value] of Object.entries(asMap(object[field]))) {
      findings.push(...optional([field, key], configMapKeyProblem(key)));
      if (keys.has(key)) findings.push({ at: [field, key], message: 'is a key of another data field too' });
      keys.add(key);
      if (typeof value === 'string') values.push(value);
    }
  }
  // A UTF-16 code unit is at most 3 bytes of UTF-8: counting the bytes of scripts is for data near the limit only.
  const mostBytes = values.reduce((sum, value) => sum + value.length * 3, 0);
  const size = mostBytes > CONFIG_MAP_SIZE_LIMIT ? values.reduce((sum, value) => sum + Buffer.byteLength(value), 0) : 0;
  if (size > CONFIG_MAP_SIZE_LIMIT)
    findings.push({
      at: [fields[0]],
      message: `must be at most 1 MiB in all, as Kubernetes stores an object (got ${size} bytes)`,
    });
  return findings;
}

const SERVICE_TYPES_WITH_NODE_PORTS = new Set(['NodePort', 'LoadBalancer']);

/**
 * ValidateService (pkg/apis/core/validation/validation.go:5520 at v1.31.1): ExternalName takes an
 * externalName that is a DNS subdomain; ports 1 to 65535, names unique, required when there are
 * several, port names; a known protocol; no two ports of one number and protocol; targetPort a
 * number or port name; node ports only with NodePort or LoadBalancer.
 */
function serviceSpecFindings(spec: JsonMap): Finding[] {
  const findings: Finding[] = [];
  if (spec.type === 'ExternalName') {
    if (typeof spec.externalName !== 'string' || spec.externalName === '')
      findings.push({ at: ['type'], message: 'is ExternalName, which needs an externalName (a DNS name)' });
    else findings.push(...optional(['externalName'], dns1123SubdomainProblem(spec.externalName.replace(/\.$/, ''))));
  }
  const ports = asList(spec.ports);
  const names = new Set<string>();
  const numbers = new Set<string>();
  findings.push(
    ...eachOf('ports', ports, (port) => {
      const portFindings: Finding[] = oneOf(port, 'protocol', PORT_PROTOCOLS);
      if (typeof port.port === 'number') {
        portFindings.push(...optional(['port'], portNumberProblem(port.port)));
        const key = `${port.port}/${protocolOf(port)}`;
        if (numbers.has(key))
          portFindings.push({ at: ['port'], message: `is ${key}, which another port of the Service has` });
        numbers.add(key);
      }
      portFindings.push(...optional(['targetPort'], portProblem(port.targetPort)));
      if (typeof port.name === 'string' && port.name !== '') {
        portFindings.push(...optional(['name'], portNameProblem(port.name)));
        if (names.has(port.name))
          portFindings.push({ at: ['name'], message: `is used by another port ("${port.name}")` });
        names.add(port.name);
      } else if (ports.length > 1)
        portFindings.push({ at: ['name'], message: 'is required when there are several ports' });
      if (port.nodePort !== undefined && !SERVICE_TYPES_WITH_NODE_PORTS.has(String(spec.type)))
        portFindings.push({ at: ['nodePort'], message: 'may only be set when type is NodePort or LoadBalancer' });
      return portFindings;
    }),
  );
  return findings;
}

/** IsWildcardDNS1123Subdomain and validateIngressRules: a host is a DNS subdomain, "*." only as its first label, never an IP address. */
export function ingressHostProblem(host: string): string | undefined {
  if (isIpAddress(host)) return `must be a DNS name, not an IP address (got ${JSON.stringify(host)})`;
  const name = host.startsWith('*.') ? host.slice(2) : host;
  if (name.includes('*'))
    return `may have a wildcard only as its whole first label, as in *.example.com (got ${JSON.stringify(host)})`;
  return dns1123SubdomainProblem(name);
}

const INVALID_PATH_PARTS = ['//', '/./', '/../', '%2f', '%2F'];

/** validateHTTPIngressRuleValue: Exact and Prefix paths are absolute, with no "//", "/./", "/../" or encoded "/"; other paths start with "/" when given. */
export function ingressPathProblem(path: string, pathType: unknown): string | undefined {
  if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!path.startsWith('/')) return `must start with "/" with pathType ${pathType} (got ${JSON.stringify(path)})`;
    const part = INVALID_PATH_PARTS.find((invalid) => path.includes(invalid));
    if (part || path.endsWith('/..') || path.endsWith('/.'))
      return `must not contain ${JSON.stringify(part ?? '/..')} with pathType ${pathType} (got ${JSON.stringify(path)})`;
    return undefined;
  }
  return path !== '' && !path.startsWith('/') ? `must start with "/" (got ${JSON.stringify(path)})` : undefined;
}

/** ValidateIngressSpec: the class a DNS subdomain, hosts and paths of rules and TLS hosts. */
function ingressSpecFindings(spec: JsonMap): Finding[] {
  const findings =
    typeof spec.ingressClassName === 'string'
      ? optional(['ingressClassName'], dns1123SubdomainProblem(spec.ingressClassName))
      : [];
  findings.push(
    ...eachOf('rules', spec.rules, (rule) => [
      ...(typeof rule.host === 'string' && rule.host !== '' ? optional(['host'], ingressHostProblem(rule.host)) : []),
      ...under(
        'http',
        eachOf('paths', asMap(rule.http).paths, (path) =>
          typeof path.path === 'string' ? optional(['path'], ingressPathProblem(path.path, path.pathType)) : [],
        ),
      ),
    ]),
  );
  findings.push(
    ...eachOf('tls', spec.tls, (tls) =>
      asList(tls.hosts).flatMap((host, index) =>
        typeof host === 'string' ? optional(['hosts', index], ingressHostProblem(host)) : [],
      ),
    ),
  );
  return findings;
}

const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];

/**
 * ValidatePersistentVolumeClaimSpec (pkg/apis/core/validation/validation.go:2290 at v1.31.1): at
 * least one access mode, each known, ReadWriteOncePod alone; a known volume mode; the class a DNS
 * subdomain (ValidateClassName); a storage request.
 */
function claimSpecFindings(spec: JsonMap): Finding[] {
  const findings: Finding[] = [];
  const modes = asList(spec.accessModes);
  if (modes.length === 0) findings.push({ at: ['accessModes'], message: 'must have at least one access mode' });
  modes.forEach((mode, index) => {
    if (!ACCESS_MODES.includes(mode as string))
      findings.push({
        at: ['accessModes', index],
        message: `expected ${ACCESS_MODES.map((m) => JSON.stringify(m)).join(', ')} (got ${JSON.stringify(mode)})`,
      });
  });
  if (
    modes.includes('ReadWriteOncePod') &&
    modes.some((mode) => mode !== 'ReadWriteOncePod' && ACCESS_MODES.includes(mode as string))
  )
    findings.push({ at: ['accessModes'], message: 'may not have ReadWriteOncePod with another access mode' });
  findings.push(...oneOf(spec, 'volumeMode', VOLUME_MODES));
  if (typeof spec.storageClassName === 'string' && spec.storageClassName !== '')
    findings.push(...optional(['storageClassName'], dns1123SubdomainProblem(spec.storageClassName)));
  const storage = asMap(asMap(spec.resources).requests).storage;
  if (storage === undefined) findings.push({ at: ['resources', 'requests', 'storage'], message: 'is required' });
  else if ((parseQuantity(storage as string | number) ?? 1) <= 0)
    findings.push({
      at: ['resources', 'requests', 'storage'],
      message: `must be greater than 0 (got ${JSON.stringify(storage)})`,
    });
  return findings;
}

/** ValidatePositiveIntOrPercent and IsNotMoreThan100Percent, as ValidatePodDisruptionBudgetSpec runs them. */
export function podCountProblem(count: unknown): string | undefined {
  return intOrPercentProblem(count) ?? over100PercentProblem(count);
}

/**
 * ValidatePodDisruptionBudgetSpec (pkg/apis/policy/validation/validation.go:50, the v1.27 line
 * and later): minAvailable or maxUnavailable, not both, each a count or a percentage of at most
 * 100%; the selector; a known unhealthyPodEvictionPolicy.
 */
function budgetSpecFindings(spec: JsonMap): Finding[] {
  const findings: Finding[] = [
    ...optional(['minAvailable'], podCountProblem(spec.minAvailable)),
    ...optional(['maxUnavailable'], podCountProblem(spec.maxUnavailable)),
    ...selectorFindings(spec),
    ...oneOf(spec, 'unhealthyPodEvictionPolicy', ['IfHealthyBudget', 'AlwaysAllow'], false),
  ];
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined)
    findings.push({ at: ['minAvailable'], message: 'may not be set with maxUnavailable' });
  return findings;
}

/** ValidateJobSpec and ValidateJobTemplateSpec: the pod template and the job spec's own rules (workloads.ts). */
function jobSpecFindings(spec: JsonMap): Finding[] {
  return [...templateFindings(asMap(spec.template)), ...jobSpecRulesFindings(spec)];
}

function cronJobSpecFindings(spec: JsonMap): Finding[] {
  return [
    ...under('jobTemplate', under('spec', templateFindings(asMap(asMap(asMap(spec.jobTemplate).spec).template)))),
    ...cronJobSpecRulesFindings(spec),
  ];
}

const SPEC_RULES: Readonly<Record<string, (spec: JsonMap) => Finding[]>> = {
  Deployment: deploymentFindings,
  DaemonSet: daemonSetFindings,
  Job: jobSpecFindings,
  CronJob: cronJobSpecFindings,
  Service: serviceSpecFindings,
  Ingress: ingressSpecFindings,
  PersistentVolumeClaim: claimSpecFindings,
  PodDisruptionBudget: budgetSpecFindings,
  NetworkPolicy: networkPolicySpecFindings,
  HTTPRoute: httpRouteSpecFindings,
  GRPCRoute: grpcRouteSpecFindings,
  ServiceMonitor: serviceMonitorSpecFindings,
};

/** What the API server would refuse in the object, each at its field path. */
export function objectRulesFindings(object: KubeObject): Finding[] {
  const findings = metadataFindings(object);
  if (object.kind === 'ConfigMap' || object.kind === 'Secret')
    findings.push(
      ...dataFindings(object, object.kind === 'ConfigMap' ? ['data', 'binaryData'] : ['data', 'stringData']),
    );
  const spec = SPEC_RULES[object.kind];
  if (spec && isJsonMap(object.spec)) findings.push(...under('spec', spec(object.spec)));
  if (object.kind === 'Ingress') findings.push(...ingressClassAnnotationFindings(object));
  if (object.kind === 'Role') findings.push(...roleFindings(object));
  if (object.kind === 'RoleBinding') findings.push(...roleBindingFindings(object));
  if (object.kind === 'Job' && typeof object.metadata?.name === 'string')
    findings.push(...optional(['metadata', 'name'], indexedJobNameProblem(object.metadata.name, asMap(object.spec))));
  return findings;
}

const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/**
 * ValidateIngressCreate (pkg/apis/networking/validation/validation.go, the v1.35 line): the old
 * class annotation and ingressClassName, when both are given, name one class.
 */
function ingressClassAnnotationFindings(object: KubeObject): Finding[] {
  const annotation = asMap(asMap(object.metadata).annotations)[INGRESS_CLASS_ANNOTATION];
  const className = asMap(object.spec).ingressClassName;
  return typeof annotation === 'string' && typeof className === 'string' && annotation !== className
    ? [
        {
          at: ['metadata', 'annotations', INGRESS_CLASS_ANNOTATION],
          message: `must match spec.ingressClassName ${JSON.stringify(className)} when both are given (got ${JSON.stringify(annotation)}): remove the annotation`,
        },
      ]
    : [];
}
