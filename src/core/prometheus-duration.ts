/**
 * Prometheus's durations (github.com/prometheus/common model.ParseDuration, model/time.go:204-259
 * at v0.63.0, :205-259 at v0.68.1): what the headscale CLI's `--expiration` flags take and what the
 * Prometheus Operator reads a ServiceMonitor's `interval` and `scrapeTimeout` with.
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
export function parsePrometheusDuration(text: string): bigint | string {
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

/** A Prometheus duration in milliseconds, or undefined when Prometheus refuses it. */
export function prometheusDurationMs(text: string): number | undefined {
  const parsed = parsePrometheusDuration(text);
  return typeof parsed === 'string' ? undefined : Number(parsed / NANOSECONDS_PER_MILLISECOND);
}
