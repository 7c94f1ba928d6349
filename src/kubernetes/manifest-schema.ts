import { describeValue, type Finding, formatPath } from '../core/errors';
import { isJsonMap, type JsonMap, valueAtPath } from '../core/json-map';
import crdSchemas from './crd-schemas.json';
import { QUANTITY_EXAMPLES } from './quantity';
import { type SchemaError, type StructuralSchema, structuralSchemaErrors } from './structural-schema';
import { type KubeObject, objectRulesFindings } from './validation/objects';
import { alternatives, unknownKeyMessage } from '../core/suggest';

/**
 * Checks JSON against the Kubernetes API schema, with the validators that the kubernetes-models
 * package compiles from the OpenAPI definitions (one module per type: `kubernetes-models/v1/Volume`,
 * `kubernetes-models/apps/v1/Deployment`). Each module is loaded the first time its type is
 * checked, so a render pays only for the kinds and fragments it has. The custom resources are
 * checked against the schemas of their CustomResourceDefinitions at the releases named in
 * crd-schemas.json (see structural-schema.ts).
 */

/** A kubernetes-models class, or a custom resource's: its validate() throws an error listing what is wrong. */
type ModelClass = new (data: unknown) => { validate(): void };

/**
 * The models of the kinds this library emits and of the fragments its values hold, named
 * statically so that a bundler includes them: the build bundles them into this module, and the
 * CLI whole (see hack/bundle-cli.js). Each is still run only when first needed.
 */
const KNOWN_MODELS: Readonly<Record<string, () => ModelClass>> = {
  'v1/ConfigMap': () => require('kubernetes-models/v1/ConfigMap').ConfigMap,
  'v1/Secret': () => require('kubernetes-models/v1/Secret').Secret,
  'v1/ServiceAccount': () => require('kubernetes-models/v1/ServiceAccount').ServiceAccount,
  'v1/Service': () => require('kubernetes-models/v1/Service').Service,
  'v1/PersistentVolumeClaim': () => require('kubernetes-models/v1/PersistentVolumeClaim').PersistentVolumeClaim,
  'apps/v1/Deployment': () => require('kubernetes-models/apps/v1/Deployment').Deployment,
  'apps/v1/DaemonSet': () => require('kubernetes-models/apps/v1/DaemonSet').DaemonSet,
  'batch/v1/Job': () => require('kubernetes-models/batch/v1/Job').Job,
  'batch/v1/CronJob': () => require('kubernetes-models/batch/v1/CronJob').CronJob,
  'policy/v1/PodDisruptionBudget': () => require('kubernetes-models/policy/v1/PodDisruptionBudget').PodDisruptionBudget,
  'networking.k8s.io/v1/Ingress': () => require('kubernetes-models/networking.k8s.io/v1/Ingress').Ingress,
  'networking.k8s.io/v1/NetworkPolicy': () =>
    require('kubernetes-models/networking.k8s.io/v1/NetworkPolicy').NetworkPolicy,
  'networking.k8s.io/v1/NetworkPolicyPeer': () =>
    require('kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer').NetworkPolicyPeer,
  'networking.k8s.io/v1/NetworkPolicyIngressRule': () =>
    require('kubernetes-models/networking.k8s.io/v1/NetworkPolicyIngressRule').NetworkPolicyIngressRule,
  'networking.k8s.io/v1/NetworkPolicyEgressRule': () =>
    require('kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule').NetworkPolicyEgressRule,
  'rbac.authorization.k8s.io/v1/Role': () => require('kubernetes-models/rbac.authorization.k8s.io/v1/Role').Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': () =>
    require('kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding').RoleBinding,
  'v1/Affinity': () => require('kubernetes-models/v1/Affinity').Affinity,
  'v1/EnvVar': () => require('kubernetes-models/v1/EnvVar').EnvVar,
  'v1/PodSecurityContext': () => require('kubernetes-models/v1/PodSecurityContext').PodSecurityContext,
  'v1/Probe': () => require('kubernetes-models/v1/Probe').Probe,
  'v1/ResourceRequirements': () => require('kubernetes-models/v1/ResourceRequirements').ResourceRequirements,
  'v1/SecurityContext': () => require('kubernetes-models/v1/SecurityContext').SecurityContext,
  'v1/Toleration': () => require('kubernetes-models/v1/Toleration').Toleration,
  'v1/Volume': () => require('kubernetes-models/v1/Volume').Volume,
  'v1/VolumeMount': () => require('kubernetes-models/v1/VolumeMount').VolumeMount,
};

const models = new Map<string, ModelClass | undefined>();

/** The custom resources' schemas, by `apiVersion/kind`, each with the CRD it comes from (hack/update-crd-schemas.js). */
const CUSTOM_RESOURCE_SCHEMAS: Readonly<
  Record<string, { readonly source: string; readonly schema: StructuralSchema }>
> = crdSchemas as Record<string, { source: string; schema: StructuralSchema }>;

/**
 * A custom resource's model: its CRD's schema, and ObjectMeta's for its metadata, which the API
 * server validates as it does every object's (a CRD's schema says only that it is a map).
 */
function customResourceModel(schema: StructuralSchema): ModelClass {
  const ObjectMeta = (require('@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta') as Record<string, ModelClass>)
    .ObjectMeta;
  return class {
    public validate(this: JsonMap): void {
      const errors = [...structuralSchemaErrors(schema, this), ...metadataErrors(ObjectMeta, this.metadata)];
      if (errors.length > 0) throw Object.assign(new Error('invalid custom resource'), { errors });
    }
  };
}

function metadataErrors(ObjectMeta: ModelClass, metadata: unknown): SchemaError[] {
  if (!isJsonMap(metadata)) return [];
  try {
    ObjectMeta.prototype.validate.call(metadata);
    return [];
  } catch (error) {
    const errors = (error as { errors?: readonly SchemaError[] }).errors;
    if (!Array.isArray(errors)) throw error;
    return errors.map((e) => ({ ...e, instancePath: `/metadata${e.instancePath}` }));
  }
}

/** The model of `kind` in `apiVersion` (`v1`, `apps/v1`), or undefined for a kind neither the package nor crd-schemas.json has. */
function modelOf(apiVersion: string, kind: string): ModelClass | undefined {
  const id = `${apiVersion}/${kind}`;
  if (!models.has(id)) {
    const custom = CUSTOM_RESOURCE_SCHEMAS[id];
    models.set(
      id,
      custom ? customResourceModel(custom.schema) : (KNOWN_MODELS[id]?.() ?? anyModelOf(apiVersion, kind)),
    );
  }
  return models.get(id);
}

/** Any other kind the package has, such as an object a subclass adds (a NetworkPolicy, say). */
function anyModelOf(apiVersion: string, kind: string): ModelClass | undefined {
  if (!/^([a-z0-9-]+(\.[a-z0-9-]+)*\/)?v[0-9a-z]+$/.test(apiVersion) || !/^[A-Za-z0-9]+$/.test(kind)) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a kind named only at run time
    return (require(`kubernetes-models/${apiVersion}/${kind}`) as Record<string, ModelClass>)[kind];
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw error;
    return undefined;
  }
}

/** A path inside the checked value, from a JSON pointer, with array indexes as numbers. */
function pathOf(pointer: string, data: unknown): PropertyKey[] {
  const path: PropertyKey[] = [];
  let node = data;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key = Array.isArray(node) && /^[0-9]+$/.test(segment) ? Number(segment) : segment;
    path.push(key);
    node = Array.isArray(node) || isJsonMap(node) ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return path;
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean',
  object: 'a map',
  array: 'a list',
};

/** What the errors at one place wanted, in words. */
function expectations(errors: readonly SchemaError[]): string[] {
  if (errors.some((e) => e.params.format === 'quantity')) return [`a Kubernetes quantity ${QUANTITY_EXAMPLES}`];
  const expected = errors.flatMap((e) => {
    switch (e.keyword) {
      case 'type':
        return [TYPE_WORDS[e.params.type ?? ''] ?? `a ${e.params.type}`];
      case 'enum':
        return (e.params.allowedValues ?? []).map((v) => JSON.stringify(v));
      case 'format':
        return [`a string in the ${e.params.format} format`];
      case 'pattern':
        return [`a string matching ${e.params.pattern}`];
      case 'oneOf':
      case 'anyOf':
        return [];
      default:
        return [e.message ?? e.keyword];
    }
  });
  return expected.length > 0 ? expected : errors.map((e) => e.message ?? e.keyword);
}

/** The validator's errors as findings: one per place, saying what was given and what was expected. */
function schemaErrorFindings(errors: readonly SchemaError[], data: unknown): Finding[] {
  const missing = errors
    .filter((e) => e.keyword === 'required')
    .map((e) => ({ at: [...pathOf(e.instancePath, data), e.params.missingProperty ?? ''], message: 'is required' }));
  const byPlace = new Map<string, SchemaError[]>();
  for (const error of errors.filter((e) => e.keyword !== 'required'))
    byPlace.set(error.instancePath, [...(byPlace.get(error.instancePath) ?? []), error]);
  const wrong = [...byPlace].map(([pointer, group]) => {
    const at = pathOf(pointer, data);
    return {
      at,
      message: `expected ${alternatives(expectations(group))} (got ${describeValue(valueAtPath(data, at))})`,
    };
  });
  return [...missing, ...wrong];
}

/**
 * What the Kubernetes schema refuses in `data` as a `kind` of `apiVersion` (a whole object, or a
 * fragment such as `v1` `Volume`), each at its path in `data`, unknown fields included. A kind
 * the schema does not have passes.
 */
export function kubernetesFindings(apiVersion: string, kind: string, data: unknown): Finding[] {
  const Model = modelOf(apiVersion, kind);
  return Model ? validationFindings(Model, data) : [];
}

/**
 * The schema's findings, and the fields it does not know. The compiled validators allow fields
 * they don't know, but they read every field they do know (`data.x === undefined || check(data.x)`)
 * and iterate over free-form maps: validating a proxy that records what is read tells the known
 * fields of each map in `data` apart from the rest, with no copy of the schema. cdk8s's JSON and
 * parsed values are already what a model would copy them to (plain maps, no undefined values),
 * so they are validated as they are.
 */
function validationFindings(Model: ModelClass, data: unknown): Finding[] {
  const learnt = fieldsLearnt(Model);
  try {
    Model.prototype.validate.call(data);
    const unknown = learnt.unknownFields(data);
    if (unknown) return unknown;
  } catch (error) {
    if (!Array.isArray((error as { errors?: unknown }).errors)) throw error;
  }
  const reads = new ReadRecorder();
  try {
    Model.prototype.validate.call(reads.wrap(data));
    learnt.learn(reads, data);
    // Every place of `data` is known now.
    return learnt.unknownFields(data)!;
  } catch (error) {
    const errors = (error as { errors?: readonly SchemaError[] }).errors;
    if (!Array.isArray(errors)) throw error;
    // A failed validation may have stopped reading early: what it read is for this object only.
    const shown = new LearntFields();
    shown.learn(reads, data);
    return [...schemaErrorFindings(errors, data), ...shown.unknownFields(data)!];
  }
}

/**
 * What the proxied validations of a model have shown of its maps, by place (a path with list
 * indexes and the keys of free-form maps as `*`): the known fields of each map the validator
 * checks field by field, or none for a map it leaves open. A model's validator reads the same
 * fields of a map at the same place every time it passes, so once every place of an object is
 * known, its unknown fields are found without a proxy: a synth validates many objects of few
 * shapes, and the proxy made their validation several times as slow.
 */
class LearntFields {
  private readonly root: Place = newPlace();

  /** Records what a proxied validation of `data` read. */
  public learn(reads: ReadRecorder, data: unknown): void {
    reads.visitMaps(data, this.root);
  }

  /** The unknown fields of `data`, or undefined when a place of it is not known yet. */
  public unknownFields(data: unknown): Finding[] | undefined {
    const findings: Finding[] = [];
    // The path of the value walked, pushed and popped: a walk meets every field of every object.
    const at: PropertyKey[] = [];
    const walk = (value: unknown, place: Place | undefined): boolean => {
      if (Array.isArray(value)) {
        const items = place?.children.get('*');
        for (let index = 0; index < value.length; index++) {
          at.push(index);
          const known = walk(value[index], items);
          at.pop();
          if (!known) return false;
        }
        return true;
      }
      if (!isJsonMap(value)) return true;
      const known = place?.known;
      if (known === undefined) return false;
      for (const key of Object.keys(value)) {
        const item = value[key];
        if (known && !known.has(key)) {
          if (item !== undefined)
            findings.push({ at: [...at, key], message: unknownKeyMessage(key, [...known], ' of the Kubernetes API') });
          continue;
        }
        at.push(key);
        const learnt = walk(item, place!.children.get(known ? key : '*'));
        at.pop();
        if (!learnt) return false;
      }
      return true;
    };
    return walk(data, this.root) ? findings : undefined;
  }
}

/**
 * A place in a model's objects: a map's known fields once learnt (null for a free-form map), and
 * the places under it by field, or `*` for a list's items and a free-form map's values.
 */
interface Place {
  known?: ReadonlySet<string> | null;
  readonly children: Map<string, Place>;
}

const newPlace = (): Place => ({ children: new Map() });

function childPlace(place: Place, segment: string): Place {
  let child = place.children.get(segment);
  if (!child) place.children.set(segment, (child = newPlace()));
  return child;
}

const learntByModel = new Map<ModelClass, LearntFields>();

function fieldsLearnt(Model: ModelClass): LearntFields {
  let learnt = learntByModel.get(Model);
  if (!learnt) {
    learnt = new LearntFields();
    learntByModel.set(Model, learnt);
  }
  return learnt;
}

/** Records which keys of each map a validator reads, and which maps it iterates over (free-form maps). */
class ReadRecorder {
  private readonly read = new Map<object, Set<PropertyKey>>();
  private readonly iterated = new Set<object>();
  private readonly proxies = new Map<object, object>();

  public wrap(value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value;
    let proxy = this.proxies.get(value);
    if (!proxy) {
      const keys = new Set<PropertyKey>();
      this.read.set(value, keys);
      proxy = new Proxy(value, {
        get: (target, key) => {
          keys.add(key);
          return this.wrap(Reflect.get(target, key));
        },
        has: (target, key) => {
          keys.add(key);
          return Reflect.has(target, key);
        },
        ownKeys: (target) => {
          this.iterated.add(target);
          return Reflect.ownKeys(target);
        },
      });
      this.proxies.set(value, proxy);
    }
    return proxy;
  }

  /** Records at `place` and the places under it what the validator read of each map of `data` (see LearntFields). */
  public visitMaps(data: unknown, place: Place): void {
    if (Array.isArray(data)) {
      for (const item of data) this.visitMaps(item, childPlace(place, '*'));
      return;
    }
    if (!isJsonMap(data)) return;
    const known = this.checkedFields(data);
    place.known = known;
    for (const [key, value] of Object.entries(data)) this.visitMaps(value, childPlace(place, known ? key : '*'));
  }

  /** The fields the validator knows in `map`, or null for a map it left open. */
  private checkedFields(map: object): ReadonlySet<string> | null {
    const known = this.read.get(map);
    return known !== undefined && known.size > 0 && !this.iterated.has(map) ? new Set(knownFields(known)) : null;
  }
}

/** The field names among the keys a validator read. */
function knownFields(keys: ReadonlySet<PropertyKey>): string[] {
  return [...keys].filter((key): key is string => typeof key === 'string' && /^[a-zA-Z]/.test(key));
}

/** A check of one values fragment against a core (`v1`) type, for `reportFindings`. */
export function coreFragment(kind: string): (data: unknown) => Finding[] {
  return (data) => kubernetesFindings('v1', kind, data);
}

/**
 * A check of one values fragment against a `networking.k8s.io/v1` type (a NetworkPolicyPeer,
 * say), for `reportFindings`, then the API server's rules of that type when the schema passes it.
 */
export function networkingFragment(
  kind: string,
  rules: (data: JsonMap) => Finding[] = () => [],
): (data: unknown) => Finding[] {
  return (data) => {
    const schema = kubernetesFindings('networking.k8s.io/v1', kind, data);
    return schema.length > 0 || !isJsonMap(data) ? schema : rules(data);
  };
}

/**
 * What the API server would refuse in a synthesized object, each at its field path: the schema
 * (types, required and unknown fields) and, for an object the schema passes, the API server's
 * validation rules (see validation/).
 */
export function manifestFindings(object: KubeObject): Finding[] {
  const schema = kubernetesFindings(object.apiVersion, object.kind, object);
  return schema.length > 0 ? schema : objectRulesFindings(object);
}

/**
 * What the API server would refuse in the objects, one line each: `key.path: what is wrong` for a
 * field that a values key produced (as `keyOf` tells), else `Kind/name: field.path: what is wrong`.
 */
export function manifestProblems(
  objects: readonly KubeObject[],
  keyOf: (object: KubeObject, field: readonly PropertyKey[]) => readonly PropertyKey[] | undefined = () => undefined,
): string[] {
  return [
    ...objects.flatMap((object) =>
      manifestFindings(object).map((finding) => {
        const key = keyOf(object, finding.at);
        return key
          ? `${formatPath(key)}: ${finding.message}`
          : `${object.kind}/${objectName(object)}: ${formatPath(finding.at)}: ${finding.message}`;
      }),
    ),
    ...repeatedObjects(objects),
  ];
}

/**
 * Objects of one kind (of one API group) with one name in one namespace: the API server keeps one
 * object per kind, namespace and name, so the later one replaces the earlier when applied.
 */
function repeatedObjects(objects: readonly KubeObject[]): string[] {
  const seen = new Set<string>();
  return objects.flatMap((object) => {
    const slash = object.apiVersion.lastIndexOf('/');
    const group = slash < 0 ? '' : object.apiVersion.slice(0, slash);
    const namespace = typeof object.metadata?.namespace === 'string' ? object.metadata.namespace : '';
    // Each part after its length: no two objects share a key by where one part ends and the next begins.
    const key = [group, object.kind, namespace, objectName(object)].map((part) => `${part.length}:${part}`).join('');
    if (!seen.has(key)) {
      seen.add(key);
      return [];
    }
    return [
      `${object.kind}/${objectName(object)}: is emitted twice${namespace ? ` in namespace ${namespace}` : ''}: the API server keeps one ${object.kind} of a name in a namespace, so one would replace the other (give one of them another name)`,
    ];
  });
}

function objectName(object: KubeObject): string {
  const name = object.metadata?.name;
  return typeof name === 'string' ? name : '(unnamed)';
}
