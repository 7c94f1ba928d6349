import YAML from 'yaml';

/**
 * The words Go's YAML readers resolve to something other than a string: sigs.k8s.io/yaml's fork
 * of go-yaml v2 (which kubectl and the API machinery read manifests with) and go-yaml v3 (which
 * Headscale reads its config with, through viper), in the `resolveMapList` table of their
 * resolve.go: YAML 1.1's booleans (v2), null, infinities and not-a-number, and the merge key
 * `<<`, which both read as a merge of the map it names rather than a key of that name.
 */
export const MERGE_KEY = '<<';

const GO_WORDS: ReadonlySet<string> = new Set(
  [
    'y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF',
    '~ null Null NULL .nan .NaN .NAN .inf .Inf .INF +.inf +.Inf +.INF -.inf -.Inf -.INF',
    MERGE_KEY,
  ]
    .join(' ')
    .split(' '),
);

/**
 * Go's integer literals as `strconv.ParseInt(s, 0, 64)` takes them (base 0: "the base is implied
 * by the string's prefix following the sign: 2 for 0b, 8 for 0 or 0o, 16 for 0x, and 10
 * otherwise", strconv's documentation), once go-yaml's `resolve` has removed every `_`.
 */
const GO_INTEGER = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[0-9]+)$/;

/** go-yaml's `yamlStyleFloat` (resolve.go), tried with `strconv.ParseFloat` on the same text. */
const YAML_STYLE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/** go-yaml v3's `parseTimestamp` formats (2006-1-2, with a time after T, t or a blank), loosely: quoting more is harmless. */
const TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ]|$)/;

/**
 * Whether Go's YAML readers take `text`, written plain, for a number, boolean, null or time
 * rather than a string. go-yaml's `resolve` tries numbers on plain scalars that start with a
 * digit, a sign or a dot; it accepts more than YAML 1.1 and 1.2 do (`0o644`, `0B101`, `1_000`,
 * `0x_1F`), so a writer that follows only YAML's schemas leaves these plain, and kubectl reads
 * `0o644` as 420. A superset of Go's rules where that keeps it short: quoting a string no reader
 * takes for anything else changes nothing.
 */
export function goReadsAsNonString(text: string): boolean {
  if (GO_WORDS.has(text)) return true;
  if (!/^[-+.0-9]/.test(text)) return false;
  const plain = text.replace(/_/g, '');
  return GO_INTEGER.test(plain) || YAML_STYLE_FLOAT.test(plain) || TIMESTAMP.test(text);
}

/** Quotes, in `doc`, every string scalar (keys too) that Go's YAML readers would take for something else. */
export function quoteForGoReaders(doc: YAML.Document | YAML.Document.Parsed): void {
  YAML.visit(doc, {
    Scalar(_, node) {
      if (typeof node.value !== 'string' || !goReadsAsNonString(node.value)) return;
      node.type = 'QUOTE_DOUBLE';
      // The library writes the merge key plain in any style unless it is tagged a string.
      if (node.value === MERGE_KEY) node.tag = 'tag:yaml.org,2002:str';
    },
  });
}
