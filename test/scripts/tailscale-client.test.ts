import * as fs from 'node:fs';
import { clientEnvironment } from '../../src/derive/client';
import { tailscaleArgsProblem } from '../../src/values/tailscale-flags';
import { SHELLS, Sandbox, type ShellName } from './harness';

const SCRIPT = 'tailscale-client.sh';
const AUTHKEY = `hskey-auth-abcdefghijkl-${'s'.repeat(64)}`;
const LOGIN_SERVER = 'http://tailnet-headscale.tailnet.svc.cluster.local:8080';
const STATE_SECRET = 'tailnet-headscale-client-state-node-1';
const SOCKET = '/var/run/tailscale/tailscaled.sock';

let sandbox: Sandbox;
let authkeyFile: string;
afterEach(() => sandbox.remove());

function clientEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    AUTHKEY_FILE: authkeyFile,
    TS_STATE: `kube:${STATE_SECRET}`,
    TS_HOSTNAME: 'tailnet-headscale-client-node-1',
    LOGIN_SERVER,
    ...overrides,
  };
}

function runClient(overrides: Record<string, string> = {}) {
  return sandbox.run(SCRIPT, clientEnv(overrides));
}

/** The flags of the `tailscale up` call, after the socket and the settings every call has. */
function upFlags(): string[] {
  const calls = sandbox.callsOf('tailscale');
  expect(calls).toHaveLength(1);
  const common = `tailscale --socket=${SOCKET} up --reset --authkey=file:${authkeyFile} --login-server=${LOGIN_SERVER} --hostname=tailnet-headscale-client-node-1`;
  expect(calls[0].startsWith(common)).toBe(true);
  return calls[0].slice(common.length).split(' ').filter(Boolean);
}

// The tailscale image is Alpine based: its sh is BusyBox's ash.
describe.each(Object.keys(SHELLS) as ShellName[])('tailscale-client.sh in %s', (shell) => {
  beforeEach(() => {
    sandbox = new Sandbox(shell);
    authkeyFile = sandbox.writeFile('authkey', `${AUTHKEY}\n`);
  });

  test('starts tailscaled with its state in the Secret and brings the node up', () => {
    const result = runClient();

    expect(result.status).toBe(0);
    expect(sandbox.callsOf('tailscaled')).toEqual([`tailscaled --state=kube:${STATE_SECRET} --socket=${SOCKET}`]);
    expect(upFlags()).toEqual([]);
    expect(result.stdout).toContain(`node tailnet-headscale-client-node-1 is up on ${LOGIN_SERVER}`);
    expect(result.stdout + result.stderr).not.toContain(AUTHKEY);
  });

  test('runs tailscaled with userspace networking when TS_USERSPACE is true', () => {
    const result = runClient({ TS_USERSPACE: 'true' });

    expect(result.status).toBe(0);
    expect(sandbox.callsOf('tailscaled')).toEqual([
      `tailscaled --state=kube:${STATE_SECRET} --socket=${SOCKET} --tun=userspace-networking`,
    ]);
    expect(upFlags()).toEqual([]);
  });

  test("keeps its state in the file TS_STATE names (a DaemonSet's node directory)", () => {
    const result = runClient({ TS_STATE: '/var/lib/tailscale/tailscaled.state', TS_USERSPACE: 'false' });

    expect(result.status).toBe(0);
    expect(sandbox.callsOf('tailscaled')).toEqual([
      `tailscaled --state=/var/lib/tailscale/tailscaled.state --socket=${SOCKET}`,
    ]);
  });

  test('uses the socket it is given', () => {
    const result = runClient({ TS_SOCKET: '/tmp/ts.sock' });

    expect(result.status).toBe(0);
    expect(sandbox.callsOf('tailscaled')).toEqual([`tailscaled --state=kube:${STATE_SECRET} --socket=/tmp/ts.sock`]);
    expect(sandbox.callsOf('tailscale')[0]).toMatch(/^tailscale --socket=\/tmp\/ts.sock up /);
  });

  test.each([
    [{ ACCEPT_DNS: 'true' }, ['--accept-dns=true']],
    [{ ACCEPT_DNS: 'false' }, ['--accept-dns=false']],
    [{ ACCEPT_DNS: 'unset' }, []],
    [{ ACCEPT_ROUTES: 'true' }, ['--accept-routes=true']],
    [{ ACCEPT_ROUTES: 'false' }, ['--accept-routes=false']],
    [{ ACCEPT_ROUTES: 'unset' }, []],
    [{ ACCEPT_DNS: 'false', ACCEPT_ROUTES: 'true' }, ['--accept-dns=false', '--accept-routes=true']],
    [{ ADVERTISE_ROUTES: '10.96.0.0/12,10.244.0.0/16' }, ['--advertise-routes=10.96.0.0/12,10.244.0.0/16']],
    [{ ADVERTISE_ROUTES: '' }, []],
    [{ ADVERTISE_EXIT_NODE: 'true' }, ['--advertise-exit-node']],
    [{ ADVERTISE_EXIT_NODE: 'false' }, []],
  ])('%j adds %j to tailscale up', (env, flags) => {
    const result = runClient(env);

    expect(result.status).toBe(0);
    expect(upFlags()).toEqual(flags);
  });

  test.each([
    [['0.0.0.0/0'], true, ['--advertise-exit-node']],
    [['::/0'], true, ['--advertise-exit-node']],
    [['10.96.0.0/12', '0.0.0.0/0'], true, ['--advertise-routes=10.96.0.0/12', '--advertise-exit-node']],
    [['10.96.0.0/12', 'fd00::/8'], true, ['--advertise-routes=10.96.0.0/12,fd00::/8', '--advertise-exit-node']],
    [['10.96.0.0/12', '10.244.0.0/16'], false, ['--advertise-routes=10.96.0.0/12,10.244.0.0/16']],
    [['0.0.0.0/0', '::/0'], false, ['--advertise-exit-node']],
    [[], true, ['--advertise-exit-node']],
  ])(
    'runs tailscale up with arguments tailscale accepts for advertiseRoutes %j and exitNode %s',
    (advertiseRoutes, exitNode, flags) => {
      const derived = clientEnvironment({
        state: { secret: STATE_SECRET },
        hostname: 'tailnet-headscale-client',
        perNode: false,
        userspace: false,
        loginServer: LOGIN_SERVER,
        acceptDns: false,
        acceptRoutes: true,
        advertiseRoutes,
        exitNode,
        trustsCa: false,
      });
      const result = runClient(Object.fromEntries(derived.map((e) => [e.name, e.value])));

      expect(result.status).toBe(0);
      const call = sandbox.callsOf('tailscale')[0];
      const args = call.slice(call.indexOf(' up ') + ' up '.length).split(' ');
      expect(args.slice(-flags.length)).toEqual(flags);
      expect(tailscaleArgsProblem('up', args)).toBeUndefined();
    },
  );

  test.each([
    ['ACCEPT_DNS', 'yes', 'ACCEPT_DNS must be true, false or unset'],
    ['ACCEPT_ROUTES', 'True', 'ACCEPT_ROUTES must be true, false or unset'],
    ['ADVERTISE_EXIT_NODE', '1', 'ADVERTISE_EXIT_NODE must be true or false'],
    ['AUTHKEY_WAIT_SECONDS', '10m', 'AUTHKEY_WAIT_SECONDS must be a whole number'],
    ['TS_USERSPACE', 'yes', 'TS_USERSPACE must be true or false'],
  ])('rejects %s=%s', (name, value, message) => {
    const result = runClient({ [name]: value });

    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(message);
    expect(sandbox.calls()).toEqual([]);
  });

  test.each(['TS_STATE', 'TS_HOSTNAME', 'LOGIN_SERVER'])('fails without %s', (name) => {
    const env = clientEnv();
    delete env[name];
    const result = sandbox.run(SCRIPT, env);

    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`environment variable ${name} is required`);
    expect(sandbox.calls()).toEqual([]);
  });

  test.each([
    ['missing', () => sandbox.path('no-such-file')],
    ['empty', () => sandbox.writeFile('empty', '')],
  ])('fails once AUTHKEY_WAIT_SECONDS have passed while the key file is %s', (_state, keyFile) => {
    const file = keyFile();
    const result = runClient({ AUTHKEY_FILE: file, AUTHKEY_WAIT_SECONDS: '3' });

    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`no preauth key at ${file} after 3s`);
    expect(sandbox.callsOf('sleep')).toEqual(['sleep 1', 'sleep 1', 'sleep 1']);
    expect(sandbox.callsOf('tailscaled')).toEqual([]);
  });

  test('stops retrying tailscale up when tailscaled has exited', () => {
    sandbox.writeFile('tailscale-up-failures', '100');
    const result = runClient();

    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('tailscaled exited before the node came up');
    expect(sandbox.callsOf('tailscale').length).toBeLessThan(30);
  });

  test('retries tailscale up while tailscaled starts, then runs until TERM, which it passes on', async () => {
    sandbox.writeFile('tailscaled-stays-up', '');
    sandbox.writeFile('tailscale-up-failures', '2');
    const client = sandbox.start(SCRIPT, clientEnv());

    await sandbox.waitUntil(() => sandbox.callsOf('tailscale').length === 3);
    client.signal('SIGTERM');
    const result = await client.exited;

    expect(sandbox.calls()).toContain('tailscaled received SIGTERM');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('tailscaled exited with status 0');
  });

  test('exits with the status of a tailscaled that a signal ended, not with 0', async () => {
    sandbox.writeFile('tailscaled-stays-up', '');
    const client = sandbox.start(SCRIPT, clientEnv());

    const pidFile = sandbox.path('tailscaled.pid');
    const daemonPid = () => (fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8') : '');
    await sandbox.waitUntil(() => client.output().stdout.includes('is up on') && daemonPid().endsWith('\n'));
    process.kill(Number(daemonPid()), 'SIGKILL');
    const result = await client.exited;

    expect(result.status).toBe(137);
    expect(result.stdout).toContain('tailscaled exited with status 137');
  });
});
