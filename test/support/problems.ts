import { formatProblem, ValuesError } from '../../src/core/errors';
import { parseValuesWithWarnings } from '../../src/chart/parse-values';
import type { HeadscaleValuesInput } from '../../src/values/schema';

/** The problems of the ValuesError that `run` throws, as the CLI prints them; fails the test when it throws none. */
export function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValuesError) return error.problems.map(formatProblem);
    throw error;
  }
  throw new Error('no ValuesError was thrown');
}

/** The problems parseValues reports for `input`, as the CLI prints them; fails the test when the values pass. */
export function problems(input: unknown): string[] {
  return problemsOf(() => parseValuesWithWarnings(input));
}

/** The warnings about valid values, as the CLI prints them (without its "warning: " prefix). */
export function warnings(input: HeadscaleValuesInput): string[] {
  return parseValuesWithWarnings(input).warnings.map(formatProblem);
}
