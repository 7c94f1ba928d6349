import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helmMerge } from '../../src/values/helm-merge';
import { layerAll, parseSetExpression, parseValuesYaml, readValuesFile, SetSyntaxError } from '../../src/values/load';
import { parseValues } from '../../src/checks/parse';
import { problemsOf } from '../support/problems';

describe('values files', () => {
  it('reads a values file; an empty one is no values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'values-'));
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

  it('merges like Helm without changing its arguments', () => {
    const defaults = { a: { b: 1, c: [1, 2] }, d: 1 };
    expect(helmMerge(defaults, { a: { c: [3] }, d: null })).toEqual({ a: { b: 1, c: [3] } });
    expect(defaults).toEqual({ a: { b: 1, c: [1, 2] }, d: 1 });
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
});
