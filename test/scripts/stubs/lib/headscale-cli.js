'use strict';
// The stubbed Headscale 0.28 CLI for the commands ensure-client-key.sh runs. It answers with the
// JSON shape of the real CLI (Go's encoding/json of the API messages: tab-indented, empty fields
// left out, a nil list printed as null, preauth keys listed masked) and rejects flags that 0.28
// rejects, such as `preauthkeys list -u`.
const crypto = require('node:crypto');
const { fail, loadState, logCall, saveState } = require('./stub-support');

const COMMANDS = {
  'users list': { flags: {}, run: listUsers },
  'users create': { flags: {}, run: createUser },
  'preauthkeys list': { flags: {}, run: listKeys },
  'preauthkeys create': {
    flags: { u: 'user', user: 'user', reusable: true, ephemeral: true, e: 'expiration', expiration: 'expiration', tags: 'tags' },
    run: createKey,
  },
};

let state;

/** Runs `headscale <args>`: prints its output and exits on failure. */
function main(args) {
  logCall('headscale', args);
  const { words, options } = parseArgs(args);
  const command = COMMANDS[words.slice(0, 2).join(' ')];
  if (!command) fail(`Error: unknown command "${words.join(' ')}" for "headscale"`);
  if (options.output !== 'json') fail('stub: headscale is only stubbed for -o json', 2);
  state = loadState();
  const result = command.run(words.slice(2), options);
  saveState(state);
  process.stdout.write(`${JSON.stringify(result, null, '\t')}\n`);
}

// Command words come first, flags after them: the way ensure-client-key.sh calls headscale.
function parseArgs(argv) {
  const firstFlag = argv.findIndex((arg) => arg.startsWith('-'));
  const commandWords = firstFlag === -1 ? argv : argv.slice(0, firstFlag);
  const flags = (COMMANDS[commandWords.slice(0, 2).join(' ')] ?? { flags: {} }).flags;
  const options = {};
  for (let i = commandWords.length; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inlineValue] = arg.replace(/^--?/, '').split(/=(.*)/s);
    const meaning = name === 'o' || name === 'output' ? 'output' : flags[name];
    if (!arg.startsWith('-')) fail(`stub: unexpected argument ${arg} after the flags`, 2);
    if (meaning === undefined) {
      fail(arg.startsWith('--') ? `Error: unknown flag: --${name}` : `Error: unknown shorthand flag: '${name}' in ${arg}`);
    }
    if (meaning === true) options[name] = true;
    else options[meaning] = inlineValue ?? argv[++i];
  }
  return { words: commandWords, options };
}

function timestamp(seconds) {
  if (state.timestamps === 'rfc3339') return new Date(seconds * 1000).toISOString();
  return { seconds, nanos: 123456789 };
}

function userJson(user) {
  return { id: user.id, name: user.name, created_at: timestamp(user.createdAt) };
}

function keyJson(key, fullKey) {
  const user = state.users.find((u) => u.id === key.user);
  const json = { user: user ? userJson(user) : undefined, id: key.id, key: fullKey ? key.key : masked(key) };
  if (key.reusable) json.reusable = true;
  if (key.ephemeral) json.ephemeral = true;
  if (key.used) json.used = true;
  if (key.expiration !== null) json.expiration = timestamp(key.expiration);
  json.created_at = timestamp(key.createdAt);
  if (key.tags.length > 0) json.acl_tags = key.tags;
  return json;
}

// Keys look like hskey-auth-<12 character prefix>-<secret>; 0.28 lists only the prefix.
function masked(key) {
  if (key.listedInFull) return key.key;
  return `${key.key.slice(0, 'hskey-auth-'.length + 12)}-***`;
}

function listUsers() {
  return state.users.length > 0 ? state.users.map(userJson) : null;
}

function createUser([name]) {
  if (state.users.some((u) => u.name === name)) fail(`Cannot create user: user "${name}" already exists`);
  const user = { id: nextId(state.users), name, createdAt: now() };
  state.users.push(user);
  return userJson(user);
}

function listKeys() {
  return state.keys.length > 0 ? state.keys.map((key) => keyJson(key, false)) : null;
}

function createKey(_words, options) {
  if (state.failingKeyCreations > 0) {
    state.failingKeyCreations--;
    saveState(state);
    fail('Cannot create Pre Auth Key: database is locked');
  }
  const userId = Number(options.user ?? 0);
  if (userId !== 0 && !state.users.some((u) => u.id === userId)) fail(`Cannot create Pre Auth Key: user ${userId} not found`);
  const tags = options.tags ? options.tags.split(',') : [];
  if (tags.some((tag) => !tag.startsWith('tag:'))) fail('Cannot create Pre Auth Key: tags must start with tag:');
  const key = {
    id: nextId(state.keys),
    user: userId || null,
    key: `hskey-auth-${randomText(12)}-${randomText(64)}`,
    listedInFull: false,
    reusable: options.reusable === true,
    ephemeral: options.ephemeral === true,
    used: false,
    expiration: now() + durationSeconds(options.expiration ?? '1h'),
    createdAt: now(),
    tags,
  };
  state.keys.push(key);
  return keyJson(key, true);
}

function durationSeconds(text) {
  const match = /^(\d+)([smhd])$/.exec(text);
  if (!match) fail(`Could not parse duration: ${text}`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[match[2]];
}

function nextId(records) {
  return records.reduce((max, record) => Math.max(max, record.id), 0) + 1;
}

function now() {
  return Math.floor(Date.now() / 1000);
}

function randomText(length) {
  return crypto.randomBytes(length).toString('base64url').slice(0, length);
}

module.exports = { main };
