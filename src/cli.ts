import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import YAML from 'yaml';
import { renderHeadscale } from './synth';
import { problemLines, warningLine } from './values/errors';
import { valuesJsonSchema } from './values/json-schema';
import type { JsonMap } from './values/json-map';
import { layerAll, parseSetExpression, readValuesFile, SetSyntaxError } from './values/load';
import { parseValues } from './values/parse';

const NAME = 'cdk8s-headscale';

const MAIN_HELP = `${NAME} renders Headscale for Kubernetes from Helm-style values.

Usage:
  ${NAME} <command> [flags]

Commands:
  template    render a release's manifests as YAML, like helm template
  values      print the default values as YAML, like helm show values
  schema      print the JSON Schema of the values, for editors
  help        print this help, or a command's: ${NAME} help <command>
  version     print the version

Flags:
  -h, --help       print this help; after a command, that command's help
  -v, --version    print the version

Exit status: 0 success, 1 invalid values or manifests (template), 2 usage error.`;

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
      --output-dir DIR        write DIR/<RELEASE>.k8s.yaml instead of printing the manifests
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

const VERSION_HELP = `Prints the version of ${NAME}.

Usage:
  ${NAME} version
  ${NAME} --version

Exit status: 0 printed, 2 usage error.`;

const COMMAND_HELP: Record<string, string> = {
  template: TEMPLATE_HELP,
  values: VALUES_HELP,
  schema: SCHEMA_HELP,
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

const isHelpFlag = (arg: string) => arg === '-h' || arg === '--help';

/** `--flag=value` and `-f=value` as the flag and its value; any other argument as itself. */
function splitFlag(arg: string): [string, string | undefined] {
  const equals = arg.indexOf('=');
  return arg.startsWith('-') && equals > 0 ? [arg.slice(0, equals), arg.slice(equals + 1)] : [arg, undefined];
}

interface Source {
  read(): JsonMap;
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
        parseSetExpression(expression, typed); // reports a malformed expression now, as a usage error
        options.sources.push({ read: () => parseSetExpression(expression, typed) });
        break;
      }
      case '-n':
      case '--namespace':
        options.namespace = value();
        break;
      case '--output-dir':
        options.outputDir = value();
        break;
      default:
        if (flag.startsWith('-')) throw new UsageError(isHelpFlag(flag) ? `${flag} takes no value` : `unknown flag ${flag}`, 'template');
        positional.push(arg);
    }
  }
  if (positional.length > 1) throw new UsageError(`expected at most one release name, got ${positional.join(' ')}`, 'template');
  if (positional[0]) options.releaseName = positional[0];
  return options;
}

function template(args: string[]): void {
  const options = parseTemplateArgs(args);
  const values = layerAll(options.sources.map((source) => source.read()));
  const render = renderHeadscale({ releaseName: options.releaseName, namespace: options.namespace, values });
  for (const warning of render.warnings) process.stderr.write(`${warningLine(warning)}\n`);
  if (!options.outputDir) {
    process.stdout.write(render.yaml);
    return;
  }
  mkdirSync(options.outputDir, { recursive: true });
  const file = join(options.outputDir, `${options.releaseName}.k8s.yaml`);
  writeFileSync(file, render.yaml);
  process.stderr.write(`wrote ${file}\n`);
}

/** The version in the package's manifest: the first package.json of this package above the running code (src/, lib/ or the bundle's lib/bin/). */
function packageVersion(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === NAME && manifest.version) return manifest.version;
    } catch {
      // none here, or not readable: look further up
    }
    if (dirname(dir) === dir) throw new Error(`cannot find the package.json of ${NAME} above ${__dirname}`);
  }
}

function noArguments(command: string, args: string[]): void {
  if (args.length > 0) throw new UsageError(`${command} takes no arguments, got ${args.join(' ')}`, command);
}

/** Prints the help for `command` (the main help when undefined). */
function printHelp(command?: string): number {
  if (command !== undefined && !(command in COMMAND_HELP)) throw new UsageError(`unknown command "${command}"`);
  process.stdout.write(`${command === undefined ? MAIN_HELP : COMMAND_HELP[command]}\n`);
  return 0;
}

function run(command: string | undefined, args: string[]): number {
  switch (command) {
    case 'template':
      if (args.some(isHelpFlag)) return printHelp(command);
      template(args);
      return 0;
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
      throw new UsageError(command.startsWith('-') ? `unknown flag ${command}` : `unknown command "${command}"`);
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
      for (const line of lines) process.stderr.write(`${line}\n`);
      return 1;
    }
    if (error instanceof UsageError || error instanceof SetSyntaxError) {
      const helpCommand = error instanceof UsageError ? error.command : 'template';
      process.stderr.write(`error: ${error.message}\nRun "${NAME} ${helpCommand ? `${helpCommand} ` : ''}--help" for usage.\n`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
