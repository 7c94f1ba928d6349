import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { Sandbox } from './harness';

/**
 * The in-cluster TLS listener's certificate: internal-tls-cert.sh run for real with the machine's
 * openssl (as the key job's init container runs it), then ensure-client-key.sh writing its output
 * to the Secret through the kubectl stub.
 */
const NAMES = 'tailnet-headscale.tailnet.svc.cluster.local,tailnet-headscale.tailnet.svc';
const SECRET = 'tailnet-headscale-internal-tls';
const FILES = ['ca.crt', 'tls.crt', 'tls.key'];

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = new Sandbox();
  fs.mkdirSync(sandbox.path('current'));
  fs.mkdirSync(sandbox.path('new'));
});
afterEach(() => sandbox.remove());

function makeCertificate(env: Record<string, string> = {}) {
  return sandbox.run('internal-tls-cert.sh', {
    DNS_NAMES: NAMES,
    CURRENT_DIR: sandbox.path('current'),
    OUT_DIR: sandbox.path('new'),
    ...env,
  });
}

const openssl = (...args: string[]) => spawnSync('openssl', args, { encoding: 'utf8' });
const written = () => fs.readdirSync(sandbox.path('new')).sort();
const moveToCurrent = () => {
  for (const file of FILES) fs.renameSync(sandbox.path(`new/${file}`), sandbox.path(`current/${file}`));
};

describe('internal-tls-cert.sh (with openssl)', () => {
  test('makes a CA and a serving certificate for the names, which verifies against the CA', () => {
    const result = makeCertificate();

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(written()).toEqual(FILES);
    const ca = sandbox.path('new/ca.crt');
    const crt = sandbox.path('new/tls.crt');
    expect(openssl('verify', '-CAfile', ca, crt).status).toBe(0);
    const text = openssl('x509', '-in', crt, '-noout', '-text').stdout;
    expect(text).toContain('DNS:tailnet-headscale.tailnet.svc.cluster.local, DNS:tailnet-headscale.tailnet.svc');
    expect(text).toContain('TLS Web Server Authentication');
    expect(text).toMatch(/CA:FALSE/);
    // 10 years: valid in 9, not in 11.
    expect(openssl('x509', '-in', crt, '-noout', '-checkend', String(9 * 365 * 86400)).status).toBe(0);
    expect(openssl('x509', '-in', crt, '-noout', '-checkend', String(11 * 365 * 86400)).status).not.toBe(0);
    expect(openssl('x509', '-in', ca, '-noout', '-text').stdout).toMatch(/CA:TRUE, pathlen:0/);
  });

  test('writes nothing while the current set is good: once made, the certificate stays', () => {
    makeCertificate();
    moveToCurrent();
    const result = makeCertificate();

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('nothing to do');
    expect(written()).toEqual([]);
  });

  test.each([
    ['expires within RENEW_DAYS', { VALID_DAYS: '20' }, {}],
    ['lacks a name', { DNS_NAMES: 'tailnet-headscale.tailnet.svc' }, {}],
    ['has a key of another certificate', {}, { swapKey: true }],
  ])('makes a new set when the current one %s', (_, firstEnv, { swapKey }: { swapKey?: boolean }) => {
    makeCertificate({ ...firstEnv, RENEW_DAYS: '10' });
    moveToCurrent();
    if (swapKey) {
      // Another set, made beside the current one (CURRENT_DIR is the empty output folder).
      makeCertificate({ CURRENT_DIR: sandbox.path('new') });
      fs.renameSync(sandbox.path('new/tls.key'), sandbox.path('current/tls.key'));
      for (const file of fs.readdirSync(sandbox.path('new'))) fs.rmSync(sandbox.path(`new/${file}`));
    }
    const result = makeCertificate({ RENEW_DAYS: '30' });

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('made a CA and a certificate');
    expect(written()).toEqual(FILES);
  });

  test('refuses a RENEW_DAYS as long as the lifetime', () => {
    const result = makeCertificate({ VALID_DAYS: '30', RENEW_DAYS: '30' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('RENEW_DAYS must be less than VALID_DAYS');
  });
});

describe('ensure-client-key.sh with INTERNAL_TLS_SECRET', () => {
  const state = (ready: boolean) => ({
    version: '0.29',
    namespace: 'tailnet',
    serverSelector: 'app.kubernetes.io/component=server',
    serverContainer: 'headscale',
    pods: [{ name: 'tailnet-headscale-0', ready }],
    secrets: {},
    users: [],
    keys: [],
    failingKeyCreations: 0,
  });
  const run = () =>
    sandbox.run('ensure-client-key.sh', {
      NAMESPACE: 'tailnet',
      SERVER_SELECTOR: 'app.kubernetes.io/component=server',
      PREAUTH_KEYS: '[]',
      SERVER_WAIT_SECONDS: '0',
      INTERNAL_TLS_SECRET: SECRET,
      INTERNAL_TLS_DIR: sandbox.path('new'),
    });
  const pem = (name: string) => `-----BEGIN ${name}-----\nMIIB\n-----END ${name}-----\n`;

  test('writes a new set to the Secret before it waits for Headscale, which may not be up yet', () => {
    sandbox.writeFile('new/ca.crt', pem('CERTIFICATE'));
    sandbox.writeFile('new/tls.crt', pem('CERTIFICATE'));
    sandbox.writeFile('new/tls.key', pem('PRIVATE KEY'));
    sandbox.writeState(state(false));
    const result = run();

    // No Ready server pod within SERVER_WAIT_SECONDS: the job fails, but the certificate is written.
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain(`wrote a new CA and certificate to Secret ${SECRET}`);
    const after = sandbox.readState<{ secrets: Record<string, Record<string, string>> }>();
    expect(after.secrets[SECRET]).toEqual({
      'ca.crt': pem('CERTIFICATE'),
      'tls.crt': pem('CERTIFICATE'),
      'tls.key': pem('PRIVATE KEY'),
    });
    const kubectl = sandbox.callsOf('kubectl');
    expect(kubectl[0]).toMatch(/^kubectl apply --server-side/);
    expect(result.stdout + result.stderr).not.toContain('PRIVATE KEY');
  });

  test('leaves the Secret alone when no new set was made', () => {
    sandbox.writeState(state(true));
    const result = run();

    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Secret ${SECRET} holds a valid certificate; nothing to do`);
    expect(sandbox.callsOf('kubectl').filter((call) => call.startsWith('kubectl apply'))).toEqual([]);
  });

  test('refuses an incomplete set', () => {
    sandbox.writeFile('new/tls.crt', pem('CERTIFICATE'));
    sandbox.writeState(state(true));
    const result = run();

    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('ca.crt is missing');
    expect(sandbox.callsOf('kubectl')).toEqual([]);
  });
});
