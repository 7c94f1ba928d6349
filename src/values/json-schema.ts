import { z } from 'zod';
import { valuesSchema } from './schema';

/** Where the schema says it comes from; editors show it. */
const SCHEMA_ID = 'https://github.com/cdk8s-headscale/values.schema.json';

/**
 * The values as a JSON Schema (draft 2020-12), for editors: every key with its type, description
 * and default, closed maps (`additionalProperties: false`) where unknown keys are refused. What the
 * schema's checks add (names, CIDRs, Headscale's rules) is left to the CLI and the library.
 */
export function valuesJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(valuesSchema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as Record<string, unknown>;
  return { ...schema, $id: SCHEMA_ID, title: 'cdk8s-headscale values' };
}
