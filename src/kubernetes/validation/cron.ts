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

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
const NUMBER = /^[0-9]+$/;

/** A bound of a range: a number or, in month and day of week, a name (case-insensitive). */
function bound(text: string, field: FieldBounds): number | undefined {
  if (NUMBER.test(text)) return Number(text);
  const index = field.names?.indexOf(text.toLowerCase()) ?? -1;
  return index >= 0 ? index + field.min : undefined;
}

/** What is wrong with one comma-separated part of a field (robfig/cron getRange), or undefined. */
function rangeProblem(part: string, field: FieldBounds): string | undefined {
  const [range, step, ...extra] = part.split('/');
  if (extra.length > 0) return `too many "/" in ${JSON.stringify(part)}`;
  let low: number | undefined;
  let high: number | undefined;
  if (range === '*' || range === '?') {
    low = field.min;
    high = field.max;
  } else {
    const [start, end, ...more] = range.split('-');
    if (more.length > 0) return `too many "-" in ${JSON.stringify(part)}`;
    low = bound(start, field);
    high = end === undefined ? low : bound(end, field);
    if (low === undefined || high === undefined) return `${JSON.stringify(part)} is not a ${field.name}`;
  }
  if (step !== undefined && (!NUMBER.test(step) || Number(step) === 0))
    return `the step of ${JSON.stringify(part)} must be a number above 0`;
  if (low < field.min || high > field.max)
    return `${JSON.stringify(part)} is outside ${field.min}-${field.max}, the range of the ${field.name}`;
  if (low > high) return `${JSON.stringify(part)} starts after it ends`;
  return undefined;
}

/** What is wrong with a CronJob's schedule, or undefined. */
export function cronScheduleProblem(schedule: string): string | undefined {
  const expected = `expected five fields (minute hour day-of-month month day-of-week) such as "0 3 * * *", or @hourly, @daily, @weekly, @monthly, @yearly, @every <duration> (got ${JSON.stringify(schedule)})`;
  const text = schedule.trim();
  // validateScheduleFormat: the time zone goes in spec.timeZone, never in the schedule.
  if (/^(CRON_)?TZ=/.test(text)) return `may not name a time zone (use timeZone): ${expected}`;
  if (text.startsWith('@')) {
    if (DESCRIPTORS.has(text)) return undefined;
    const every = /^@every (.+)$/.exec(text);
    return every && DURATION.test(every[1]) ? undefined : expected;
  }
  const fields = text.split(/\s+/).filter((field) => field !== '');
  if (fields.length !== FIELDS.length) return expected;
  for (const [index, field] of fields.entries()) {
    for (const part of field.split(',')) {
      const problem = rangeProblem(part, FIELDS[index]);
      if (problem) return `${problem}: ${expected}`;
    }
  }
  return undefined;
}
