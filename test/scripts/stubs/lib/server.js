'use strict';
// The stub server: one long-lived Node.js process that answers every call of the stubbed kubectl
// and headscale (lib/forward hands them over), where a Node.js process per call made most of the
// scripts' test time. Usage: node server.js REQUEST_FIFO. Each request is a line
// "<command>\t<call>": the call's arguments are in <call>.args (each ended by a NUL), its
// standard input (when forwarded) in <call>.stdin, and its state directory is <call>'s folder.
// The answer goes to <call>.out and <call>.err, then a line to the FIFO <call>.done: the exit
// status, and for stdout and stderr each "empty" (not written), "short" (at most SHORT_OUTPUT
// bytes, with no NUL: the stub's shell prints it itself) or "output" (cat copies it). The
// server removes the call's files but those two, which the next call of the same process ID
// overwrites. It stops when its standard input (a pipe from the harness) closes.
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { main: headscale } = require('./headscale-cli');
const { main: kubectl } = require('./kubectl');
const { runCall } = require('./stub-support');

const COMMANDS = { headscale, kubectl };

/** Up to this size, a shell's read loop prints an output sooner than a cat process would (see forward). */
const SHORT_OUTPUT = 2048;

function answer(line) {
  const [command, call] = line.split('\t');
  const args = fs.readFileSync(`${call}.args`, 'utf8').split('\0').slice(0, -1);
  const stdin = fs.existsSync(`${call}.stdin`) ? fs.readFileSync(`${call}.stdin`, 'utf8') : undefined;
  fs.rmSync(`${call}.stdin`, { force: true });
  let result;
  try {
    result = runCall(COMMANDS[command], args, { stateDir: path.dirname(call), stdin });
  } catch (error) {
    result = { status: 70, stdout: '', stderr: `stub server: ${command} failed: ${error.stack}\n` };
  }
  const outputs = [
    [`${call}.out`, result.stdout],
    [`${call}.err`, result.stderr],
  ].map(([file, text]) => {
    if (text === '') return 'empty';
    fs.writeFileSync(file, text);
    return Buffer.byteLength(text) <= SHORT_OUTPUT && !text.includes('\0') ? 'short' : 'output';
  });
  // Without blocking: a call whose script was killed has no reader left (ENXIO).
  const done = fs.openSync(`${call}.done`, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
  try {
    fs.writeSync(done, `${result.status} ${outputs.join(' ')}\n`);
  } finally {
    fs.closeSync(done);
    // The caller holds the FIFO open: its answer stays readable, and the name is free for the next call.
    fs.rmSync(`${call}.done`, { force: true });
  }
}

// Read-write, so that the FIFO stays open between writers instead of ending at the first one;
// as a socket, read as it becomes readable (a file stream's blocking read would keep the process
// from exiting).
const requests = new net.Socket({
  fd: fs.openSync(process.argv[2], fs.constants.O_RDWR | fs.constants.O_NONBLOCK),
  readable: true,
  writable: false,
});
requests.setEncoding('utf8');
let unfinished = '';
requests.on('data', (chunk) => {
  const lines = (unfinished + chunk).split('\n');
  unfinished = lines.pop();
  for (const line of lines) {
    try {
      answer(line);
    } catch (error) {
      // A call of a sandbox already removed, or of a script already killed: no one waits for it.
      if (!['ENOENT', 'ENXIO'].includes(error.code)) throw error;
    }
  }
});
process.stdin.on('end', () => process.exit(0)).resume();
