import { describeValue } from '../core/errors';

/**
 * The durations `headscale preauthkeys create --expiration` and `headscale apikeys create
 * --expiration` take. Both pass the flag to Prometheus's `model.ParseDuration`, not Go's
 * `time.ParseDuration`: cmd/headscale/cli/preauthkeys.go:162 and api_key.go:120 (v0.26.0 to
 * v0.27.1), preauthkeys.go:142 and api_key.go:115 (v0.28.0), utils.go:235 expirationFromFlag
 * (v0.29.0 to v0.29.2); the parser is github.com/prometheus/common model/time.go:204-259 (v0.63.0)
 * and :205-259 (v0.68.1), the same at every version those tags pin.
 */

// model/time.go:189-199: each unit with its place in the required order and its length.
const UNITS: ReadonlyMap<string, { readonly position: number; readonly nanoseconds: bigint }> = new Map([
  ['y', { position: 1, nanoseconds: 365n * 24n * 3600n * 10n ** 9n }],
  ['w', { position: 2, nanoseconds: 7n * 24n * 3600n * 10n ** 9n }],
  ['d', { position: 3, nanoseconds: 24n * 3600n * 10n ** 9n }],
  ['h', { position: 4, nanoseconds: 3600n * 10n ** 9n }],
  ['m', { position: 5, nanoseconds: 60n * 10n ** 9n }],
  ['s', { position: 6, nanoseconds: 10n ** 9n }],
  ['ms', { position: 7, nanoseconds: 10n ** 6n }],
]);

const MAX_UINT64 = 2n ** 64n - 1n;
const MAX_DURATION = 2n ** 63n - 1n;
const NANOSECONDS_PER_MILLISECOND = 10n ** 6n;

/** model.ParseDuration: the duration in nanoseconds, or its error message. */
function parse(text: string): bigint | string {
  // time.go:206-212: a bare 0 is allowed, an empty string is not.
  if (text === '0') return 0n;
  if (text === '') return 'empty duration string';
  const invalid = `not a valid duration string: ${JSON.stringify(text)}`;
  let total = 0n;
  let lastPosition = 0;
  // time.go:218-256: numbers of digits only (no sign, no fraction), each followed by a unit,
  // units from the biggest to the smallest and each once, at most 2^63-1 nanoseconds in all.
  for (const [, digits, unit] of text.matchAll(/([0-9]*)([^0-9]*)/g)) {
    if (digits === '' && unit === '') continue;
    if (digits === '' || unit === '') return invalid;
    const count = BigInt(digits);
    if (count > MAX_UINT64) return invalid;
    const known = UNITS.get(unit);
    if (!known) return `unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(text)}`;
    if (known.position <= lastPosition) return invalid;
    lastPosition = known.position;
    if (count > 2n ** 63n / known.nanoseconds) return 'duration out of range';
    total += count * known.nanoseconds;
    if (total > MAX_DURATION) return 'duration out of range';
  }
  return total;
}

/** The duration the headscale CLI reads from `text`, in milliseconds, or undefined when it refuses it. */
export function parseCliDuration(text: string): number | undefined {
  const parsed = parse(text);
  return typeof parsed === 'string' ? undefined : Number(parsed / NANOSECONDS_PER_MILLISECOND);
}

/** The headscale CLI's durations, in words, for messages. */
export const CLI_DURATION_EXAMPLES =
  'a duration as the headscale CLI reads it: whole numbers with units y, w, d, h, m, s or ms, biggest first, such as 90d, 1y or 12h30m';

/** Why the headscale CLI refuses `text` as an `--expiration`, or undefined when it takes it. */
export function cliDurationProblem(text: string): string | undefined {
  const parsed = parse(text);
  return typeof parsed === 'string'
    ? `expected ${CLI_DURATION_EXAMPLES} (got ${describeValue(text)}: ${parsed})`
    : undefined;
}

/**
 * A key's lifetime, given to `headscale preauthkeys create --expiration` or `headscale apikeys
 * create --expiration`, which read it as a Prometheus duration; a key that expires at once can't
 * log in.
 */
export function keyExpirationProblem(value: string): string | undefined {
  const problem = cliDurationProblem(value);
  if (problem) return problem;
  return (parseCliDuration(value) ?? 0) > 0
    ? undefined
    : `expected a lifetime above zero: a key that expires at once can't be used (got ${JSON.stringify(value)})`;
}
