import { formatPath, type ValuesProblem } from '../core/errors';

/** The largest values file read: far above any real one (the full example is a few KiB), and a bound on endless input. */
export const MAX_VALUES_BYTES = 4 * 1024 * 1024;

/** How deep maps and lists may nest in values: the deepest Kubernetes fragment a values file holds is about ten levels. */
export const MAX_VALUES_DEPTH = 64;

/**
 * Keys that name a JavaScript object's internals: set on a plain object they change its
 * prototype rather than hold a value, so they are refused wherever values come in.
 */
const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isReservedKey(key: string): boolean {
  return RESERVED_KEYS.has(key);
}

export const RESERVED_KEY_MESSAGE = 'is not allowed as a key: in JavaScript it names the internals of an object';

/**
 * The problems with the shape of `input` before any schema sees it: reserved keys, nesting deeper
 * than {@link MAX_VALUES_DEPTH}, and a map or list inside itself (a recursive YAML alias, or a
 * cycle in values built in code), which every walk of the values would follow for ever. The walk
 * keeps its own stack, so that no input can exhaust the call stack, and visits a map or list
 * shared by several keys once.
 */
export function inputShapeProblems(input: unknown, where = ''): ValuesProblem[] {
  const problems: ValuesProblem[] = [];
  /** The maps and lists being walked (their keys below them not all seen yet), and those walked. */
  const walking = new Set<object>();
  const walked = new Set<object>();
  type Step = { value: unknown; path: PropertyKey[] } | { leaving: object };
  const stack: Step[] = [{ value: input, path: [] }];
  const suffix = where ? ` (in ${where})` : '';
  while (stack.length > 0) {
    const step = stack.pop()!;
    if ('leaving' in step) {
      walking.delete(step.leaving);
      walked.add(step.leaving);
      continue;
    }
    const { value, path } = step;
    if (typeof value !== 'object' || value === null || walked.has(value)) continue;
    if (walking.has(value)) {
      problems.push({ path: formatPath(path), message: `holds the map or list it is in (a recursive alias)${suffix}` });
      continue;
    }
    if (path.length >= MAX_VALUES_DEPTH) {
      problems.push({ path: formatPath(path), message: `nested more than ${MAX_VALUES_DEPTH} levels deep${suffix}` });
      continue;
    }
    walking.add(value);
    stack.push({ leaving: value });
    const isList = Array.isArray(value);
    const keys = Object.keys(value);
    for (const key of keys) {
      if (!isList && isReservedKey(key))
        problems.push({ path: formatPath([...path, key]), message: `${RESERVED_KEY_MESSAGE}${suffix}` });
    }
    // Pushed last to first, so that problems come in the order of the input.
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      if (isList || !isReservedKey(key))
        stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, isList ? Number(key) : key] });
    }
  }
  return problems;
}
