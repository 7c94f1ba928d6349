import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { SHELLS, Sandbox, type ShellName } from './harness';

/**
 * policy-reload.sh against a /proc-like folder (PROC_ROOT) whose entries name real processes of
 * the test: a stand-in for `headscale serve` and a decoy, each recording the SIGHUPs it gets. The
 * sleep stub returns at once, so the watcher polls as fast as it can.
 */
const SCRIPT = 'policy-reload.sh';

let sandbox: Sandbox;
const processes: ChildProcess[] = [];

afterEach(() => {
  for (const child of processes.splice(0)) child.kill('SIGKILL');
  sandbox.remove();
});

/**
 * A process that appends a line to `record` on every SIGHUP, listed in PROC_ROOT with `argv` as
 * its command line once its trap is set (a SIGHUP before would end it).
 */
async function fakeProcess(record: string, argv: string[]): Promise<void> {
  const ready = sandbox.path(`${record}.ready`);
  const child = spawn(
    'sh',
    ['-c', `trap 'echo hup >> "$1"' HUP; : > "$2"; while :; do sleep 0.05; done`, 'sh', sandbox.path(record), ready],
    { stdio: 'ignore' },
  );
  processes.push(child);
  await sandbox.waitUntil(() => fs.existsSync(ready));
  listProcess(child.pid!, argv);
}

function listProcess(pid: number, argv: string[]): void {
  fs.mkdirSync(sandbox.path(`proc/${pid}`));
  fs.writeFileSync(sandbox.path(`proc/${pid}/cmdline`), `${argv.join('\0')}\0`);
}

const hups = (record: string) =>
  fs.existsSync(sandbox.path(record)) ? fs.readFileSync(sandbox.path(record), 'utf8').split('\n').filter(Boolean) : [];

/** Starts the watcher on a policy file, once it has read the file as it is. */
async function startWatcher() {
  const policy = sandbox.writeFile('policy.json', '{"acls": []}\n');
  const watcher = sandbox.start(SCRIPT, { POLICY_FILE: policy, POLL_SECONDS: '1', PROC_ROOT: sandbox.path('proc') });
  await sandbox.waitUntil(() => watcher.output().stdout.includes('watching'), 10_000);
  return { policy, watcher };
}

// The watcher's default image is busybox: its sh is BusyBox's ash.
describe.each(Object.keys(SHELLS) as ShellName[])('policy-reload.sh in %s', (shell) => {
  beforeEach(() => {
    sandbox = new Sandbox(shell);
    fs.mkdirSync(sandbox.path('proc'));
  });

  it("sends SIGHUP to `headscale serve` once per change of the policy's content, and to no other process", async () => {
    // The decoy's command line mentions headscale serve, but its program is sh.
    await fakeProcess('decoy-hups', ['/bin/sh', '-c', 'headscale serve']);
    await fakeProcess('headscale-hups', ['/ko-app/headscale', 'serve', '-c', '/etc/headscale/config.yaml']);
    const { policy } = await startWatcher();

    fs.writeFileSync(policy, '{"acls": [{"action": "accept", "src": ["alice@"], "dst": ["*:*"]}]}\n');
    await sandbox.waitUntil(() => hups('headscale-hups').length === 1, 10_000);
    fs.writeFileSync(policy, '{"acls": []}\n');
    await sandbox.waitUntil(() => hups('headscale-hups').length === 2, 10_000);

    expect(hups('headscale-hups')).toEqual(['hup', 'hup']);
    expect(hups('decoy-hups')).toEqual([]);
    expect(sandbox.callsOf('sleep')).toContain('sleep 1');
  });

  it('keeps trying while no headscale process is listed, and signals it once it is', async () => {
    const { policy, watcher } = await startWatcher();
    fs.writeFileSync(policy, '{"acls": [], "groups": {}}\n');
    await sandbox.waitUntil(() => watcher.output().stderr.includes("no 'headscale serve' process"), 10_000);
    await fakeProcess('late-hups', ['headscale', 'serve']);
    await sandbox.waitUntil(() => hups('late-hups').length === 1, 10_000);
    expect(watcher.output().stdout).toMatch(
      /^policy-reload: the policy changed: sent SIGHUP to headscale \(pid \d+\)$/m,
    );
  });

  it('fails at once, naming what is wrong, without POLICY_FILE or with a bad POLL_SECONDS', () => {
    expect(sandbox.run(SCRIPT, { POLL_SECONDS: '5' })).toMatchObject({
      status: 1,
      stderr: 'policy-reload: error: environment variable POLICY_FILE is required\n',
    });
    expect(sandbox.run(SCRIPT, { POLICY_FILE: '/x', POLL_SECONDS: '0.5s' })).toMatchObject({
      status: 1,
      stderr: "policy-reload: error: POLL_SECONDS must be a whole number of seconds, got '0.5s'\n",
    });
  });
});
