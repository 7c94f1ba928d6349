import { readFileSync } from 'fs';
import { join } from 'path';
import type { HeadscaleVersion } from '../../src/values/headscale-versions';
import { policyTextFindings } from '../../src/values/policy';

/**
 * The Headscale policy corpus (test/fixtures/conformance/headscale-policy, README.md): each policy
 * file with the verdict of Headscale v0.29.2, and VERSIONS.md's verdicts for 0.26, 0.27 and 0.28.
 */
const corpus = join(__dirname, '..', 'fixtures', 'conformance', 'headscale-policy');

interface Case {
  readonly id: string;
  readonly policy: string;
  readonly verdict: 'accept' | 'refuse';
  readonly error: string | null;
}

const cases: Case[] = readFileSync(join(corpus, 'cases.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Case);

/** VERSIONS.md: for each older version, the ids whose verdict differs and that verdict. */
function olderVerdicts(): Array<{ version: HeadscaleVersion; id: string; verdict: Case['verdict'] }> {
  const verdicts: Array<{ version: HeadscaleVersion; id: string; verdict: Case['verdict'] }> = [];
  let version: HeadscaleVersion | undefined;
  for (const line of readFileSync(join(corpus, 'VERSIONS.md'), 'utf8').split('\n')) {
    const heading = /^## v(0\.2[678])\./.exec(line);
    if (heading) version = heading[1] as HeadscaleVersion;
    const entry = /-> \*\*(accept|refuse)\*\* \([^)]*\): (.*)$/.exec(line);
    if (version && entry)
      for (const id of entry[2].split(', '))
        verdicts.push({ version, id: id.trim(), verdict: entry[1] as Case['verdict'] });
  }
  return verdicts;
}

const verdictOf = (policy: string, version: HeadscaleVersion) =>
  policyTextFindings(policy, version).length === 0 ? 'accept' : 'refuse';

describe('Headscale v0.29.2 policy corpus', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const findings = policyTextFindings(c.policy, '0.29');
    expect({ verdict: findings.length === 0 ? 'accept' : 'refuse', findings }).toMatchObject({ verdict: c.verdict });
    // Headscale's reason, in its words, among our messages.
    if (c.error !== null) expect(findings.map((f) => f.message).join('\n')).toContain(c.error);
  });
});

describe('VERSIONS.md: verdicts of Headscale 0.26, 0.27 and 0.28', () => {
  const ids = new Set(cases.map((c) => c.id));
  const older = olderVerdicts();
  const listed = new Map(older.map((o) => [`${o.version} ${o.id}`, o.verdict]));

  it('lists differences for the three older versions, of cases in the corpus', () => {
    expect(new Set(older.map((o) => o.version))).toEqual(new Set(['0.26', '0.27', '0.28']));
    expect(older.filter((o) => !ids.has(o.id))).toEqual([]);
  });

  // A case VERSIONS.md does not list keeps its 0.29.2 verdict in that version.
  const runs = (['0.26', '0.27', '0.28'] as const).flatMap((version) =>
    cases.map((c) => [`${version} ${c.id}`, version, c, listed.get(`${version} ${c.id}`) ?? c.verdict] as const),
  );
  it.each(runs)('%s', (_name, version, c, verdict) => {
    expect(verdictOf(c.policy, version)).toBe(verdict);
  });
});

describe('policyTextFindings', () => {
  it('places a HuJSON error at its line and column', () => {
    expect(policyTextFindings('{\n  "acls": [\n    {"action": "accept" "src": []}\n  ]\n}\n', '0.29')).toEqual([
      expect.objectContaining({ line: 3, column: 25, message: expect.stringContaining('parsing HuJSON') }),
    ]);
  });

  it('places a validation error at the alias and names its key path', () => {
    expect(
      policyTextFindings(
        '{\n  "acls": [\n    {"action": "accept", "src": ["group:x"], "dst": ["*:*"]}\n  ]\n}\n',
        '0.29',
      ),
    ).toEqual([{ line: 3, column: 34, message: 'acls[0].src[0]: group not defined in policy: "group:x"' }]);
  });
});
