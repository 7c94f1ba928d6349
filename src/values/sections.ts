import { z } from 'zod';
import { objectShape } from './schema-walk';
import { CHECKING_PARSE } from './zod-issues';

/**
 * Parts of the values schema built on first use. The values schema is some two thousand zod
 * objects, and building them is most of what loading the library costs; a values file holds a few
 * of its sections. A section is built when a values file gives it (or when a tool walks the whole
 * schema: the reference, the JSON Schema); an absent one takes its default without being built.
 *
 * zod's `.default()` answers for an absent value without reading the schema it wraps, where
 * `.optional()` and `.prefault()` ask it (and building a `z.lazy` is how it answers): so a section
 * is a `z.lazy` under a `.default`, and a part with no default a `z.lazy` that answers for itself.
 */

type AnySchema = z.core.$ZodType;

/**
 * Each section's default as JSON, worked out when the CLI's bundle is made (hack/bundle-cli.js,
 * from {@link sectionDefaults}), so that a run of the bundle builds no section a values file leaves
 * out. Elsewhere a default is worked out from the section's schema when it is first needed.
 */
declare const CDK8S_HEADSCALE_SECTION_DEFAULTS: Readonly<Record<string, string>> | undefined;

const PRECOMPUTED: Readonly<Record<string, string>> | undefined =
  typeof CDK8S_HEADSCALE_SECTION_DEFAULTS === 'undefined' ? undefined : CDK8S_HEADSCALE_SECTION_DEFAULTS;

/**
 * A schema built when a value is given for it; absent, it stays absent without being built. An
 * optional asks its inner schema whether it supplies a default (`optin`), which would build a lazy
 * one: the lazy part answers "no" itself, as the schemas built here never supply one.
 */
export function builtWhenGiven<T extends z.ZodType>(build: () => T) {
  const lazy = z.lazy(build);
  Object.defineProperty(lazy._zod, 'optin', { value: undefined });
  return lazy.optional();
}

/** Where each section is in the values (`client.job`), as it was declared. */
const SECTION_PATHS = new WeakMap<AnySchema, string>();

/**
 * The section at `path` of the values, built by `build` when a values file gives it; absent, its
 * default (what `build()` makes of no value) is taken without building it. The default must be
 * JSON, as the values are: a test holds every section to it.
 */
function section<T extends z.ZodType>(path: string, build: () => T) {
  const lazy = z.lazy(build);
  let computed: string | undefined;
  const schema = lazy.default(
    () => JSON.parse(PRECOMPUTED?.[path] ?? (computed ??= defaultText(lazy))) as z.core.util.NoUndefined<z.output<T>>,
  );
  SECTION_PATHS.set(schema, path);
  return schema;
}

/** What a schema makes of no value, as JSON. */
const defaultText = (schema: AnySchema) => JSON.stringify(z.parse(schema, undefined, CHECKING_PARSE));

/** The schemas {@link sections} makes of its parts. */
type Sections<T> = {
  [K in keyof T]: T[K] extends () => infer S ? (S extends z.ZodType ? z.ZodDefault<z.ZodLazy<S>> : never) : T[K];
};

/**
 * The keys of the map at `path` in the values ('' for the top level) as sections: each key given a
 * builder is a {@link section}, built on first use; a key given a schema is built now, as a leaf
 * is best built (a section costs two schemas of its own), and as must be one whose output may be
 * undefined (a map that `null` removes), which a `.default` would replace with the default.
 */
export function sections<T extends Record<string, z.ZodType | (() => z.ZodType)>>(path: string, parts: T): Sections<T> {
  return Object.fromEntries(
    Object.entries(parts).map(([key, part]) => [
      key,
      typeof part === 'function' ? section(path ? `${path}.${key}` : key, part) : part,
    ]),
  ) as Sections<T>;
}

/**
 * The default of each section in `values` (the values schema) as JSON, by the path it was declared
 * at: what the CLI's bundle carries. Also each section's `found` path, where the walk met it.
 */
export function sectionDefaults(values: AnySchema, at = ''): Array<{ path: string; found: string; json: string }> {
  return Object.entries(objectShape(values) ?? {}).flatMap(([key, part]) => {
    const found = at ? `${at}.${key}` : key;
    const path = SECTION_PATHS.get(part);
    const lazy = lazyOf(part);
    const own = path !== undefined && lazy ? [{ path, found, json: defaultText(lazy) }] : [];
    return [...own, ...sectionDefaults(builtSchema(part), found)];
  });
}

/**
 * The schema a lazy part wraps, built, for tools that read the whole schema (the reference, the
 * JSON Schema); any other schema as it is.
 */
export function builtSchema(schema: AnySchema): AnySchema {
  const lazy = lazyOf(schema);
  return lazy ? lazy._zod.innerType : schema;
}

/** The `z.lazy` of a section (a default over it) or of a given-only part (an optional over it). */
function lazyOf(schema: AnySchema): z.core.$ZodLazy | undefined {
  const def = schema._zod.def as { type: string; innerType?: AnySchema };
  const inner = def.type === 'default' || def.type === 'optional' ? def.innerType : undefined;
  return inner?._zod.def.type === 'lazy' ? (inner as z.core.$ZodLazy) : undefined;
}
