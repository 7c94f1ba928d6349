import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { helmMerge } from '../../src/values/helm-merge';
import { MAX_VALUES_BYTES, MAX_VALUES_DEPTH } from '../../src/values/input-limits';
import {
  layerAll,
  MAX_SET_INDEX,
  parseSetExpression,
  parseValuesYaml,
  readValuesFile,
  SetSyntaxError,
} from '../../src/values/load';
import { parseValues } from '../../src/chart/parse-values';
import { problems, problemsOf } from '../support/problems';
import { temporaryDirectory } from '../support/temporary';

describe('values files', () => {
  it('reads a values file; an empty one is no values', () => {
    const dir = temporaryDirectory('values');
    writeFileSync(join(dir, 'a.yaml'), 'service:\n  port: 80\n');
    writeFileSync(join(dir, 'empty.yaml'), '# nothing\n');
    expect(readValuesFile(join(dir, 'a.yaml'))).toEqual({ service: { port: 80 } });
    expect(readValuesFile(join(dir, 'empty.yaml'))).toEqual({});
  });

  it('names the file and line of a YAML syntax error', () => {
    expect(problemsOf(() => parseValuesYaml('service:\n  port: 80\n\ttype: NodePort\n', 'my-values.yaml'))).toEqual([
      'my-values.yaml:3:1: Tabs are not allowed as indentation',
    ]);
    expect(problemsOf(() => parseValuesYaml('a: 1\na: 2\n', 'dup.yaml'))[0]).toMatch(/^dup\.yaml:2:1: .*unique/);
  });

  it('refuses a file whose top level is not a map, and a file that cannot be read', () => {
    expect(problemsOf(() => parseValuesYaml('- a\n', 'list.yaml'))).toEqual([
      'list.yaml: expected a map of values at the top level',
    ]);
    expect(problemsOf(() => readValuesFile('/nonexistent/values.yaml'))).toEqual([
      '/nonexistent/values.yaml: cannot read the values file (ENOENT)',
    ]);
  });

  it('layers sources in order, keeping a null so that it still deletes a default', () => {
    const layered = layerAll([
      { service: { port: 80, type: 'NodePort' }, livenessProbe: { periodSeconds: 1 } },
      { service: { port: 81 }, livenessProbe: null },
    ]);
    expect(layered).toEqual({ service: { port: 81, type: 'NodePort' }, livenessProbe: null });
    expect(parseValues(layered).livenessProbe).toBeUndefined();
  });

  it("merges YAML merge keys as Helm's reader does: the map's own keys first, then the merged maps in order", () => {
    const text = [
      'resources: &small',
      '  requests: { cpu: 10m, memory: 32Mi }',
      'ui:',
      '  enabled: true',
      '  resources:',
      '    <<: *small',
      '    limits: { memory: 64Mi }',
      'client:',
      '  resources:',
      '    <<: [{ requests: { cpu: 20m } }, *small]',
      '',
    ].join('\n');
    const values = parseValuesYaml(text, 'anchors.yaml');
    expect(values.ui).toEqual({
      enabled: true,
      resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } },
    });
    expect(values.client).toEqual({ resources: { requests: { cpu: '20m' } } });
    expect(parseValues(values).ui.resources).toEqual({
      requests: { cpu: '10m', memory: '32Mi' },
      limits: { memory: '64Mi' },
    });
  });

  it('merges like Helm without changing its arguments', () => {
    const defaults = { a: { b: 1, c: [1, 2] }, d: 1 };
    expect(helmMerge(defaults, { a: { c: [3] }, d: null })).toEqual({ a: { b: 1, c: [3] } });
    expect(defaults).toEqual({ a: { b: 1, c: [1, 2] }, d: 1 });
  });
});

describe('hostile values files', () => {
  afterEach(() => expect(({} as Record<string, unknown>).polluted).toBeUndefined());

  it('refuses an alias bomb in one line naming the file', () => {
    let bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\n';
    for (const [name, previous] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
      ['g', 'f'],
    ])
      bomb += `${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]\n`;
    expect(problemsOf(() => parseValuesYaml(bomb, 'bomb.yaml'))).toEqual([
      'bomb.yaml: aliases expand past the limit of 100 (an alias bomb?): write the values out',
    ]);
  });

  it('keeps aliases that expand a little', () => {
    expect(parseValuesYaml('a: &x {b: 1}\nc: *x\n', 'ok.yaml')).toEqual({ a: { b: 1 }, c: { b: 1 } });
  });

  it('refuses an alias of a map or list it is inside, at its path, and keeps one used twice side by side', () => {
    expect(problemsOf(() => parseValuesYaml('podLabels: &x\n  a: *x\n', 'cycle.yaml'))).toEqual([
      'podLabels.a: holds the map or list it is in (a recursive alias) (in cycle.yaml)',
    ]);
    expect(problemsOf(() => parseValuesYaml('extraVolumes: &x\n  - [*x]\n', 'cycle.yaml'))).toEqual([
      'extraVolumes[0][0]: holds the map or list it is in (a recursive alias) (in cycle.yaml)',
    ]);
    expect(parseValuesYaml('a: &x {b: {c: 1}}\nd: [*x, *x]\n', 'ok.yaml')).toEqual({
      a: { b: { c: 1 } },
      d: [{ b: { c: 1 } }, { b: { c: 1 } }],
    });
  });

  it('refuses nesting past the limit, and nesting the parser cannot follow', () => {
    const deep = `config: ${'{a: '.repeat(MAX_VALUES_DEPTH)}1${'}'.repeat(MAX_VALUES_DEPTH)}\n`;
    expect(problemsOf(() => parseValuesYaml(deep, 'deep.yaml'))).toEqual([
      `config${'.a'.repeat(MAX_VALUES_DEPTH - 1)}: nested more than ${MAX_VALUES_DEPTH} levels deep (in deep.yaml)`,
    ]);
    const deeper = `a: ${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    expect(problemsOf(() => parseValuesYaml(deeper, 'deeper.yaml'))).toEqual([
      expect.stringMatching(/^deeper\.yaml:1:\d+: nested too deeply to parse$/),
    ]);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s wherever it is, with its path', (key) => {
    const yaml = `config:\n  ${key}:\n    polluted: yes\npodLabels: [{${key}: 1}]\n`;
    expect(problemsOf(() => parseValuesYaml(yaml, 'keys.yaml'))).toEqual([
      `config.${key}: is not allowed as a key: in JavaScript it names the internals of an object (in keys.yaml)`,
      `podLabels[0].${key}: is not allowed as a key: in JavaScript it names the internals of an object (in keys.yaml)`,
    ]);
  });

  it('refuses those keys, and deep nesting, in values given in code', () => {
    const polluting = JSON.parse('{"config": {"__proto__": {"polluted": "yes"}}}') as unknown;
    expect(problems(polluting)).toEqual([
      'config.__proto__: is not allowed as a key: in JavaScript it names the internals of an object',
    ]);
    let deep: unknown = 1;
    for (let i = 0; i < 1000; i++) deep = { a: deep };
    expect(problems({ config: deep })).toEqual([
      `config${'.a'.repeat(MAX_VALUES_DEPTH - 1)}: nested more than ${MAX_VALUES_DEPTH} levels deep`,
    ]);
    const cyclic: Record<string, unknown> = { name: 'x' };
    cyclic.self = { again: cyclic };
    expect(problems({ podLabels: cyclic })).toEqual([
      'podLabels.self.again: holds the map or list it is in (a recursive alias)',
    ]);
  });

  it('refuses a byte sequence that is not UTF-8, at its line and column, rather than replace it', () => {
    const dir = temporaryDirectory('utf8');
    const write = (name: string, bytes: Buffer) => {
      writeFileSync(join(dir, name), bytes);
      return join(dir, name);
    };
    const invalid = write(
      'invalid.yaml',
      Buffer.from('service:\n  type: ClusterIP\nnameOverride: "ab\xffc"\n', 'latin1'),
    );
    expect(problemsOf(() => readValuesFile(invalid))).toEqual([
      `${invalid}: 3:18: is not UTF-8 text (an invalid byte sequence)`,
    ]);
    // An é cut short by the next character is refused at the é; one cut short by the end of the file too.
    const cut = write(
      'cut.yaml',
      Buffer.concat([Buffer.from('nameOverride: "é'), Buffer.from([0xe9]), Buffer.from('x"\n')]),
    );
    expect(problemsOf(() => readValuesFile(cut))).toEqual([
      `${cut}: 1:17: is not UTF-8 text (an invalid byte sequence)`,
    ]);
    const end = write('end.yaml', Buffer.concat([Buffer.from('nameOverride: ab'), Buffer.from([0xc3])]));
    expect(problemsOf(() => readValuesFile(end))).toEqual([
      `${end}: 1:17: is not UTF-8 text (an invalid byte sequence)`,
    ]);
    // Past the first 64 KiB read at once.
    const far = write('far.yaml', Buffer.concat([Buffer.from(`# ${'é'.repeat(40_000)}\n`), Buffer.from([0x80])]));
    expect(problemsOf(() => readValuesFile(far))).toEqual([
      `${far}: 2:1: is not UTF-8 text (an invalid byte sequence)`,
    ]);
    expect(readValuesFile(write('valid.yaml', Buffer.from('nameOverride: "héadscale"\n')))).toEqual({
      nameOverride: 'héadscale',
    });
  });

  it('reads at most 4 MiB: endless input and folders end with one line', () => {
    const dir = temporaryDirectory('values');
    writeFileSync(join(dir, 'big.yaml'), `a: "${'x'.repeat(MAX_VALUES_BYTES)}"\n`);
    mkdirSync(join(dir, 'folder'));
    expect(problemsOf(() => readValuesFile(join(dir, 'big.yaml')))).toEqual([
      `${join(dir, 'big.yaml')}: larger than 4 MiB, the most read`,
    ]);
    expect(problemsOf(() => readValuesFile('/dev/zero'))).toEqual(['/dev/zero: larger than 4 MiB, the most read']);
    expect(problemsOf(() => readValuesFile(join(dir, 'folder')))).toEqual([
      `${join(dir, 'folder')}: cannot read the values file (EISDIR)`,
    ]);
    expect(problemsOf(() => parseValuesYaml('a'.repeat(MAX_VALUES_BYTES + 1), 'text'))).toEqual([
      'text: larger than 4 MiB, the most read',
    ]);
  });

  it('finds duplicate keys in one pass, in every map', () => {
    expect(problemsOf(() => parseValuesYaml('a: {b: 1, c: 2, b: 3}\nd:\n  - {x: 1, x: 2}\n', 'dup.yaml'))).toEqual([
      'dup.yaml:1:17: Map keys must be unique',
      'dup.yaml:3:12: Map keys must be unique',
    ]);
    // A key and the same text as another type are different keys, as the YAML library has them.
    expect(parseValuesYaml('1: a\n"1": b\n', 'types.yaml')).toEqual({ 1: 'b' });
  });
});

describe('--set expressions', () => {
  it('types booleans, null and integers, as Helm does', () => {
    expect(
      parseSetExpression('service.port=80,ingress.enabled=true,livenessProbe=null,image.tag=1.5,x=007', true),
    ).toEqual({
      service: { port: 80 },
      ingress: { enabled: true },
      livenessProbe: null,
      image: { tag: '1.5' },
      x: '007',
    });
  });

  it('keeps strings with --set-string', () => {
    expect(parseSetExpression('image.tag=1,ingress.enabled=true', false)).toEqual({
      image: { tag: '1' },
      ingress: { enabled: 'true' },
    });
  });

  it('replaces what a later expression sets over', () => {
    expect(parseSetExpression('a=1,a[1]=2,b[0]=x,b.c=y', true)).toEqual({ a: [null, 2], b: { c: 'y' } });
  });

  it('sets list items by index and whole lists with braces', () => {
    expect(
      parseSetExpression('ingress.hosts[0].host=a.example,client.advertiseRoutes={10.0.0.0/8,0.0.0.0/0}', true),
    ).toEqual({
      ingress: { hosts: [{ host: 'a.example' }] },
      client: { advertiseRoutes: ['10.0.0.0/8', '0.0.0.0/0'] },
    });
  });

  it('takes escaped dots and commas literally', () => {
    expect(parseSetExpression('podAnnotations.prometheus\\.io/scrape=true,podLabels.team=a\\,b', false)).toEqual({
      podAnnotations: { 'prometheus.io/scrape': 'true' },
      podLabels: { team: 'a,b' },
    });
  });

  it('refuses malformed expressions', () => {
    expect(() => parseSetExpression('service.port', true)).toThrow(SetSyntaxError);
    expect(() => parseSetExpression('=1', true)).toThrow(SetSyntaxError);
    expect(() => parseSetExpression('a.=1', true)).toThrow('malformed key');
  });

  it("caps list indexes at Helm's MaxIndex (helm/helm pkg/strvals/parser.go, setIndex)", () => {
    expect(parseSetExpression(`a[${MAX_SET_INDEX}]=x`, true).a).toHaveLength(MAX_SET_INDEX + 1);
    expect(() => parseSetExpression('a[4294967296]=x', true)).toThrow(
      new SetSyntaxError('--set a[4294967296]=x: index 4294967296 is over the largest list index, 65536'),
    );
    expect(() => parseSetExpression(`a[${MAX_SET_INDEX + 1}]=x`, true)).toThrow(SetSyntaxError);
  });

  it('refuses keys that would reach Object.prototype, and paths nested past the limit', () => {
    for (const expression of ['__proto__.polluted=yes', 'a.constructor.prototype.polluted=yes', 'a[0].__proto__=x'])
      expect(() => parseSetExpression(expression, false)).toThrow(/is not allowed as a key/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(() => parseSetExpression(`${'a.'.repeat(MAX_VALUES_DEPTH)}a=1`, true)).toThrow(
      `is nested more than ${MAX_VALUES_DEPTH} levels deep`,
    );
  });
});
