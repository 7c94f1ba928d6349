/**
 * Runs the shell scripts of src/scripts against the stub commands of test/scripts/stubs. A
 * Sandbox is a temporary directory that the stubs use for their state (state.json and other
 * files) and where they log every call (calls.log, one "command args..." line per call). The
 * stubbed kubectl and headscale are answered by one stub server (stubs/lib/server.js) per test
 * file, started with its first script.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const SCRIPTS_DIR = path.resolve(__dirname, '../../src/scripts');
export const STUBS_DIR = path.resolve(__dirname, 'stubs');

/** The running stub server: its request FIFO (which the stubs find in STUB_SERVER), in a folder of its own. */
let stubServer: { dir: string; fifo: string; process: ChildProcess } | undefined;

function stubServerFifo(): string {
  if (!stubServer) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-headscale-stub-server-'));
    const fifo = path.join(dir, 'requests');
    const made = spawnSync('mkfifo', [fifo], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr}`);
    // It stops when its standard input closes: when stopped below, or when this process ends.
    const server = spawn(process.execPath, [path.join(STUBS_DIR, 'lib', 'server.js'), fifo], {
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    stubServer = { dir, fifo, process: server };
  }
  return stubServer.fifo;
}

afterAll(() => {
  if (!stubServer) return;
  stubServer.process.stdin?.end();
  fs.rmSync(stubServer.dir, { recursive: true, force: true });
  stubServer = undefined;
});

export interface ScriptResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunningScript {
  /** Resolves when the script has exited. */
  exited: Promise<ScriptResult>;
  signal(name: NodeJS.Signals): void;
  /** What the script has printed so far. */
  output(): { stdout: string; stderr: string };
}

/**
 * The shells the scripts run in, by the images that run them: dash, Debian's sh (the key job's
 * and Litestream's images), and BusyBox's ash (the tailscale image, Alpine based, and busybox's).
 */
export const SHELLS = { dash: ['sh'], busybox: ['busybox', 'sh'] } as const;
export type ShellName = keyof typeof SHELLS;

export class Sandbox {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-headscale-scripts-'));
  private readonly children: ChildProcess[] = [];

  /** `shell`: the shell that runs the scripts, dash unless told. */
  constructor(private readonly shell: ShellName = 'dash') {}

  writeState(state: object): void {
    this.writeFile('state.json', JSON.stringify(state, null, 2));
  }

  readState<T>(): T {
    return JSON.parse(fs.readFileSync(this.path('state.json'), 'utf8')) as T;
  }

  writeFile(name: string, content: string): string {
    fs.writeFileSync(this.path(name), content);
    return this.path(name);
  }

  path(name: string): string {
    return path.join(this.dir, name);
  }

  /** Every stub call so far, one "command args..." string each. */
  calls(): string[] {
    const log = this.path('calls.log');
    return fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  }

  /** The calls that begin with `prefix`, a command name and maybe its first arguments. */
  callsOf(prefix: string): string[] {
    return this.calls().filter((call) => call.startsWith(`${prefix} `));
  }

  /**
   * Runs a script of src/scripts the way its pod does, as `sh -c "<content>"` in the sandbox's
   * shell, with the stubs first in PATH and no environment but `vars`.
   */
  run(script: string, vars: Record<string, string>): ScriptResult {
    const [command, ...args] = SHELLS[this.shell];
    const result = spawnSync(command, [...args, '-c', readScript(script)], {
      env: this.env(vars),
      encoding: 'utf8',
      timeout: 20_000,
    });
    if (result.error) throw result.error;
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** Starts a script in the background; see run(). */
  start(script: string, vars: Record<string, string>): RunningScript {
    // A process group of its own, so that remove() can end the script and its children at once.
    const [command, ...args] = SHELLS[this.shell];
    const child = spawn(command, [...args, '-c', readScript(script)], { env: this.env(vars), detached: true });
    this.children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return {
      exited: new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr }))),
      signal: (name) => child.kill(name),
      output: () => ({ stdout, stderr }),
    };
  }

  /** Resolves once `condition` holds; rejects after `timeoutMs`, listing the calls so far. */
  async waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out; calls so far:\n${this.calls().join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  remove(): void {
    for (const child of this.children) {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // The group has already gone.
      }
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private env(vars: Record<string, string>): NodeJS.ProcessEnv {
    return {
      PATH: `${STUBS_DIR}${path.delimiter}${process.env.PATH}`,
      STUB_STATE: this.dir,
      STUB_SERVER: stubServerFifo(),
      ...vars,
    };
  }
}

function readScript(script: string): string {
  return fs.readFileSync(path.join(SCRIPTS_DIR, script), 'utf8');
}
