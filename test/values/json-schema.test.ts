import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { valuesJsonSchema } from '../../src/values/json-schema';
import { parseValuesYaml } from '../../src/values/load';
import { parseValues } from '../../src/chart/parse-values';

const FIXTURES = join(__dirname, '..', 'fixtures', 'parity');
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(valuesJsonSchema());

describe('the JSON Schema of the values', () => {
  it('is JSON that round-trips', () => {
    const schema = valuesJsonSchema();
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      additionalProperties: false,
    });
  });

  it.each(readdirSync(FIXTURES).filter((f) => f.endsWith('.values.yaml')))(
    'accepts the reference values file %s',
    (file) => {
      const values = parseValuesYaml(readFileSync(join(FIXTURES, file), 'utf8'), file);
      expect([validate(values), validate.errors]).toEqual([true, null]);
    },
  );

  it('accepts the defaults printed by `cdk8s-headscale values`', () => {
    expect(validate(JSON.parse(JSON.stringify(parseValues({}))))).toBe(true);
  });

  it('refuses an unknown key where the values refuse it, and a wrong type', () => {
    expect(validate({ service: { prot: 80 } })).toBe(false);
    expect(validate.errors).toEqual([
      expect.objectContaining({
        instancePath: '/service',
        keyword: 'additionalProperties',
        params: { additionalProperty: 'prot' },
      }),
    ]);
    expect(validate({ service: { port: 'eighty' } })).toBe(false);
    expect(validate({ image: { pullPolicy: 'Sometimes' } })).toBe(false);
  });

  it('lets unknown keys under config pass, as Headscale does', () => {
    expect(validate({ config: { my_key: 1, dns: { base_domain: 'tailnet.example.com' } } })).toBe(true);
  });

  it('carries descriptions and defaults for editors', () => {
    const { properties } = valuesJsonSchema() as { properties: Record<string, any> };
    expect(properties.service.properties.port).toMatchObject({
      type: 'integer',
      default: 8080,
      description:
        'Service port, also the container port named "http" and the port of config.listen_addr. Unset: the port of config.listen_addr when it is set, else 8080; with tls.secretName and no ingress, 443 (named https) in front of Headscale on 8080. The parsed values show the port in use.',
    });
    expect(properties.secretEnv.description).toMatch(/HEADSCALE_OIDC_CLIENT_SECRET/);
    expect(properties.config.anyOf[1].properties.server_url.description).toMatch(/scheme included/);
  });
});
