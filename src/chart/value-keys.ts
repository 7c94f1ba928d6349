import { serverFiles } from '../derive/mounted-files';
import { grpcObjectName, type Release, stunServiceName } from '../derive/release';
import { uiConfigFile, uiName } from '../derive/ui';
import { httpRoutePaths } from './features/routes';
import { isJsonMap, valueAtPath } from '../core/json-map';
import type { ChartComponents } from './props';
import { tailscaleClientFindings } from '../components/tailscale-client';
import { headplaneFindings } from '../components/headplane';
import { preauthKeyJobFindings } from '../components/preauth-key-job';
import { headscaleServerFindings } from '../components/headscale-server';
import { headscaleUiFindings } from '../components/headscale-ui';
import { litestreamSidecarFindings } from '../components/litestream-sidecar';
import { upgradeBackupFindings } from '../components/upgrade-backup';
import { propsFindings } from '../components/common';
import { type Finding, formatPath, type ValuesProblem } from '../core/errors';
import type { KubeObject } from '../kubernetes/validation/objects';
import type { HeadscaleValues } from '../values/schema';

/**
 * Which values key produced a field of a manifest, so that a problem the API server would find in
 * the field is reported at the key (`livenessProbe.successThreshold`) rather than at the field
 * (`Deployment/headscale: spec.template.spec.containers[0].livenessProbe.successThreshold`). One
 * table, by kind, `app.kubernetes.io/component` label and field path prefix: the rest of the field
 * path below the prefix is appended to the key.
 */

/** Any list index; the indexes it matched are given to the route's key. */
const ANY = Symbol('any index');

type Segment = string | number | typeof ANY;
type Key = readonly PropertyKey[];

interface Route {
  readonly kind: string;
  /** The object's `app.kubernetes.io/component` label; `null` for an object without one. */
  readonly component: string | null;
  readonly field: readonly Segment[];
  /** The key of the field at the prefix, given the indexes ANY matched; undefined when no key produced it. */
  readonly key: (indexes: readonly number[], chart: ChartValues, object: KubeObject) => Key | undefined;
}

/** What a chart's objects were made from. */
export interface ChartValues {
  readonly values: HeadscaleValues;
  readonly release: Release;
}

const POD = ['spec', 'template', 'spec'] as const;
const CONTAINER = [...POD, 'containers', 0] as const;
const JOB_CONTAINER = ['spec', 'jobTemplate', ...POD, 'containers', 0] as const;
const fixed = (key: Key) => () => key;

/** The entry at `index` of a list whose last `extras.length` entries come from `extras` (extraVolumes, ui.extraEnv). */
function extraEntry(index: number, length: number, extras: readonly unknown[], key: string): Key | undefined {
  const offset = index - (length - extras.length);
  return offset >= 0 ? [key, offset] : undefined;
}

const listLength = (object: KubeObject, path: readonly PropertyKey[]): number => {
  const list = valueAtPath(object, path);
  return Array.isArray(list) ? list.length : 0;
};

/** The values key of each built-in mount of the server, by volume name. */
const SERVER_MOUNT_KEYS: Readonly<Record<string, Key>> = {
  runtime: ['runtime', 'socketDir'],
  policy: ['policy', 'path'],
  'derp-map': ['derpMap', 'path'],
  'extra-dns-records': ['extraDnsRecords', 'path'],
};
const UI_MOUNT_KEYS: Readonly<Record<string, Key>> = {
  'ui-config': ['ui', 'configMap', 'path'],
  'ui-data': ['ui', 'persistence', 'mountPath'],
};

/** The extra mounts of the values are the container's last mounts. */
const extraMountKey: Route['key'] = ([index], { values }, object) =>
  extraEntry(index, listLength(object, [...CONTAINER, 'volumeMounts']), values.extraVolumeMounts, 'extraVolumeMounts');

/** A built-in mount's path, from the values key of its volume (by name). */
function mountPathKey(mountKeys: Readonly<Record<string, Key>>): Route['key'] {
  return ([index], _, object) => {
    const mount = valueAtPath(object, [...CONTAINER, 'volumeMounts', index]);
    return isJsonMap(mount) ? mountKeys[String(mount.name)] : undefined;
  };
}

/** The values that give a ConfigMap's data: config.yaml's, or a mounted file's, found by the ConfigMap's name. */
function configMapKey({ values, release }: ChartValues, object: KubeObject): Key | undefined {
  const name = object.metadata?.name;
  if (name === release.fullname) return ['config'];
  const files = serverFiles(values, release);
  if (name === files.policy?.configMapName) return ['policy', 'content'];
  if (name === files.derpMap?.configMapName) return ['derpMap', 'content'];
  if (name === files.extraDnsRecords?.configMapName) return ['extraDnsRecords', 'records'];
  if (name === uiConfigFile(values, release)?.configMapName) return ['ui', 'configMap', 'data'];
  return undefined;
}

/** A route for each workload's pod fields that come from values of the same shape. */
function workloadRoutes(kind: string, component: string | null, prefix: Key, container: readonly Segment[]): Route[] {
  return [
    { kind, component, field: [...container, 'resources'], key: fixed([...prefix, 'resources']) },
    { kind, component, field: [...container, 'image'], key: fixed([...prefix, 'image', 'tag']) },
  ];
}

/** A Gateway API route's fields that come from values under `key`. */
function routeRoutes(kind: string, key: string): Route[] {
  const grpcParents = (values: HeadscaleValues) => kind === 'GRPCRoute' && values.grpcRoute.parentRefs.length === 0;
  return [
    {
      kind,
      component: null,
      field: ['spec', 'parentRefs'],
      // The GRPCRoute takes the HTTPRoute's parents when it has none of its own.
      key: (_, { values }) => [grpcParents(values) ? 'httpRoute' : key, 'parentRefs'],
    },
    { kind, component: null, field: ['spec', 'hostnames'], key: fixed([key, 'hostnames']) },
    { kind, component: null, field: ['metadata', 'annotations'], key: fixed([key, 'annotations']) },
    { kind, component: null, field: ['metadata', 'labels'], key: fixed([key, 'labels']) },
  ];
}

const ROUTES: readonly Route[] = [
  // The server.
  { kind: 'Deployment', component: 'server', field: [...CONTAINER, 'livenessProbe'], key: fixed(['livenessProbe']) },
  { kind: 'Deployment', component: 'server', field: [...CONTAINER, 'readinessProbe'], key: fixed(['readinessProbe']) },
  {
    kind: 'Deployment',
    component: 'server',
    field: [...CONTAINER, 'securityContext'],
    key: fixed(['securityContext']),
  },
  { kind: 'Deployment', component: 'server', field: [...POD, 'securityContext'], key: fixed(['podSecurityContext']) },
  { kind: 'Deployment', component: 'server', field: [...POD, 'nodeSelector'], key: fixed(['nodeSelector']) },
  { kind: 'Deployment', component: 'server', field: [...POD, 'tolerations'], key: fixed(['tolerations']) },
  { kind: 'Deployment', component: 'server', field: [...POD, 'affinity'], key: fixed(['affinity']) },
  {
    kind: 'Deployment',
    component: 'server',
    field: ['spec', 'template', 'metadata', 'annotations'],
    key: fixed(['podAnnotations']),
  },
  {
    kind: 'Deployment',
    component: 'server',
    field: ['spec', 'template', 'metadata', 'labels'],
    key: fixed(['podLabels']),
  },
  {
    kind: 'Deployment',
    component: 'server',
    field: [...POD, 'volumes', ANY],
    key: ([index], { values }, object) =>
      extraEntry(index, listLength(object, [...POD, 'volumes']), values.extraVolumes, 'extraVolumes'),
  },
  {
    kind: 'Deployment',
    component: 'server',
    field: [...CONTAINER, 'volumeMounts', ANY],
    key: extraMountKey,
  },
  {
    kind: 'Deployment',
    component: 'server',
    field: [...CONTAINER, 'volumeMounts', ANY, 'mountPath'],
    key: mountPathKey(SERVER_MOUNT_KEYS),
  },
  ...workloadRoutes('Deployment', 'server', [], CONTAINER),
  // The embedded DERP server's STUN Service, before the server's Service (both without a component).
  ...(
    [
      [['metadata', 'annotations'], 'annotations'],
      [['spec', 'loadBalancerIP'], 'loadBalancerIP'],
      [['spec', 'type'], 'expose'],
    ] as const
  ).map(([field, key]) => ({
    kind: 'Service',
    component: null,
    field,
    key: (_: readonly number[], { release }: ChartValues, object: KubeObject) =>
      object.metadata?.name === stunServiceName(release) ? ['stun', key] : undefined,
  })),
  { kind: 'Service', component: null, field: ['spec', 'type'], key: fixed(['service', 'type']) },
  { kind: 'PersistentVolumeClaim', component: null, field: ['spec'], key: fixed(['persistence']) },
  { kind: 'PodDisruptionBudget', component: 'server', field: ['spec'], key: fixed(['podDisruptionBudget']) },
  {
    kind: 'ServiceAccount',
    component: null,
    field: ['metadata', 'annotations'],
    key: fixed(['serviceAccount', 'annotations']),
  },
  // The ConfigMap of config.yaml and those of the mounted files: each is named by its values.
  { kind: 'ConfigMap', component: null, field: ['data'], key: (_, chart, object) => configMapKey(chart, object) },
  { kind: 'ConfigMap', component: 'ui', field: ['data'], key: (_, chart, object) => configMapKey(chart, object) },
  // The gRPC ingress, before the main one (both without a component), by its name.
  ...(
    [
      [
        ['spec', 'ingressClassName'],
        ['grpc', 'ingress', 'className'],
      ],
      [
        ['metadata', 'annotations'],
        ['grpc', 'ingress', 'annotations'],
      ],
      [
        ['spec', 'tls'],
        ['grpc', 'ingress', 'tls'],
      ],
      [
        ['spec', 'rules'],
        ['grpc', 'ingress', 'host'],
      ],
    ] as const
  ).map(([field, key]) => ({
    kind: 'Ingress',
    component: null,
    field,
    key: (_: readonly number[], { release }: ChartValues, object: KubeObject) =>
      object.metadata?.name === grpcObjectName(release) ? key : undefined,
  })),
  // The ingress.
  { kind: 'Ingress', component: null, field: ['spec', 'ingressClassName'], key: fixed(['ingress', 'className']) },
  { kind: 'Ingress', component: null, field: ['metadata', 'annotations'], key: fixed(['ingress', 'annotations']) },
  { kind: 'Ingress', component: null, field: ['spec', 'tls', ANY], key: ([tls]) => ['ingress', 'tls', tls] },
  {
    kind: 'Ingress',
    component: null,
    field: ['spec', 'rules', ANY, 'http', 'paths', ANY, 'path'],
    key: ([host, path]) => ['ingress', 'hosts', host, 'paths', path, 'path'],
  },
  {
    kind: 'Ingress',
    component: null,
    field: ['spec', 'rules', ANY, 'host'],
    key: ([host]) => ['ingress', 'hosts', host, 'host'],
  },
  // The UI.
  { kind: 'Ingress', component: 'ui', field: ['spec', 'ingressClassName'], key: fixed(['ingress', 'className']) },
  {
    kind: 'Ingress',
    component: 'ui',
    field: ['metadata', 'annotations'],
    key: fixed(['ui', 'ingress', 'annotations']),
  },
  { kind: 'Ingress', component: 'ui', field: ['spec', 'rules', ANY, 'host'], key: fixed(['ui', 'ingress', 'host']) },
  {
    kind: 'Ingress',
    component: 'ui',
    field: ['spec', 'rules', ANY, 'http', 'paths', ANY, 'path'],
    key: fixed(['ui', 'ingress', 'path']),
  },
  {
    kind: 'Deployment',
    component: 'ui',
    field: [...CONTAINER, 'env', ANY],
    key: ([index], { values }, object) => {
      const key = extraEntry(index, listLength(object, [...CONTAINER, 'env']), values.ui.extraEnv, 'extraEnv');
      return key && ['ui', ...key];
    },
  },
  {
    kind: 'Deployment',
    component: 'ui',
    field: [...CONTAINER, 'volumeMounts', ANY, 'mountPath'],
    key: mountPathKey(UI_MOUNT_KEYS),
  },
  ...workloadRoutes('Deployment', 'ui', ['ui'], CONTAINER),
  { kind: 'Service', component: 'ui', field: ['spec', 'type'], key: fixed(['ui', 'service', 'type']) },
  { kind: 'PersistentVolumeClaim', component: 'ui', field: ['spec'], key: fixed(['ui', 'persistence']) },
  { kind: 'PodDisruptionBudget', component: 'ui', field: ['spec'], key: fixed(['ui', 'podDisruptionBudget']) },
  // The custom resources: the ServiceMonitor, the Gateway API routes, the Certificate.
  {
    kind: 'ServiceMonitor',
    component: null,
    field: ['spec', 'endpoints', 0],
    key: fixed(['metrics', 'serviceMonitor']),
  },
  {
    kind: 'ServiceMonitor',
    component: null,
    field: ['metadata', 'labels'],
    key: fixed(['metrics', 'serviceMonitor', 'labels']),
  },
  ...routeRoutes('HTTPRoute', 'httpRoute'),
  {
    kind: 'HTTPRoute',
    component: null,
    field: ['spec', 'rules', ANY, 'matches', 0, 'path', 'value'],
    // A rule per path (httpRoutePaths): the UI's is the one of the values.
    key: ([index], { values, release }) =>
      values.ui.enabled && httpRoutePaths(values, release)[index]?.serviceName === uiName(release)
        ? ['ui', 'ingress', 'path']
        : undefined,
  },
  ...routeRoutes('GRPCRoute', 'grpcRoute'),
  {
    kind: 'Certificate',
    component: null,
    field: ['spec', 'issuerRef'],
    key: fixed(['tls', 'certificate', 'issuerRef']),
  },
  {
    kind: 'Certificate',
    component: null,
    field: ['spec', 'dnsNames', ANY],
    key: ([index], { values }, object) => {
      const key = extraEntry(
        index,
        listLength(object, ['spec', 'dnsNames']),
        values.tls.certificate.dnsNames,
        'dnsNames',
      );
      return key && ['tls', 'certificate', ...key];
    },
  },
  // The client and its key job.
  ...workloadRoutes('Deployment', 'client', ['client'], CONTAINER),
  ...workloadRoutes('DaemonSet', 'client', ['client'], CONTAINER),
  { kind: 'PodDisruptionBudget', component: 'client', field: ['spec'], key: fixed(['client', 'podDisruptionBudget']) },
  ...workloadRoutes('Job', null, ['client', 'job'], CONTAINER),
  ...workloadRoutes('CronJob', null, ['client', 'job'], JOB_CONTAINER),
  {
    kind: 'CronJob',
    component: null,
    field: ['spec', 'schedule'],
    key: fixed(['client', 'job', 'cronjob', 'schedule']),
  },
];

/** The matched indexes when `field` begins with the route's prefix, else undefined. */
function matchPrefix(prefix: readonly Segment[], field: readonly PropertyKey[]): number[] | undefined {
  if (field.length < prefix.length) return undefined;
  const indexes: number[] = [];
  for (const [position, segment] of prefix.entries()) {
    const given = field[position];
    if (segment === ANY ? typeof given !== 'number' : segment !== given) return undefined;
    if (segment === ANY) indexes.push(given as number);
  }
  return indexes;
}

/**
 * The values key that produced `field` of `object`, with the rest of the field's path below it;
 * undefined when the field did not come from a values key (the library's own, or a patch's).
 */
export function valuesKeyOf(chart: ChartValues, object: KubeObject, field: readonly PropertyKey[]): Key | undefined {
  const labels = object.metadata?.labels;
  const component = isJsonMap(labels) ? (labels['app.kubernetes.io/component'] ?? null) : null;
  for (const route of ROUTES) {
    if (route.kind !== object.kind || route.component !== component) continue;
    const indexes = matchPrefix(route.field, field);
    const key = indexes && route.key(indexes, chart, object);
    if (key) return [...key, ...field.slice(route.field.length)];
  }
  return undefined;
}

/** A prop's values key: fixed, or decided by the values (a setting given in a map, or by a typed key). */
type PropKey = Key | ((values: HeadscaleValues) => Key);

/** A Headplane setting that comes from a typed key unless `headplane.config` gives it. */
const headplaneSetting =
  (path: readonly string[], typedKey: Key): PropKey =>
  (values) =>
    valueAtPath(values.headplane.config, path) === undefined ? typedKey : ['headplane', 'config', ...path];

/**
 * The values key of each component prop the chart sets from values, by prop path prefix: a
 * problem a component finds in its props (see each component's `...Findings`) is reported at the
 * key, the rest of the prop path appended (`advertiseRoutes[0]` → `client.advertiseRoutes[0]`).
 */
const PROP_KEYS = {
  client: [
    [['loginServer'], ['client', 'loginServer']],
    [
      ['server', 'url'],
      ['client', 'loginServer'],
    ],
    [['authKeySecret'], ['client', 'authKeySecret']],
    [
      ['caSecret', 'name'],
      ['client', 'caSecretName'],
    ],
    [['advertiseRoutes'], ['client', 'advertiseRoutes']],
    [['exitNode'], ['client', 'exitNode']],
    [['userspace'], ['client', 'userspace']],
    [['daemonSet'], ['client', 'daemonset']],
    [['disruptionBudget'], ['client', 'podDisruptionBudget']],
  ],
  server: [
    [['config'], ['config']],
    [
      ['policy', 'content'],
      ['policy', 'content'],
    ],
    [['disruptionBudget'], ['podDisruptionBudget']],
  ],
  preauthKey: [
    [['authKeySecret'], ['client', 'authKeySecret']],
    [['users'], ['users']],
    [['keys'], ['preauthKeys']],
    [['expiration'], ['client', 'preauthKeyExpiration']],
    [
      ['headplaneSecret', 'apiKeyExpiration'],
      ['headplane', 'apiKeyExpiration'],
    ],
  ],
  headplane: [
    [['config', 'server', 'port'], headplaneSetting(['server', 'port'], ['headplane', 'port'])],
    [['config', 'oidc', 'issuer'], headplaneSetting(['oidc', 'issuer'], ['headplane', 'oidc', 'issuer'])],
    [['config', 'oidc', 'client_id'], headplaneSetting(['oidc', 'client_id'], ['headplane', 'oidc', 'clientId'])],
    [['config'], ['headplane', 'config']],
  ],
  ui: [[['disruptionBudget'], ['ui', 'podDisruptionBudget']]],
  litestream: [
    [['url'], ['backup', 'url']],
    [['secretName'], ['backup', 'secretName']],
    [['endpoint'], ['backup', 's3', 'endpoint']],
    [['region'], ['backup', 's3', 'region']],
    [['forcePathStyle'], ['backup', 's3', 'forcePathStyle']],
    [['dbPath'], ['config', 'database', 'sqlite', 'path']],
    [['extraVolumeMounts'], ['backup', 'extraVolumeMounts']],
  ],
  upgradeBackup: [
    [['headscaleVersion'], ['image', 'tag']],
    [['dbPath'], ['config', 'database', 'sqlite', 'path']],
    [['keep'], ['upgrade', 'backup', 'keep']],
  ],
} as const satisfies Record<string, ReadonlyArray<readonly [Key, PropKey]>>;

/** A component's finding at the values key its prop came from; a prop no key sets keeps the component's name. */
function propProblem(
  values: HeadscaleValues,
  component: keyof typeof PROP_KEYS,
  className: string,
  finding: Finding,
): ValuesProblem {
  const route = (PROP_KEYS[component] as ReadonlyArray<readonly [Key, PropKey]>).find(([prefix]) =>
    prefix.every((segment, index) => finding.at[index] === segment),
  );
  if (!route) return { path: formatPath([className, ...finding.at]), message: finding.message };
  const [prefix, key] = route;
  const base = typeof key === 'function' ? key(values) : key;
  return { path: formatPath([...base, ...finding.at.slice(prefix.length)]), message: finding.message };
}

/** What the components find wrong in the props the chart maps from values, each at its values key. */
export function componentProblems(values: HeadscaleValues, components: ChartComponents): ValuesProblem[] {
  const { client, server, ui, preauthKey, headplane, litestream, upgradeBackup } = components;
  const at = (component: keyof typeof PROP_KEYS, className: string, findings: readonly Finding[]) =>
    findings.map((finding) => propProblem(values, component, className, finding));
  return [
    ...(headplane ? at('headplane', 'Headplane', propsFindings(headplane, headplaneFindings)) : []),
    ...(server ? at('server', 'HeadscaleServer', propsFindings(server, headscaleServerFindings)) : []),
    ...(ui ? at('ui', 'HeadscaleUi', propsFindings(ui, headscaleUiFindings)) : []),
    ...(client ? at('client', 'TailscaleClient', propsFindings(client, tailscaleClientFindings)) : []),
    ...(preauthKey ? at('preauthKey', 'PreauthKeyJob', propsFindings(preauthKey, preauthKeyJobFindings)) : []),
    ...(litestream ? at('litestream', 'LitestreamSidecar', propsFindings(litestream, litestreamSidecarFindings)) : []),
    ...(upgradeBackup
      ? at('upgradeBackup', 'upgradeBackupSidecar', propsFindings(upgradeBackup, upgradeBackupFindings))
      : []),
  ];
}
