import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { parseValues } from './checks/parse';
import { renderHeadscale } from './render';
import { problemLines, warningLine } from './values/errors';
import { valuesJsonSchema } from './values/json-schema';
import type { JsonMap } from './values/json-map';
import { layerAll, parseSetExpression, readValuesFile, SetSyntaxError } from './values/load';

const USAGE = `Usage:
  cdk8s-headscale template [RELEASE] [-f values.yaml]... [--set key.path=value]... [-n NAMESPACE] [--output-dir DIR]
  cdk8s-headscale values        print the default values as YAML (like helm show values)
  cdk8s-headscale schema        print the JSON Schema of the values (for editors)
  cdk8s-headscale help

template renders the release (default "headscale") in NAMESPACE (default "default") to stdout,
or to DIR/<RELEASE>.k8s.yaml with --output-dir. Values files and --set layer in order, later over
earlier, as with helm template. --set-string takes values as strings. Warnings about the values
go to stderr as "warning: key.path: ..." and do not stop the render.

Exit status: 0 rendered, 1 invalid values (nothing is written), 2 usage error.`;

class UsageError extends Error {}

interface TemplateOptions {
  releaseName: string;
  namespace: string;
  sources: Array<() => JsonMap>;
  outputDir?: string;
}

function parseTemplateArgs(args: string[]): TemplateOptions {
  const options: TemplateOptions = { releaseName: 'headscale', namespace: 'default', sources: [] };
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '-f':
      case '--values': {
        const file = value();
        options.sources.push(() => readValuesFile(file));
        break;
      }
      case '--set':
      case '--set-string': {
        const expression = value();
        const typed = flag === '--set';
        parseSetExpression(expression, typed); // reports a malformed expression now, as a usage error
        options.sources.push(() => parseSetExpression(expression, typed));
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
        if (flag.startsWith('-')) throw new UsageError(`unknown flag ${flag}`);
        positional.push(arg);
    }
  }
  if (positional.length > 1) throw new UsageError(`expected at most one release name, got ${positional.join(' ')}`);
  if (positional[0]) options.releaseName = positional[0];
  return options;
}

function template(args: string[]): void {
  const options = parseTemplateArgs(args);
  const values = layerAll(options.sources.map((read) => read()));
  const { yaml, warnings } = renderHeadscale({ releaseName: options.releaseName, namespace: options.namespace, values });
  for (const warning of warnings) process.stderr.write(`${warningLine(warning)}\n`);
  if (!options.outputDir) {
    process.stdout.write(yaml);
    return;
  }
  mkdirSync(options.outputDir, { recursive: true });
  const file = join(options.outputDir, `${options.releaseName}.k8s.yaml`);
  writeFileSync(file, yaml);
  process.stderr.write(`wrote ${file}\n`);
}

/** Runs the CLI and returns its exit status. */
export function main(argv: string[]): number {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'template':
        template(args);
        return 0;
      case 'values':
        process.stdout.write(YAML.stringify(parseValues({}), { lineWidth: 0 }));
        return 0;
      case 'schema':
        process.stdout.write(`${JSON.stringify(valuesJsonSchema(), null, 2)}\n`);
        return 0;
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        return 0;
      case undefined:
        throw new UsageError('no command given');
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    const lines = problemLines(error);
    if (lines) {
      for (const line of lines) process.stderr.write(`${line}\n`);
      return 1;
    }
    if (error instanceof UsageError || error instanceof SetSyntaxError) {
      process.stderr.write(`error: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
