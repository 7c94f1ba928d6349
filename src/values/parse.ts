import type { z } from 'zod';
import { describeValue, formatPath, ValuesError, ValuesProblem } from './errors';
import { crossFieldProblems } from './rules';
import { HeadscaleValues, valuesSchema } from './schema';
import { objectShape, schemaAt } from './schema-walk';
import { closest } from './suggest';

/**
 * Validates values (as a user writes them, every key optional) and applies the defaults.
 * Throws a {@link ValuesError} listing every problem, each with its key path.
 */
export function parseValues(input: unknown = {}): HeadscaleValues {
  const result = valuesSchema.safeParse(input ?? {}, { reportInput: true });
  if (!result.success) throw new ValuesError(result.error.issues.flatMap(problemsOf));
  const problems = crossFieldProblems(result.data);
  if (problems.length > 0) throw new ValuesError(problems);
  return result.data;
}

function problemsOf(issue: z.core.$ZodIssue): ValuesProblem[] {
  const path = formatPath(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = Object.keys(objectShape(schemaAt(valuesSchema, issue.path) ?? valuesSchema) ?? {});
      return issue.keys.map((key) => {
        const suggestion = closest(key, known);
        return {
          path: formatPath([...issue.path, key]),
          message: `unknown key${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
        };
      });
    }
    case 'invalid_type':
      return [{
        path,
        message: issue.input === undefined ? `is required (expected ${issue.expected})` : `expected ${article(issue.expected)}, got ${describeValue(issue.input)}`,
      }];
    case 'invalid_value':
      return [{ path, message: `expected ${alternatives(issue.values.map((v) => JSON.stringify(v)))}, got ${describeValue(issue.input)}` }];
    case 'invalid_union':
      return [{ path, message: `expected ${alternatives(issue.errors.flatMap((branch) => branch.flatMap(expectedOf)))}, got ${describeValue(issue.input)}` }];
    default:
      return [{ path, message: `${issue.message.replace(/^Invalid input: /, '')} (got ${describeValue(issue.input)})` }];
  }
}

/** What one failed union branch wanted, in words. */
function expectedOf(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'invalid_type') return [article(issue.expected)];
  if (issue.code === 'invalid_value') return issue.values.map((v) => JSON.stringify(v));
  return [issue.message];
}

function article(type: string): string {
  return type === 'record' || type === 'object' ? 'a map' : type === 'array' ? 'a list' : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function alternatives(options: string[]): string {
  const unique = [...new Set(options)];
  return unique.length <= 1 ? (unique[0] ?? 'another value') : `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`;
}
