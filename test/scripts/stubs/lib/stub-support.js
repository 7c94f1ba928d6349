'use strict';
// State and call log shared by the node stubs. Everything lives in the directory named by
// STUB_STATE: state.json (the simulated cluster and Headscale) and calls.log (one line per call).
const fs = require('node:fs');
const path = require('node:path');

function stateDir() {
  const dir = process.env.STUB_STATE;
  if (!dir) {
    process.stderr.write('stub: STUB_STATE is not set\n');
    process.exit(99);
  }
  return dir;
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
  process.stderr.write(`${message}\n`);
  process.exit(status);
}

module.exports = { fail, loadState, logCall, saveState, stateDir };
