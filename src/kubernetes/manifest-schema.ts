import { describeValue, type Finding, formatPath } from '../core/errors';
import { isJsonMap, type JsonMap, valueAtPath } from '../core/json-map';
import crdSchemas from './crd-schemas.json';
import kubernetesSchemas from './kubernetes-schemas.json';
import { QUANTITY_EXAMPLES } from './quantity';
import {
  type SchemaDefinitions,
  type SchemaError,
  type StructuralSchema,
  structuralSchemaErrors,
} from './structural-schema';
import { type KubeObject, objectRulesFindings } from './validation/objects';
import { alternatives, unknownKeyMessage } from '../core/suggest';

/**
 * Checks JSON against the Kubernetes API's schemas (structural-schema.ts): a built-in kind or
 * type (a Deployment, or a fragment such as `v1` `Volume`) against the OpenAPI definitions of
 * kubernetes-schemas.json, a custom resource against its CustomResourceDefinition's schema in
 * crd-schemas.json, with ObjectMeta's definition for its metadata, which the API server validates
 * as it does every object's (a CRD's schema says only that it is a map).
 */

const BUILT_IN = kubernetesSchemas as {
  readonly source: string;
  /** The API group of each package of definitions (`io.k8s.api.apps` → `apps`). */
  readonly groups: Readonly<Record<string, string>>;
  /** Each definition as JSON text, parsed on first use. */
  readonly definitions: Readonly<Record<string, string>>;
};

const parsedDefinitions = new Map<string, StructuralSchema>();

/** A built-in type's definition by name (`io.k8s.api.core.v1.Volume`), or undefined. */
const builtInDefinition: SchemaDefinitions = (name) => {
  let definition = parsedDefinitions.get(name);
  if (definition === undefined && Object.hasOwn(BUILT_IN.definitions, name)) {
    definition = JSON.parse(BUILT_IN.definitions[name]) as StructuralSchema;
    parsedDefinitions.set(name, definition);
  }
  return definition;
};

/** The package of definitions of each API group (`apps` → `io.k8s.api.apps`, the core group `` → `io.k8s.api.core`). */
const PACKAGES = new Map(Object.entries(BUILT_IN.groups).map(([pkg, group]) => [group, pkg]));

/** The custom resources' schemas, by `apiVersion/kind`, each with the CRD it comes from (hack/update-crd-schemas.js). */
const CUSTOM_RESOURCE_SCHEMAS: Readonly<
  Record<string, { readonly source: string; readonly schema: StructuralSchema }>
> = crdSchemas as Record<string, { source: string; schema: StructuralSchema }>;

const OBJECT_META: StructuralSchema = { $ref: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' };

const schemas = new Map<string, StructuralSchema | undefined>();

/** The schema of `kind` in `apiVersion` (`v1`, `apps/v1`), or undefined for a kind neither the API nor crd-schemas.json has. */
function schemaOf(apiVersion: string, kind: string): StructuralSchema | undefined {
  const id = `${apiVersion}/${kind}`;
  if (!schemas.has(id)) schemas.set(id, customResourceSchema(id) ?? builtInSchema(apiVersion, kind));
  return schemas.get(id);
}

function customResourceSchema(id: string): StructuralSchema | undefined {
  const custom = CUSTOM_RESOURCE_SCHEMAS[id]?.schema;
  return custom && { ...custom, properties: { ...custom.properties, metadata: OBJECT_META } };
}

function builtInSchema(apiVersion: string, kind: string): StructuralSchema | undefined {
  const slash = apiVersion.lastIndexOf('/');
  const pkg = PACKAGES.get(slash < 0 ? '' : apiVersion.slice(0, slash));
  const name = pkg === undefined ? undefined : `${pkg}.${apiVersion.slice(slash + 1)}.${kind}`;
  return name !== undefined && Object.hasOwn(BUILT_IN.definitions, name) ? { $ref: name } : undefined;
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

/** What a value of a format is, in words: what decoding it into its Go type takes. */
const FORMAT_WORDS: Record<string, string> = {
  int32: 'an integer from -2147483648 to 2147483647',
  int64: 'an integer from -9223372036854775808 to 9223372036854775807',
  byte: 'base64 (padded, with + and /)',
  'date-time': 'an RFC 3339 time such as 2024-01-31T12:00:00Z',
  quantity: `a Kubernetes quantity ${QUANTITY_EXAMPLES}`,
};

/** What the errors at one place wanted, in words. */
function expectations(errors: readonly SchemaError[]): string[] {
  return errors.flatMap((e) => {
    switch (e.keyword) {
      case 'type':
        return [TYPE_WORDS[e.params.type ?? ''] ?? `a ${e.params.type}`];
      case 'enum':
        return (e.params.allowedValues ?? []).map((v) => JSON.stringify(v));
      case 'format':
        return [FORMAT_WORDS[e.params.format ?? ''] ?? `a value in the ${e.params.format} format`];
      case 'pattern':
        return [`a string matching ${e.params.pattern}`];
      default:
        return [e.message ?? e.keyword];
    }
  });
}

/** The schema errors as findings: one per place, saying what was given and what was expected. */
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
 * fragment such as `v1` `Volume`), each at its path in `data`, unknown fields last. A kind the
 * schemas do not have passes.
 */
export function kubernetesFindings(apiVersion: string, kind: string, data: unknown): Finding[] {
  const schema = schemaOf(apiVersion, kind);
  if (!schema) return [];
  const errors = structuralSchemaErrors(schema, data, '', builtInDefinition);
  if (errors.length === 0) return [];
  const unknown = errors.filter((e) => e.keyword === 'unknown');
  return [
    ...schemaErrorFindings(
      errors.filter((e) => e.keyword !== 'unknown'),
      data,
    ),
    ...unknown.map((e) => {
      const at = pathOf(e.instancePath, data);
      return {
        at,
        message: unknownKeyMessage(String(at[at.length - 1]), e.params.known ?? [], ' of the Kubernetes API'),
      };
    }),
  ];
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
