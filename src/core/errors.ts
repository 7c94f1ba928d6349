/** One thing wrong with the values, at one key path. */
export interface ValuesProblem {
  /** The key path, as `service.port`, `ingress.hosts[0].host` or `podAnnotations["a.b/c"]`. */
  readonly path: string;
  /** What is wrong with the value at the path. */
  readonly message: string;
}

/**
 * A problem that a check finds inside the value it is given, at a path relative to that value
 * (`['emptyDir', 'sizeLimit']`); {@link problemAt} places it under the value's own key path.
 */
export interface Finding {
  readonly at: readonly PropertyKey[];
  readonly message: string;
}

/** The problem a finding makes once the checked value's key path (`base`) is known. */
export function problemAt(base: readonly PropertyKey[], finding: Finding): ValuesProblem {
  return { path: formatPath([...base, ...finding.at]), message: finding.message };
}

export function formatProblem(problem: ValuesProblem): string {
  return problem.path ? `${problem.path}: ${problem.message}` : problem.message;
}

/** The most problem lines printed or put in a message; past it, one line counts the rest. */
export const MAX_PROBLEM_LINES = 20;

/** `lines`, the first {@link MAX_PROBLEM_LINES} of them and a count of the rest when there are more. */
function capped(lines: readonly string[]): string[] {
  if (lines.length <= MAX_PROBLEM_LINES) return [...lines];
  const more = lines.length - MAX_PROBLEM_LINES;
  return [
    ...lines.slice(0, MAX_PROBLEM_LINES),
    `... and ${more.toLocaleString('en-US')} more problem${more === 1 ? '' : 's'}`,
  ];
}

/** Thrown for values that cannot be rendered; carries every problem found, not only the first. */
export class ValuesError extends Error {
  constructor(public readonly problems: readonly ValuesProblem[]) {
    super(
      `invalid values:\n${capped(problems.map(formatProblem))
        .map((line) => `  ${line}`)
        .join('\n')}`,
    );
    this.name = 'ValuesError';
  }
}

/** Formats a key path: dots between plain keys, brackets for indexes and keys that need quoting. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(String(segment))) out += out ? `.${String(segment)}` : String(segment);
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** Shows a value in a message: JSON for scalars, a word for anything larger. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'a map';
  return JSON.stringify(value);
}

/** A warning as the commands print it. */
export function warningLine(problem: ValuesProblem): string {
  return `warning: ${formatProblem(problem)}`;
}

/** The lines the commands print for an error about the values or the manifests (capped); undefined for any other error. */
export function problemLines(error: unknown): string[] | undefined {
  if (error instanceof ValuesError) return capped(error.problems.map(formatProblem));
  if (error instanceof PropsError) return capped(error.problems.map(formatProblem));
  if (error instanceof ManifestError) return capped(error.problems.map((problem) => `invalid manifest: ${problem}`));
  return undefined;
}

/**
 * Thrown by a component constructed with invalid props; carries every problem, each at its prop
 * path (`advertiseRoutes[0]`, `authKeySecret.name`).
 */
export class PropsError extends Error {
  constructor(
    /** The component's class and construct path, as `TailscaleClient app/client`. */
    public readonly component: string,
    public readonly problems: readonly ValuesProblem[],
  ) {
    super(
      `invalid props of ${component}:\n${capped(problems.map(formatProblem))
        .map((line) => `  ${line}`)
        .join('\n')}`,
    );
    this.name = 'PropsError';
  }
}

/**
 * Thrown at synth when an emitted object breaks the Kubernetes schema: a fault of this library,
 * or of a patch applied to its objects. Each problem names the object and the field.
 */
export class ManifestError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(
      `invalid manifests:\n${capped(problems)
        .map((p) => `  ${p}`)
        .join('\n')}`,
    );
    this.name = 'ManifestError';
  }
}
