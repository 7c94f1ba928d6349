#!/usr/bin/env node
// Regenerates src/kubernetes/kubernetes-schemas.json, the schemas of the Kubernetes API's built-in
// types that manifest-schema.ts checks objects and values fragments against: the definitions of
// the Kubernetes OpenAPI document (swagger 2) of the release below, with only what decoding an
// object into its Go type checks (types, required fields, integer sizes, base64, timestamps,
// quantities, int-or-string) and every type a kind of the release reaches. The document comes
// from the Kubernetes Python client's release for that Kubernetes line, which keeps it as the API
// server serves it. Each definition is written as JSON text, parsed when first checked. Swagger 2 carries no enums; they are the Go enums the OpenAPI 3 document lists,
// as the kubernetes-models package (a dependency, generated from that document) declares them in
// its TypeScript types: each string-literal union of a field.
//
// Run `node hack/update-kubernetes-schemas.js` after changing the release below. It reads the
// document from raw.githubusercontent.com, or with KUBERNETES_MIRRORS=DIR from the bare git
// repository DIR/kubernetes-client+python/repo. A keyword or format this script does not know
// stops it, so that a new release's rule is never dropped unseen.
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { prunedSchema, upstreamFile } = require('./upstream-schemas');

const SOURCE = {
  repo: 'kubernetes-client/python',
  tag: 'v33.1.0',
  path: 'kubernetes/swagger.json.unprocessed',
  kubernetes: 'release-1.33',
};

/** The types whose JSON form is not their OpenAPI definition's: each decodes from either of two JSON types. */
const SPECIAL = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { 'x-kubernetes-int-or-string': true },
  // resource.Quantity's UnmarshalJSON parses a JSON number as it parses a string.
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { format: 'quantity' },
};

/** The formats decoding checks: int32 and int64 ranges, base64 ([]byte) and RFC 3339 (metav1.Time). */
const FORMATS = new Set(['int32', 'int64', 'byte', 'date-time']);
/** Formats decoding does not check: any JSON number is a float64, any string a string. */
const UNCHECKED_FORMATS = new Set(['double', 'int-or-string']);
const KEPT = new Set(['type', 'properties', 'additionalProperties', 'items', 'required', 'format', '$ref']);
const DROPPED = new Set([
  'description',
  'x-kubernetes-group-version-kind',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-patch-strategy',
  'x-kubernetes-unions',
]);

const REF = '#/definitions/';

/** Whether the check of built-in kinds reads a keyword: its value as written, or undefined for one it leaves out. */
function openApiKeyword(key, value, at) {
  if (DROPPED.has(key)) return undefined;
  if (!KEPT.has(key)) throw new Error(`${at}: keyword ${key} is not checked`);
  if (key === '$ref') {
    if (!value.startsWith(REF)) throw new Error(`${at}: $ref ${value} is not a definition`);
    return value.slice(REF.length);
  }
  if (key === 'format') {
    if (UNCHECKED_FORMATS.has(value)) return undefined;
    if (!FORMATS.has(value)) throw new Error(`${at}: format ${value} is not checked`);
  }
  return value;
}

/** The definitions `roots` reach through $ref, with themselves. */
function reached(definitions, roots) {
  const seen = new Set();
  const pending = [...roots];
  while (pending.length > 0) {
    const name = pending.pop();
    if (seen.has(name)) continue;
    if (!definitions[name]) throw new Error(`${name}: no such definition`);
    seen.add(name);
    for (const match of JSON.stringify(definitions[name]).matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g))
      pending.push(match[1]);
  }
  return [...seen].sort();
}

/**
 * The API group of each package of definitions (`io.k8s.api.networking` → `networking.k8s.io`),
 * from the kinds it defines: a type is named `<group>/<version>/<Name>`, as the library names it.
 */
function groupsOf(definitions) {
  const groups = {};
  for (const [name, definition] of Object.entries(definitions))
    for (const { group } of definition['x-kubernetes-group-version-kind'] ?? []) {
      const pkg = name.split('.').slice(0, -2).join('.');
      if (pkg === 'io.k8s.apimachinery.pkg.apis.meta') continue; // meta/v1's kinds are of every group
      if (groups[pkg] !== undefined && groups[pkg] !== group)
        throw new Error(`${pkg}: groups ${groups[pkg]}, ${group}`);
      groups[pkg] = group;
    }
  return groups;
}

/** The kubernetes-models declaration of a definition's type, or undefined where the package has none. */
function declarationFile(name, groups) {
  const models = dirname(require.resolve('kubernetes-models/package.json'));
  const apimachinery = dirname(require.resolve('@kubernetes-models/apimachinery/package.json'));
  const parts = name.split('.');
  const type = parts.pop();
  const version = parts.pop();
  const pkg = parts.join('.');
  const file =
    pkg === 'io.k8s.apimachinery.pkg.apis.meta'
      ? join(apimachinery, 'apis', 'meta', version, `${type}.d.ts`)
      : groups[pkg] === undefined
        ? undefined
        : join(models, groups[pkg] || '', version, `${type}.d.ts`);
  return file && existsSync(file) ? file : undefined;
}

/** The fields of the declaration that take one of listed strings: `"type"?: "A" | "B";`, or a list of them. */
function declaredEnums(file) {
  const enums = {};
  const line = /^ {4}"([^"]+)"\??: (Array<)?("[^"]*"(?: \| "[^"]*")*)>?;$/gm;
  for (const [, field, list, union] of readFileSync(file, 'utf8').matchAll(line))
    enums[field] = { list: Boolean(list), values: [...union.matchAll(/"([^"]*)"/g)].map((m) => m[1]) };
  return enums;
}

async function main() {
  const document = JSON.parse(await upstreamFile(SOURCE, 'KUBERNETES_MIRRORS'));
  const { definitions } = document;
  const groups = groupsOf(definitions);
  const kinds = Object.keys(definitions).filter((name) => definitions[name]['x-kubernetes-group-version-kind']);
  const schemas = {};
  let enumCount = 0;
  for (const name of reached(definitions, kinds)) {
    if (SPECIAL[name]) {
      schemas[name] = SPECIAL[name];
      continue;
    }
    const schema = prunedSchema(definitions[name], openApiKeyword, name);
    const declaration = declarationFile(name, groups);
    for (const [field, { list, values }] of Object.entries(declaration ? declaredEnums(declaration) : {})) {
      const property = schema.properties?.[field];
      const target = list ? property?.items : property;
      if (!target || target.type !== 'string') throw new Error(`${name}.${field}: the declared enum is not a string's`);
      target.enum = values;
      enumCount++;
    }
    schemas[name] = schema;
  }
  const out = {
    source: `Kubernetes ${SOURCE.kubernetes} OpenAPI (${SOURCE.repo} ${SOURCE.path} at ${SOURCE.tag}); enums as kubernetes-models declares them`,
    groups,
    // Each definition as JSON text, parsed when first checked: a render reaches a quarter of them.
    definitions: Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, JSON.stringify(schema)])),
  };
  writeFileSync(join(__dirname, '..', 'src', 'kubernetes', 'kubernetes-schemas.json'), `${JSON.stringify(out)}\n`);
  console.log(`${Object.keys(schemas).length} definitions, ${kinds.length} kinds, ${enumCount} enums`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
