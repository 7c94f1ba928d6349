import { Sandbox, type ScriptResult } from './harness';

/** The simulated cluster and Headscale server of the kubectl and headscale stubs (state.json). */
interface ClusterState {
  namespace: string;
  serverSelector: string;
  serverContainer: string;
  pods: { name: string; ready?: boolean; readyFromPoll?: number; terminating?: boolean }[];
  podPolls?: number;
  /** Secret name → plain authkey. */
  secrets: Record<string, string>;
  appliedManifests?: string[];
  users: { id: number; name: string; createdAt: number }[];
  keys: PreauthKey[];
  /** How the headscale stub writes times: as 0.28's CLI does, or as RFC 3339 strings. */
  timestamps: 'proto' | 'rfc3339';
  /** How many of the next `preauthkeys create` calls fail. */
  failingKeyCreations: number;
}

interface PreauthKey {
  id: number;
  user: number | null;
  key: string;
  /** Listed in full, as before Headscale 0.28; else listed as "hskey-auth-<prefix>-***". */
  listedInFull: boolean;
  reusable: boolean;
  ephemeral: boolean;
  used: boolean;
  /** Seconds since the epoch, or null for a key that never expires. */
  expiration: number | null;
  createdAt: number;
  tags: string[];
}

const SCRIPT = 'ensure-client-key.sh';
const NAMESPACE = 'tailnet';
const SELECTOR =
  'app.kubernetes.io/name=headscale,app.kubernetes.io/instance=tailnet,app.kubernetes.io/component=server';
const SECRET = 'tailnet-headscale-client-authkey';
const SERVER_POD = 'tailnet-headscale-7d9c5b6f4-x2k8p';
const REQUIRED_ENV = { NAMESPACE, SERVER_SELECTOR: SELECTOR, AUTHKEY_SECRET: SECRET };
const DAY = 86_400;
const SYSTEM_USER = { id: 1, name: 'headscale-system', createdAt: now() - DAY };
const OTHER_USER = { id: 2, name: 'alice', createdAt: now() - DAY };

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function cluster(overrides: Partial<ClusterState> = {}): ClusterState {
  return {
    namespace: NAMESPACE,
    serverSelector: SELECTOR,
    serverContainer: 'headscale',
    pods: [{ name: SERVER_POD, ready: true }],
    secrets: {},
    users: [],
    keys: [],
    timestamps: 'proto',
    failingKeyCreations: 0,
    ...overrides,
  };
}

/** A reusable key of headscale-system that expires in 30 days. */
function preauthKey(overrides: Partial<PreauthKey> & { id: number }): PreauthKey {
  return {
    user: SYSTEM_USER.id,
    key: `hskey-auth-${`key${overrides.id}`.padEnd(12, '_')}-${'s'.repeat(64)}`,
    listedInFull: false,
    reusable: true,
    ephemeral: false,
    used: false,
    expiration: now() + 30 * DAY,
    createdAt: now() - DAY,
    tags: [],
    ...overrides,
  };
}

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = new Sandbox();
});
afterEach(() => sandbox.remove());

function ensureKey(
  state: ClusterState,
  env: Record<string, string> = {},
): { result: ScriptResult; after: ClusterState } {
  sandbox.writeState(state);
  const result = sandbox.run(SCRIPT, { ...REQUIRED_ENV, ...env });
  return { result, after: sandbox.readState<ClusterState>() };
}

function headscaleCalls(): string[] {
  return sandbox.callsOf('headscale');
}

function applyCalls(): string[] {
  return sandbox.callsOf('kubectl').filter((call) => call.startsWith('kubectl apply'));
}

/** The key the run created, as the headscale stub recorded it. */
function createdKey(before: ClusterState, after: ClusterState): PreauthKey {
  const created = after.keys.filter((key) => !before.keys.some((old) => old.id === key.id));
  expect(created).toHaveLength(1);
  return created[0];
}

describe('ensure-client-key.sh', () => {
  test('creates the user and a reusable key, and writes the key to the Secret', () => {
    const before = cluster();
    const { result, after } = ensureKey(before);

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(headscaleCalls()).toEqual([
      'headscale users list -o json',
      'headscale users create headscale-system -o json',
      'headscale preauthkeys list -o json',
      'headscale preauthkeys create -u 1 --reusable --expiration 87600h -o json',
    ]);
    expect(sandbox.callsOf('kubectl')).toContain(
      `kubectl exec -n ${NAMESPACE} ${SERVER_POD} -c headscale -- headscale users list -o json`,
    );
    const key = createdKey(before, after);
    expect(key).toMatchObject({ user: 1, reusable: true, tags: [] });
    expect(key.expiration).toBeGreaterThan(now() + 3649 * DAY);
    expect(after.secrets[SECRET]).toBe(key.key);
    // Only the key: the manifests own the Secret's metadata.
    expect(after.appliedManifests?.[0]).not.toContain('labels:');
    expect(after.appliedManifests?.[0]).toContain(`name: ${SECRET}`);
    expect(result.stdout + result.stderr).not.toContain(key.key);
    expect(result.stdout).toContain(`wrote preauth key ${key.id} to Secret ${SECRET}`);
  });

  test('uses the headscale user, expiration and container it is given', () => {
    const before = cluster({
      serverContainer: 'server',
      users: [SYSTEM_USER, { id: 7, name: 'cluster', createdAt: now() }],
    });
    const { result, after } = ensureKey(before, {
      HEADSCALE_USER: 'cluster',
      KEY_EXPIRATION: '720h',
      SERVER_CONTAINER: 'server',
    });

    expect(result.status).toBe(0);
    expect(headscaleCalls()).toContain('headscale preauthkeys create -u 7 --reusable --expiration 720h -o json');
    expect(after.secrets[SECRET]).toBe(createdKey(before, after).key);
  });

  test.each(['proto', 'rfc3339'] as const)(
    'changes nothing when the Secret holds a valid key (%s timestamps)',
    (timestamps) => {
      const valid = preauthKey({ id: 4 });
      const before = cluster({
        timestamps,
        users: [SYSTEM_USER],
        keys: [preauthKey({ id: 3, expiration: now() - DAY }), valid],
        secrets: { [SECRET]: valid.key },
      });
      const { result, after } = ensureKey(before);

      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`Secret ${SECRET} holds usable preauth key 4; nothing to do`);
      expect(headscaleCalls()).not.toContainEqual(expect.stringContaining('create'));
      expect(applyCalls()).toEqual([]);
      expect(after).toEqual({ ...before, podPolls: 1 });
    },
  );

  test.each(['proto', 'rfc3339'] as const)('replaces a key that has expired (%s timestamps)', (timestamps) => {
    const expired = preauthKey({ id: 3, expiration: now() - 60 });
    const before = cluster({ timestamps, users: [SYSTEM_USER], keys: [expired], secrets: { [SECRET]: expired.key } });
    const { result, after } = ensureKey(before);

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('is expired, unknown or has other tags; replacing it');
    expect(headscaleCalls()).toContain('headscale preauthkeys create -u 1 --reusable --expiration 87600h -o json');
    expect(after.secrets[SECRET]).toBe(createdKey(before, after).key);
  });

  test.each([
    ['of another user', preauthKey({ id: 3, user: OTHER_USER.id })],
    ['that is used and single-use', preauthKey({ id: 3, reusable: false, used: true })],
    ['that headscale no longer knows', preauthKey({ id: 99 })],
  ])('replaces a key %s', (_case, key) => {
    const before = cluster({
      users: [SYSTEM_USER, OTHER_USER],
      keys: key.id === 99 ? [] : [key],
      secrets: { [SECRET]: key.key },
    });
    const { result, after } = ensureKey(before);

    expect(result.status).toBe(0);
    expect(after.secrets[SECRET]).toBe(createdKey(before, after).key);
  });

  test('keeps a key that never expires', () => {
    const key = preauthKey({ id: 3, expiration: null });
    const { result } = ensureKey(cluster({ users: [SYSTEM_USER], keys: [key], secrets: { [SECRET]: key.key } }));

    expect(result.status).toBe(0);
    expect(applyCalls()).toEqual([]);
  });

  test('reuses a valid key that Headscale lists in full instead of creating one', () => {
    const legacy = preauthKey({ id: 5, key: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6', listedInFull: true });
    const { result, after } = ensureKey(cluster({ users: [SYSTEM_USER], keys: [legacy] }));

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('reusing preauth key 5');
    expect(headscaleCalls()).not.toContainEqual(expect.stringContaining('preauthkeys create'));
    expect(after.secrets[SECRET]).toBe(legacy.key);
  });

  describe('KEY_TAGS', () => {
    test('passes the tags to the new key', () => {
      const before = cluster({ users: [SYSTEM_USER] });
      const { result, after } = ensureKey(before, { KEY_TAGS: 'tag:in-cluster-client' });

      expect(result.status).toBe(0);
      expect(headscaleCalls()).toContain(
        'headscale preauthkeys create -u 1 --reusable --expiration 87600h --tags tag:in-cluster-client -o json',
      );
      expect(createdKey(before, after).tags).toEqual(['tag:in-cluster-client']);
    });

    test('passes no --tags when empty', () => {
      const { result } = ensureKey(cluster({ users: [SYSTEM_USER] }), { KEY_TAGS: '' });

      expect(result.status).toBe(0);
      expect(headscaleCalls()).not.toContainEqual(expect.stringContaining('--tags'));
    });

    test('keeps a key with the same tags in another order', () => {
      const key = preauthKey({ id: 3, tags: ['tag:b', 'tag:a'] });
      const { result } = ensureKey(cluster({ users: [SYSTEM_USER], keys: [key], secrets: { [SECRET]: key.key } }), {
        KEY_TAGS: 'tag:a,tag:b',
      });

      expect(result.status).toBe(0);
      expect(applyCalls()).toEqual([]);
    });

    test('keeps a key with the tags and no user, which Headscale 0.28 allows', () => {
      const key = preauthKey({ id: 3, user: null, tags: ['tag:in-cluster-client'] });
      const { result } = ensureKey(cluster({ users: [SYSTEM_USER], keys: [key], secrets: { [SECRET]: key.key } }), {
        KEY_TAGS: 'tag:in-cluster-client',
      });

      expect(result.status).toBe(0);
      expect(applyCalls()).toEqual([]);
    });

    test('replaces a key whose tags differ', () => {
      const untagged = preauthKey({ id: 3 });
      const before = cluster({ users: [SYSTEM_USER], keys: [untagged], secrets: { [SECRET]: untagged.key } });
      const { result, after } = ensureKey(before, { KEY_TAGS: 'tag:in-cluster-client' });

      expect(result.status).toBe(0);
      expect(createdKey(before, after).tags).toEqual(['tag:in-cluster-client']);
      expect(after.secrets[SECRET]).not.toBe(untagged.key);
    });
  });

  describe('waiting for the server', () => {
    test('fails naming the selector and namespace when no server pod becomes ready', () => {
      const started = Date.now();
      const { result } = ensureKey(cluster({ pods: [{ name: SERVER_POD, ready: false }] }), {
        SERVER_WAIT_SECONDS: '10',
      });

      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(
        `no Ready Headscale pod matches selector '${SELECTOR}' in namespace '${NAMESPACE}' after 10s`,
      );
      expect(sandbox.callsOf('kubectl get pods')).toHaveLength(3);
      expect(sandbox.callsOf('sleep')).toEqual(['sleep 5', 'sleep 5']);
      expect(headscaleCalls()).toEqual([]);
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    test('looks for pods with the selector in the namespace', () => {
      const { result } = ensureKey(cluster({ namespace: 'elsewhere' }), { SERVER_WAIT_SECONDS: '0' });

      expect(result.status).not.toBe(0);
      expect(sandbox.callsOf('kubectl get pods')).toEqual([
        expect.stringMatching(new RegExp(`^kubectl get pods -n ${NAMESPACE} -l ${SELECTOR} -o jsonpath=`)),
      ]);
    });

    test('polls until a server pod is ready', () => {
      const { result } = ensureKey(cluster({ pods: [{ name: SERVER_POD, readyFromPoll: 3 }] }));

      expect(result.status).toBe(0);
      expect(sandbox.callsOf('kubectl get pods')).toHaveLength(3);
      expect(result.stdout).toContain(`using server pod ${SERVER_POD}`);
    });

    test('skips a ready pod that is terminating', () => {
      const pods = [
        { name: 'tailnet-headscale-old', ready: true, terminating: true },
        { name: SERVER_POD, ready: true },
      ];
      const { result } = ensureKey(cluster({ pods }));

      expect(result.status).toBe(0);
      expect(sandbox.callsOf('kubectl exec').every((call) => call.includes(` ${SERVER_POD} `))).toBe(true);
    });
  });

  describe('creating the key', () => {
    test('retries a failed creation', () => {
      const before = cluster({ users: [SYSTEM_USER], failingKeyCreations: 2 });
      const { result, after } = ensureKey(before);

      expect(result.status).toBe(0);
      expect(headscaleCalls().filter((call) => call.includes('preauthkeys create'))).toHaveLength(3);
      expect(result.stderr).toContain('creating a preauth key failed (attempt 2 of 5); retrying in 5s');
      expect(after.secrets[SECRET]).toBe(createdKey(before, after).key);
    });

    test('fails after CREATE_ATTEMPTS failed tries', () => {
      const { result, after } = ensureKey(cluster({ users: [SYSTEM_USER], failingKeyCreations: 100 }), {
        CREATE_ATTEMPTS: '3',
        RETRY_DELAY_SECONDS: '2',
      });

      expect(result.status).not.toBe(0);
      expect(headscaleCalls().filter((call) => call.includes('preauthkeys create'))).toHaveLength(3);
      expect(sandbox.callsOf('sleep')).toEqual(['sleep 2', 'sleep 2']);
      expect(result.stderr).toContain('could not create a preauth key for user headscale-system in 3 attempts');
      expect(applyCalls()).toEqual([]);
      expect(after.secrets).toEqual({});
    });
  });

  describe('configuration errors', () => {
    test.each(Object.keys(REQUIRED_ENV))('fails without %s', (name) => {
      const env: Record<string, string> = { ...REQUIRED_ENV };
      delete env[name];
      sandbox.writeState(cluster());
      const result = sandbox.run(SCRIPT, env);

      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(`environment variable ${name} is required`);
      expect(sandbox.calls()).toEqual([]);
    });

    test.each(['SERVER_WAIT_SECONDS', 'CREATE_ATTEMPTS', 'RETRY_DELAY_SECONDS'])(
      'rejects a %s that is no number',
      (name) => {
        const { result } = ensureKey(cluster(), { [name]: '5m' });

        expect(result.status).not.toBe(0);
        expect(result.stderr).toContain(`${name} must be a whole number, got '5m'`);
      },
    );
  });
});
