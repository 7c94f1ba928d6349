import type { JsonMap } from '../core/json-map';
import { configYamlWithIntegerKeys } from './config-yaml';

/**
 * The DERP map file. Values files turn region keys into strings ("900"), but Headscale only
 * accepts bare integers (`900:`), so integer-like region keys are written as numbers.
 */
export function derpMapYaml(content: JsonMap): string {
  return configYamlWithIntegerKeys(content, 'regions');
}
