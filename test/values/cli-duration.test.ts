import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliDurationProblem, parseCliDuration } from '../../src/values/cli-duration';

interface DurationCase {
  readonly id: string;
  readonly versions: string[];
  readonly flag: string;
  readonly value: string;
  readonly verdict: 'accept' | 'refuse';
  readonly note: string;
}

const CASES: DurationCase[] = readFileSync(
  join(__dirname, '../fixtures/conformance/headscale-cli-durations/cases.jsonl'),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as DurationCase);

/**
 * Cases of flags the library never passes, left out by id: `nodes expire --expiry` takes an RFC 3339
 * timestamp (the corpus holds it for contrast), and no rendered object runs `nodes expire`.
 */
const NOT_DURATIONS = ['d-042', 'd-043', 'd-044', 'd-045', 'd-047'];

/** The parser's own words for a refusal, as the case's note quotes them. */
const REASONS: Array<[RegExp, string]> = [
  [/unknown unit "([^"]*)"/, 'unknown unit'],
  [/not a valid duration string/, 'not a valid duration string'],
  [/empty duration string/, 'empty duration string'],
];

describe('parseCliDuration agrees with the headscale-cli-durations corpus (0.26.0 to 0.29.2)', () => {
  const durationCases = CASES.filter((c) => !NOT_DURATIONS.includes(c.id));

  it('leaves out only the cases of nodes expire --expiry', () => {
    expect(CASES.filter((c) => NOT_DURATIONS.includes(c.id)).every((c) => c.flag === 'nodes expire --expiry')).toBe(
      true,
    );
    expect(durationCases.every((c) => c.flag.endsWith('create --expiration'))).toBe(true);
    expect(durationCases.length).toBeGreaterThanOrEqual(28);
  });

  it.each(durationCases.map((c) => [c.id, c.value, c] as const))('%s: %j', (_id, value, c) => {
    const problem = cliDurationProblem(value);
    if (c.verdict === 'accept') {
      expect(problem).toBeUndefined();
      expect(parseCliDuration(value)).toBeGreaterThanOrEqual(0);
      return;
    }
    expect(parseCliDuration(value)).toBeUndefined();
    const reason = REASONS.find(([pattern]) => pattern.test(c.note));
    expect(reason).toBeDefined();
    expect(problem).toContain(reason?.[1]);
  });
});

describe('parseCliDuration', () => {
  it.each([
    ['0', 0],
    ['0s', 0],
    ['500ms', 500],
    ['1h30m', 90 * 60_000],
    ['90d', 90 * 86_400_000],
    ['1y', 365 * 86_400_000],
    ['1w', 7 * 86_400_000],
    ['87600h', 87_600 * 3_600_000],
    ['1y2w3d4h5m6s7ms', ((((365 + 14 + 3) * 24 + 4) * 60 + 5) * 60 + 6) * 1000 + 7],
    ['292y', 292 * 365 * 86_400_000],
  ])('reads %s as %d ms', (text, milliseconds) => {
    expect(parseCliDuration(text)).toBe(milliseconds);
  });

  it.each(['1.5h', '1h1h', '1m1d', '-1h', '+1h', '1µs', 'forever', '293y', '18446744073709551616s', 'constructor'])(
    'refuses %j',
    (text) => {
      expect(parseCliDuration(text)).toBeUndefined();
    },
  );

  it('says what the parser says, with the value', () => {
    expect(cliDurationProblem('1.5h')).toBe(
      'expected a duration as the headscale CLI reads it: whole numbers with units y, w, d, h, m, s or ms, biggest first, such as 90d, 1y or 12h30m (got "1.5h": unknown unit "." in duration "1.5h")',
    );
    expect(cliDurationProblem('293y')).toContain('duration out of range');
    expect(cliDurationProblem('30m1h')).toContain('not a valid duration string: "30m1h"');
  });
});
