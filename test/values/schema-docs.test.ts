import { z } from 'zod';
import { valuesSchema } from '../../src/values/schema';
import { objectShape, unwrap } from '../../src/values/schema-walk';

type AnySchema = z.core.$ZodType;

/** The schema a wrapper holds: a default's, an optional's, a pipe's input, a lazy part's (built). */
const innerOf = (schema: AnySchema): AnySchema | undefined => {
  const def = schema._zod.def as { type: string; innerType?: AnySchema; in?: AnySchema };
  return def.type === 'lazy' ? (schema as z.core.$ZodLazy)._zod.innerType : (def.innerType ?? def.in);
};

const describedAt = (schema: AnySchema): boolean => {
  for (let s: AnySchema | undefined = schema; s; s = innerOf(s)) {
    if (z.globalRegistry.get(s as z.ZodType)?.description) return true;
  }
  return false;
};

/** Every key, at any depth (inside lists, maps and `null | {...}` unions), whose value is not itself a map of keys and has no description. */
function undescribedKeys(schema: AnySchema, path: string): string[] {
  const inner = unwrap(schema);
  const def = inner._zod.def as { type: string; element?: AnySchema; valueType?: AnySchema; options?: AnySchema[] };
  const shape = objectShape(schema, { throughUnions: true });
  if (shape) {
    return Object.entries(shape).flatMap(([key, child]) => {
      const childPath = path ? `${path}.${key}` : key;
      const isMap = objectShape(child, { throughUnions: true }) !== undefined;
      return [...(isMap || describedAt(child) ? [] : [childPath]), ...undescribedKeys(child, childPath)];
    });
  }
  if (def.type === 'array') return undescribedKeys(def.element!, `${path}[]`);
  if (def.type === 'record') return undescribedKeys(def.valueType!, `${path}.*`);
  if (def.type === 'union') return def.options!.flatMap((option) => undescribedKeys(option, path));
  return [];
}

describe('undescribedKeys', () => {
  it('finds a key without a description inside lists, maps and unions', () => {
    const schema = z.strictObject({
      a: z.string().describe('A.'),
      b: z.array(z.strictObject({ c: z.string() })).describe('B.'),
      d: z.union([
        z.null(),
        z.looseObject({ e: z.record(z.string(), z.strictObject({ f: z.number().optional() })).describe('E.') }),
      ]),
    });
    expect(undescribedKeys(schema, '')).toEqual(['b[].c', 'd.e.*.f']);
  });
});

describe('the values schema', () => {
  it('describes every key at every depth, for the reference, the JSON Schema and editors', () => {
    expect(undescribedKeys(valuesSchema, '')).toEqual([]);
  });
});
