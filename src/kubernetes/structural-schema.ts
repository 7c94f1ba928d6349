import { isJsonMap } from '../core/json-map';

/**
 * The API server's schema validation of a custom resource, for the schemas of
 * `crd-schemas.json`: the `openAPIV3Schema` of each CustomResourceDefinition, with the keywords
 * hack/update-crd-schemas.js keeps. The checks are kube-openapi's (pkg/validation/validate,
 * which the API server runs on custom resources) and the list types' of apiextensions-apiserver
 * (pkg/apiserver/schema/listtype/validation.go, v0.36.3).
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
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
}

/** One error of a schema validation, as ajv (which the kubernetes-models validators are) reports it. */
export interface SchemaError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: {
    readonly missingProperty?: string;
    readonly type?: string;
    readonly format?: string;
    readonly allowedValues?: readonly unknown[];
    readonly pattern?: string;
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

function typeMatches(type: NonNullable<StructuralSchema['type']>, value: unknown): boolean {
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

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/**
 * The errors of `value` against `schema`, at JSON pointers under `at`. Every field a schema
 * declares is read and free-form maps are iterated, as the compiled validators of
 * kubernetes-models do, so that manifest-schema.ts's read recorder tells known fields from
 * unknown ones.
 */
export function structuralSchemaErrors(schema: StructuralSchema, value: unknown, at = ''): SchemaError[] {
  if (schema['x-kubernetes-int-or-string']) {
    if (!Number.isInteger(value) && typeof value !== 'string')
      return ['integer', 'string'].map((type) => ({ instancePath: at, keyword: 'type', params: { type } }));
  } else if (schema.type && !typeMatches(schema.type, value)) {
    return [{ instancePath: at, keyword: 'type', params: { type: schema.type } }];
  }
  const errors: SchemaError[] = [];
  const fail = (keyword: string, message: string, params: SchemaError['params'] = {}, path = at) =>
    errors.push({ instancePath: path, keyword, params, message });
  if (schema.enum && !schema.enum.includes(value)) fail('enum', '', { allowedValues: schema.enum });
  if (typeof value === 'string') {
    // kube-openapi validate/values.go:95-110 MinLength, MaxLength: in runes.
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength)
      fail('minLength', `at least ${plural(schema.minLength, 'character')}`);
    if (schema.maxLength !== undefined && length > schema.maxLength)
      fail('maxLength', `at most ${plural(schema.maxLength, 'character')}`);
    if (schema.pattern !== undefined && !patternOf(schema.pattern).test(value))
      fail('pattern', '', { pattern: schema.pattern });
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      fail('minimum', `a number of at least ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum)
      fail('maximum', `a number of at most ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      fail('minItems', `at least ${plural(schema.minItems, 'item')}`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      fail('maxItems', `at most ${plural(schema.maxItems, 'item')}`);
    for (const [index, first] of repeatedItems(schema, value))
      fail('x-kubernetes-list-type', `an item unlike item ${first}`, {}, `${at}/${index}`);
    if (schema.items) {
      const items = schema.items;
      value.forEach((item: unknown, index) => errors.push(...structuralSchemaErrors(items, item, `${at}/${index}`)));
    }
  }
  if (isJsonMap(value)) errors.push(...objectErrors(schema, value, at));
  return errors;
}

/**
 * A map's fields. A null field is pruned before validation, as if it were not given
 * (apiextensions-apiserver pkg/apiserver/schema/defaulting/prunenulls.go:44
 * PruneNonNullableNullsWithoutDefaults, v0.36.3: no schema here is nullable).
 */
function objectErrors(schema: StructuralSchema, map: Readonly<Record<string, unknown>>, at: string): SchemaError[] {
  const errors: SchemaError[] = [];
  const given = (field: string) => map[field] !== undefined && map[field] !== null;
  for (const field of schema.required ?? [])
    if (!given(field))
      errors.push({
        instancePath: at,
        keyword: 'required',
        params: { missingProperty: field },
        message: 'is required',
      });
  for (const [field, fieldSchema] of Object.entries(schema.properties ?? {}))
    if (given(field)) errors.push(...structuralSchemaErrors(fieldSchema, map[field], `${at}/${pointerToken(field)}`));
  const { additionalProperties } = schema;
  if (typeof additionalProperties === 'object' || schema['x-kubernetes-preserve-unknown-fields']) {
    // A free-form map: iterated, so that its keys all count as known.
    for (const [key, item] of Object.entries(map))
      if (typeof additionalProperties === 'object' && !schema.properties?.[key] && item !== null)
        errors.push(...structuralSchemaErrors(additionalProperties, item, `${at}/${pointerToken(key)}`));
  }
  return errors;
}

function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The items of a list of type set or map that repeat an earlier one (a set: the item; a map: its
 * keys), each with the index of the first: listtype/validation.go:61
 * validateListSetsAndMapsArray reports the second appearance of each. The sets of these schemas
 * are all of strings (an item of another type is a type error already).
 */
function repeatedItems(schema: StructuralSchema, list: readonly unknown[]): [number, number][] {
  const type = schema['x-kubernetes-list-type'];
  if (type !== 'set' && type !== 'map') return [];
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
