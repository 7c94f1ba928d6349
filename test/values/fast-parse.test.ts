import fc from 'fast-check';
import jsYaml from 'js-yaml';
import YAML from 'yaml';
import { parseValuesYaml } from '../../src/values/load';

/**
 * Values files are read with js-yaml where they hold nothing the two parsers read differently
 * (see parseValuesYaml): each such file must mean exactly what the yaml library makes of it.
 */

/** Plain scalars on every edge of the YAML 1.2 core schema, and a few of YAML 1.1's. */
const PLAIN = [
  '1',
  '-1',
  '+1',
  '0',
  '-0',
  '012',
  '0o17',
  '0o8',
  '0x1F',
  '0xg',
  '0b101',
  '1_000',
  '1.5',
  '.5',
  '1.',
  '-.5',
  '1e3',
  '1E-3',
  '1.5e+3',
  '.inf',
  '-.Inf',
  '+.INF',
  '.nan',
  '.NaN',
  'true',
  'True',
  'TRUE',
  'tRUE',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  '~',
  'null',
  'Null',
  'NULL',
  'nULL',
  '',
  '2001-12-14',
  '12:30',
  '1:20:30',
  '9007199254740993',
  '1e400',
  'a b',
  'a:b',
  'http://x.example.com:8080/p',
  '10.0.0.0/8',
  'v0.28.0',
  '1Gi',
  '500m',
  '"quoted"',
  "'single'",
  '"*:*"',
  "'group:admins:*'",
  '"*.example.com"',
  '"a&b"',
  '"!x"',
  '"100%"',
  '"a]: b"',
  '"? x"',
  '"<<"',
];
const plain = fc.constantFrom(...PLAIN);
const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
const flowSafe = fc.oneof(plain, key);

/** Documents written as a person writes values: block maps and lists, plain scalars, flow lists. */
const document = fc
  .dictionary(
    key,
    fc.oneof(
      plain,
      fc.array(flowSafe, { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
      fc.dictionary(key, plain, { maxKeys: 3 }).map((map) =>
        Object.entries(map)
          .map(([k, v]) => `\n  ${k}: ${v}`)
          .join(''),
      ),
    ),
    { minKeys: 1, maxKeys: 6 },
  )
  .map((map) =>
    Object.entries(map)
      .map(([k, v]) => `${k}: ${v}\n`)
      .join(''),
  );

/** What the yaml library makes of `text` as values (merge keys merged, as Helm does), or its error. */
function libraryValues(text: string): unknown {
  try {
    return YAML.parse(text, { version: '1.2', merge: true }) ?? {};
  } catch (error) {
    return `error: ${String(error)}`;
  }
}

function ourValues(text: string): unknown {
  try {
    return parseValuesYaml(text, 'values.yaml');
  } catch (error) {
    return `error: ${String(error)}`;
  }
}

describe('values files read with js-yaml', () => {
  it('mean what the yaml library makes of them, scalar by scalar', () => {
    for (const scalar of PLAIN) {
      const text = `a: ${scalar}\nb: [${scalar || 'x'}]\n`;
      expect([text, ourValues(text)]).toEqual([text, libraryValues(text)]);
    }
  });

  it('mean what the yaml library makes of them, on random documents', () => {
    fc.assert(
      fc.property(document, (text) => {
        const library = libraryValues(text);
        if (typeof library === 'string') return;
        expect(ourValues(text)).toEqual(library);
      }),
      { numRuns: 500 },
    );
  });

  it('mean what the yaml library makes of them with anchors, aliases, tags, merge keys, directives and collection keys', () => {
    const documents = [
      'base: &b {x: 1}\ncopy: *b\n',
      'list:\n  - &item\n    name: a\n  - *item\n',
      'a: &s text\nb: *s\n',
      'defaults: &d {x: 1, y: 2}\nmerged:\n  <<: *d\n  y: 3\n',
      'a: !!str 1\nb: !!map {c: 2}\nc: !!seq [1]\nd: ! 12\n',
      'a: !<tag:yaml.org,2002:str> 1\n',
      '%YAML 1.1\n---\na: yes\nb: 0o17\n',
      '? a\n: 1\n',
      '? [a, b]\n: 1\n',
      '[a, b]: 1\n',
      '{a: 1}: 2\n',
      'list:\n  - ? k\n    : v\n',
      'policy:\n  acls:\n    - {action: accept, src: ["*"], dst: ["*:*"]}\n',
      'note: "anchor & alias * tag ! percent %"\n',
      'quoted: "<<"\nplain: a<<b\n',
    ];
    // The library warns on stderr of each collection key it turns into a string.
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      for (const text of documents) expect([text, ourValues(text)]).toEqual([text, libraryValues(text)]);
    } finally {
      warn.mockRestore();
    }
  });

  it('read a policy with wildcards, a quoted ampersand or percent sign with js-yaml', () => {
    const load = jest.spyOn(jsYaml, 'load');
    try {
      const text = 'policy:\n  acls:\n    - {action: accept, src: ["*"], dst: ["*:*"]}\nnote: "a & b, 100%"\n';
      const values = parseValuesYaml(text, 'values.yaml');
      expect(load).toHaveBeenCalledTimes(1);
      expect(values).toEqual(load.mock.results[0].value);
    } finally {
      load.mockRestore();
    }
  });

  it('leave to the library what js-yaml reads differently or refuses, with its line and column', () => {
    expect(() => parseValuesYaml('a: 1\na: 2\n', 'values.yaml')).toThrow('values.yaml:2:1: Map keys must be unique');
    expect(parseValuesYaml('base: &b {x: 1}\ncopy: *b\n', 'values.yaml')).toEqual({ base: { x: 1 }, copy: { x: 1 } });
    expect(parseValuesYaml('a: !!str 1\n', 'values.yaml')).toEqual({ a: '1' });
  });
});
