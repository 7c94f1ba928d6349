import { type CronField, parseCronSchedule } from '../kubernetes/validation/cron';
import { parseGoDuration } from '../values/go-syntax';

/**
 * When the key job renews Headplane's API key: the longest time between two runs of its CronJob,
 * and how long before the key's end a run replaces it.
 */

const DAY_SECONDS = 86_400;
const NANOSECONDS_PER_SECOND = 1e9;
/** The Gregorian calendar, weekdays included, repeats every 400 years. */
const CYCLE_DAYS = 146_097;
const CYCLE_START = Date.UTC(2001, 0, 1);

/**
 * Slack for a run that starts late or runs up to its deadline (600 seconds), and for a daylight
 * saving time change in the time zone the CronJob controller runs the schedule in.
 */
export const RENEWAL_SLACK_SECONDS = 3_600;

/**
 * Whether a day's two fields match: both when either is a star, else either one
 * (dayMatches, spec.go:179-189, robfig/cron v3.0.1).
 */
function dayMatches(dayOfMonth: CronField, dayOfWeek: CronField, date: Date): boolean {
  const domMatch = dayOfMonth.values.has(date.getUTCDate());
  const dowMatch = dayOfWeek.values.has(date.getUTCDay());
  return dayOfMonth.star || dayOfWeek.star ? domMatch && dowMatch : domMatch || dowMatch;
}

/** The largest difference between neighbours of an ascending list. */
function largestStep(sorted: readonly number[]): number {
  return sorted.slice(1).reduce((largest, value, index) => Math.max(largest, value - sorted[index]), 0);
}

const gaps = new Map<string, number | undefined>();

/**
 * The longest time between two runs of a CronJob on this schedule, in seconds, counted in UTC
 * over a whole 400-year cycle of the calendar: undefined for a schedule Kubernetes refuses,
 * Infinity for one that never runs (such as `0 0 30 2 *`). `@every` runs at a constant interval,
 * whole seconds and at least one (constantdelay.go:14-20, robfig/cron v3.0.1).
 */
export function longestGapSeconds(schedule: string): number | undefined {
  if (gaps.has(schedule)) return gaps.get(schedule);
  const parsed = parseCronSchedule(schedule);
  let gap: number | undefined;
  if (typeof parsed === 'string') gap = undefined;
  else if ('every' in parsed)
    gap = Math.max(1, Math.floor((parseGoDuration(parsed.every) ?? 0) / NANOSECONDS_PER_SECOND));
  else {
    const ascending = (field: CronField) => [...field.values].sort((a, b) => a - b);
    const times = ascending(parsed.hour).flatMap((hour) =>
      ascending(parsed.minute).map((minute) => hour * 3_600 + minute * 60),
    );
    const runDays: number[] = [];
    for (let day = 0; day < CYCLE_DAYS; day++) {
      const date = new Date(CYCLE_START + day * DAY_SECONDS * 1000);
      if (parsed.month.values.has(date.getUTCMonth() + 1) && dayMatches(parsed.dayOfMonth, parsed.dayOfWeek, date))
        runDays.push(day);
    }
    gap =
      runDays.length === 0
        ? Infinity
        : Math.max(
            largestStep(times),
            // From the last run of a day to the first of the next day that runs, the cycle's first after its last.
            largestStep([...runDays, runDays[0] + CYCLE_DAYS]) * DAY_SECONDS - (times[times.length - 1] - times[0]),
          );
  }
  gaps.set(schedule, gap);
  return gap;
}

/**
 * How long before its end the key job replaces Headplane's API key, in seconds. On a schedule,
 * twice the longest gap between runs plus {@link RENEWAL_SLACK_SECONDS}: the run before the key
 * has less than that left replaces it, and when that run fails (Headscale down, say), the next
 * still finds the key valid. Without a schedule, a tenth of its lifetime, as for preauth keys:
 * the key job then runs only when its Job changes.
 */
export function apiKeyRenewBeforeSeconds(lifetimeSeconds: number, schedule: string | undefined): number {
  if (schedule === undefined) return Math.floor(lifetimeSeconds / 10);
  const gap = longestGapSeconds(schedule);
  return gap === undefined ? Math.floor(lifetimeSeconds / 10) : 2 * gap + RENEWAL_SLACK_SECONDS;
}

/** Seconds as whole hours, rounded up, with days for longer ones: `744h (31 days)`. */
export function formatHours(seconds: number): string {
  const hours = Math.ceil(seconds / 3_600);
  return hours >= 48 ? `${hours}h (${Math.round((hours / 24) * 10) / 10} days)` : `${hours}h`;
}
