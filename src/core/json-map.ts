/** A JSON-like map, as values files and Kubernetes fragments are. */
export type JsonMap = { [key: string]: unknown };

export function isJsonMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The map under `key` in `parent`, created (replacing any non-map) when absent. */
export function mapAt(parent: JsonMap, key: string): JsonMap {
  if (!isJsonMap(parent[key])) parent[key] = {};
  return parent[key] as JsonMap;
}

/** The value at `path` (map keys and list indexes) inside `root`, or undefined when there is none. */
export function valueAtPath(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (Array.isArray(node) || isJsonMap(node) ? (node as Record<PropertyKey, unknown>)[key] : undefined),
    root,
  );
}

/**
 * `keys` sorted in place by UTF-16 code units, as `keys.sort()` sorts strings. Maps have few keys,
 * and an insertion sort of a handful allocates nothing where `Array.prototype.sort` copies the
 * array: sorting every map's keys was a sizeable share of a synth's garbage.
 */
export function sortKeys(keys: string[]): string[] {
  if (keys.length > 32) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    for (; j >= 0 && keys[j] > key; j--) keys[j + 1] = keys[j];
    keys[j + 1] = key;
  }
  return keys;
}
