#!/usr/bin/env node
// Regenerates src/kubernetes/crd-schemas.json, the schemas of the custom resources the library
// emits, from the CustomResourceDefinitions of the releases named below: the `openAPIV3Schema`
// of the version the library writes, with only what the API server's schema validation reads
// (structural-schema.ts checks objects against them). Their CEL rules are ported by hand
// (validation/gateway.ts), and a keyword this script does not know stops it, so that a new
// release's rule is never dropped unseen.
//
// It also writes src/kubernetes/crd-types.ts, the TypeScript types of the same versions (with the
// first paragraph of each field's description), which type the objects the library emits.
//
// Run `node hack/update-crd-schemas.js` after changing a release below. It reads each CRD from
// raw.githubusercontent.com, or with CRD_MIRRORS=DIR from the bare git repositories
// DIR/<owner>+<name>/repo.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const yaml = require('js-yaml');
const { prunedSchema, upstreamFile } = require('./upstream-schemas');

const SOURCES = [
  {
    id: 'monitoring.coreos.com/v1/ServiceMonitor',
    repo: 'prometheus-operator/prometheus-operator',
    tag: 'v0.93.0',
    path: 'example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml',
  },
  {
    id: 'gateway.networking.k8s.io/v1/HTTPRoute',
    repo: 'kubernetes-sigs/gateway-api',
    tag: 'v1.6.1',
    path: 'config/crd/standard/gateway.networking.k8s.io_httproutes.yaml',
  },
  {
    id: 'gateway.networking.k8s.io/v1/GRPCRoute',
    repo: 'kubernetes-sigs/gateway-api',
    tag: 'v1.6.1',
    path: 'config/crd/standard/gateway.networking.k8s.io_grpcroutes.yaml',
  },
  {
    id: 'cert-manager.io/v1/Certificate',
    repo: 'cert-manager/cert-manager',
    tag: 'v1.21.1',
    path: 'deploy/crds/cert-manager.io_certificates.yaml',
  },
];

/** The keywords structural-schema.ts checks, kept as they are. */
const CHECKED = new Set([
  'type',
  'properties',
  'additionalProperties',
  'items',
  'required',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
]);

/**
 * The keywords left out, and why. `anyOf` appears only beside x-kubernetes-int-or-string, which
 * says the same; a `format` of int32 or int64 is not checked by the API server on integers, and
 * date-time appears only in status, which the API server resets on create.
 */
const DROPPED = new Set([
  'description',
  'default',
  'x-kubernetes-map-type',
  'x-kubernetes-validations', // the CEL rules: ported by hand
  'anyOf',
  'format',
]);

/** Whether the CRD check reads a keyword: its value, or undefined for one it leaves out. */
function crdKeyword(key, value, at, schema) {
  if (DROPPED.has(key)) {
    if (key === 'anyOf' && !schema['x-kubernetes-int-or-string']) throw new Error(`${at}: anyOf without int-or-string`);
    if (key === 'format' && !['int32', 'int64', 'date-time'].includes(value))
      throw new Error(`${at}: format ${value} is not checked`);
    return undefined;
  }
  if (!CHECKED.has(key)) throw new Error(`${at}: keyword ${key} is not checked`);
  return value;
}

/** The first paragraph of a description, as a JSDoc comment at `indent`. */
function docComment(description, indent) {
  const paragraph = (description ?? '')
    .split(/\n\s*\n/)[0]
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\*\//g, '*\\/');
  return paragraph ? `${indent}/** ${paragraph} */\n` : '';
}

/** The TypeScript type of a value the schema takes. */
function typeOf(schema, indent) {
  if (schema['x-kubernetes-int-or-string']) return 'number | string';
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return `Array<${schema.items ? typeOf(schema.items, indent) : 'unknown'}>`;
    case 'object':
      if (schema.properties) {
        const inner = `${indent}  `;
        const required = new Set(schema.required ?? []);
        const fields = Object.entries(schema.properties).map(
          ([name, child]) =>
            `${docComment(child.description, inner)}${inner}${/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name)}${required.has(name) ? '' : '?'}: ${typeOf(child, inner)};\n`,
        );
        if (schema['x-kubernetes-preserve-unknown-fields']) fields.push(`${inner}[key: string]: unknown;\n`);
        return `{\n${fields.join('')}${indent}}`;
      }
      if (typeof schema.additionalProperties === 'object')
        return `{ [key: string]: ${typeOf(schema.additionalProperties, indent)} }`;
      return '{ [key: string]: unknown }';
    default:
      return 'unknown';
  }
}

/** A kind's type: its fields but the type meta, the metadata and the status, which the library's objects set apart. */
function kindType(kind, schema) {
  const fields = Object.fromEntries(
    Object.entries(schema.properties).filter(([name]) => !['apiVersion', 'kind', 'metadata', 'status'].includes(name)),
  );
  return `${docComment(schema.description, '')}export interface ${kind} ${typeOf({ ...schema, properties: fields }, '')}\n`;
}

async function main() {
  const schemas = {};
  const types = [];
  for (const source of SOURCES) {
    const crd = yaml.load(await upstreamFile(source, 'CRD_MIRRORS'));
    const [group, version, kind] = source.id.split('/');
    if (crd.spec.group !== group || crd.spec.names.kind !== kind) throw new Error(`${source.path}: not ${source.id}`);
    const served = crd.spec.versions.find((v) => v.name === version && v.served);
    if (!served) throw new Error(`${source.path}: ${version} is not served`);
    const schema = prunedSchema(served.schema.openAPIV3Schema, crdKeyword, kind);
    types.push(
      `// ${source.id}: ${source.repo} ${source.path} (${source.tag})\n${kindType(kind, served.schema.openAPIV3Schema)}`,
    );
    // The API server resets status on create when status is a subresource, as it is for these kinds.
    if (!served.subresources?.status) throw new Error(`${source.path}: status is not a subresource`);
    schema.properties.status = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    schemas[source.id] = { source: `${source.repo} ${source.path} (${source.tag})`, schema };
  }
  const file = join(__dirname, '..', 'src', 'kubernetes', 'crd-schemas.json');
  writeFileSync(file, `${JSON.stringify(schemas)}\n`);
  const typesFile = join(__dirname, '..', 'src', 'kubernetes', 'crd-types.ts');
  const typesText = `// The custom resources' types, written by hack/update-crd-schemas.js from the CRDs of crd-schemas.json.\n\n${types.join('\n')}`;
  const prettier = require('prettier');
  const options = await prettier.resolveConfig(typesFile);
  writeFileSync(typesFile, await prettier.format(typesText, { ...options, filepath: typesFile }));
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
