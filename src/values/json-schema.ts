import { z } from 'zod';
import { valuesSchema } from './schema';
import { builtSchema } from './sections';

/** Where the schema says it comes from; editors show it. */
const SCHEMA_ID = 'https://github.com/cdk8s-headscale/values.schema.json';

/**
 * The values as a JSON Schema (draft 2020-12), for editors: every key with its type, description
 * and default, closed maps (`additionalProperties: false`) where unknown keys are refused. What the
 * schema's checks add (names, CIDRs, Headscale's rules) is left to the CLI and the library.
 */
export function valuesJsonSchema(): Record<string, unknown> {
  const schema = jsonSchemaOf(valuesSchema);
  return { ...schema, $id: SCHEMA_ID, title: 'cdk8s-headscale values' };
}

function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
    // A section of the values (sections.ts) defaults, in a values file, as the schema it builds
    // does, which fills its keys' defaults in: not to the whole output of that schema.
    override: ({ zodSchema, jsonSchema }) => {
      const built = builtSchema(zodSchema);
      if (built === zodSchema) return;
      const { default: given } = jsonSchemaOf(built as z.ZodType);
      if (given === undefined) delete jsonSchema.default;
      else jsonSchema.default = given;
    },
  });
}
