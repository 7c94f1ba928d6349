import type { z } from 'zod';
import { describeValue, type Finding } from '../core/errors';
import { knownKeysAt } from './schema-walk';
import { alternatives, unknownKeyMessage } from '../core/suggest';

type AnySchema = z.core.$ZodType;

/**
 * How the values and the policy are parsed: with each issue's input, which {@link issueFindings}
 * describes; and without the fast path zod compiles for an object schema on its first parse,
 * which costs more (~15 ms of a render) than it saves on the few parses a process makes. Given
 * per parse, so that zod's global settings, shared with the application, are left alone.
 */
export const CHECKING_PARSE = { reportInput: true, jitless: true } as const;

/**
 * Turns one zod issue into findings at its path (below the parsed value) that say, where it helps,
 * the value given and what was expected. `root` is the schema that was parsed: it lists the known
 * keys for a "did you mean" suggestion.
 */
export function issueFindings(issue: z.core.$ZodIssue, root: AnySchema): Finding[] {
  const at = issue.path;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(root, issue.path);
      return issue.keys.map((key) => ({ at: [...issue.path, key], message: unknownKeyMessage(key, known) }));
    }
    case 'invalid_type':
      return [
        {
          at,
          message:
            issue.input === undefined
              ? `is required (expected ${issue.expected})`
              : `expected ${article(issue.expected)}, got ${describeValue(issue.input)}`,
        },
      ];
    case 'invalid_value':
      return [
        {
          at,
          message: `expected ${alternatives(issue.values.map((v) => JSON.stringify(v)))}, got ${describeValue(issue.input)}`,
        },
      ];
    case 'invalid_union': {
      // A branch whose type the value has (its problems lie inside the value, or are a check's) says what is wrong.
      const matched = issue.errors.filter((branch) =>
        branch.some((inner) => inner.path.length > 0 || inner.code === 'custom'),
      );
      if (matched.length === 1)
        return matched[0].flatMap((inner) => issueFindings({ ...inner, path: [...issue.path, ...inner.path] }, root));
      return [
        {
          at,
          message: `expected ${alternatives(issue.errors.flatMap((branch) => branch.flatMap(expectedOf)))}, got ${describeValue(issue.input)}`,
        },
      ];
    }
    case 'custom':
      // Raised by reportFindings: the message already says what was given and expected.
      return [{ at, message: issue.message }];
    default:
      return [{ at, message: `${issue.message.replace(/^Invalid input: /, '')} (got ${describeValue(issue.input)})` }];
  }
}

/**
 * A zod refinement that reports what `find` finds in the value, each finding at its path below
 * the value: `schema.superRefine(reportFindings(check))`.
 */
export function reportFindings<T>(find: (value: T) => readonly Finding[]) {
  return (value: T, ctx: Pick<z.RefinementCtx<unknown>, 'addIssue'>): void => {
    for (const finding of find(value))
      ctx.addIssue({ code: 'custom', path: [...finding.at], message: finding.message });
  };
}

/** A zod refinement that reports at most one problem with the value itself: what `check` says is wrong with it. */
export function reportProblem<T>(check: (value: T) => string | undefined) {
  return reportFindings<T>((value) => {
    const message = check(value);
    return message === undefined ? [] : [{ at: [], message }];
  });
}

/** What one failed union branch wanted, in words. */
function expectedOf(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'invalid_type') return [article(issue.expected)];
  if (issue.code === 'invalid_value') return issue.values.map((v) => JSON.stringify(v));
  return [issue.message];
}

function article(type: string): string {
  return type === 'record' || type === 'object'
    ? 'a map'
    : type === 'array'
      ? 'a list'
      : /^[aeiou]/.test(type)
        ? `an ${type}`
        : `a ${type}`;
}
