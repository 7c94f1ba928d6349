import { formatPath, formatProblem, problemAt, ValuesError, type ValuesProblem } from '../core/errors';
import { headscaleConfigPatchSchema, unknownConfigKeyMessage } from '../values/headscale-config';
import { inputShapeProblems } from '../values/input-limits';
import { isJsonMap } from '../core/json-map';
import { type HeadscaleValues, valuesSchema } from '../values/schema';
import { unlistedKeys } from '../values/schema-walk';
import { expandDottedKeys } from '../values/viper-keys';
import { CHECKING_PARSE, issueFindings } from '../values/zod-issues';
import { crossFieldChecks, releaseProblems } from './rules';
import { withServicePortShown } from '../derive/ports';
import { deriveRelease, type Release } from '../derive/release';
import { type ChartComponents, chartComponents } from './props';
import { componentProblems } from './value-keys';

/** Values checked and completed, with what is likely a mistake but still renders. */
export interface CheckedValues {
  /** The values with every default applied. */
  readonly values: HeadscaleValues;
  /** Warnings, one per key path: keys Headscale ignores, settings that can't have their full effect. */
  readonly warnings: readonly ValuesProblem[];
}

/** Values checked for one release, with its names and the props of its components. */
export interface CheckedRelease extends CheckedValues {
  readonly release: Release;
  readonly components: ChartComponents;
}

/**
 * Validates values (as a user writes them, every key optional) for a release of that name in that
 * namespace: the schema's types, the rules between keys, and each component's own checks of the
 * props the values give it. Applies the defaults, collects warnings, and maps the values to the
 * components' props. Throws a {@link ValuesError} listing every problem, each at its values key.
 */
export function checkRelease(input: unknown, releaseName: string, namespace: string): CheckedRelease {
  const given = input ?? {};
  const shape = inputShapeProblems(given);
  if (shape.length > 0) throw new ValuesError(shape);
  const result = valuesSchema.safeParse(given, CHECKING_PARSE);
  if (!result.success)
    throw new ValuesError(
      result.error.issues
        .flatMap((issue) => issueFindings(issue, valuesSchema))
        .map((finding) => problemAt([], finding)),
    );
  const values = withServicePortShown(withPolicyAsGiven(result.data, given));
  const { problems, warnings } = crossFieldChecks(values);
  if (problems.length > 0) throw new ValuesError(problems);
  const release = deriveRelease(releaseName, namespace, values);
  const components = chartComponents(values, release);
  const componentsProblems = [...releaseProblems(values, release), ...componentProblems(values, components)];
  if (componentsProblems.length > 0) throw new ValuesError(componentsProblems);
  return { values, warnings: [...unknownConfigKeyWarnings(given), ...warnings], release, components };
}

/**
 * Validates values (as a user writes them, every key optional), applies the defaults and collects
 * warnings, checking them as a release named `headscale` in namespace `default` would render them.
 * Throws a {@link ValuesError} listing every problem, each with its key path.
 */
export function parseValuesWithWarnings(input: unknown = {}): CheckedValues {
  const { values, warnings } = checkRelease(input, 'headscale', 'default');
  return { values, warnings };
}

/**
 * Validates values (as a user writes them, every key optional) and applies the defaults.
 * Throws a {@link ValuesError} listing every problem, each with its key path.
 */
export function parseValues(input: unknown = {}): HeadscaleValues {
  return parseValuesWithWarnings(input).values;
}

/** The warnings of the values with no keys at all, as lines; made once, when first needed. */
let defaultWarnings: ReadonlySet<string> | undefined;

/**
 * The warnings that `strict` refuses: those the values cause beyond what values with no keys at
 * all get too (the in-cluster client's plain-HTTP login), so that the defaults pass `strict`.
 */
export function warningsBeyondTheDefaults(warnings: readonly ValuesProblem[]): ValuesProblem[] {
  if (warnings.length === 0) return [];
  defaultWarnings ??= new Set(parseValuesWithWarnings({}).warnings.map(formatProblem));
  const ofTheDefaults = defaultWarnings;
  return warnings.filter((warning) => !ofTheDefaults.has(formatProblem(warning)));
}

/**
 * The policy exactly as given. The schema only checks it (it holds no defaults), but it rebuilds
 * maps in its own key order; the policy file keeps the user's order, as the chart's does.
 */
function withPolicyAsGiven(values: HeadscaleValues, given: unknown): HeadscaleValues {
  const content = isJsonMap(given) && isJsonMap(given.policy) ? given.policy.content : undefined;
  return isJsonMap(content) ? { ...values, policy: { ...values.policy, content: structuredClone(content) } } : values;
}

/** Keys under `config` that Headscale does not know: it ignores them, so they are likely typos. */
function unknownConfigKeyWarnings(given: unknown): ValuesProblem[] {
  const config = isJsonMap(given) && isJsonMap(given.config) ? expandDottedKeys(given.config) : undefined;
  return unlistedKeys(headscaleConfigPatchSchema, config).map(({ at, known }) => ({
    path: formatPath(['config', ...at]),
    message: unknownConfigKeyMessage(String(at[at.length - 1]), known),
  }));
}
