import type { z } from 'zod';

type AnySchema = z.core.$ZodType;
type Def = {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  options?: AnySchema[];
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  valueType?: AnySchema;
  catchall?: AnySchema;
};

const defOf = (schema: AnySchema) => schema._zod.def as Def;

/** Wrappers that carry one inner schema: defaults, optionals, transforms, lazy parts (built here). */
export function unwrap(schema: AnySchema): AnySchema {
  const def = defOf(schema);
  switch (def.type) {
    case 'default':
    case 'prefault':
    case 'optional':
    case 'nullable':
    case 'readonly':
      return unwrap(def.innerType!);
    case 'pipe':
      return unwrap(def.in!);
    case 'lazy':
      return unwrap((schema as z.core.$ZodLazy)._zod.innerType);
    default:
      return schema;
  }
}

/**
 * The object schema inside `schema`: itself unwrapped, or (`throughUnions`) the first object among
 * a union's options, as in `null | {...}`.
 */
function objectSchema(schema: AnySchema, throughUnions = true): AnySchema | undefined {
  const inner = unwrap(schema);
  const def = defOf(inner);
  if (def.type === 'object') return inner;
  if (def.type === 'union' && throughUnions)
    return def.options!.map((option) => objectSchema(option)).find((option) => option !== undefined);
  return undefined;
}

/**
 * The keys of the object schema, if `schema` (once unwrapped) is an object schema; with
 * `throughUnions`, also of an object that is one option of a union (`config`: `null | {...}`).
 */
export function objectShape(schema: AnySchema, { throughUnions = false } = {}): Record<string, AnySchema> | undefined {
  const object = objectSchema(schema, throughUnions);
  return object ? defOf(object).shape : undefined;
}

/** Whether the object schema accepts keys it does not list (a loose object), as opposed to refusing them (strict). */
function acceptsUnknownKeys(schema: AnySchema): boolean {
  const object = objectSchema(schema);
  const catchall = object ? defOf(object).catchall : undefined;
  return catchall !== undefined && defOf(catchall).type === 'unknown';
}

/** The keys the object schema at `path` in `schema` lists (the root's, when there is none at `path`), for "did you mean". */
export function knownKeysAt(schema: AnySchema, path: readonly PropertyKey[]): string[] {
  return Object.keys(objectShape(schemaAt(schema, path) ?? schema, { throughUnions: true }) ?? {});
}

/** The schema that validates the value at `path` (object keys, record values, array indexes), if there is one. */
export function schemaAt(schema: AnySchema, path: readonly PropertyKey[]): AnySchema | undefined {
  let current: AnySchema | undefined = schema;
  for (const segment of path) {
    if (!current) return undefined;
    const object = objectSchema(current);
    const def = defOf(unwrap(current));
    if (object && typeof segment === 'string') current = defOf(object).shape?.[segment];
    else if (def.type === 'record' && typeof segment === 'string') current = def.valueType;
    else if (def.type === 'array' && typeof segment === 'number') current = def.element;
    else return undefined;
  }
  return current;
}

/**
 * The keys in `value` that a loose object of `schema` accepts without knowing them, anywhere below
 * (through objects, records and lists), each with the keys known at its place.
 */
export function unlistedKeys(
  schema: AnySchema,
  value: unknown,
  at: readonly PropertyKey[] = [],
): Array<{ at: PropertyKey[]; known: string[] }> {
  if (Array.isArray(value)) {
    const def = defOf(unwrap(schema));
    return def.type === 'array' ? value.flatMap((item, index) => unlistedKeys(def.element!, item, [...at, index])) : [];
  }
  if (typeof value !== 'object' || value === null) return [];
  const shape = objectShape(schema, { throughUnions: true });
  const def = defOf(unwrap(schema));
  return Object.entries(value).flatMap(([key, child]) => {
    if (shape) {
      if (shape[key]) return unlistedKeys(shape[key], child, [...at, key]);
      return acceptsUnknownKeys(schema) ? [{ at: [...at, key], known: Object.keys(shape) }] : [];
    }
    return def.type === 'record' ? unlistedKeys(def.valueType!, child, [...at, key]) : [];
  });
}
