import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, App } from 'cdk8s';
import fc from 'fast-check';
import { HeadscaleChart } from '../src/chart/chart';
import { renderHeadscale } from '../src/render';
import { ValuesError } from '../src/core/errors';
import { isJsonMap, type JsonMap } from '../src/core/json-map';
import { parseValuesYaml } from '../src/values/load';
import { parseValues } from '../src/chart/parse-values';
import { cdk8sYamlQuotedForGo } from './support/yaml';

/**
 * Property: whatever the values, parseValues and synth either render manifests or throw a
 * ValuesError; never another exception (a crash, a ManifestError from an object the values let
 * through). Random values and random mutations of the chart's reference cases. FUZZ_SEED picks
 * another sequence; FUZZ_RUNS more cases.
 */

const FIXTURES = join(__dirname, 'fixtures', 'parity');
const CASES: JsonMap[] = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.values.yaml'))
  .sort()
  .map((f) => parseValuesYaml(readFileSync(join(FIXTURES, f), 'utf8'), f));

type Path = Array<string | number>;

/** Every key path of a values tree (maps and lists), the tree's own root excluded. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const children: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : isJsonMap(value)
      ? Object.entries(value)
      : [];
  return children.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

/** The paths of the defaults: every key the schema has a default for. */
const DEFAULT_PATHS: Path[] = pathsOf(parseValues({}));

/** Values that sit on the edges of what the checks accept. */
const EDGE_VALUES = [
  '',
  ' ',
  '0',
  '-1',
  '1Gi',
  '500m',
  'a'.repeat(70),
  'UPPER',
  'has space',
  '10.0.0.0/8',
  '10.0.0.1/8',
  '::/0',
  '0.0.0.0/0',
  '100.64.0.0/10',
  'http://x',
  'https://headscale.local',
  'tag:x',
  'group:x',
  'alice@',
  'autogroup:self',
  '*:*',
  '50%',
  '30s',
  '1h',
  0,
  1,
  -1,
  65535,
  70000,
  1.5,
  true,
  false,
  null,
  [],
  {},
  [''],
  { '': '' },
];

const value = fc.oneof(fc.constantFrom(...EDGE_VALUES), fc.jsonValue({ maxDepth: 2 }));

type Mutation = { path: Path; change: 'set' | 'delete'; value: unknown };

/** A change at a key of the case (more often) or of the defaults. */
const mutationOf = (base: JsonMap): fc.Arbitrary<Mutation> => {
  const own = pathsOf(base);
  return fc.record({
    path:
      own.length > 0
        ? fc.oneof(
            { arbitrary: fc.constantFrom(...own), weight: 2 },
            { arbitrary: fc.constantFrom(...DEFAULT_PATHS), weight: 1 },
          )
        : fc.constantFrom(...DEFAULT_PATHS),
    change: fc.constantFrom('set' as const, 'set' as const, 'delete' as const),
    value,
  });
};

/** `values` with `m` applied, creating maps on the way (a list index on a map sets a key). */
function mutate(values: JsonMap, m: Mutation): JsonMap {
  const copy = structuredClone(values);
  let node: Record<string | number, unknown> = copy;
  for (const key of m.path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string | number, unknown>;
  }
  const last = m.path[m.path.length - 1];
  if (m.change === 'delete') delete node[last];
  else node[last] = structuredClone(m.value);
  return copy;
}

/**
 * What rendering `values` came to: 'rendered', 'refused', or the unexpected exception itself. A
 * render must also be what cdk8s makes of the same chart on its own: each object's JSON as
 * `ApiObject.toJson()` makes it, and the YAML as cdk8s's `App` writes it, with the strings Go's
 * YAML readers misread quoted (the library takes
 * shortcuts for both: see src/components/kube.ts, src/app.ts and src/derive/yaml.ts).
 */
function outcome(values: unknown): 'rendered' | 'refused' {
  try {
    const props = { releaseName: 'headscale', namespace: 'headscale', values: values as JsonMap };
    const yaml = renderHeadscale(props).yaml;
    if (typeof yaml !== 'string' || !yaml.includes('kind:')) throw new Error('synth returned no manifests');
    const app = new App();
    const chart = new HeadscaleChart(app, 'headscale', props);
    for (const object of chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject)) {
      if (JSON.stringify(object.toJson()) !== JSON.stringify(ApiObject.prototype.toJson.call(object)))
        throw new Error(`${object.node.path} differs from ApiObject.toJson()`);
    }
    app.synthYaml();
    if (cdk8sYamlQuotedForGo(chart.toJson()) !== yaml)
      throw new Error("the render differs from what cdk8s's App writes (with the strings Go misreads quoted)");
    return 'rendered';
  } catch (error) {
    if (error instanceof ValuesError) return 'refused';
    throw new Error(`${String(error)}\nfor the values ${JSON.stringify(values)}`);
  }
}

const SEED = Number(process.env.FUZZ_SEED ?? 1105);
const RUNS = Number(process.env.FUZZ_RUNS ?? 250);

describe('rendering any values', () => {
  it('renders or refuses mutations of the reference cases, and nothing else', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc
          .constantFrom(...CASES)
          .chain((base) =>
            fc
              .array(mutationOf(base), { minLength: 1, maxLength: 3 })
              .map((mutations) => mutations.reduce(mutate, base)),
          ),
        (values) => {
          seen.add(outcome(values));
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
    // Both outcomes occur, so the mutations reach past the schema into synth.
    expect([...seen].sort()).toEqual(['refused', 'rendered']);
  });

  it('renders or refuses random values, and nothing else', () => {
    const keys = Object.keys(parseValues({}));
    const randomValues = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.dictionary(
        fc.constantFrom(...keys),
        fc.oneof(value, fc.dictionary(fc.string({ maxLength: 12 }), value, { maxKeys: 4 })),
        { maxKeys: 5 },
      ),
    );
    fc.assert(
      fc.property(randomValues, (values) => {
        outcome(values);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
