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
  return path.reduce<unknown>((node, key) => (Array.isArray(node) || isJsonMap(node) ? (node as Record<PropertyKey, unknown>)[key] : undefined), root);
}
