'use strict';
// What the stubbed commands share. They run inside the stub server (server.js), one call at a
// time: a call's state lives in the directory named by its STUB_STATE (state.json, the simulated
// cluster and Headscale; calls.log, one line per call), and what it prints is collected for the
// shell stub that forwarded it (forward.sh) to print.
const fs = require('node:fs');
const path = require('node:path');

/** Thrown to end a call with an exit status, as process.exit would end a command of its own. */
class StubExit extends Error {
  constructor(status) {
    super(`exit ${status}`);
    this.status = status;
  }
}

/** The call being answered: its state directory, its standard input (when forwarded), its output so far. */
let call;

/** Runs `command(args)` as one call and returns its exit status and output. */
function runCall(command, args, { stateDir, stdin }) {
  call = { stateDir, stdin, stdout: '', stderr: '' };
  let status = 0;
  try {
    command(args);
  } catch (error) {
    if (!(error instanceof StubExit)) throw error;
    status = error.status;
  }
  const { stdout, stderr } = call;
  call = undefined;
  return { status, stdout, stderr };
}

function stateDir() {
  return call.stateDir;
}

function readStdin() {
  if (call.stdin === undefined) fail('stub: this call was forwarded without its standard input', 2);
  return call.stdin;
}

function writeStdout(text) {
  call.stdout += text;
}

function logCall(command, args) {
  fs.appendFileSync(path.join(stateDir(), 'calls.log'), `${[command, ...args].join(' ')}\n`);
}

function loadState() {
  return JSON.parse(fs.readFileSync(path.join(stateDir(), 'state.json'), 'utf8'));
}

function saveState(state) {
  fs.writeFileSync(path.join(stateDir(), 'state.json'), JSON.stringify(state, null, 2));
}

function fail(message, status = 1) {
  call.stderr += `${message}\n`;
  throw new StubExit(status);
}

module.exports = { fail, loadState, logCall, readStdin, runCall, saveState, stateDir, writeStdout };
