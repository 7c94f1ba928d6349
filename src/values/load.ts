import { closeSync, openSync, readSync } from 'node:fs';
import jsYaml from 'js-yaml';
import YAML from 'yaml';
import { ValuesError } from '../core/errors';
import { layerValues } from './helm-merge';
import {
  inputShapeProblems,
  isReservedKey,
  MAX_VALUES_BYTES,
  MAX_VALUES_DEPTH,
  RESERVED_KEY_MESSAGE,
} from './input-limits';
import { isJsonMap, type JsonMap } from '../core/json-map';

/**
 * Reads one values file. YAML errors and a top level that isn't a map name the file and line.
 * The file is read in chunks up to 4 MiB, so that endless input (`/dev/zero`,
 * a pipe that never closes) ends with a problem rather than an exhausted memory.
 */
export function readValuesFile(file: string): JsonMap {
  return parseValuesYaml(readCapped(file), file);
}

function readCapped(file: string): string {
  const problem = (message: string) => new ValuesError([{ path: '', message: `${file}: ${message}` }]);
  const cannotRead = (error: unknown) =>
    problem(`cannot read the values file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw cannotRead(error);
  }
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    const chunk = Buffer.alloc(64 * 1024);
    for (;;) {
      let read: number;
      try {
        read = readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        throw cannotRead(error);
      }
      if (read === 0) return utf8Text(Buffer.concat(chunks), problem);
      size += read;
      if (size > MAX_VALUES_BYTES) throw problem(`larger than ${MAX_VALUES_BYTES / 1024 / 1024} MiB, the most read`);
      chunks.push(Buffer.from(chunk.subarray(0, read)));
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The file's bytes as UTF-8 text. A byte sequence that is not UTF-8 is refused at its line and
 * column: decoding would replace it silently, and the values would not be what the file holds.
 */
function utf8Text(bytes: Buffer, problem: (message: string) => ValuesError): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Byte(bytes);
    const before = bytes.subarray(0, offset).toString('utf8').split('\n');
    throw problem(
      `${before.length}:${before[before.length - 1].length + 1}: is not UTF-8 text (an invalid byte sequence)`,
    );
  }
}

/** Where a streaming UTF-8 decoder first refuses the bytes: a chunk at a time, then a byte at a time in it. */
function firstInvalidUtf8Byte(bytes: Buffer): number {
  const CHUNK = 64 * 1024;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (; start < bytes.length; start += CHUNK) {
    try {
      decoder.decode(bytes.subarray(start, start + CHUNK), { stream: true });
    } catch {
      break;
    }
  }
  // The chunk that failed, one byte at a time from the character that starts at or before it.
  let from = Math.min(start, bytes.length);
  while (from > 0 && from > start - 3 && isContinuationByte(bytes[from])) from--;
  const byByte = new TextDecoder('utf-8', { fatal: true });
  for (let index = from; index < bytes.length; index++) {
    try {
      byByte.decode(bytes.subarray(index, index + 1), { stream: true });
    } catch {
      return sequenceStart(bytes, index);
    }
  }
  // Nothing refused before the end: the last character is cut short.
  let last = bytes.length - 1;
  while (last > 0 && isContinuationByte(bytes[last])) last--;
  return last;
}

const isContinuationByte = (byte: number | undefined) => byte !== undefined && (byte & 0xc0) === 0x80;

/** The refused byte, or the lead byte of the character it cut short (`é` missing its second byte). */
function sequenceStart(bytes: Buffer, refused: number): number {
  let lead = refused - 1;
  while (lead > refused - 4 && lead >= 0 && isContinuationByte(bytes[lead])) lead--;
  const byte = bytes[lead];
  const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
  return lead >= 0 && length > refused - lead ? lead : refused;
}

/** How many times aliases may repeat what their anchors hold: enough for any real file, far short of an alias bomb. */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses values YAML; `source` names the text in messages. An empty document is no values.
 * Merge keys are merged as Helm merges them (the map's own keys win, then the merged maps in
 * order). Refuses, each with a one-line problem: text over 4 MiB, duplicate keys,
 * aliases that expand past a limit, nesting the parser cannot follow or deeper than
 * 64 levels, and the keys `__proto__`, `constructor` and `prototype`.
 */
export function parseValuesYaml(text: string, source: string): JsonMap {
  const problem = (message: string) => new ValuesError([{ path: '', message: `${source}: ${message}` }]);
  if (text.length > MAX_VALUES_BYTES) throw problem(`larger than ${MAX_VALUES_BYTES / 1024 / 1024} MiB, the most read`);
  const quick = quickValues(text);
  if (quick !== undefined) return checkedTopLevel(quick, source);
  const lineCounter = new YAML.LineCounter();
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${source}:${line}:${col}`;
  };
  // The library's own duplicate-key check compares each key with every earlier one: quadratic in a map's size.
  // Merge keys (`<<: *defaults`) are merged, as Helm's YAML 1.1 reader merges them.
  const doc = YAML.parseDocument(text, { prettyErrors: false, uniqueKeys: false, lineCounter, merge: true });
  // A stack overflow is reported at each level the parser was in: once is enough.
  const tooDeep = doc.errors.find((error) => /^Maximum call stack/.test(error.message));
  const errors = (tooDeep ? [tooDeep] : doc.errors).map((error) => ({
    path: '',
    message: `${at(error.pos[0])}: ${tooDeep ? 'nested too deeply to parse' : error.message.split('\n')[0]}`,
  }));
  if (errors.length === 0)
    for (const offset of duplicateKeyOffsets(doc))
      errors.push({ path: '', message: `${at(offset)}: Map keys must be unique` });
  if (errors.length > 0) throw new ValuesError(errors);
  let values: unknown;
  try {
    values = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message))
      throw problem(`aliases expand past the limit of ${MAX_ALIAS_COUNT} (an alias bomb?): write the values out`);
    if (error instanceof RangeError) throw problem('nested too deeply to parse');
    throw error;
  }
  return checkedTopLevel(values, source);
}

/** The parsed document as values: a map (or nothing), with nothing a values file may not hold. */
function checkedTopLevel(values: unknown, source: string): JsonMap {
  if (values === null || values === undefined) return {};
  if (!isJsonMap(values)) {
    throw new ValuesError([{ path: '', message: `${source}: expected a map of values at the top level` }]);
  }
  const shape = inputShapeProblems(values, source);
  if (shape.length > 0) throw new ValuesError(shape);
  return values;
}

/**
 * js-yaml reads plain YAML several times as fast as the yaml library, which builds a document tree
 * first (a values file of 60,000 keys took it about a second, and a small file costs it more code
 * to run once). So a values file is read with js-yaml, with the yaml library's own YAML 1.2 core
 * schema for scalars (each tag's test and resolver, so that every scalar means what the library
 * makes of it), unless it holds what the two read differently or what only the library's path
 * checks:
 * - directives (`%YAML 1.1` changes how the library reads scalars) and keys that are collections
 *   (an explicit `? ` key, or a flow list or map before its colon: js-yaml flattens them into
 *   strings of its own): found in the text, where a quoted string that looks like one only costs
 *   the slower path;
 * - anchors, and with them aliases (the library limits how far they expand): js-yaml reports each
 *   node it reads, with its anchor;
 * - merge keys (`<<`, which js-yaml reads here as a plain key), found in what it read.
 * Tags other than the core schema's `!!str`, `!!map` and `!!seq`, which both read alike, make
 * js-yaml refuse the file. Anything js-yaml refuses (an unknown tag, a duplicate key, a syntax
 * error) goes to the library's path too, which names the line and column.
 */
function quickValues(text: string): unknown {
  if (/^%|(^|[\s,[{])\?(\s|$)|[\]}][ \t]*:/m.test(text)) return undefined;
  let anchored = false;
  let values: unknown;
  try {
    values = jsYaml.load(text, {
      schema: libraryCoreSchema(),
      // Without an ampersand there is no anchor, and no node to watch. js-yaml's state names the
      // anchor of the node it closes (null for none); a js-yaml without the field takes every
      // file for anchored.
      listener: text.includes('&')
        ? (event, state) => {
            if (event === 'close' && (state as { anchor?: unknown }).anchor !== null) anchored = true;
          }
        : undefined,
    });
  } catch {
    return undefined;
  }
  return anchored || hasMergeKey(values) ? undefined : values;
}

function hasMergeKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasMergeKey);
  if (!isJsonMap(value)) return false;
  return Object.keys(value).some((key) => key === '<<' || hasMergeKey(value[key]));
}

let coreSchema: jsYaml.Schema | undefined;

/** The yaml library's YAML 1.2 core schema as a js-yaml schema: each scalar tag's test and resolver. */
function libraryCoreSchema(): jsYaml.Schema {
  if (coreSchema) return coreSchema;
  const { tags } = new YAML.Document(null, { version: '1.2' }).schema;
  const scalarTypes = tags
    .filter(
      (tag): tag is YAML.ScalarTag => tag.default === true && 'test' in tag && tag.tag !== 'tag:yaml.org,2002:str',
    )
    .map(
      (tag, index) =>
        new jsYaml.Type(`tag:cdk8s-headscale,core:${index}`, {
          kind: 'scalar',
          resolve: (data: unknown) => typeof data === 'string' && tag.test!.test(data),
          construct: (data: string) => {
            // Floats come back as a Scalar node that keeps their written precision.
            const value: unknown = tag.resolve(data, () => undefined, {});
            return YAML.isScalar(value) ? value.value : value;
          },
        }),
    );
  coreSchema = jsYaml.FAILSAFE_SCHEMA.extend({ implicit: scalarTypes });
  return coreSchema;
}

/**
 * Where a key repeats one before it in the same map: each map's scalar keys go into a set, in
 * one pass over the document. (Keys that are maps or lists, which no values file needs, compare
 * by identity, as the library's check compares them.)
 */
function duplicateKeyOffsets(doc: YAML.Document): number[] {
  const offsets: number[] = [];
  YAML.visit(doc, {
    Map(_, map) {
      const keys = new Set<unknown>();
      for (const { key } of map.items) {
        if (!YAML.isScalar(key)) continue;
        if (keys.has(key.value)) offsets.push(key.range?.[0] ?? 0);
        else keys.add(key.value);
      }
    },
  });
  return offsets;
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
 * (`--set-string`). With `into`, the assignments go into those values (which they change), as
 * Helm's repeated `--set` flags go into one map: `a[0].x=1` then `a[0].y=2` give `a[0]` both.
 */
export function parseSetExpression(expression: string, typed: boolean, into: JsonMap = {}): JsonMap {
  const values = into;
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

/**
 * The largest list index `--set` takes: Helm's `MaxIndex` (helm/helm pkg/strvals/parser.go,
 * `setIndex`), past which a list of that many nulls would be built.
 */
export const MAX_SET_INDEX = 65536;

function parseKeyPath(key: string, expression: string): Array<string | number> {
  const refuse = (message: string) => new SetSyntaxError(`--set ${expression}: ${message}`);
  const path: Array<string | number> = [];
  for (const segment of splitUnescaped(key, '.', false)) {
    const match = /^((?:[^[\\]|\\.)*)((?:\[\d+\])*)$/s.exec(segment);
    if (!match || match[1] === '') throw refuse(`malformed key "${key}"`);
    const name = unescape(match[1]);
    if (isReservedKey(name)) throw refuse(`"${name}" ${RESERVED_KEY_MESSAGE}`);
    path.push(name);
    for (const [, digits] of match[2].matchAll(/\[(\d+)\]/g)) {
      const index = Number(digits);
      if (index > MAX_SET_INDEX) throw refuse(`index ${digits} is over the largest list index, ${MAX_SET_INDEX}`);
      path.push(index);
    }
  }
  if (path.length > MAX_VALUES_DEPTH) throw refuse(`key "${key}" is nested more than ${MAX_VALUES_DEPTH} levels deep`);
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
