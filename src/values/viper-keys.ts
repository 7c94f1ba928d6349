import { isJsonMap, type JsonMap } from '../core/json-map';

/**
 * Config keys as Headscale's configuration library, spf13/viper (v1.21), finds them. viper splits
 * a key it is asked for at its dots and, at each level of the file's maps, first tries the longest
 * run of the remaining parts as one literal key (viper.go, searchIndexableWithPathPrefixes): so
 * `"oidc.client_secret": x` at the top is `oidc: {client_secret: x}`, and wins over it when both
 * are written. It also lower-cases every key it reads from the file (util.go, insensitiviseMap),
 * in maps inside lists too.
 */

/**
 * `config` with every dotted key written out as nested maps, as viper reads it; a literal dotted
 * key wins over the nested one it stands for, and over a value (not a map) in its way. With
 * `lowercase`, the file as Headscale reads it: keys lower-cased, and a dotted key that is null
 * hides nothing. Without, keys keep their case, so the values checks can name a key written in
 * another case, and a null deletes what it stands for, as everywhere in the values.
 */
export function expandDottedKeys(config: JsonMap, { lowercase = false } = {}): JsonMap {
  const expanded: JsonMap = {};
  // Fewer dots first: the longer literal key is the one viper tries first, so it is written last.
  const keys = Object.keys(config).sort((a, b) => dots(a) - dots(b));
  for (const written of keys) {
    const key = lowercase ? written.toLowerCase() : written;
    const value = normalised(config[written], lowercase);
    const parts = key.split('.');
    let map = expanded;
    for (const part of parts.slice(0, -1)) {
      if (!isJsonMap(map[part])) map[part] = {};
      map = map[part] as JsonMap;
    }
    const last = parts[parts.length - 1];
    // viper takes a null as no value and looks further (a shorter prefix): as the values' patch
    // takes it, it deletes the default.
    if (value === null && lowercase && map[last] !== undefined) continue;
    map[last] = isJsonMap(value) && isJsonMap(map[last]) ? mergeMaps(map[last], value) : value;
  }
  return expanded;
}

const dots = (key: string) => key.split('.').length;

function normalised(value: unknown, lowercase: boolean): unknown {
  if (isJsonMap(value)) return expandDottedKeys(value, { lowercase });
  if (Array.isArray(value) && lowercase) return value.map((item) => (isJsonMap(item) ? lowercaseKeys(item) : item));
  return value;
}

function lowercaseKeys(map: JsonMap): JsonMap {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key.toLowerCase(), normalised(value, true)]));
}

/** `base` with `over`'s keys written over it, maps merged key by key. */
function mergeMaps(base: JsonMap, over: JsonMap): JsonMap {
  const merged: JsonMap = { ...base };
  for (const [key, value] of Object.entries(over))
    merged[key] = isJsonMap(value) && isJsonMap(merged[key]) ? mergeMaps(merged[key], value) : value;
  return merged;
}
