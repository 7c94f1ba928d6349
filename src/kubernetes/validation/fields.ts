import type { Finding } from '../../core/errors';
import { isJsonMap, type JsonMap } from '../../core/json-map';

/**
 * Walking JSON that already passed the schema check: a field of the wrong type reads as empty,
 * and findings of a part are moved below the part's key.
 */

export const asMap = (value: unknown): JsonMap => (isJsonMap(value) ? value : {});
export const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The findings moved below `at`. */
export const under = (at: PropertyKey, findings: readonly Finding[]): Finding[] =>
  findings.map((finding) => ({ at: [at, ...finding.at], message: finding.message }));

/** The findings of each entry of a list, at its index below `key`. */
export function eachOf(key: string, list: unknown, check: (entry: JsonMap, index: number) => Finding[]): Finding[] {
  const findings: Finding[] = [];
  const entries = asList(list);
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index];
    if (!isJsonMap(entry)) continue;
    for (const finding of check(entry, index))
      findings.push({ at: [key, index, ...finding.at], message: finding.message });
  }
  return findings;
}

/** Whether a field is given (not absent or null), as a Go pointer that is not nil. */
export const given = (map: JsonMap, field: string): boolean => map[field] !== undefined && map[field] !== null;

/** A finding at `at` when the string field is given and `problem` finds something wrong with it. */
export function stringField(map: JsonMap, field: string, problem: (value: string) => string | undefined): Finding[] {
  const value = map[field];
  const message = typeof value === 'string' ? problem(value) : undefined;
  return message === undefined ? [] : [{ at: [field], message }];
}

/** A finding when the field is absent or empty (field.Required). */
export function required(map: JsonMap, field: string, what = 'is required'): Finding[] {
  const value = map[field];
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
    ? [{ at: [field], message: what }]
    : [];
}

/**
 * A finding when the field is given but not one of `supported` (field.NotSupported). Empty is
 * left alone: the API server's defaulting fills most such fields (a port's protocol, a probe's
 * scheme) before validation. A field of a pointer type (a Job's completionMode, say) is defaulted
 * only when absent and keeps "": pass `emptyIsAbsent` false for it.
 */
export function oneOf(map: JsonMap, field: string, supported: readonly string[], emptyIsAbsent = true): Finding[] {
  const value = map[field];
  const absent = value === undefined || value === null || (emptyIsAbsent && value === '');
  return !absent && !supported.includes(value as string)
    ? [
        {
          at: [field],
          message: `expected ${supported.map((entry) => JSON.stringify(entry)).join(', ')} (got ${JSON.stringify(value)})`,
        },
      ]
    : [];
}

/** A finding when the field is a number below 0 (ValidateNonnegativeField). */
export function nonNegative(map: JsonMap, field: string): Finding[] {
  const value = map[field];
  return typeof value === 'number' && value < 0 ? [{ at: [field], message: `must be 0 or more (got ${value})` }] : [];
}
