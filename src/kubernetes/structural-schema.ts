import { isJsonMap } from '../core/json-map';
import { parseQuantity } from './quantity';

/**
 * Schema validation of the objects the library emits, as the API server validates them:
 * - a custom resource against the `openAPIV3Schema` of its CustomResourceDefinition
 *   (`crd-schemas.json`, with the keywords hack/update-crd-schemas.js keeps): kube-openapi's checks
 *   (pkg/validation/validate, which the API server runs on custom resources) and the list types'
 *   of apiextensions-apiserver (pkg/apiserver/schema/listtype/validation.go, v0.36.3);
 * - a built-in kind against its OpenAPI definitions (`kubernetes-schemas.json`, written by
 *   hack/update-kubernetes-schemas.js): what decoding the JSON into the kind's Go types refuses
 *   (a type, an integer out of range, bad base64 or timestamp, a quantity), the fields the
 *   document marks required, and the enums of the API.
 * A field neither schema declares is reported as unknown: the API server drops it, or (with
 * kubectl's default strict field validation) refuses the object.
 */

/** A structural schema, as much of it as the API server's schema validation reads. */
export interface StructuralSchema {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly properties?: Readonly<Record<string, StructuralSchema>>;
  readonly additionalProperties?: StructuralSchema | boolean;
  readonly items?: StructuralSchema;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  /** A built-in type's JSON form: see {@link formatProblem}. */
  readonly format?: 'int32' | 'int64' | 'byte' | 'date-time' | 'quantity';
  /** A built-in type's definition, by name (`io.k8s.api.core.v1.Volume`), in the definitions the check is given. */
  readonly $ref?: string;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
}

/** The schema a `$ref` names, or undefined for a name it does not know. */
export type SchemaDefinitions = (name: string) => StructuralSchema | undefined;

/** One error of a schema validation: where (a JSON pointer), which keyword refused it, and its details. */
export interface SchemaError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: {
    readonly missingProperty?: string;
    readonly type?: string;
    readonly format?: string;
    readonly allowedValues?: readonly unknown[];
    readonly pattern?: string;
    /** For `unknown`: the fields the map's schema declares. */
    readonly known?: readonly string[];
  };
  readonly message?: string;
}

const patterns = new Map<string, RegExp>();

/** A CRD's pattern, unanchored as Go's regexp.MatchString reads it (kube-openapi validate/values.go:125 Pattern). */
function patternOf(source: string): RegExp {
  let pattern = patterns.get(source);
  if (!pattern) {
    pattern = new RegExp(source, 'u');
    patterns.set(source, pattern);
  }
  return pattern;
}

type JsonType = NonNullable<StructuralSchema['type']>;

function typeMatches(type: JsonType, value: unknown): boolean {
  switch (type) {
    case 'object':
      return isJsonMap(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === type;
  }
}

/** The JSON types a schema takes: an int-or-string either, a quantity a number or a string that parses. */
function typesOf(schema: StructuralSchema): readonly JsonType[] {
  if (schema['x-kubernetes-int-or-string']) return INT_OR_STRING;
  if (schema.format === 'quantity') return NUMBER_OR_STRING;
  return schema.type ? ONE_TYPE[schema.type] : [];
}

const INT_OR_STRING: readonly JsonType[] = ['integer', 'string'];
const NUMBER_OR_STRING: readonly JsonType[] = ['number', 'string'];
// Made once: the walk asks every value's schema for its types.
const ONE_TYPE: Readonly<Record<JsonType, readonly JsonType[]>> = {
  object: ['object'],
  array: ['array'],
  string: ['string'],
  integer: ['integer'],
  number: ['number'],
  boolean: ['boolean'],
};

const INT32 = 2 ** 31;
const INT64 = 2 ** 63;
/** Go's base64.StdEncoding, padded, which decodes a []byte field. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** time.RFC3339, which metav1.Time's UnmarshalJSON parses (apimachinery pkg/apis/meta/v1/time.go). */
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

function isTimestamp(value: string): boolean {
  const match = RFC3339.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether a value of the schema's type is out of its format: what decoding it into its Go type refuses. */
function formatProblem(format: NonNullable<StructuralSchema['format']>, value: unknown): boolean {
  switch (format) {
    case 'int32':
      return typeof value === 'number' && (value < -INT32 || value >= INT32);
    case 'int64':
      return typeof value === 'number' && (value < -INT64 || value >= INT64);
    case 'byte':
      return typeof value === 'string' && !BASE64.test(value);
    case 'date-time':
      return typeof value === 'string' && !isTimestamp(value);
    case 'quantity':
      return typeof value === 'string' && parseQuantity(value) === undefined;
  }
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** Where a value is: its parent's place and its key. The JSON pointer is only built for an error. */
interface Place {
  readonly up: Place | undefined;
  readonly key: string | number;
}

/**
 * The place of the value at `key` under `up` (the root, without a key). Made only for a map or a
 * list, whose values need it, or for an error: most values are neither.
 */
const placeOf = (up: Place | undefined, key: string | number | undefined): Place | undefined =>
  key === undefined ? up : { up, key };

/** Whether `value` is of one of the types (a loop: the walk asks it of every value). */
function matchesAny(types: readonly JsonType[], value: unknown): boolean {
  for (const type of types) if (typeMatches(type, value)) return true;
  return false;
}

const NO_REPEATS: readonly [number, number][] = [];

function pointer(place: Place | undefined): string {
  let path = '';
  for (let at = place; at; at = at.up) path = `/${String(at.key).replace(/~/g, '~0').replace(/\//g, '~1')}${path}`;
  return path;
}

/** A validation of one value: its errors, and the definitions its schemas point to. */
class Validation {
  public readonly errors: SchemaError[] = [];

  constructor(
    private readonly definitions: SchemaDefinitions,
    private readonly root: string,
  ) {}

  private fail(place: Place | undefined, keyword: string, params: SchemaError['params'] = {}, message?: string) {
    this.errors.push({ instancePath: this.root + pointer(place), keyword, params, message });
  }

  /** Checks `value` (at `key` under `up`; the root has no key) against `given`. */
  public check(given: StructuralSchema, value: unknown, up: Place | undefined, key?: string | number): void {
    let schema = given;
    while (schema.$ref !== undefined) {
      const definition = this.definitions(schema.$ref);
      if (!definition) throw new Error(`no schema definition ${schema.$ref}`);
      schema = definition;
    }
    const types = typesOf(schema);
    if (types.length > 0 && !matchesAny(types, value)) {
      for (const type of types) this.fail(placeOf(up, key), 'type', { type });
      return;
    }
    if (schema.format !== undefined && formatProblem(schema.format, value))
      this.fail(placeOf(up, key), 'format', { format: schema.format });
    if (schema.enum && !schema.enum.includes(value))
      this.fail(placeOf(up, key), 'enum', { allowedValues: schema.enum }, '');
    if (typeof value === 'string') this.checkString(schema, value, up, key);
    else if (typeof value === 'number') {
      if (schema.minimum !== undefined && value < schema.minimum)
        this.fail(placeOf(up, key), 'minimum', {}, `a number of at least ${schema.minimum}`);
      if (schema.maximum !== undefined && value > schema.maximum)
        this.fail(placeOf(up, key), 'maximum', {}, `a number of at most ${schema.maximum}`);
    } else if (Array.isArray(value)) this.checkList(schema, value, placeOf(up, key));
    else if (isJsonMap(value)) this.checkMap(schema, value, placeOf(up, key));
  }

  private checkString(schema: StructuralSchema, value: string, up: Place | undefined, key?: string | number): void {
    if (schema.minLength === undefined && schema.maxLength === undefined && schema.pattern === undefined) return;
    // kube-openapi validate/values.go:95-110 MinLength, MaxLength: in runes.
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength)
      this.fail(placeOf(up, key), 'minLength', {}, `at least ${plural(schema.minLength, 'character')}`);
    if (schema.maxLength !== undefined && length > schema.maxLength)
      this.fail(placeOf(up, key), 'maxLength', {}, `at most ${plural(schema.maxLength, 'character')}`);
    if (schema.pattern !== undefined && !patternOf(schema.pattern).test(value))
      this.fail(placeOf(up, key), 'pattern', { pattern: schema.pattern }, '');
  }

  private checkList(schema: StructuralSchema, list: readonly unknown[], place: Place | undefined): void {
    if (schema.minItems !== undefined && list.length < schema.minItems)
      this.fail(place, 'minItems', {}, `at least ${plural(schema.minItems, 'item')}`);
    if (schema.maxItems !== undefined && list.length > schema.maxItems)
      this.fail(place, 'maxItems', {}, `at most ${plural(schema.maxItems, 'item')}`);
    for (const [index, first] of repeatedItems(schema, list))
      this.fail({ up: place, key: index }, 'x-kubernetes-list-type', {}, `an item unlike item ${first}`);
    const { items } = schema;
    if (items) for (let index = 0; index < list.length; index++) this.check(items, list[index], place, index);
  }

  /**
   * A map's fields. A null field is taken for one not given: a custom resource's is pruned before
   * validation (apiextensions-apiserver pkg/apiserver/schema/defaulting/prunenulls.go:44
   * PruneNonNullableNullsWithoutDefaults, v0.36.3: no schema here is nullable), and decoding a
   * built-in kind leaves a field or a map's value that is null at its zero value (encoding/json's
   * literalStore, "ignore null for primitives/string", which the API server's decoder,
   * sigs.k8s.io/json, forks).
   */
  private checkMap(schema: StructuralSchema, map: Readonly<Record<string, unknown>>, place: Place | undefined): void {
    const { properties, additionalProperties } = schema;
    for (const field of schema.required ?? [])
      if (map[field] === undefined || map[field] === null)
        this.fail(place, 'required', { missingProperty: field }, 'is required');
    const extra = typeof additionalProperties === 'object' ? additionalProperties : undefined;
    const open = additionalProperties === true || schema['x-kubernetes-preserve-unknown-fields'] === true;
    for (const key of Object.keys(map)) {
      const item = map[key];
      if (item === undefined) continue;
      const declared = properties?.[key];
      if (declared !== undefined) {
        if (item !== null) this.check(declared, item, place, key);
      } else if (extra !== undefined) {
        if (item !== null) this.check(extra, item, place, key);
      } else if (properties !== undefined && !open)
        this.fail({ up: place, key }, 'unknown', { known: Object.keys(properties) });
    }
  }
}

/**
 * The errors of `value` against `schema`, at JSON pointers under `at`; `definitions` are the
 * schemas its `$ref`s name.
 */
export function structuralSchemaErrors(
  schema: StructuralSchema,
  value: unknown,
  at = '',
  definitions: SchemaDefinitions = () => undefined,
): SchemaError[] {
  const validation = new Validation(definitions, at);
  validation.check(schema, value, undefined);
  return validation.errors;
}

/**
 * The items of a list of type set or map that repeat an earlier one (a set: the item; a map: its
 * keys), each with the index of the first: listtype/validation.go:61
 * validateListSetsAndMapsArray reports the second appearance of each. The sets of these schemas
 * are all of strings (an item of another type is a type error already).
 */
function repeatedItems(schema: StructuralSchema, list: readonly unknown[]): readonly [number, number][] {
  const type = schema['x-kubernetes-list-type'];
  if (type !== 'set' && type !== 'map') return NO_REPEATS;
  const keys = schema['x-kubernetes-list-map-keys'] ?? [];
  const firstOf = new Map<string, number>();
  const reported = new Set<string>();
  const repeated: [number, number][] = [];
  list.forEach((item, index) => {
    if (type === 'map' ? !isJsonMap(item) : typeof item === 'object') return;
    const identity = JSON.stringify(isJsonMap(item) ? keys.map((key) => item[key] ?? null) : item);
    const first = firstOf.get(identity);
    if (first === undefined) firstOf.set(identity, index);
    else if (!reported.has(identity)) {
      reported.add(identity);
      repeated.push([index, first]);
    }
  });
  return repeated;
}
