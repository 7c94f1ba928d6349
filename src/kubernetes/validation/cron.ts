/**
 * The cron schedules a CronJob takes: what robfig/cron's standard parser (`cron.ParseStandard`,
 * which kubernetes/kubernetes pkg/apis/batch/validation/validation.go validateScheduleFormat
 * calls) accepts: five fields, or a descriptor such as @daily or `@every 1h`.
 */

interface FieldBounds {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldBounds[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  },
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

const DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
const NUMBER = /^[0-9]+$/;

/** A bound of a range: a number or, in month and day of week, a name (case-insensitive). */
function bound(text: string, field: FieldBounds): number | undefined {
  if (NUMBER.test(text)) return Number(text);
  const index = field.names?.indexOf(text.toLowerCase()) ?? -1;
  return index >= 0 ? index + field.min : undefined;
}

/** The values of one comma-separated part of a field: low to high by step. */
interface CronRange {
  readonly low: number;
  readonly high: number;
  readonly step: number;
  /** `*` or `?` by steps of 1: robfig/cron's star bit, which decides how the two day fields combine. */
  readonly star: boolean;
}

/** One comma-separated part of a field as robfig/cron getRange reads it, or what is wrong with it. */
function parseRange(part: string, field: FieldBounds): CronRange | string {
  const [range, stepText, ...extra] = part.split('/');
  if (extra.length > 0) return `too many "/" in ${JSON.stringify(part)}`;
  const star = range === '*' || range === '?';
  let low: number | undefined;
  let high: number | undefined;
  if (star) {
    low = field.min;
    high = field.max;
  } else {
    const [start, end, ...more] = range.split('-');
    if (more.length > 0) return `too many "-" in ${JSON.stringify(part)}`;
    low = bound(start, field);
    // "N/step" means N to the field's maximum: parser.go:293-296 (robfig/cron v3.0.1).
    high = end === undefined ? (stepText === undefined ? low : field.max) : bound(end, field);
    if (low === undefined || high === undefined) return `${JSON.stringify(part)} is not a ${field.name}`;
  }
  if (stepText !== undefined && (!NUMBER.test(stepText) || Number(stepText) === 0))
    return `the step of ${JSON.stringify(part)} must be a number above 0`;
  if (low < field.min || high > field.max)
    return `${JSON.stringify(part)} is outside ${field.min}-${field.max}, the range of the ${field.name}`;
  if (low > high) return `${JSON.stringify(part)} starts after it ends`;
  const step = stepText === undefined ? 1 : Number(stepText);
  // A step above 1 drops the star bit: parser.go:297-299 (robfig/cron v3.0.1).
  return { low, high, step, star: star && step === 1 };
}

/** A field's values, and whether it was a star (see {@link CronRange}). */
export interface CronField {
  readonly values: ReadonlySet<number>;
  readonly star: boolean;
}

/**
 * A schedule as the CronJob controller runs it: at the times its five fields match, or every
 * `every` (a Go duration).
 */
export type CronSchedule =
  | {
      readonly minute: CronField;
      readonly hour: CronField;
      readonly dayOfMonth: CronField;
      readonly month: CronField;
      readonly dayOfWeek: CronField;
    }
  | { readonly every: string };

/** The descriptors in five fields: parser.go:366-420 (robfig/cron v3.0.1). */
const DESCRIPTOR_FIELDS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** A CronJob's schedule as robfig/cron's standard parser reads it, or what is wrong with it. */
export function parseCronSchedule(schedule: string): CronSchedule | string {
  const expected = `expected five fields (minute hour day-of-month month day-of-week) such as "0 3 * * *", or @hourly, @daily, @weekly, @monthly, @yearly, @every <duration> (got ${JSON.stringify(schedule)})`;
  const text = schedule.trim();
  // validateScheduleFormat: the time zone goes in spec.timeZone, never in the schedule.
  if (/^(CRON_)?TZ=/.test(text)) return `may not name a time zone (use timeZone): ${expected}`;
  const descriptor = Object.hasOwn(DESCRIPTOR_FIELDS, text) ? DESCRIPTOR_FIELDS[text] : undefined;
  if (text.startsWith('@') && descriptor === undefined) {
    const every = /^@every (.+)$/.exec(text);
    return every && DURATION.test(every[1]) ? { every: every[1] } : expected;
  }
  const fields = (descriptor ?? text).split(/\s+/).filter((field) => field !== '');
  if (fields.length !== FIELDS.length) return expected;
  const parsed: CronField[] = [];
  for (const [index, field] of fields.entries()) {
    const values = new Set<number>();
    let star = false;
    for (const part of field.split(',')) {
      const range = parseRange(part, FIELDS[index]);
      if (typeof range === 'string') return `${range}: ${expected}`;
      for (let value = range.low; value <= range.high; value += range.step) values.add(value);
      star ||= range.star;
    }
    parsed.push({ values, star });
  }
  const [minute, hour, dayOfMonth, month, dayOfWeek] = parsed;
  return { minute, hour, dayOfMonth, month, dayOfWeek };
}

/** What is wrong with a CronJob's schedule, or undefined. */
export function cronScheduleProblem(schedule: string): string | undefined {
  const parsed = parseCronSchedule(schedule);
  return typeof parsed === 'string' ? parsed : undefined;
}
