'use strict';
// The stubbed Headscale CLI for the commands ensure-client-key.sh runs, as each supported
// release (state.json's `version`: 0.26, 0.27, 0.28 or 0.29) answers them.
//
// Sources (juanfont/headscale):
// - Output: cmd/headscale/cli/utils.go (SuccessOutput, ErrorOutput; formatOutput/printError from
//   0.29 on) writes `-o json` with Go's encoding/json, `json.MarshalIndent(result, "", "\t")`, of the
//   gRPC messages of gen/go/headscale/v1: snake_case names from the protobuf struct tags, empty
//   fields left out (omitempty), uint64 ids as JSON numbers, a nil list as `null`, and timestamps
//   as timestamppb's struct, {"seconds": N, "nanos": N}. Errors go to stderr with exit status 1.
// - Messages: proto/headscale/v1/preauthkey.proto (PreAuthKey: user, id, key, reusable,
//   ephemeral, used, expiration, created_at, acl_tags; `user` is the whole User since 0.26,
//   CHANGELOG 0.26.0 "Return full user in API for pre auth keys instead of string") and
//   user.proto (id, name, created_at, display_name, email, provider_id, provider, profile_pic_url).
// - 0.26 and 0.27, cmd/headscale/cli/preauthkeys.go: `preauthkeys` has a persistent `-u/--user`
//   flag that takes the numeric user id and is required (MarkPersistentFlagRequired), so `list`
//   needs it too and lists that user's keys only, in full.
// - 0.28 and 0.29 (CHANGELOG 0.28.0 "PreAuthKey CLI", "Pre-authentication key security
//   improvements"): `-u` is a flag of `create` only and optional; `list` lists every key and shows
//   a key as `hskey-auth-<prefix>-***`; a key may have tags and no user.
// - users.go: `users create NAME [-d/--display-name] [-e/--email] [-p/--picture-url]`.
// - api_key.go: `apikeys create [-e/--expiration 90d]` prints the new key, a JSON string with
//   `-o json` (SuccessOutput/printOutput of response.GetApiKey()); `hskey-api-<prefix>-<secret>`
//   from 0.28 on, `<prefix>.<secret>` before.
//
// `encoding: 'protojson'` in state.json answers as the REST API's protojson does instead (string
// ids, camelCase names, RFC 3339 times), so that the script is shown to read that shape too.
const crypto = require('node:crypto');
const { fail, loadState, logCall, saveState, writeStdout } = require('./stub-support');

const RELEASES = {
  '0.26': { keysOfOneUser: true, maskedKeys: false },
  '0.27': { keysOfOneUser: true, maskedKeys: false },
  '0.28': { keysOfOneUser: false, maskedKeys: true },
  '0.29': { keysOfOneUser: false, maskedKeys: true },
};

const USER_FLAG = { u: 'user', user: 'user' };
function commands(release) {
  // Before 0.28 every preauthkeys command takes the (required) user flag.
  const keyFlags = release.keysOfOneUser ? USER_FLAG : {};
  return {
    'users list': { flags: { n: 'name', name: 'name' }, run: listUsers },
    'users create': {
      flags: { d: 'displayName', 'display-name': 'displayName', e: 'email', email: 'email' },
      run: createUser,
    },
    'apikeys create': { flags: { e: 'expiration', expiration: 'expiration' }, run: createApiKey },
    'preauthkeys list': { flags: keyFlags, requiresUser: release.keysOfOneUser, run: listKeys },
    'preauthkeys create': {
      flags: {
        ...USER_FLAG,
        reusable: true,
        ephemeral: true,
        e: 'expiration',
        expiration: 'expiration',
        tags: 'tags',
      },
      requiresUser: release.keysOfOneUser,
      run: createKey,
    },
  };
}

let state;
let release;

/** Runs `headscale <args>`: prints its output, or fails with Headscale's message and status. */
function main(args) {
  logCall('headscale', args);
  state = loadState();
  release = RELEASES[state.version];
  if (!release) fail(`stub: no Headscale release ${state.version}`, 2);
  const table = commands(release);
  const { words, options } = parseArgs(args, table);
  const command = table[words.slice(0, 2).join(' ')];
  if (!command) fail(`Error: unknown command "${words.join(' ')}" for "headscale"`);
  if (options.output !== 'json') fail('stub: headscale is only stubbed for -o json', 2);
  if (command.requiresUser && options.user === undefined) fail('Error: required flag(s) "user" not set');
  const result = command.run(words.slice(2), options);
  saveState(state);
  writeStdout(`${JSON.stringify(result, null, '\t')}\n`);
}

// Command words come first, flags after them: the way ensure-client-key.sh calls headscale.
function parseArgs(argv, table) {
  const firstFlag = argv.findIndex((arg) => arg.startsWith('-'));
  const commandWords = firstFlag === -1 ? argv : argv.slice(0, firstFlag);
  const flags = (table[commandWords.slice(0, 2).join(' ')] ?? { flags: {} }).flags;
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

const protojson = () => state.encoding === 'protojson';

function timestamp(seconds) {
  if (protojson()) return new Date(seconds * 1000).toISOString();
  return { seconds, nanos: 123456789 };
}

function id(value) {
  return protojson() ? String(value) : value;
}

/** A message with snake_case field names, renamed as protojson names them. */
function message(fields) {
  if (!protojson()) return fields;
  return Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [name.replace(/_([a-z])/g, (_, c) => c.toUpperCase()), value]),
  );
}

function userJson(user) {
  return message({
    id: id(user.id),
    name: user.name,
    created_at: timestamp(user.createdAt),
    display_name: user.displayName || undefined,
    email: user.email || undefined,
  });
}

function keyJson(key, fullKey) {
  const user = state.users.find((u) => u.id === key.user);
  return message({
    user: user ? userJson(user) : undefined,
    id: id(key.id),
    key: fullKey || !release.maskedKeys ? key.key : masked(key),
    reusable: key.reusable || undefined,
    ephemeral: key.ephemeral || undefined,
    used: key.used || undefined,
    expiration: key.expiration === null ? undefined : timestamp(key.expiration),
    created_at: timestamp(key.createdAt),
    acl_tags: key.tags.length > 0 ? key.tags : undefined,
  });
}

// Keys look like hskey-auth-<12 character prefix>-<secret>; 0.28 lists only the prefix. A legacy
// plaintext key (created before 0.28) is listed as it is.
function masked(key) {
  if (!key.key.startsWith('hskey-auth-')) return key.key;
  return `${key.key.slice(0, 'hskey-auth-'.length + 12)}-***`;
}

function listUsers(_words, options) {
  const users = state.users.filter((u) => options.name === undefined || u.name === options.name);
  return users.length > 0 ? users.map(userJson) : null;
}

function createUser([name], options) {
  if (state.users.some((u) => u.name === name)) fail(`Cannot create user: user "${name}" already exists`);
  const user = {
    id: nextId(state.users),
    name,
    displayName: options.displayName ?? '',
    email: options.email ?? '',
    createdAt: now(),
  };
  state.users.push(user);
  return userJson(user);
}

function listKeys(_words, options) {
  const keys = release.keysOfOneUser ? state.keys.filter((key) => key.user === Number(options.user)) : state.keys;
  return keys.length > 0 ? keys.map((key) => keyJson(key, false)) : null;
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
  if (userId === 0 && tags.length === 0) fail('Cannot create Pre Auth Key: a key needs a user or tags');
  const key = {
    id: nextId(state.keys),
    user: userId || null,
    key: release.maskedKeys ? `hskey-auth-${randomText(12)}-${randomText(64)}` : crypto.randomBytes(24).toString('hex'),
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

function createApiKey(_words, options) {
  const apiKey = {
    id: nextId(state.apiKeys ?? []),
    key: release.maskedKeys ? `hskey-api-${randomText(12)}-${randomText(64)}` : `${randomText(7)}.${randomText(32)}`,
    expiration: now() + durationSeconds(options.expiration ?? '90d'),
  };
  state.apiKeys = [...(state.apiKeys ?? []), apiKey];
  return apiKey.key;
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
