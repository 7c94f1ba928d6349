import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { ValuesError } from './errors';
import { layerValues } from './helm-merge';
import { isJsonMap, type JsonMap } from './json-map';

/** Reads one values file. YAML errors and a top level that isn't a map name the file and line. */
export function readValuesFile(file: string): JsonMap {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ValuesError([
      {
        path: '',
        message: `${file}: cannot read the values file (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      },
    ]);
  }
  return parseValuesYaml(text, file);
}

/** Parses values YAML; `source` names the text in messages. An empty document is no values. */
export function parseValuesYaml(text: string, source: string): JsonMap {
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (doc.errors.length > 0) {
    throw new ValuesError(
      doc.errors.map((error) => {
        const at = lineCounter.linePos(error.pos[0]);
        return { path: '', message: `${source}:${at.line}:${at.col}: ${error.message.split('\n')[0]}` };
      }),
    );
  }
  const values: unknown = doc.toJS();
  if (values === null || values === undefined) return {};
  if (!isJsonMap(values))
    throw new ValuesError([{ path: '', message: `${source}: expected a map of values at the top level` }]);
  return values;
}

/** Layers values sources in order, later over earlier, as `helm template -f a -f b` does. */
export function layerAll(sources: readonly JsonMap[]): JsonMap {
  return sources.reduce(layerValues, {});
}

/** A malformed `--set` expression: a usage error, not a values error. */
export class SetSyntaxError extends Error {}

/**
 * Turns `--set` expressions into values, with Helm's syntax: `a.b=c,d[0]=e`, `list={x,y}`,
 * `\` escaping `.`, `,`, `=` and `[`. With `typed`, `true`/`false`/`null` and integers become
 * booleans, null and numbers, as Helm's `--set` does; without, everything stays a string
 * (`--set-string`).
 */
export function parseSetExpression(expression: string, typed: boolean): JsonMap {
  const values: JsonMap = {};
  for (const assignment of splitUnescaped(expression, ',', true)) {
    if (assignment === '') continue;
    const equals = indexOfUnescaped(assignment, '=');
    if (equals <= 0) throw new SetSyntaxError(`--set ${expression}: expected key=value, got "${assignment}"`);
    const path = parseKeyPath(assignment.slice(0, equals), expression);
    const raw = assignment.slice(equals + 1);
    const value = /^\{.*\}$/s.test(raw)
      ? splitUnescaped(raw.slice(1, -1), ',', false)
          .filter((item) => item !== '')
          .map((item) => scalar(unescape(item), typed))
      : scalar(unescape(raw), typed);
    assign(values, path, value);
  }
  return values;
}

function scalar(text: string, typed: boolean): unknown {
  if (!typed) return text;
  if (/^true$/i.test(text)) return true;
  if (/^false$/i.test(text)) return false;
  if (/^null$/i.test(text)) return null;
  if (/^-?(0|[1-9][0-9]*)$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  return text;
}

function parseKeyPath(key: string, expression: string): Array<string | number> {
  const path: Array<string | number> = [];
  for (const segment of splitUnescaped(key, '.', false)) {
    const match = /^((?:[^[\\]|\\.)*)((?:\[\d+\])*)$/s.exec(segment);
    if (!match || match[1] === '') throw new SetSyntaxError(`--set ${expression}: malformed key "${key}"`);
    path.push(unescape(match[1]));
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
  }
  return path;
}

function assign(root: JsonMap, path: Array<string | number>, value: unknown): void {
  // Each step makes the next container fit the next segment (a list before an index), replacing what was there.
  let node = root as Record<string | number, unknown>;
  path.forEach((segment, i) => {
    if (Array.isArray(node)) while (node.length < (segment as number)) node.push(null);
    if (i === path.length - 1) node[segment] = value;
    else
      node = node[segment] = containerFor(node[segment], typeof path[i + 1] === 'number') as Record<
        string | number,
        unknown
      >;
  });
}

function containerFor(existing: unknown, list: boolean): JsonMap | unknown[] {
  if (list) return Array.isArray(existing) ? existing : [];
  return isJsonMap(existing) ? existing : {};
}

function indexOfUnescaped(text: string, char: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === char) return i;
  }
  return -1;
}

/** Splits on `separator` where it isn't escaped (and, with `outsideBraces`, not inside `{...}`). */
function splitUnescaped(text: string, separator: string, outsideBraces: boolean): string[] {
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && i + 1 < text.length) {
      current += char + text[++i];
      continue;
    }
    if (outsideBraces && char === '{') depth++;
    if (outsideBraces && char === '}') depth = Math.max(0, depth - 1);
    if (char === separator && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

function unescape(text: string): string {
  return text.replace(/\\(.)/gs, '$1');
}
