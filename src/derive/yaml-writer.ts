import YAML from 'yaml';
import { goReadsAsNonString, MERGE_KEY, quoteForGoReaders } from '../derive/go-yaml-scalars';
import { sortKeys } from '../core/json-map';

/**
 * YAML text of JSON data, byte for byte what the `yaml` library writes with the same options
 * (strings that Go's YAML readers would misread quoted besides: {@link libraryYaml}), at a
 * fraction of its cost: the library builds a document tree of every value before it writes,
 * which made writing the manifests the largest part of a synth. Here the block structure (maps,
 * lists, indentation) is written directly, and so are the common strings, by the library's
 * rules: a line plain unless the library's own type tests (numbers, booleans, ...), Go's, or
 * YAML's indicators say otherwise, else in the quotes it picks; several lines as a `|` or `|-` block.
 * The rest (escapes, leading blanks, kept trailing newlines, numbers other than integers) is
 * asked of the library, once per distinct scalar; every answer is remembered. Anything outside
 * that plan (an object reached twice, which the library writes as an anchor and alias;
 * `undefined` in a list or kept as null; a key the library writes as an explicit `? ` key; a `|+`
 * block) hands the whole document to the library. `test/fast/yaml-writer.test.ts` holds the writer to
 * the library's output on random documents.
 */

/** How cdk8s writes manifests (`Yaml.stringify`): YAML 1.1, no line folding, keys in insertion order, undefined kept as null. */
const LIBRARY_OPTIONS = { version: '1.1', keepUndefined: true, lineWidth: 0 } as const;

type LibraryOptions = YAML.DocumentOptions & YAML.SchemaOptions & YAML.CreateNodeOptions & YAML.ToStringOptions;

/** How a document is written, and what writes it when the writer can't. */
interface Style {
  readonly options: LibraryOptions;
  /** Sort every map's keys (by UTF-16 code units), as the library's `sortMapEntries: true`. */
  readonly sortKeys: boolean;
  /** Write map entries whose value is `undefined` (as `null`) instead of leaving them out. */
  readonly keepUndefined: boolean;
  readonly library: (value: unknown) => string;
  /** The top-level key whose map's keys of digits are written as integers (`900:`, not `"900":`). */
  readonly integerKeysOf?: string;
}

function styleOf(options: LibraryOptions, library: (value: unknown) => string, integerKeysOf?: string): Style {
  return {
    options,
    sortKeys: options.sortMapEntries === true,
    keepUndefined: options.keepUndefined === true,
    library,
    integerKeysOf,
  };
}

const MANIFESTS = styleOf(LIBRARY_OPTIONS, libraryYaml);

/**
 * Multi-document YAML of manifests, exactly as cdk8s's `Yaml.stringify(...docs)` writes it, but
 * for the strings Go's YAML readers would not read back as strings, which are quoted ({@link libraryYaml}).
 */
export function manifestsYaml(docs: readonly unknown[]): string {
  const out: string[] = [];
  docs.forEach((doc, i) => {
    if (i > 0) out.push('---\n');
    if (doc === undefined) out.push('\n');
    else writeDocument(out, doc, MANIFESTS);
  });
  return out.join('');
}

/**
 * A writer of single documents, byte for byte what `library` writes, which is the yaml library
 * with `options` (maps, lists and scalars only: no tags or comments added) and Go-misread strings
 * quoted: config-yaml.ts writes every release's config.yaml with one, where the library's
 * document tree cost a tenth of a release's synth.
 */
export function documentWriter(
  options: LibraryOptions,
  library: (value: unknown) => string,
  integerKeysOf?: string,
): (value: unknown) => string {
  const style = styleOf(options, library, integerKeysOf);
  return (value) => {
    const out: string[] = [];
    writeDocument(out, value, style);
    return out.join('');
  };
}

/** Appends the document to `out`: the writer's lines, or, when it can't, the library's text in their place. */
function writeDocument(out: string[], value: unknown, style: Style): void {
  const start = out.length;
  try {
    new BlockWriter(out, style).document(value);
  } catch (error) {
    if (!(error instanceof OutsideFastPath)) throw error;
    out.length = start;
    out.push(style.library(value));
  }
}

/**
 * A document as cdk8s's `Yaml.stringify` writes it, with the strings that Go's YAML readers would
 * take for numbers, booleans or null quoted (see {@link goReadsAsNonString}): kubectl reads
 * manifests with Go's rules, which take `0o644` or `1_000`, plain, for numbers.
 */
export function libraryYaml(value: unknown): string {
  const doc = new YAML.Document(value, LIBRARY_OPTIONS);
  quoteForGoReaders(doc);
  return doc.toString(LIBRARY_OPTIONS);
}

/** Thrown inside the writer when the document needs the library (see the module comment). */
class OutsideFastPath extends Error {}

/**
 * A scalar as the library writes it in a map value or list item: `inline` text on the key's
 * line, or a block scalar (`|-`, `|2`, ...) whose content `lines` follow, each indented one
 * step deeper than the key; `null` is an empty line without indentation (the library indents
 * leading empty lines, not the others).
 */
type ScalarText = { readonly inline: string } | BlockText;

interface BlockText {
  readonly header: string;
  readonly lines: ReadonlyArray<string | null>;
  /** The block as written at each depth so far: scripts repeat in every release. */
  readonly byDepth: string[];
}

/**
 * One-line strings the library won't write plain whatever their type: empty, starting with an
 * indicator (or a lone `-` or `?`, or one followed by a blank), holding `: ` or ` #`, or ending
 * in a blank or `:`.
 */
const NOT_PLAIN = /^$|^[\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|:[ \t]|[\t ]#|[\t :]$/;
const BLANKS = ' \t\n';
/** Characters the library writes only as escapes in double quotes. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const NEEDS_ESCAPES = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
/** Past this length the library writes a key as an explicit `? ` key. */
const LONGEST_IMPLICIT_KEY = 1024;

/**
 * Whether the style's YAML schema reads `text` as a number, boolean, null, timestamp, ...: the
 * library's own tests, which it uses to decide that a plain string must be quoted. (The library
 * writes YAML 1.1's merge key `<<` plain; Go's readers take it for a merge, so it is left to
 * the library with a string tag.)
 */
function otherTypeTest(style: Style): RegExp {
  const { tags, compat } = new YAML.Document(null, style.options).schema;
  const tests = [...tags, ...(compat ?? [])]
    .filter((tag) => tag.default === true && tag.tag !== 'tag:yaml.org,2002:str' && tag.test)
    .map((tag) => `(?:${tag.test!.source})`);
  return new RegExp(tests.join('|'));
}

const REFERENCE_INDENT = '  ';
/** Scalars remembered; the memo is cleared when it grows past this many. */
const MEMO_LIMIT = 50_000;

interface Memo {
  readonly otherType: RegExp;
  /** How each string or number seen so far is written; block scalars with an empty header fall back to the library. */
  readonly values: Map<string | number, ScalarText>;
  /** How each key seen so far is written; '' when only the library can write it. */
  readonly keys: Map<string, string>;
}
const memos = new Map<Style, Memo>();

function memoOf(style: Style): Memo {
  let memo = memos.get(style);
  if (!memo || memo.values.size + memo.keys.size > MEMO_LIMIT) {
    memo = { otherType: memo?.otherType ?? otherTypeTest(style), values: new Map(), keys: new Map() };
    memos.set(style, memo);
  }
  return memo;
}

/** How the library writes `value` (a string or number) as a map value, learnt from `k: <value>`. */
function askValue(value: string | number, style: Style): ScalarText {
  const text = style.library({ k: value });
  const [first, ...rest] = text.slice('k: '.length, -1).split('\n');
  if (rest.length === 0) return { inline: first };
  const isBlock = /^[|>][0-9-]*$/.test(first) && rest.every((line) => line === '' || line.startsWith(REFERENCE_INDENT));
  // A `|+` block keeps trailing newlines that the library's list and map writers treat specially.
  if (!isBlock || first.includes('+')) return { header: '', lines: [], byDepth: [] };
  return {
    header: first,
    lines: rest.map((line) => (line === '' ? null : line.slice(REFERENCE_INDENT.length))),
    byDepth: [],
  };
}

/** How the library writes `key` as a map key, or '' when it is not a one-line implicit key. */
function askKey(key: string, style: Style): string {
  const text = style.library({ [key]: 0 });
  return text.startsWith('? ') || !text.endsWith(': 0\n') || text.indexOf('\n') !== text.length - 1
    ? ''
    : text.slice(0, -': 0\n'.length);
}

/** Document markers change how the library writes a string at the top levels: rare enough to leave to it. */
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;

/** A line break and the indentation of each depth, made once. */
const lineStarts: string[] = [];
function lineStart(depth: number): string {
  return (lineStarts[depth] ??= `\n${'  '.repeat(depth)}`);
}

/**
 * Writes one document into `out`. Every line starts with its line break; a nested map or list
 * in a list item starts on the dash's line, so its first line gets `lead` instead.
 */
class BlockWriter {
  private readonly memo: Memo;
  private readonly visited = new Set<object>();

  constructor(
    private readonly out: string[],
    private readonly style: Style,
  ) {
    this.memo = memoOf(style);
  }

  /** Appends the document's text to `out`, or throws OutsideFastPath (leaving part of it there). */
  document(value: unknown): void {
    if (this.collection(value, 0, '')) this.out.push('\n');
    else if (Array.isArray(value)) this.out.push('[]\n');
    else if (isPlainMap(value)) this.out.push('{}\n');
    else throw new OutsideFastPath();
  }

  /** Writes a non-empty map or list at `depth`; false, writing nothing, for an empty one or a scalar. */
  private collection(value: unknown, depth: number, lead: string, integerKeys = false): boolean {
    if (Array.isArray(value)) {
      if (value.length === 0) return false;
      this.visit(value);
      this.list(value, depth, lead);
      return true;
    }
    if (!isPlainMap(value)) return false;
    const keys = this.style.keepUndefined
      ? Object.keys(value)
      : Object.keys(value).filter((key) => value[key] !== undefined);
    if (keys.length === 0) return false;
    if (this.style.sortKeys) sortKeys(keys);
    this.visit(value);
    this.map(value, keys, depth, lead, integerKeys);
    return true;
  }

  private map(
    map: Record<string, unknown>,
    keys: readonly string[],
    depth: number,
    lead: string,
    integerKeys: boolean,
  ): void {
    const { out } = this;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const value = map[key];
      const keyText = integerKeys && /^\d+$/.test(key) ? String(Number(key)) : this.key(key);
      out.push(i === 0 ? lead : lineStart(depth), keyText, ':');
      const integerKeysBelow = depth === 0 && key === this.style.integerKeysOf;
      if (!this.collection(value, depth + 1, lineStart(depth + 1), integerKeysBelow))
        out.push(' ', this.scalarOrEmpty(value, depth + 1));
    }
  }

  private list(list: readonly unknown[], depth: number, lead: string): void {
    const { out } = this;
    for (let i = 0; i < list.length; i++) {
      out.push(i === 0 ? lead : lineStart(depth), '- ');
      if (!this.collection(list[i], depth + 1, '')) out.push(this.scalarOrEmpty(list[i], depth + 1));
    }
  }

  /** A scalar or an empty collection, whose block lines (if any) are at `depth`. */
  private scalarOrEmpty(value: unknown, depth: number): string {
    switch (typeof value) {
      case 'boolean':
        return value ? 'true' : 'false';
      case 'string':
        return this.written(this.scalar(value), depth);
      case 'number':
        return Number.isSafeInteger(value) && !Object.is(value, -0)
          ? String(value)
          : this.written(this.scalar(value), depth);
      case 'object':
        if (value === null) return 'null';
        if (Array.isArray(value)) {
          this.visit(value);
          return '[]';
        }
        if (isPlainMap(value)) {
          this.visit(value);
          return '{}';
        }
    }
    throw new OutsideFastPath();
  }

  private scalar(value: string | number): ScalarText {
    let text = this.memo.values.get(value);
    if (!text) {
      text = (typeof value === 'string' && this.ownText(value)) || askValue(value, this.style);
      this.memo.values.set(value, text);
    }
    return text;
  }

  /**
   * How the library writes a string, for the strings whose rules are simple: a line plain or
   * quoted, several lines as a `|` or `|-` block. Undefined for the rest (escapes, leading
   * blanks, trailing blank lines), which the library is asked about.
   */
  private ownText(value: string): ScalarText | undefined {
    if (NEEDS_ESCAPES.test(value) || value === MERGE_KEY) return undefined;
    if (!value.includes('\n')) return { inline: this.oneLine(value) };
    // Scanned, not matched: a regular expression anchored at the end tries every line of a long script.
    let blanksFrom = value.length;
    while (blanksFrom > 0 && BLANKS.includes(value[blanksFrom - 1])) blanksFrom--;
    const trailingBlanks = value.slice(blanksFrom);
    const newlineAtEnd = trailingBlanks.indexOf('\n');
    const keepsNewlines =
      trailingBlanks === value || (newlineAtEnd !== -1 && newlineAtEnd !== trailingBlanks.length - 1);
    // keepsNewlines covers blanks after the last line break ("a\n  "): a break precedes the run's last character.
    if (keepsNewlines || /^[ \n]/.test(value)) return undefined;
    const clipped = newlineAtEnd !== -1;
    const lines = (clipped ? value.slice(0, -1) : value).split('\n').map((line) => (line === '' ? null : line));
    return { header: clipped ? '|' : '|-', lines, byDepth: [] };
  }

  /** A string without line breaks or escapes: plain where the library writes it plain, else in the quotes it picks. */
  private oneLine(value: string): string {
    if (!NOT_PLAIN.test(value) && !this.memo.otherType.test(value) && !goReadsAsNonString(value)) return value;
    return value.includes('"') && !value.includes("'") ? `'${value}'` : JSON.stringify(value);
  }

  private written(text: ScalarText, depth: number): string {
    if ('inline' in text) return text.inline;
    if (!text.header) throw new OutsideFastPath();
    let block = text.byDepth[depth];
    if (block === undefined) {
      block = text.header;
      for (const line of text.lines) block += line === null ? '\n' : `${lineStart(depth)}${line}`;
      text.byDepth[depth] = block;
    }
    return block;
  }

  private key(key: string): string {
    let text = this.memo.keys.get(key);
    if (text === undefined) {
      text = DOCUMENT_MARKER.test(key) ? '' : (this.ownKey(key) ?? askKey(key, this.style));
      this.memo.keys.set(key, text);
    }
    if (!text) throw new OutsideFastPath();
    return text;
  }

  /** A key on one line, as `oneLine` writes it, unless it is long enough to be an explicit key. */
  private ownKey(key: string): string | undefined {
    if (NEEDS_ESCAPES.test(key) || key.includes('\n') || key === MERGE_KEY) return undefined;
    const text = this.oneLine(key);
    return text.length <= LONGEST_IMPLICIT_KEY ? text : undefined;
  }

  /** The library writes an object met twice as an anchor and aliases. */
  private visit(collection: object): void {
    if (this.visited.has(collection)) throw new OutsideFastPath();
    this.visited.add(collection);
  }
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
