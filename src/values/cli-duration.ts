import { describeValue } from '../core/errors';
import { parsePrometheusDuration, prometheusDurationMs } from '../core/prometheus-duration';

/**
 * The durations `headscale preauthkeys create --expiration` and `headscale apikeys create
 * --expiration` take. Both pass the flag to Prometheus's `model.ParseDuration`, not Go's
 * `time.ParseDuration`: cmd/headscale/cli/preauthkeys.go:162 and api_key.go:120 (v0.26.0 to
 * v0.27.1), preauthkeys.go:142 and api_key.go:115 (v0.28.0), utils.go:235 expirationFromFlag
 * (v0.29.0 to v0.29.2); the parser (core/prometheus-duration.ts) is the same at every version of
 * github.com/prometheus/common those tags pin.
 */

/** The duration the headscale CLI reads from `text`, in milliseconds, or undefined when it refuses it. */
export const parseCliDuration = prometheusDurationMs;

/** The headscale CLI's durations, in words, for messages. */
export const CLI_DURATION_EXAMPLES =
  'a duration as the headscale CLI reads it: whole numbers with units y, w, d, h, m, s or ms, biggest first, such as 90d, 1y or 12h30m';

/** Why the headscale CLI refuses `text` as an `--expiration`, or undefined when it takes it. */
export function cliDurationProblem(text: string): string | undefined {
  const parsed = parsePrometheusDuration(text);
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
