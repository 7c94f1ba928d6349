import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, parse, resolve, sep } from 'node:path';
import YAML from 'yaml';
import { parseValues } from './chart/parse-values';
import { writeFileAtomic } from './fast/atomic-write';
import { type HeadscaleRender, renderHeadscale, runningVersionValues } from './render';
import { SERVER_IMAGE } from './values/defaults';
import { type Finding, formatPath, problemLines, ValuesError, warningLine } from './core/errors';
import {
  configVersionFindings,
  detectHeadscaleVersion,
  type HeadscaleVersion,
  statedVersionProblem,
} from './values/headscale-versions';
import { startupWarnings } from './values/headscale-config';
import { configFileFindings } from './values/headscale-config-file';
import { checkPolicyText, type PolicyTextFinding } from './values/policy';
import { valuesJsonSchema } from './values/json-schema';
import { isJsonMap, type JsonMap } from './core/json-map';
import { closest } from './core/suggest';
import { layerAll, parseSetExpression, readValuesFile, SetSyntaxError } from './values/load';

const NAME = 'cdk8s-headscale';

const MAIN_HELP = `${NAME} renders Headscale for Kubernetes from Helm-style values.

Usage:
  ${NAME} <command> [flags]

Commands:
  template    render a release's manifests as YAML, like helm template
  values      print the default values as YAML, like helm show values
  schema      print the JSON Schema of the values, for editors
  check       check a policy file or a config.yaml as Headscale would load it
  help        print this help, or a command's: ${NAME} help <command>
  version     print the version

Flags:
  -h, --help       print this help; after a command, that command's help
  -v, --version    print the version

Exit status: 0 success, 1 invalid values or manifests (template) or a file Headscale refuses
(check), 2 usage error.`;

const TEMPLATE_HELP = `Renders a release's manifests as multi-document YAML, like helm template.

Usage:
  ${NAME} template [RELEASE] [flags]

RELEASE names the release (default "headscale"). The manifests go to stdout, or to
DIR/<RELEASE>.k8s.yaml with --output-dir. Values files and --set layer in order, later over
earlier: maps merge key by key, lists and other values replace, null deletes a default.

Flags:
  -f, --values FILE           a values file (YAML); repeatable
      --set KEY=VALUE         values in Helm's syntax: a.b=c,d[0]=e, list={x,y}, \\. for a dot in
                              a key; true, false, null and integers become booleans, null and
                              numbers; repeatable
      --set-string KEY=VALUE  as --set, with every value kept as a string
  -n, --namespace NAMESPACE   the namespace of the release (default "default")
      --output-dir DIR        write DIR/<RELEASE>.k8s.yaml instead of printing the manifests; the
                              Headscale version of the file it replaces is upgrade.fromVersion
                              unless the values set it
  -h, --help                  print this help

A flag's value follows it as the next argument or after "=": -f values.yaml, -f=values.yaml,
--set=image.tag=v0.26.1. Warnings about the values go to stderr as "warning: key.path: ..." and
do not stop the render.

Exit status:
  0  rendered (warnings, if any, on stderr)
  1  invalid values or manifests: one line per problem on stderr, and nothing written
  2  usage error`;

const VALUES_HELP = `Prints the default values as YAML, like helm show values: a values file to start from, which
renders like no values at all.

Usage:
  ${NAME} values

Exit status: 0 printed, 2 usage error.`;

const SCHEMA_HELP = `Prints the JSON Schema (draft 2020-12) of the values, for editors that check and complete
values files.

Usage:
  ${NAME} schema

Exit status: 0 printed, 2 usage error.`;

const DEFAULT_HEADSCALE_VERSION = detectHeadscaleVersion(SERVER_IMAGE).version;

const CHECK_HELP = `Checks a file as Headscale would read it, without a cluster.

Usage:
  ${NAME} check policy FILE [flags]
  ${NAME} check config FILE [flags]

policy: an ACL policy file (HuJSON: JSON with comments and trailing commas), checked as Headscale
loads it: its syntax, its keys and types, and the rules between its sections.
config: a whole config.yaml, checked by the rules that stop Headscale at start-up.

Flags:
      --headscale-version X.Y   the Headscale version to check against (0.26 to 0.29; default
                                ${DEFAULT_HEADSCALE_VERSION}, the default image's)
  -h, --help                    print this help

Each problem goes to stderr as "FILE:LINE:COLUMN: key.path: reason"; a file Headscale accepts
prints "ok: FILE" on stdout, after warnings (what Headscale reads with a warning) on stderr.

Exit status:
  0  Headscale would accept the file
  1  Headscale would refuse it: one line per problem on stderr
  2  usage error, or the file cannot be read`;

const VERSION_HELP = `Prints the version of ${NAME}.

Usage:
  ${NAME} version
  ${NAME} --version

Exit status: 0 printed, 2 usage error.`;

const COMMAND_HELP: Record<string, string> = {
  template: TEMPLATE_HELP,
  values: VALUES_HELP,
  schema: SCHEMA_HELP,
  check: CHECK_HELP,
  version: VERSION_HELP,
  help: MAIN_HELP,
};

/** A usage error; `command` names the command whose help the error points to. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** The error for a word that names no command, suggesting the closest command. */
function unknownCommand(word: string): UsageError {
  const suggestion = closest(word, Object.keys(COMMAND_HELP));
  return new UsageError(`unknown command "${word}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`);
}

const isHelpFlag = (arg: string) => arg === '-h' || arg === '--help';

/** `--flag=value` and `-f=value` as the flag and its value; any other argument as itself. */
function splitFlag(arg: string): [string, string | undefined] {
  const equals = arg.indexOf('=');
  return arg.startsWith('-') && equals > 0 ? [arg.slice(0, equals), arg.slice(equals + 1)] : [arg, undefined];
}

/**
 * A `--set` value that `--set-string` would have kept as text: where the values parser says a
 * string was expected, the problem says how to pass one.
 */
interface Retyped {
  readonly path: readonly PropertyKey[];
  readonly suggestion: string;
}

interface Source {
  read(): JsonMap;
  /** A `--set` or `--set-string`, whose successor of the same kind assigns into its values. */
  readonly set?: true;
  /** For a `--set`, its values that became numbers, booleans or null. */
  readonly retyped?: readonly Retyped[];
}

interface TemplateOptions {
  releaseName: string;
  namespace: string;
  sources: Source[];
  outputDir?: string;
}

function parseTemplateArgs(args: string[]): TemplateOptions {
  const options: TemplateOptions = { releaseName: 'headscale', namespace: 'default', sources: [] };
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = splitFlag(arg);
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`, 'template');
      return next;
    };
    switch (flag) {
      case '-f':
      case '--values': {
        const file = value();
        options.sources.push({ read: () => readValuesFile(file) });
        break;
      }
      case '--set':
      case '--set-string': {
        const expression = value();
        const typed = flag === '--set';
        const values = parseSetExpression(expression, typed); // reports a malformed expression now, as a usage error
        const retyped = typed ? retypedValues(values, parseSetExpression(expression, false)) : [];
        // Repeated --set flags fill one map, as Helm's do, so `a[0].x` and then `a[0].y` give a[0] both.
        const previous = options.sources.at(-1);
        const chained = previous?.set ? options.sources.pop() : undefined;
        options.sources.push({
          set: true,
          read: () => parseSetExpression(expression, typed, chained?.read()),
          retyped: [...(chained?.retyped ?? []), ...retyped],
        });
        break;
      }
      case '-n':
      case '--namespace':
        options.namespace = value();
        break;
      case '--output-dir':
        options.outputDir = value();
        if (options.outputDir === '') throw new UsageError('--output-dir needs a folder, got ""', 'template');
        break;
      default:
        if (flag.startsWith('-'))
          throw new UsageError(isHelpFlag(flag) ? `${flag} takes no value` : `unknown flag ${flag}`, 'template');
        positional.push(arg);
    }
  }
  if (positional.length > 1)
    throw new UsageError(`expected at most one release name, got ${positional.join(' ')}`, 'template');
  if (positional[0]) options.releaseName = positional[0];
  return options;
}

/** The leaves of `typed` (a `--set`'s values) that are not strings, each with the `--set-string` that would pass its text (found in `text`, the same `--set` untyped). */
function retypedValues(typed: unknown, text: unknown, path: PropertyKey[] = []): Retyped[] {
  if (isJsonMap(typed) || Array.isArray(typed)) {
    return Object.entries(typed).flatMap(([key, value]) => {
      const segment = Array.isArray(typed) ? Number(key) : key;
      return retypedValues(value, (text as Record<string, unknown>)[key], [...path, segment]);
    });
  }
  // A list's gaps (`--set list[2]=x`) are null in both.
  return typeof typed === 'string' || typeof text !== 'string'
    ? []
    : [{ path, suggestion: `--set-string ${shellWord(`${setKey(path)}=${String(text)}`)}` }];
}

/** A key path as `--set` takes it: `a.b[0].c`, with `\` before the characters the syntax gives a meaning. */
function setKey(path: readonly PropertyKey[]): string {
  return path
    .map((segment, i) =>
      typeof segment === 'number'
        ? `[${segment}]`
        : `${i > 0 ? '.' : ''}${String(segment).replace(/[\\.,=[{}]/g, '\\$&')}`,
    )
    .join('');
}

/** `word` as one word for a POSIX shell: as it is when plain, else in single quotes. */
function shellWord(word: string): string {
  return /^[\w.,:/@+=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

const overlaps = (a: readonly PropertyKey[], b: readonly PropertyKey[]) =>
  a.slice(0, b.length).every((segment, i) => segment === b[i]);

/** The paths of the values in `map` that layering it over other values replaces: every value that is not a map. */
function leafPaths(map: JsonMap, path: PropertyKey[] = []): PropertyKey[][] {
  return Object.entries(map).flatMap(([key, value]) =>
    isJsonMap(value) ? leafPaths(value, [...path, key]) : [[...path, key]],
  );
}

let rendered = false;

/**
 * Whether this process has rendered a release. The installed command keeps a code cache from such
 * a run only (src/bin/cdk8s-headscale.ts): it holds the functions a render compiles, which a cache
 * made after, say, --help would leave to be compiled on every run.
 */
export function hasRendered(): boolean {
  return rendered;
}

function template(args: string[]): void {
  const options = parseTemplateArgs(args);
  // The --set values that became numbers, booleans or null and that no later source replaced, by key path.
  let retyped: Retyped[] = [];
  const layers = options.sources.map((source) => {
    const values = source.read();
    const replaced = leafPaths(values);
    retyped = retyped
      .filter((r) => !replaced.some((path) => overlaps(path, r.path) || overlaps(r.path, path)))
      .concat(source.retyped ?? []);
    return values;
  });
  const file = options.outputDir && join(options.outputDir, `${options.releaseName}.k8s.yaml`);
  // The render this one replaces tells the version that runs now, unless the values state it.
  const running = file ? runningVersionValues(file) : {};
  let render: HeadscaleRender;
  try {
    render = renderHeadscale({
      releaseName: options.releaseName,
      namespace: options.namespace,
      values: layerAll([running, ...layers]),
    });
  } catch (error) {
    throw error instanceof ValuesError && retyped.length > 0 ? withSetStringHints(error, retyped) : error;
  }
  rendered = true;
  for (const warning of render.warnings) process.stderr.write(`${warningLine(warning)}\n`);
  if (!file) {
    process.stdout.write(render.yaml);
    return;
  }
  try {
    makeFolder(options.outputDir!);
    writeFileAtomic(file, render.yaml);
  } catch (error) {
    throw new OutputError(`cannot write ${file}: ${fileSystemReason(error)}`);
  }
  process.stderr.write(`wrote ${file}\n`);
}

/**
 * Makes `folder` and the folders above it that are missing, one at a time. Node's recursive mkdir
 * retries forever where a parent exists but takes no folder (`/proc/self/nope`); this fails there.
 */
function makeFolder(folder: string): void {
  const target = resolve(folder);
  const { root } = parse(target);
  let current = root;
  for (const part of target.slice(root.length).split(sep).filter(Boolean)) {
    current = join(current, part);
    try {
      mkdirSync(current);
    } catch (error) {
      // A file in the way of a folder above: the next mkdir below it says so (ENOTDIR).
      if (
        (error as NodeJS.ErrnoException).code !== 'EEXIST' ||
        (current === target && !statSync(current).isDirectory())
      )
        throw error;
    }
  }
}

/** The output could not be written; what was there before is left as it was. */
class OutputError extends Error {}

const FILE_SYSTEM_REASONS: Readonly<Record<string, string>> = {
  EEXIST: 'a file is in the way of the output folder',
  ENOENT: 'no folder can be made there',
  ENOTDIR: 'a part of the output folder is a file',
  EISDIR: 'a folder is in the way of the file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'over the disk quota',
};

function fileSystemReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ? `${FILE_SYSTEM_REASONS[code] ?? 'failed'} (${code})` : String(error);
}

/** `error` with a hint on each problem where a string was expected and a `--set` typed the value. */
function withSetStringHints(error: ValuesError, retyped: readonly Retyped[]): ValuesError {
  const suggestions = new Map(retyped.map((r) => [formatPath(r.path), r.suggestion]));
  return new ValuesError(
    error.problems.map((problem) => {
      const suggestion = suggestions.get(problem.path);
      return suggestion && /^expected\b.*\ba string\b/.test(problem.message)
        ? { ...problem, message: `${problem.message} (use ${suggestion} to pass it as a string)` }
        : problem;
    }),
  );
}

/** The version in the package's manifest: the first package.json of this package above the running code (src/, lib/ or the bundle's lib/bin/). */
function packageVersion(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === NAME && manifest.version) return manifest.version;
    } catch {
      // none here, or not readable: look further up
    }
    if (dirname(dir) === dir) throw new Error(`cannot find the package.json of ${NAME} above ${__dirname}`);
  }
}

interface CheckOptions {
  readonly kind: 'policy' | 'config';
  readonly file: string;
  readonly version: HeadscaleVersion;
}

function parseCheckArgs(args: string[]): CheckOptions {
  let version = DEFAULT_HEADSCALE_VERSION;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = splitFlag(args[i]);
    if (flag === '--headscale-version') {
      const value = inline ?? args[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value`, 'check');
      const problem = statedVersionProblem(value);
      if (problem || value === '') throw new UsageError(`${flag}: ${problem ?? 'expected a version'}`, 'check');
      version = detectHeadscaleVersion(SERVER_IMAGE, value).version;
    } else if (flag.startsWith('-')) throw new UsageError(`unknown flag ${flag}`, 'check');
    else positional.push(args[i]);
  }
  const [kind, file, ...rest] = positional;
  if (kind !== 'policy' && kind !== 'config')
    throw new UsageError(`expected what to check, policy or config${kind ? `, got "${kind}"` : ''}`, 'check');
  if (file === undefined || rest.length > 0)
    throw new UsageError(`expected one file to check, got ${positional.length - 1}`, 'check');
  return { kind, file, version };
}

function readCheckedFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${fileSystemReason(error)}`, 'check');
  }
}

/** A problem line: where it is in the file, the key path, and the reason. */
const checkLine = (file: string, line: number | undefined, column: number | undefined, message: string) =>
  `${file}${line === undefined ? '' : `:${line}:${column ?? 1}`}: ${message}`;

/** Problems and warnings, as lines that say where each is in the file. */
interface CheckedLines {
  readonly problems: readonly string[];
  readonly warnings: readonly string[];
}

/** What Headscale `version` refuses in this policy file, and what it reads differently from what the file likely means. */
function policyFileLines(file: string, text: string, version: HeadscaleVersion): CheckedLines {
  const { problems, warnings } = checkPolicyText(text, version);
  const lines = (findings: readonly PolicyTextFinding[]) =>
    findings.map((f) => checkLine(file, f.line, f.column, f.message));
  return { problems: lines(problems), warnings: lines(warnings) };
}

/**
 * What stops Headscale `version` at start-up with this config.yaml (its keys and types, its rules,
 * keys the version refuses), and what it reads with a warning.
 */
function configFileLines(file: string, text: string, version: HeadscaleVersion): CheckedLines {
  const lineCounter = new YAML.LineCounter();
  const document = YAML.parseDocument(text, { lineCounter });
  if (document.errors.length > 0)
    return {
      problems: document.errors.map((error) =>
        checkLine(
          file,
          error.linePos?.[0].line,
          error.linePos?.[0].col,
          `parsing YAML: ${error.message.split('\n')[0]}`,
        ),
      ),
      warnings: [],
    };
  const config: unknown = document.toJS() ?? {};
  if (!isJsonMap(config)) return { problems: [checkLine(file, 1, 1, 'expected a map of config keys')], warnings: [] };
  const located = (findings: readonly Finding[]) =>
    findings.map(({ at, message }) => {
      const node = document.getIn(at, true) as { range?: [number, number, number] } | undefined;
      const position = node?.range ? lineCounter.linePos(node.range[0]) : undefined;
      return checkLine(file, position?.line, position?.col, at.length > 0 ? `${formatPath(at)}: ${message}` : message);
    });
  // Headscale's own start-up checks decide whether it starts; the rest is what it starts with but ignores or warns about.
  const byVersion = configVersionFindings(config, version);
  return {
    problems: located(configFileFindings(config, version)),
    warnings: located([...startupWarnings({ config, setBy: new Map() }), ...byVersion.warnings]),
  };
}

function check(args: string[]): number {
  const { kind, file, version } = parseCheckArgs(args);
  const text = readCheckedFile(file);
  const { problems, warnings }: CheckedLines =
    kind === 'policy' ? policyFileLines(file, text, version) : configFileLines(file, text, version);
  for (const line of problems) process.stderr.write(`${oneLine(line)}\n`);
  if (problems.length > 0) return 1;
  for (const line of warnings) process.stderr.write(`warning: ${oneLine(line)}\n`);
  process.stdout.write(`ok: ${file}\n`);
  return 0;
}

function noArguments(command: string, args: string[]): void {
  if (args.length > 0) throw new UsageError(`${command} takes no arguments, got ${args.join(' ')}`, command);
}

/** Prints the help for `command` (the main help when undefined). */
function printHelp(command?: string): number {
  if (command !== undefined && !(command in COMMAND_HELP)) throw unknownCommand(command);
  process.stdout.write(`${command === undefined ? MAIN_HELP : COMMAND_HELP[command]}\n`);
  return 0;
}

function run(command: string | undefined, args: string[]): number {
  switch (command) {
    case 'template':
      if (args.some(isHelpFlag)) return printHelp(command);
      template(args);
      return 0;
    case 'check':
      if (args.some(isHelpFlag)) return printHelp(command);
      return check(args);
    case 'values':
    case 'schema':
    case 'version':
      if (args.some(isHelpFlag)) return printHelp(command);
      noArguments(command, args);
      if (command === 'values') process.stdout.write(YAML.stringify(parseValues({}), { lineWidth: 0 }));
      else if (command === 'schema') process.stdout.write(`${JSON.stringify(valuesJsonSchema(), null, 2)}\n`);
      else process.stdout.write(`${packageVersion()}\n`);
      return 0;
    case '-v':
    case '--version':
      return run('version', args);
    case 'help':
    case '-h':
    case '--help':
      if (args.length > 1) throw new UsageError(`help takes at most one command, got ${args.join(' ')}`);
      return printHelp(args[0]);
    case undefined:
      throw new UsageError('no command given');
    default:
      throw command.startsWith('-') ? new UsageError(`unknown flag ${command}`) : unknownCommand(command);
  }
}

/** Runs the CLI and returns its exit status. */
export function main(argv: string[]): number {
  const [command, ...args] = argv;
  try {
    return run(command, args);
  } catch (error) {
    const lines = problemLines(error);
    if (lines) {
      for (const line of lines) process.stderr.write(`${oneLine(line)}\n`);
      return 1;
    }
    if (error instanceof UsageError || error instanceof SetSyntaxError) {
      const helpCommand = error instanceof UsageError ? error.command : 'template';
      process.stderr.write(
        `error: ${oneLine(error.message)}; run "${NAME} ${helpCommand ? `${helpCommand} ` : ''}--help" for usage\n`,
      );
      return 2;
    }
    if (error instanceof OutputError) {
      process.stderr.write(`error: ${oneLine(error.message)}\n`);
      return 1;
    }
    // Whatever else: one line rather than a stack trace, still marked as the fault of this command.
    process.stderr.write(`error: ${UNEXPECTED}: ${oneLine(String(error))}\n`);
    return 1;
  }
}

/** The start of the line for an error no input should cause. */
export const UNEXPECTED = `unexpected failure in ${NAME}, please report it`;

/** `text` on one line: line breaks (from a --set or a file name) shown as \\n. */
const oneLine = (text: string) => text.replace(/\r?\n/g, '\\n');

if (require.main === module) process.exitCode = main(process.argv.slice(2));
