import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { valuesSchema } from '../../src/values/schema';
import { objectShape, schemaAt, unlistedKeys } from '../../src/values/schema-walk';
import { builtSchema, builtWhenGiven, sectionDefaults, sections } from '../../src/values/sections';

/** A builder that counts its runs. */
function counted<T extends z.ZodType>(build: () => T) {
  const counter = { runs: 0, build: () => (counter.runs++, build()) };
  return counter;
}

describe('sections', () => {
  const image = () =>
    z.strictObject({ tag: z.string().default('v1'), pullPolicy: z.string().default('IfNotPresent') }).prefault({});

  it('builds a section when it is given, once, and takes its default without it otherwise', () => {
    const section = counted(image);
    const schema = z.strictObject(sections('', { image: section.build, name: z.string().default('') }));
    expect(section.runs).toBe(0);
    expect(schema.parse({ name: 'a' })).toEqual({ name: 'a', image: { tag: 'v1', pullPolicy: 'IfNotPresent' } });
    expect(schema.parse({ image: { tag: 'v2' } })).toEqual({
      name: '',
      image: { tag: 'v2', pullPolicy: 'IfNotPresent' },
    });
    expect(section.runs).toBe(1);
  });

  it('gives each parse a default of its own', () => {
    const schema = z.strictObject(sections('', { image }));
    const first = schema.parse({});
    first.image.tag = 'changed';
    expect(schema.parse({}).image.tag).toBe('v1');
  });

  it("reports a given section's problems at their keys", () => {
    const schema = z.strictObject(sections('', { image }));
    const result = schema.safeParse({ image: { tag: 1, other: true } });
    expect(result.error?.issues.map((issue) => [issue.path, issue.code])).toEqual([
      [['image', 'tag'], 'invalid_type'],
      [['image'], 'unrecognized_keys'],
    ]);
  });

  it('keeps a part given as a schema as it is, so that a map null removes stays removed', () => {
    const removable = z.union([z.null(), z.strictObject({ a: z.number() })]).transform((map) => map ?? undefined);
    const schema = z.strictObject(sections('', { probe: removable }));
    expect(schema.shape.probe).toBe(removable);
    expect(schema.parse({ probe: null })).toEqual({ probe: undefined });
  });
});

describe('builtWhenGiven', () => {
  it('leaves an absent part out without building it, and parses a given one', () => {
    const part = counted(() => z.looseObject({ port: z.number().optional() }).nullable());
    const schema = z.looseObject({ server: builtWhenGiven(part.build) });
    expect(schema.parse({})).toEqual({});
    expect(Object.keys(schema.parse({}))).toEqual([]);
    expect(part.runs).toBe(0);
    expect(schema.parse({ server: { port: 1 } })).toEqual({ server: { port: 1 } });
    expect(schema.parse({ server: null })).toEqual({ server: null });
    expect(schema.safeParse({ server: { port: 'x' } }).error?.issues[0].path).toEqual(['server', 'port']);
    expect(part.runs).toBe(1);
  });

  it('is walked through to its keys, by the walks that find a place in the schema', () => {
    const schema = z.looseObject({ dns: builtWhenGiven(() => z.looseObject({ base_domain: z.string() }).nullable()) });
    expect(schemaAt(schema, ['dns', 'base_domain'])?._zod.def.type).toBe('string');
    expect(unlistedKeys(schema, { dns: { base_domian: 'x' } })).toEqual([
      { at: ['dns', 'base_domian'], known: ['base_domain'] },
    ]);
  });
});

describe('builtSchema', () => {
  it("is a section's or a given-only part's schema, built, and any other schema itself", () => {
    const inner = z.strictObject({ a: z.string().default('') });
    const [section] = Object.values(sections('', { a: () => inner }));
    expect(builtSchema(section)).toBe(inner);
    expect(builtSchema(builtWhenGiven(() => inner))).toBe(inner);
    const plain = z.string().default('x').optional();
    expect(builtSchema(plain)).toBe(plain);
  });
});

describe("the values' sections", () => {
  const found = sectionDefaults(valuesSchema);

  it('are found where they say they are, each with a default that is JSON', () => {
    expect(found.filter(({ path, found: at }) => path !== at)).toEqual([]);
    for (const { path, json } of found) {
      const schema = path.split('.').reduce<z.core.$ZodType>((parent, key) => objectShape(parent)![key], valuesSchema);
      expect([path, isDeepStrictEqual(JSON.parse(json), z.parse(builtSchema(schema), undefined))]).toEqual([
        path,
        true,
      ]);
    }
  });

  it('are every top-level key but the maps null removes, and the maps inside the client and the UI', () => {
    const paths = found.map(({ path }) => path);
    expect(Object.keys(valuesSchema.shape).filter((key) => !paths.includes(key))).toEqual([
      'podSecurityContext',
      'securityContext',
      'livenessProbe',
      'readinessProbe',
      'config',
    ]);
    expect(paths.filter((path) => path.includes('.'))).toEqual([
      'client.image',
      'client.job',
      'client.resources',
      'client.internalTls',
      'client.podDisruptionBudget',
      'client.authKeySecret',
      'ui.image',
      'ui.service',
      'ui.ingress',
      'ui.persistence',
      'ui.configMap',
      'ui.resources',
      'ui.podDisruptionBudget',
    ]);
  });

  it('are objects to the walks, as the schemas they build', () => {
    expect(Object.keys(objectShape(valuesSchema.shape.image) ?? {})).toEqual(['repository', 'tag', 'pullPolicy']);
    expect(Object.keys(objectShape(objectShape(valuesSchema.shape.client)!.job) ?? {})).toEqual([
      'image',
      'resources',
      'ttlSecondsAfterFinished',
      'argocdHook',
      'cronjob',
    ]);
  });
});
