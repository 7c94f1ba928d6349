import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { valuesReference, withValuesReference } from '../src/values/reference';

const VALUES_DOC = readFileSync(join(__dirname, '..', 'docs', 'values.md'), 'utf8');

describe('the values reference', () => {
  it('in docs/values.md is the one generated from the schema (run `npm run docs` to update it)', () => {
    expect(VALUES_DOC).toBe(withValuesReference(VALUES_DOC));
  });

  it('documents every key of the schema', () => {
    const undocumented = valuesReference().filter((row) => !row.description && !row.key.match(/^(config|livenessProbe|readinessProbe|securityContext|podSecurityContext)\./));
    expect(undocumented.map((row) => row.key)).toEqual([]);
  });

  it('lists every key of the chart\'s values table', () => {
    const keys = new Set(valuesReference().map((row) => row.key));
    const chartKeys = [...readFileSync(join(__dirname, 'fixtures', 'chart-values-keys.txt'), 'utf8').matchAll(/^(\S+)$/gm)].map((m) => m[1]);
    // The chart's table lists list items (`config.derp.urls[0]`, `[1]`) and some maps as a whole (`client.podDisruptionBudget`).
    const missing = chartKeys
      .map((key) => key.replace(/\[\d+\].*$/, ''))
      .filter((key) => !keys.has(key) && ![...keys].some((k) => k.startsWith(`${key}.`)));
    expect(chartKeys.length).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });
});
