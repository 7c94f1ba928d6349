import { apiKeyRenewBeforeSeconds, formatHours, longestGapSeconds } from '../../src/derive/key-renewal';

const HOUR = 3_600;
const DAY = 86_400;

describe('longestGapSeconds', () => {
  test.each([
    ['* * * * *', 60],
    ['*/15 * * * *', 15 * 60],
    // "N/step" runs from N to the field's maximum: minutes 50 and, an hour later, 10 past.
    ['10/40 * * * *', 40 * 60],
    ['0 3 * * *', DAY],
    ['0 3,15 * * *', 12 * HOUR],
    ['0 1,2 * * *', 23 * HOUR],
    ['0 3 * * 0', 7 * DAY],
    ['0 3 * * mon-fri', 3 * DAY],
    ['@hourly', HOUR],
    ['@daily', DAY],
    ['@midnight', DAY],
    ['@weekly', 7 * DAY],
    // The chart's default: the 31st of the longest months to the 1st.
    ['0 3 1 * *', 31 * DAY],
    ['@monthly', 31 * DAY],
    ['0 0 1 */3 *', 92 * DAY],
    // Both day fields restricted: either matches (spec.go dayMatches).
    ['0 0 1 * 1', 7 * DAY],
    // A day-of-week of */1 is a star: both must match.
    ['0 0 1 * */1', 31 * DAY],
    // A leap year every four, but not in 2100: eight years between two February 29ths.
    ['0 0 29 2 *', (8 * 365 + 1) * DAY],
    ['@yearly', 366 * DAY],
    ['@every 36h', 36 * HOUR],
    ['@every 1h30m', 90 * 60],
    ['@every 500ms', 1],
  ])('%s: %d seconds', (schedule, seconds) => {
    expect(longestGapSeconds(schedule)).toBe(seconds);
  });

  test('is Infinity for a schedule that never runs, and undefined for one Kubernetes refuses', () => {
    expect(longestGapSeconds('0 0 30 2 *')).toBe(Infinity);
    expect(longestGapSeconds('0 3 * *')).toBeUndefined();
    expect(longestGapSeconds('TZ=UTC 0 3 * * *')).toBeUndefined();
  });
});

describe('apiKeyRenewBeforeSeconds', () => {
  test('is twice the longest gap plus an hour on a schedule', () => {
    expect(apiKeyRenewBeforeSeconds(90 * DAY, '0 3 1 * *')).toBe(62 * DAY + HOUR);
    expect(apiKeyRenewBeforeSeconds(90 * DAY, '@daily')).toBe(2 * DAY + HOUR);
  });

  test('is a tenth of the lifetime without one', () => {
    expect(apiKeyRenewBeforeSeconds(90 * DAY, undefined)).toBe(9 * DAY);
  });
});

test('formatHours', () => {
  expect(formatHours(HOUR + 1)).toBe('2h');
  expect(formatHours(62 * DAY + HOUR)).toBe('1489h (62 days)');
});
