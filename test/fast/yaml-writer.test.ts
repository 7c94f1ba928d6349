import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Yaml } from 'cdk8s';
import fc from 'fast-check';
import YAML from 'yaml';
import { goReadsAsNonString, MERGE_KEY } from '../../src/derive/go-yaml-scalars';
import { configYaml, libraryConfigYaml } from '../../src/derive/config-yaml';
import { manifestsYaml } from '../../src/derive/yaml-writer';
import { cdk8sYamlQuotedForGo } from '../support/yaml';

/**
 * The writer's promise is byte equality with cdk8s's `Yaml.stringify`, which it replaces for
 * manifests, but for the strings that Go's YAML readers would misread, which it quotes
 * (`cdk8sYamlQuotedForGo`). Checked on every committed render and on random documents built from
 * the strings YAML treats specially; and that quoting changes nothing else: the same text as
 * cdk8s's where no string needs it, the same data for a YAML reader everywhere.
 */

const cdk8sYaml = (docs: unknown[]) => Yaml.stringify(...docs);
const expected = cdk8sYamlQuotedForGo;

/** Strings on every edge of YAML's plain, quoted and block styles, and of the 1.1 and 1.2 schemas. */
const TRICKY_STRINGS = [
  '',
  ' ',
  'a',
  'y',
  'Y',
  'yes',
  'No',
  'on',
  'OFF',
  'true',
  'False',
  'null',
  'Null',
  '~',
  '-',
  '?',
  ':',
  '#',
  '0',
  '-0',
  '012',
  '0x1F',
  '0o17',
  '0O17',
  '0b101',
  '0B101',
  '0X1f',
  '+0o7',
  '-0b1',
  '0x_1F',
  '1_000',
  '1_000.5',
  '09',
  '_1',
  '0o8',
  '1:20',
  '1.5',
  '.5',
  '1e3',
  '.inf',
  '-.Inf',
  '.nan',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '=',
  '<<',
  'a: b',
  'a:b',
  'a #b',
  'a#b',
  '- a',
  '? a',
  '[a]',
  '{a}',
  'a,b',
  '*a',
  '&a',
  '!a',
  '|',
  '>',
  "'a'",
  '"a"',
  "it's",
  'say "hi"',
  '\'"',
  '%YAML',
  '---',
  '--- a',
  '...',
  '@a',
  '`a`',
  ' lead',
  'trail ',
  'tab\tin',
  'a\nb',
  'a\nb\n',
  'a\nb\n\n',
  '\na',
  '  indented\nnext',
  'line\n  more\nless',
  'x\n\n\ny',
  'end  \nspace',
  'a\n ',
  'a\n\t',
  'a\n \n',
  'a\n---\nb',
  'a\n...\n',
  'a\n%b',
  '#!/bin/sh\nset -eu\n',
  'a\u0007b',
  'a\u0085b',
  'lone \uD800 surrogate',
  'line\u2028separator',
  'no\u00a0break',
  'é',
  '日本',
  '😀',
  'a'.repeat(1100),
  'https://example.com:8443/p?q=1',
  'app.kubernetes.io/name',
  '10.0.0.0/8',
  '1Gi',
  '500m',
];

/** Strings of the characters that decide between plain and quoted: digits, e, y, :, ., -, #, space, ... */
const edgyString = fc.string({ unit: fc.constantFrom(...'aeEnoyY0129_./:@=+-#!%&*?|>\'" \t\nxBO'), maxLength: 8 });
/** Any UTF-16 code units: control characters, lone surrogates, ... */
const anyString = fc.string({ unit: 'binary', maxLength: 6 });
const key = fc.oneof(fc.constantFrom(...TRICKY_STRINGS), edgyString, fc.string({ maxLength: 6 }), anyString);
const scalar = fc.oneof(
  { arbitrary: fc.constantFrom(...TRICKY_STRINGS), weight: 3 },
  { arbitrary: edgyString, weight: 3 },
  { arbitrary: fc.string({ maxLength: 8 }), weight: 1 },
  { arbitrary: anyString, weight: 1 },
  {
    arbitrary: fc.oneof(
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(-0, 2 ** 60, 1e21, 1e-7),
    ),
    weight: 1,
  },
  { arbitrary: fc.constantFrom(true, false, null, undefined), weight: 1 },
);
const { value: json } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  map: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
}));
/** The same value at two places: the library anchors a map or list it meets twice. */
const sharing = json.map((value) => ({ first: value, nested: [{ second: value }] }));
const documentOf = fc.oneof(fc.dictionary(key, json, { maxKeys: 5 }), fc.array(json, { maxLength: 4 }), sharing);

describe('manifestsYaml writes what cdk8s writes, with the strings Go misreads quoted', () => {
  const snapshots = join(__dirname, '..', 'snapshots');
  it.each(readdirSync(snapshots).filter((f) => f.endsWith('.k8s.yaml')))('the objects of %s', (file) => {
    const docs = YAML.parseAllDocuments(readFileSync(join(snapshots, file), 'utf8'), { version: '1.1' }).map((d) =>
      d.toJS(),
    );
    expect(manifestsYaml(docs)).toBe(expected(docs));
  });

  it('on random documents of tricky strings, numbers, lists and maps', () => {
    fc.assert(
      fc.property(fc.array(documentOf, { minLength: 1, maxLength: 3 }), (docs) => {
        expect(manifestsYaml(docs)).toBe(expected(docs));
      }),
      { numRuns: Number(process.env.YAML_RUNS ?? 400) },
    );
  });

  it('when the library takes over: an object met twice, undefined, a long key, a kept trailing newline', () => {
    const shared = { a: 1 };
    const empty = {};
    const docs = [
      { one: shared, two: shared },
      { one: empty, two: [empty] },
      { gone: undefined, kept: 1 },
      { ['k'.repeat(1100)]: 1 },
      { script: 'a\n\n', next: 1 },
      undefined,
      'text',
    ];
    expect(manifestsYaml(docs)).toBe(expected(docs));
  });

  it('writes scalars it has learnt the same way at every depth and in lists', () => {
    const script = '#!/bin/sh\n  indented\n\nlast\n';
    const doc = { a: script, b: [script, { c: script, d: [[script]] }], e: { f: { g: script } } };
    expect(manifestsYaml([doc, doc])).toBe(expected([doc, doc]));
  });
});

/** Every string in `value`, keys too. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) => [k, ...stringsOf(v)]);
  return [];
}

/** The documents a YAML 1.1 reader reads, or its error (a `<<` key in 1.1 is a merge, of a map only). */
function readBack(yaml: string): unknown {
  try {
    return YAML.parseAllDocuments(yaml, { version: '1.1', uniqueKeys: false }).map((doc) =>
      doc.toJS({ maxAliasCount: -1 }),
    );
  } catch (error) {
    return String(error);
  }
}

describe('quoting for Go changes only what Go would misread', () => {
  it('is what cdk8s writes where no string needs quoting, and reads back as the same data everywhere', () => {
    fc.assert(
      fc.property(fc.array(documentOf, { minLength: 1, maxLength: 3 }), (docs) => {
        // cdk8s writes a `<<` string plain, which YAML 1.1 reads as a merge: the writer tags it a string instead.
        fc.pre(!stringsOf(docs).includes(MERGE_KEY));
        const quoted = expected(docs);
        if (!stringsOf(docs).some(goReadsAsNonString)) expect(quoted).toBe(cdk8sYaml(docs));
        expect(readBack(quoted)).toEqual(readBack(cdk8sYaml(docs)));
      }),
      { numRuns: Number(process.env.YAML_RUNS ?? 400) },
    );
  });

  it('tags the merge key `<<` a string, which cdk8s leaves plain and YAML 1.1 and Go read as a merge', () => {
    const doc = { '<<': 'x', labels: { a: '<<' } };
    expect(cdk8sYaml([doc])).toBe('<<: x\nlabels:\n  a: <<\n');
    expect(manifestsYaml([doc])).toBe('!!str "<<": x\nlabels:\n  a: !!str "<<"\n');
    expect(readBack(manifestsYaml([doc]))).toEqual([doc]);
  });

  it("quotes what cdk8s leaves plain and Go reads as a number: kubectl's 0o644 is 420", () => {
    const doc = { mode: '0o644', bits: '0B101', hex: '0X1F', '0o7': 'key' };
    expect(cdk8sYaml([doc])).toBe('mode: 0o644\nbits: 0B101\nhex: 0X1F\n0o7: key\n');
    expect(manifestsYaml([doc])).toBe('mode: "0o644"\nbits: "0B101"\nhex: "0X1F"\n"0o7": key\n');
  });
});

describe('configYaml writes what the yaml library writes for configuration files', () => {
  it('on random documents: YAML 1.2, keys sorted, undefined values left out, Go-misread strings quoted', () => {
    fc.assert(
      fc.property(documentOf, (doc) => {
        expect(configYaml(doc)).toBe(libraryConfigYaml(doc));
      }),
      { numRuns: Number(process.env.YAML_RUNS ?? 400) },
    );
  });

  it('quotes what Go reads as other than a string: yes, 0o17, 1_000; not 1:20, which only YAML 1.1 reads as a number', () => {
    const doc = { octal: '0o17', answer: 'yes', under: '1_000', time: '1:20', gone: undefined };
    expect(configYaml(doc)).toBe('answer: "yes"\noctal: "0o17"\ntime: 1:20\nunder: "1_000"\n');
  });
});
