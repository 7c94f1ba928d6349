import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { configFileFindings, type StartupFiles } from '../../src/values/headscale-config-file';
import type { JsonMap } from '../../src/core/json-map';

/**
 * The Headscale config.yaml corpus (test/fixtures/conformance/headscale-config, README.md): each
 * case is a config.yaml and whether Headscale 0.29.2 starts or exits with it. configFileFindings
 * must agree on every case, and name Headscale's own message when it exits.
 */

interface ConformanceCase {
  readonly id: string;
  readonly version: string;
  readonly config: string;
  readonly verdict: 'start' | 'exit';
  readonly error: string | null;
  readonly source: string;
  readonly note: string;
}

const cases: ConformanceCase[] = readFileSync(
  join(__dirname, '../fixtures/conformance/headscale-config/cases.jsonl'),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as ConformanceCase);

/**
 * The files of the corpus's machine ("Needs the filesystem"): /nonexistent holds nothing, /tmp is
 * a directory, and everything else the cases name exists, as the corpus assumes.
 */
const CORPUS_FILES: StartupFiles = {
  exists: (path) => !path.startsWith('/nonexistent/'),
  isDirectory: (path) => path === '/tmp',
};

describe('Headscale config.yaml corpus (v0.29.2)', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(100);
    expect(new Set(cases.map((c) => c.version))).toEqual(new Set(['0.29.2']));
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_, c) => {
    const findings = configFileFindings(YAML.parse(c.config) as JsonMap, '0.29', CORPUS_FILES);
    const messages = findings.map((finding) => `${finding.at.join('.')}: ${finding.message}`);
    if (c.verdict === 'start') expect(messages).toEqual([]);
    else {
      expect(messages).not.toEqual([]);
      expect(messages.some((message) => message.includes(c.error ?? ''))).toBe(true);
    }
  });
});
