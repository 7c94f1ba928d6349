import YAML from 'yaml';
import type { JsonMap } from '../values/json-map';

/**
 * The DERP map file. Values files turn region keys into strings ("900"), but Headscale only
 * accepts bare integers (`900:`), so integer-like region keys are written as numbers.
 */
export function derpMapYaml(content: JsonMap): string {
  const doc = new YAML.Document(content, { sortMapEntries: true });
  const regions = doc.get('regions');
  if (YAML.isMap(regions)) {
    for (const pair of regions.items) {
      if (YAML.isScalar(pair.key) && /^\d+$/.test(String(pair.key.value))) pair.key = doc.createNode(Number(pair.key.value));
    }
  }
  return doc.toString({ lineWidth: 0 });
}
