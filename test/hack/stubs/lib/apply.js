'use strict';
// `kubectl apply -f FILE` for the kubectl stub: node lib/apply.js OBJECTS_DIR NAMESPACE FILE.
// Writes each object of FILE to OBJECTS_DIR/<namespace>/<type>/<name>.json, after merging into it
// what $STUB_STATE/overrides.json holds for "<Kind>/<name>" (how a test breaks a render). A client
// workload (one with TS_HOSTNAME) registers at once unless $STUB_STATE/client-does-not-register
// exists: its hostname, one per node ($NODES, one a line) for a DaemonSet, is added to
// $STUB_STATE/registered, the nodes Headscale lists.
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

const [objectsDir, defaultNamespace, file] = process.argv.slice(2);
const state = (name) => path.join(process.env.STUB_STATE, name);
const overrides = fs.existsSync(state('overrides.json')) ? JSON.parse(fs.readFileSync(state('overrides.json'), 'utf8')) : {};
const registers = !fs.existsSync(state('client-does-not-register'));

for (const document of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
  const object = document.toJS();
  if (!object) continue;
  const namespace = object.metadata.namespace ?? defaultNamespace;
  if (!fs.existsSync(path.join(objectsDir, namespace))) {
    process.stderr.write(`Error from server (NotFound): namespaces "${namespace}" not found\n`);
    process.exit(1);
  }
  const created = write(namespace, merge(object, overrides[`${object.kind}/${object.metadata.name}`]));
  process.stdout.write(`${object.kind.toLowerCase()}/${object.metadata.name} ${created ? 'created' : 'configured'}\n`);
  if (registers) register(object);
}

/** Writes the object's file; true when there was none. */
function write(namespace, object) {
  const dir = path.join(objectsDir, namespace, object.kind.toLowerCase());
  const target = path.join(dir, `${object.metadata.name}.json`);
  const created = !fs.existsSync(target);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(target, JSON.stringify(object, null, 2));
  return created;
}

function register(object) {
  if (object.kind !== 'Deployment' && object.kind !== 'DaemonSet') return;
  const env = object.spec.template.spec.containers.flatMap((container) => container.env ?? []);
  const hostname = env.find((variable) => variable.name === 'TS_HOSTNAME')?.value;
  if (!hostname) return;
  const names = object.kind === 'DaemonSet' ? process.env.NODES.split('\n').map((node) => hostname.replace('$(NODE_NAME)', node)) : [hostname];
  fs.appendFileSync(state('registered'), names.map((name) => `${name}\n`).join(''));
}

/** `patch` merged into `object`: maps key by key, anything else replaced. */
function merge(object, patch) {
  const isMap = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (patch === undefined) return object;
  if (!isMap(object) || !isMap(patch)) return patch;
  const merged = { ...object };
  for (const [key, value] of Object.entries(patch)) merged[key] = merge(object[key], value);
  return merged;
}
