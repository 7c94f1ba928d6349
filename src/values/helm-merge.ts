import { isJsonMap, type JsonMap } from '../core/json-map';

/**
 * Merges `overrides` over `defaults` the way Helm merges user values over a chart's values:
 * maps merge key by key, lists and scalars replace, and `null` deletes the default key.
 * Neither argument is modified.
 */
export function helmMerge(defaults: JsonMap, overrides: JsonMap): JsonMap {
  return merge(defaults, overrides, 'delete');
}

/**
 * Layers one user values source over another (`-f a.yaml -f b.yaml --set ...`): like
 * {@link helmMerge}, but a `null` is kept, so that it can still delete a default afterwards.
 */
export function layerValues(lower: JsonMap, upper: JsonMap): JsonMap {
  return merge(lower, upper, 'keep');
}

function merge(lower: JsonMap, upper: JsonMap, nulls: 'delete' | 'keep'): JsonMap {
  const merged: JsonMap = { ...lower };
  for (const [key, value] of Object.entries(upper)) {
    if (value === null && nulls === 'delete') {
      delete merged[key];
    } else if (isJsonMap(value) && isJsonMap(merged[key])) {
      merged[key] = merge(merged[key], value, nulls);
    } else {
      merged[key] = value;
    }
  }
  return merged;
}
