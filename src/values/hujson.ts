/**
 * HuJSON (JWCC: JSON with `//` and `/* *\/` comments and trailing commas), read as
 * github.com/tailscale/hujson reads it before Headscale decodes a policy (hujson.Parse, then
 * Standardize): a line comment ends at a newline (one cut off by the end of the file is refused),
 * a block comment at `*\/`, one trailing comma may follow the last member or element, and
 * everything else is RFC 8259 JSON. Every node keeps its line and column (1-based) and its source
 * text, which Headscale's decoders read in places (strings.Trim of the raw bytes).
 */

export interface Position {
  readonly line: number;
  readonly column: number;
}

interface NodeBase {
  /** Where the value starts; absent for values that come from a map rather than a file. */
  readonly at?: Position;
  /** The value's JSON text as written (strings with their quotes and escapes). */
  readonly raw: string;
}

export interface JsonMember {
  readonly key: string;
  readonly keyAt?: Position;
  readonly value: JsonNode;
}

export type JsonNode =
  | (NodeBase & { readonly kind: 'object'; readonly members: readonly JsonMember[] })
  | (NodeBase & { readonly kind: 'array'; readonly elements: readonly JsonNode[] })
  | (NodeBase & { readonly kind: 'string'; readonly value: string })
  | (NodeBase & { readonly kind: 'number' })
  | (NodeBase & { readonly kind: 'boolean'; readonly value: boolean })
  | (NodeBase & { readonly kind: 'null' });

/** A HuJSON syntax error, at the line and column where the parser stopped. */
export class HujsonError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`hujson: line ${line}, column ${column}: ${reason}`);
    this.name = 'HujsonError';
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
/**
 * Nesting past this is refused. Headscale's JSON decoder refuses past 10000 (jsontext's maximum
 * depth); this reader stops at 1000 to stay well within the JavaScript stack. A policy's own
 * structure nests five deep; only a grant's app values may nest more.
 */
const MAX_DEPTH = 1000;
const describeCharacter = (c: string) => (c === "'" ? `'\\''` : `'${c}'`);

class Parser {
  private offset = 0;
  private depth = 0;
  /** The offset where each line starts. */
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  private position(offset = this.offset): Position {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low] + 1 };
  }

  private fail(reason: string, offset = this.offset): never {
    const { line, column } = this.position(offset);
    throw new HujsonError(reason, line, column);
  }

  private unexpectedEnd(): never {
    return this.fail('unexpected EOF');
  }

  /** Whitespace and comments, which HuJSON allows wherever JSON allows whitespace. */
  private skipExtra(): void {
    for (;;) {
      const c = this.text[this.offset];
      if (c !== undefined && WHITESPACE.has(c)) this.offset++;
      else if (this.text.startsWith('//', this.offset)) {
        const end = this.text.indexOf('\n', this.offset);
        if (end < 0) this.fail('parsing comment: unexpected EOF', this.text.length);
        this.offset = end + 1;
      } else if (this.text.startsWith('/*', this.offset)) {
        const end = this.text.indexOf('*/', this.offset + 2);
        if (end < 0) this.fail('parsing comment: unexpected EOF', this.text.length);
        this.offset = end + 2;
      } else if (c === '/') this.fail(`invalid character ${describeCharacter('/')} starting a comment`);
      else return;
    }
  }

  parseDocument(): JsonNode {
    this.skipExtra();
    if (this.offset >= this.text.length) this.unexpectedEnd();
    const value = this.parseValue();
    this.skipExtra();
    if (this.offset < this.text.length)
      this.fail(`invalid character ${describeCharacter(this.text[this.offset])} after top-level value`);
    return value;
  }

  private parseValue(): JsonNode {
    const start = this.offset;
    const at = this.position();
    const c = this.text[this.offset];
    if (c === undefined) this.unexpectedEnd();
    if (c === '{' || c === '[') {
      if (++this.depth > MAX_DEPTH) this.fail(`exceeded max depth of ${MAX_DEPTH}`);
      const node = c === '{' ? this.parseObject(start, at) : this.parseArray(start, at);
      this.depth--;
      return node;
    }
    if (c === '"') {
      const value = this.parseString();
      return { kind: 'string', value, raw: this.text.slice(start, this.offset), at };
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      const match = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/.exec(this.text.slice(this.offset));
      if (!match || /^[.eE]/.test(this.text.slice(this.offset + match[0].length)))
        this.fail(`invalid character ${describeCharacter(c)} in numeric literal`);
      this.offset += match[0].length;
      return { kind: 'number', raw: match[0], at };
    }
    for (const [word, node] of [
      ['true', { kind: 'boolean', value: true }],
      ['false', { kind: 'boolean', value: false }],
      ['null', { kind: 'null' }],
    ] as const) {
      if (this.text.startsWith(word, this.offset)) {
        this.offset += word.length;
        return { ...node, raw: word, at };
      }
    }
    return this.fail(`invalid character ${describeCharacter(c)} looking for beginning of value`);
  }

  private parseString(): string {
    let value = '';
    this.offset++;
    for (;;) {
      const c = this.text[this.offset];
      if (c === undefined) this.unexpectedEnd();
      if (c === '"') {
        this.offset++;
        return value;
      }
      if (c < ' ') this.fail(`invalid character ${JSON.stringify(c)} in string literal`);
      if (c !== '\\') {
        value += c;
        this.offset++;
        continue;
      }
      const escape = this.text[this.offset + 1];
      const simple: Record<string, string> = {
        '"': '"',
        '\\': '\\',
        '/': '/',
        b: '\b',
        f: '\f',
        n: '\n',
        r: '\r',
        t: '\t',
      };
      if (escape !== undefined && escape in simple) {
        value += simple[escape];
        this.offset += 2;
      } else if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.offset + 2, this.offset + 6))) {
        value += String.fromCharCode(parseInt(this.text.slice(this.offset + 2, this.offset + 6), 16));
        this.offset += 6;
      } else {
        this.fail(`invalid escape sequence in string literal`);
      }
    }
  }

  /** After a member or element: `,` (perhaps trailing) or the closing bracket. */
  private afterItem(close: string, what: string): boolean {
    this.skipExtra();
    const c = this.text[this.offset];
    if (c === undefined) this.unexpectedEnd();
    if (c === close) {
      this.offset++;
      return false;
    }
    if (c !== ',') this.fail(`invalid character ${describeCharacter(c)} after ${what} (expecting ',' or '${close}')`);
    this.offset++;
    this.skipExtra();
    if (this.text[this.offset] === close) {
      this.offset++;
      return false;
    }
    return true;
  }

  private parseObject(start: number, at: Position): JsonNode {
    const members: JsonMember[] = [];
    this.offset++;
    this.skipExtra();
    if (this.text[this.offset] === '}') this.offset++;
    else
      for (;;) {
        this.skipExtra();
        const c = this.text[this.offset];
        if (c === undefined) this.unexpectedEnd();
        if (c !== '"')
          this.fail(`invalid character ${describeCharacter(c)} looking for beginning of object key string`);
        const keyAt = this.position();
        const key = this.parseString();
        this.skipExtra();
        const colon = this.text[this.offset];
        if (colon === undefined) this.unexpectedEnd();
        if (colon !== ':') this.fail(`invalid character ${describeCharacter(colon)} after object key`);
        this.offset++;
        this.skipExtra();
        members.push({ key, keyAt, value: this.parseValue() });
        if (!this.afterItem('}', 'object value')) break;
      }
    return { kind: 'object', members, raw: this.text.slice(start, this.offset), at };
  }

  private parseArray(start: number, at: Position): JsonNode {
    const elements: JsonNode[] = [];
    this.offset++;
    this.skipExtra();
    if (this.text[this.offset] === ']') this.offset++;
    else
      for (;;) {
        this.skipExtra();
        elements.push(this.parseValue());
        if (!this.afterItem(']', 'array element')) break;
      }
    return { kind: 'array', elements, raw: this.text.slice(start, this.offset), at };
  }
}

/** The value a HuJSON text holds; throws {@link HujsonError} with the line and column of a syntax error. */
export function parseHujson(text: string): JsonNode {
  return new Parser(text).parseDocument();
}

/** A value that did not come from a file (a map read from YAML), as a node without positions. */
export function nodeFromValue(value: unknown): JsonNode {
  if (value === null || value === undefined) return { kind: 'null', raw: 'null' };
  if (typeof value === 'string') return { kind: 'string', value, raw: JSON.stringify(value) };
  if (typeof value === 'number' || typeof value === 'bigint') return { kind: 'number', raw: String(value) };
  if (typeof value === 'boolean') return { kind: 'boolean', value, raw: String(value) };
  if (Array.isArray(value)) {
    const elements = value.map(nodeFromValue);
    return { kind: 'array', elements, raw: `[${elements.map((e) => e.raw).join(',')}]` };
  }
  // Functions and symbols are not in maps read from YAML or JSON.
  if (typeof value !== 'object') return { kind: 'null', raw: 'null' };
  const members = Object.entries(value).map(([key, member]) => ({ key, value: nodeFromValue(member) }));
  return {
    kind: 'object',
    members,
    raw: `{${members.map((m) => `${JSON.stringify(m.key)}:${m.value.raw}`).join(',')}}`,
  };
}
