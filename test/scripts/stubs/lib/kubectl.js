'use strict';
// The stubbed kubectl, for the calls ensure-client-key.sh makes: list the server pods, read and
// apply the authkey Secret, read and patch a Deployment's pod template annotations, and
// `exec ... -- headscale ...`, which runs the stubbed headscale CLI. Pods, Secrets and Deployments
// exist only in the namespace that state.json names, as on a real cluster.
const { main: runHeadscale } = require('./headscale-cli');
const { fail, loadState, logCall, readStdin, saveState, writeStdout } = require('./stub-support');

// Flags that take the next argument as their value, by the short name the stub uses for them.
const VALUE_FLAGS = {
  '-n': 'n',
  '--namespace': 'n',
  '-l': 'l',
  '--selector': 'l',
  '-o': 'o',
  '--output': 'o',
  '-c': 'c',
  '--container': 'c',
  '-f': 'f',
  '--filename': 'f',
  '-p': 'p',
  '--patch': 'p',
  '--type': 'type',
};

let state;
let options;
let rest;
let inNamespace;

/** Runs `kubectl <args>`: prints its output, or fails with kubectl's message and status. */
function main(args) {
  logCall('kubectl', args);
  const parsed = parseArgs(args);
  ({ options, rest } = parsed);
  state = loadState();
  inNamespace = options.n === state.namespace;
  const [verb, ...objects] = parsed.words;
  if (verb === 'get' && objects.length === 1 && objects[0] === 'pods') getPods();
  else if (verb === 'get' && objects.length === 2 && objects[0] === 'secret') getSecret(objects[1]);
  else if (verb === 'exec' && objects.length === 1) exec(objects[0]);
  else if (verb === 'get' && objects.length === 2 && objects[0] === 'deployment') getDeployment(objects[1]);
  else if (verb === 'patch' && objects.length === 2 && objects[0] === 'deployment') patchDeployment(objects[1]);
  else if (verb === 'apply' && objects.length === 0) apply();
  else fail(`stub: kubectl ${parsed.words.join(' ')} is not stubbed`, 2);
}

function parseArgs(argv) {
  const separator = argv.indexOf('--');
  const own = separator === -1 ? argv : argv.slice(0, separator);
  const parsed = { words: [], options: {}, rest: separator === -1 ? [] : argv.slice(separator + 1) };
  for (let i = 0; i < own.length; i++) {
    const arg = own[i];
    if (!arg.startsWith('-')) parsed.words.push(arg);
    else if (arg in VALUE_FLAGS) parsed.options[VALUE_FLAGS[arg]] = own[++i];
    else {
      const [name, value] = arg.replace(/^-+/, '').split(/=(.*)/s);
      parsed.options[name] = value ?? true;
    }
  }
  return parsed;
}

// Prints what the script's jsonpath template yields: "<pod>\t<server container ready>\t<deletionTimestamp>",
// for the container the template names.
function getPods() {
  if (!String(options.o).startsWith('jsonpath=')) fail('stub: get pods is only stubbed for -o jsonpath=...', 2);
  state.podPolls = (state.podPolls ?? 0) + 1;
  saveState(state);
  if (!inNamespace || options.l !== state.serverSelector) return;
  for (const pod of state.pods) {
    const ready = pod.ready ?? state.podPolls >= pod.readyFromPoll;
    const deletion = pod.terminating ? '2026-01-01T00:00:00Z' : '';
    const named = String(options.o).includes(`[?(@.name=="${state.serverContainer}")].ready`);
    writeStdout(`${pod.name}\t${named && ready ? 'true' : 'false'}\t${deletion}\n`);
  }
}

// state.secrets maps a name to its `authkey`, or to all its data keys.
function secretData(secret) {
  return typeof secret === 'string' ? { authkey: secret } : secret;
}

function getSecret(name) {
  const secret = inNamespace ? state.secrets[name] : undefined;
  if (secret === undefined) {
    if (options['ignore-not-found']) return;
    fail(`Error from server (NotFound): secrets "${name}" not found`);
  }
  // A dot in a data key is escaped in a jsonpath.
  const key = /^jsonpath=\{\.data\.((?:[-_a-zA-Z0-9]|\\\.)+)\}$/.exec(options.o)?.[1]?.replace(/\\\./g, '.');
  if (key === undefined) fail('stub: get secret is only stubbed for -o jsonpath={.data.<key>}', 2);
  const value = secretData(secret)[key];
  if (value !== undefined) writeStdout(Buffer.from(value).toString('base64'));
}

// state.deployments maps a name to its pod template's annotations.
function deployment(name) {
  const annotations = inNamespace ? state.deployments?.[name] : undefined;
  if (annotations === undefined) fail(`Error from server (NotFound): deployments.apps "${name}" not found`);
  return annotations;
}

function getDeployment(name) {
  const annotations = deployment(name);
  const key = /^jsonpath=\{\.spec\.template\.metadata\.annotations\.([-_./a-zA-Z0-9]+)\}$/.exec(options.o)?.[1];
  if (key === undefined) fail('stub: get deployment is only stubbed for -o jsonpath={.spec.template.metadata.annotations.<key>}', 2);
  if (annotations[key] !== undefined) writeStdout(annotations[key]);
}

// A merge patch of the pod template's annotations, recorded in state.deploymentPatches.
function patchDeployment(name) {
  const annotations = deployment(name);
  if (options.type !== 'merge') fail('stub: patch deployment is only stubbed for --type merge', 2);
  const patch = JSON.parse(options.p);
  const patched = patch.spec?.template?.metadata?.annotations;
  if (patched === undefined || Object.keys(patch).length !== 1)
    fail('stub: patch deployment is only stubbed for the pod template annotations', 2);
  state.deployments[name] = { ...annotations, ...patched };
  state.deploymentPatches = [...(state.deploymentPatches ?? []), { name, patch }];
  saveState(state);
  writeStdout(`deployment.apps/${name} patched\n`);
}

function exec(podName) {
  const pod = state.pods.find((p) => p.name === podName);
  if (!inNamespace || !pod) fail(`Error from server (NotFound): pods "${podName}" not found`);
  if (options.c !== state.serverContainer) fail(`error: container ${options.c} not found in pod ${podName}`);
  const [command, ...commandArgs] = rest;
  if (command !== 'headscale') fail(`stub: exec of ${command} is not stubbed`, 2);
  runHeadscale(commandArgs);
}

// Reads the Secret manifest from stdin and merges its decoded data into the Secret's.
function apply() {
  if (options.f !== '-') fail('stub: apply is only stubbed for -f -', 2);
  const manifest = readStdin();
  const field = (name) => new RegExp(`^\\s*${name}: (\\S+)$`, 'm').exec(manifest)?.[1];
  if (field('kind') !== 'Secret' || field('namespace') !== state.namespace)
    fail('stub: apply expects a Secret in the release namespace', 2);
  const data = Object.fromEntries(
    [...manifest.split(/^data:$/m)[1].matchAll(/^ {2}([-._a-zA-Z0-9]+): (\S+)$/gm)].map(([, key, value]) => [
      key,
      Buffer.from(value, 'base64').toString(),
    ]),
  );
  const merged = { ...secretData(state.secrets[field('name')] ?? {}), ...data };
  state.secrets[field('name')] = Object.keys(merged).length === 1 && 'authkey' in merged ? merged.authkey : merged;
  state.appliedManifests = [...(state.appliedManifests ?? []), manifest];
  saveState(state);
  writeStdout(`secret/${field('name')} serverside-applied\n`);
}

module.exports = { main };
