import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import YAML from 'yaml';
import { configYaml } from '../../src/derive/config-yaml';
import { goReadsAsNonString } from '../../src/derive/go-yaml-scalars';
import { manifestsYaml } from '../../src/derive/yaml-writer';

/**
 * Any reader agrees on what the manifests and config files hold: a YAML 1.1 reader (cdk8s, older
 * tools), a YAML 1.2 reader, and Go's readers (kubectl through sigs.k8s.io/yaml, Headscale through
 * go-yaml v3), whose number syntax is wider than YAML's. Every string the writers leave plain must
 * be one that no reader takes for a number, boolean, null or time.
 */

describe("Go's reading of plain scalars (go-yaml resolve.go, strconv.ParseInt base 0, yamlStyleFloat)", () => {
  it.each([
    '0o644', // 420: strconv's 0o prefix
    '0O644',
    '0644', // octal by its leading 0
    '0x1F',
    '0X1f',
    '-0x_1F', // go-yaml removes every _ first
    '0b101',
    '0B101',
    '+0b1',
    '1_000',
    '1__0',
    '1_',
    '1_000.5',
    '09', // not an integer, but yamlStyleFloat
    '.5',
    '-1.',
    '1e5',
    '+1E-5',
    'yes',
    'on',
    'N',
    'off',
    '~',
    'NULL',
    '.inf',
    '-.Inf',
    '.NaN',
    '2001-12-14',
    '2001-12-14t21:59:43.10-05:00',
    '<<', // the merge key
  ])('%s is not a string', (text) => expect(goReadsAsNonString(text)).toBe(true));

  it.each([
    '',
    '0o8',
    '0x',
    '0b2',
    '_1',
    '1.2.3',
    'v1',
    'e5',
    'inf',
    'nan',
    'yes please',
    '1Gi',
    '500m',
    '10.0.0.0/8',
    '1:20',
  ])('%j is a string', (text) => expect(goReadsAsNonString(text)).toBe(false));
});

/** Every plain scalar in `yaml` (all documents) that a YAML 1.1 reader takes for a string. */
function plainStrings(yaml: string, version: '1.1' | '1.2'): string[] {
  const strings: string[] = [];
  for (const doc of YAML.parseAllDocuments(yaml, { version })) {
    YAML.visit(doc, {
      Scalar(_, node) {
        if (node.type === 'PLAIN' && typeof node.value === 'string') strings.push(node.source ?? node.value);
      },
    });
  }
  return strings;
}

/** The text of every config file (`*.yaml`) in the ConfigMaps of a render. */
function configFiles(yaml: string): string[] {
  return YAML.parseAllDocuments(yaml, { version: '1.1' })
    .map((doc) => doc.toJS() as { kind?: string; data?: Record<string, string> })
    .filter((object) => object?.kind === 'ConfigMap')
    .flatMap((object) => Object.entries(object.data ?? {}).filter(([key]) => /\.ya?ml$/.test(key)))
    .map(([, text]) => text);
}

const readers = (yaml: string) =>
  (['1.1', '1.2'] as const).map((version) =>
    YAML.parseAllDocuments(yaml, { version, merge: false }).map((doc) => doc.toJS()),
  );

describe('every committed render reads the same in YAML 1.1, YAML 1.2 and Go', () => {
  const snapshots = join(__dirname, '..', 'snapshots');
  it.each(readdirSync(snapshots).filter((f) => f.endsWith('.k8s.yaml')))('%s', (file) => {
    const yaml = readFileSync(join(snapshots, file), 'utf8');
    expect(plainStrings(yaml, '1.1').filter(goReadsAsNonString)).toEqual([]);
    const [yaml11, yaml12] = readers(yaml);
    expect(yaml12).toEqual(yaml11);
    for (const config of configFiles(yaml)) expect(plainStrings(config, '1.2').filter(goReadsAsNonString)).toEqual([]);
  });
});

/** Strings of the characters Go's and YAML's number syntaxes are made of. */
const numberish = fc.string({ unit: fc.constantFrom(...'0123456789_.+-eExXoObB~yYnN:tT'), minLength: 1, maxLength: 8 });
const key = fc.oneof(numberish, fc.string({ maxLength: 4 }));
const { value: json } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, numberish, fc.integer(), tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  map: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
}));
const document = fc.dictionary(key, json, { minKeys: 1, maxKeys: 5 });

describe('random documents read back as written, by every reader', () => {
  it('manifests (YAML 1.1): no plain string that Go reads otherwise, the same data in 1.1 and 1.2', () => {
    fc.assert(
      fc.property(document, (doc) => {
        const yaml = manifestsYaml([doc]);
        expect(plainStrings(yaml, '1.1').filter(goReadsAsNonString)).toEqual([]);
        const [yaml11, yaml12] = readers(yaml);
        expect(yaml11).toEqual([doc]);
        expect(yaml12).toEqual([doc]);
      }),
      { numRuns: 300 },
    );
  });

  it('config files (YAML 1.2): no plain string that Go reads otherwise', () => {
    fc.assert(
      fc.property(document, (doc) => {
        const yaml = configYaml(doc);
        expect(plainStrings(yaml, '1.2').filter(goReadsAsNonString)).toEqual([]);
        expect(YAML.parse(yaml)).toEqual(doc);
      }),
      { numRuns: 300 },
    );
  });
});

it('tags a key named <<, which YAML 1.1 and Go read as a merge, a string in manifests and config files', () => {
  const doc = { '<<': '0', labels: { '<<': 'x' } };
  for (const yaml of [manifestsYaml([doc]), configYaml(doc)]) {
    expect(yaml).toContain('!!str "<<": ');
    expect(YAML.parse(yaml, { version: '1.1', merge: true })).toEqual(doc);
  }
});
