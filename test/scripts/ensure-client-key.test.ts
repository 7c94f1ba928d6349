import { Sandbox, type ScriptResult } from './harness';

/**
 * One Headscale release of each CLI the script meets (test/scripts/stubs/lib/headscale-cli.js): up
 * to 0.27, keys listed one user at a time and in full; from 0.28 on, every key at once, masked.
 * The stub answers 0.26 as 0.27 and 0.28 as 0.29, so those would repeat the same runs.
 */
const VERSIONS = ['0.27', '0.29'] as const;
type Version = (typeof VERSIONS)[number];
/** From 0.28 on, `preauthkeys list` lists every key; before, one user's (`-u`, required). */
const listsEveryKey = (version: Version) => version === '0.29';

/** The simulated cluster and Headscale server of the kubectl and headscale stubs (state.json). */
interface ClusterState {
  version: Version;
  namespace: string;
  serverSelector: string;
  serverContainer: string;
  pods: { name: string; ready?: boolean; readyFromPoll?: number; terminating?: boolean }[];
  podPolls?: number;
  /** Secret name → plain authkey, or all the Secret's data. */
  secrets: Record<string, string | Record<string, string>>;
  appliedManifests?: string[];
  users: { id: number; name: string; createdAt: number; displayName?: string; email?: string }[];
  keys: PreauthKey[];
  /** How the headscale stub writes its JSON: as the CLI does, or as the REST API's protojson. */
  encoding?: 'protojson';
  /** The API keys `apikeys create` made. */
  apiKeys?: { id: number; key: string; expiration: number }[];
  /** Deployment name → its pod template's annotations. */
  deployments?: Record<string, Record<string, string>>;
  /** The merge patches `kubectl patch deployment` applied. */
  deploymentPatches?: { name: string; patch: unknown }[];
  /** How many of the next `preauthkeys create` calls fail. */
  failingKeyCreations: number;
}

interface PreauthKey {
  id: number;
  user: number | null;
  /** `hskey-auth-<prefix>-<secret>`, which Headscale 0.28 lists masked, or a legacy key listed in full. */
  key: string;
  reusable: boolean;
  ephemeral: boolean;
  used: boolean;
  /** Seconds since the epoch, or null for a key that never expires. */
  expiration: number | null;
  createdAt: number;
  tags: string[];
}

/** An entry of the script's PREAUTH_KEYS. */
interface KeySpec {
  secret: string;
  secretKey?: string;
  user?: string;
  tags?: string[];
  reusable?: boolean;
  ephemeral?: boolean;
  expiration?: string;
  renewBeforeSeconds?: number;
}

const SCRIPT = 'ensure-client-key.sh';
const NAMESPACE = 'tailnet';
const SELECTOR =
  'app.kubernetes.io/name=headscale,app.kubernetes.io/instance=tailnet,app.kubernetes.io/component=server';
const SECRET = 'tailnet-headscale-client-authkey';
const SERVER_POD = 'tailnet-headscale-7d9c5b6f4-x2k8p';
const DAY = 86_400;
const SYSTEM_USER = { id: 1, name: 'headscale-system', createdAt: now() - DAY };
const OTHER_USER = { id: 2, name: 'alice', createdAt: now() - DAY };
/** The in-cluster client's key, as the chart asks for it. */
const CLIENT_KEY: KeySpec = {
  secret: SECRET,
  user: SYSTEM_USER.name,
  tags: [],
  reusable: true,
  ephemeral: false,
  expiration: '87600h',
};

function now(): number {
  return Math.floor(Date.now() / 1000);
}

/** The script's environment for these keys, with the client's user to create. */
function keysEnv(keys: KeySpec[], users: object[] = [{ name: SYSTEM_USER.name }]): Record<string, string> {
  return { USERS: JSON.stringify(users), PREAUTH_KEYS: JSON.stringify(keys) };
}

const REQUIRED_ENV = { NAMESPACE, SERVER_SELECTOR: SELECTOR, PREAUTH_KEYS: JSON.stringify([CLIENT_KEY]) };

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

/** A reusable key of headscale-system that expires in 30 days. */
function preauthKey(overrides: Partial<PreauthKey> & { id: number }): PreauthKey {
  return {
    user: SYSTEM_USER.id,
    key: `hskey-auth-${`key${overrides.id}`.padEnd(12, '_')}-${'s'.repeat(64)}`,
    reusable: true,
    ephemeral: false,
    used: false,
    expiration: now() + 30 * DAY,
    createdAt: now() - DAY,
    tags: [],
    ...overrides,
  };
}

/** A cluster whose server runs `version`, with one ready server pod, no Secrets, users or keys. */
function clusterAt(version: Version, overrides: Partial<ClusterState> = {}): ClusterState {
  return {
    version,
    namespace: NAMESPACE,
    serverSelector: SELECTOR,
    serverContainer: 'headscale',
    pods: [{ name: SERVER_POD, ready: true }],
    secrets: {},
    users: [],
    keys: [],
    failingKeyCreations: 0,
    ...overrides,
  };
}

// Finding the server pod and reading the environment come before any headscale command, so they
// are the same whatever the version: tested once, against the newest.
describe('ensure-client-key.sh, whatever the Headscale version', () => {
  const cluster = (overrides: Partial<ClusterState> = {}) => clusterAt(VERSIONS[VERSIONS.length - 1], overrides);

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
      const { result } = ensureKey(cluster({ pods: [{ name: SERVER_POD, readyFromPoll: 3 }] }), keysEnv([CLIENT_KEY]));

      expect(result.status).toBe(0);
      expect(sandbox.callsOf('kubectl get pods')).toHaveLength(3);
      expect(result.stdout).toContain(`using server pod ${SERVER_POD}`);
    });

    test("waits for the server container's readiness, not the pod's, which a sidecar may hold back", () => {
      const { result } = ensureKey(cluster({ serverContainer: 'server' }), {
        ...keysEnv([CLIENT_KEY]),
        SERVER_CONTAINER: 'server',
      });

      expect(result.status).toBe(0);
      expect(sandbox.callsOf('kubectl get pods')[0]).toContain(
        '{.status.containerStatuses[?(@.name=="server")].ready}',
      );
    });

    test('skips a ready pod that is terminating', () => {
      const pods = [
        { name: 'tailnet-headscale-old', ready: true, terminating: true },
        { name: SERVER_POD, ready: true },
      ];
      const { result } = ensureKey(cluster({ pods }), keysEnv([CLIENT_KEY]));

      expect(result.status).toBe(0);
      expect(sandbox.callsOf('kubectl exec').every((call) => call.includes(` ${SERVER_POD} `))).toBe(true);
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

describe.each(VERSIONS)('ensure-client-key.sh with Headscale %s', (version) => {
  const cluster = (overrides: Partial<ClusterState> = {}) => clusterAt(version, overrides);
  /** The calls that list user 1's keys: one for every key, or a failed one and one with `-u`. */
  const listKeysCalls = listsEveryKey(version)
    ? ['headscale preauthkeys list -o json']
    : ['headscale preauthkeys list -o json', 'headscale preauthkeys list -u 1 -o json'];

  test('creates the user and a reusable key, and writes the key to the Secret', () => {
    const before = cluster();
    const { result, after } = ensureKey(before, keysEnv([CLIENT_KEY]));

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(headscaleCalls()).toEqual([
      'headscale users list -o json',
      'headscale users create headscale-system -o json',
      'headscale users list -o json',
      ...listKeysCalls,
      'headscale preauthkeys create -u 1 --reusable --expiration 87600h -o json',
    ]);
    expect(sandbox.callsOf('kubectl')).toContain(
      `kubectl exec -n ${NAMESPACE} ${SERVER_POD} -c headscale -- headscale users list -o json`,
    );
    const key = createdKey(before, after);
    expect(key).toMatchObject({ user: 1, reusable: true, ephemeral: false, tags: [] });
    expect(key.expiration).toBeGreaterThan(now() + 3649 * DAY);
    expect(after.secrets[SECRET]).toBe(key.key);
    // Only the key: the manifests own the Secret's metadata.
    expect(after.appliedManifests?.[0]).not.toContain('labels:');
    expect(after.appliedManifests?.[0]).toContain(`name: ${SECRET}`);
    expect(result.stdout + result.stderr).not.toContain(key.key);
    expect(result.stdout).toContain(`wrote preauth key ${key.id} to Secret ${SECRET}`);
  });

  test('creates users with their display name and email, and leaves existing users alone', () => {
    const before = cluster({ users: [SYSTEM_USER] });
    const users = [
      { name: SYSTEM_USER.name, displayName: 'Changed' },
      { name: 'bob', displayName: 'Bob B', email: 'bob@example.com' },
    ];
    const { result, after } = ensureKey(before, keysEnv([CLIENT_KEY], users));

    expect(result.status).toBe(0);
    expect(headscaleCalls()).toContain(
      'headscale users create bob --display-name Bob B --email bob@example.com -o json',
    );
    expect(headscaleCalls()).not.toContain(expect.stringContaining('users create headscale-system'));
    expect(after.users).toEqual([
      SYSTEM_USER,
      expect.objectContaining({ name: 'bob', displayName: 'Bob B', email: 'bob@example.com' }),
    ]);
  });

  test('uses the user, expiration, flags and container it is given', () => {
    const before = cluster({
      serverContainer: 'server',
      users: [SYSTEM_USER, { id: 7, name: 'cluster', createdAt: now() }],
    });
    const { result, after } = ensureKey(before, {
      ...keysEnv([{ ...CLIENT_KEY, user: 'cluster', expiration: '720h', reusable: false, ephemeral: true }], []),
      SERVER_CONTAINER: 'server',
    });

    expect(result.status).toBe(0);
    expect(headscaleCalls()).toContain('headscale preauthkeys create -u 7 --ephemeral --expiration 720h -o json');
    const key = createdKey(before, after);
    expect(key).toMatchObject({ user: 7, reusable: false, ephemeral: true });
    expect(after.secrets[SECRET]).toBe(key.key);
  });

  test('keeps a key in each Secret, each of its own user', () => {
    const alicesKey = preauthKey({ id: 1, user: OTHER_USER.id });
    const before = cluster({
      users: [SYSTEM_USER, OTHER_USER],
      keys: [alicesKey],
      secrets: { 'alice-key': alicesKey.key },
    });
    const keys = [CLIENT_KEY, { ...CLIENT_KEY, secret: 'alice-key', user: 'alice' }];
    const { result, after } = ensureKey(before, keysEnv(keys, [{ name: 'alice' }]));

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Secret alice-key holds usable preauth key 1; nothing to do');
    expect(after.secrets['alice-key']).toBe(alicesKey.key);
    expect(createdKey(before, after).user).toBe(SYSTEM_USER.id);
    expect(after.secrets[SECRET]).toBe(createdKey(before, after).key);
  });

  test("writes the key to the Secret's data key it is given, keeping the Secret's other keys", () => {
    const before = cluster({ users: [SYSTEM_USER], secrets: { 'router-env': { OTHER: 'kept' } } });
    const { result, after } = ensureKey(
      before,
      keysEnv([{ ...CLIENT_KEY, secret: 'router-env', secretKey: 'TS.AUTHKEY' }], []),
    );

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(after.secrets['router-env']).toEqual({ OTHER: 'kept', 'TS.AUTHKEY': createdKey(before, after).key });
    expect(sandbox.callsOf('kubectl get secret')).toEqual([
      `kubectl get secret router-env -n ${NAMESPACE} --ignore-not-found -o jsonpath={.data.TS\\.AUTHKEY}`,
    ]);
  });

  test('fails naming a user that neither exists nor is to be created, after ensuring the other keys', () => {
    const before = cluster({ users: [SYSTEM_USER] });
    const keys = [{ ...CLIENT_KEY, secret: 'carol-key', user: 'carol' }, CLIENT_KEY];
    const { result, after } = ensureKey(before, keysEnv(keys, []));

    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('Secret carol-key: Headscale has no user carol; add it to the users to create');
    expect(result.stderr).toContain('1 of 2 preauth key(s) could not be ensured');
    expect(after.secrets[SECRET]).toBe(createdKey(before, after).key);
    expect(after.secrets['carol-key']).toBeUndefined();
  });

  test.each([undefined, 'protojson'] as const)('changes nothing when the Secret holds a valid key (%s)', (encoding) => {
    const valid = preauthKey({ id: 4 });
    const before = cluster({
      encoding,
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
  });

  test.each([undefined, 'protojson'] as const)('replaces a key that has expired (%s)', (encoding) => {
    const expired = preauthKey({ id: 3, expiration: now() - 60 });
    const before = cluster({ encoding, users: [SYSTEM_USER], keys: [expired], secrets: { [SECRET]: expired.key } });
    const { result, after } = ensureKey(before);

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('is expired, expiring, unknown or has other settings; replacing it');
    expect(headscaleCalls()).toContain('headscale preauthkeys create -u 1 --reusable --expiration 87600h -o json');
    expect(after.secrets[SECRET]).toBe(createdKey(before, after).key);
  });

  test('replaces a key that expires within renewBeforeSeconds, and keeps one that does not', () => {
    const key = preauthKey({ id: 3, expiration: now() + 5 * DAY });
    const state = cluster({ users: [SYSTEM_USER], keys: [key], secrets: { [SECRET]: key.key } });

    expect(ensureKey(state, keysEnv([{ ...CLIENT_KEY, renewBeforeSeconds: 4 * DAY }])).result.status).toBe(0);
    expect(applyCalls()).toEqual([]);

    const { result, after } = ensureKey(state, keysEnv([{ ...CLIENT_KEY, renewBeforeSeconds: 6 * DAY }]));
    expect(result.status).toBe(0);
    expect(after.secrets[SECRET]).toBe(createdKey(state, after).key);
  });

  test.each([
    ['of another user', preauthKey({ id: 3, user: OTHER_USER.id })],
    ['that is used and single-use', preauthKey({ id: 3, reusable: false, used: true })],
    ['that is ephemeral', preauthKey({ id: 3, ephemeral: true })],
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
    const legacy = preauthKey({ id: 5, key: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6' });
    const { result, after } = ensureKey(cluster({ users: [SYSTEM_USER], keys: [legacy] }));

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('reusing preauth key 5');
    expect(headscaleCalls()).not.toContainEqual(expect.stringContaining('preauthkeys create'));
    expect(after.secrets[SECRET]).toBe(legacy.key);
  });

  describe('tags', () => {
    const tagged = (tags: string[]) => keysEnv([{ ...CLIENT_KEY, tags }]);

    test('passes the tags to the new key', () => {
      const before = cluster({ users: [SYSTEM_USER] });
      const { result, after } = ensureKey(before, tagged(['tag:in-cluster-client']));

      expect(result.status).toBe(0);
      expect(headscaleCalls()).toContain(
        'headscale preauthkeys create -u 1 --reusable --expiration 87600h --tags tag:in-cluster-client -o json',
      );
      expect(createdKey(before, after).tags).toEqual(['tag:in-cluster-client']);
    });

    test('passes no --tags when there are none', () => {
      const { result } = ensureKey(cluster({ users: [SYSTEM_USER] }), tagged([]));

      expect(result.status).toBe(0);
      expect(headscaleCalls()).not.toContainEqual(expect.stringContaining('--tags'));
    });

    test('keeps a key with the same tags in another order', () => {
      const key = preauthKey({ id: 3, tags: ['tag:b', 'tag:a'] });
      const state = cluster({ users: [SYSTEM_USER], keys: [key], secrets: { [SECRET]: key.key } });
      const { result } = ensureKey(state, tagged(['tag:a', 'tag:b']));

      expect(result.status).toBe(0);
      expect(applyCalls()).toEqual([]);
    });

    if (listsEveryKey(version)) {
      test('keeps a key with the tags and no user, which Headscale 0.28 allows', () => {
        const key = preauthKey({ id: 3, user: null, tags: ['tag:in-cluster-client'] });
        const state = cluster({ users: [SYSTEM_USER], keys: [key], secrets: { [SECRET]: key.key } });
        const { result } = ensureKey(state, tagged(['tag:in-cluster-client']));

        expect(result.status).toBe(0);
        expect(applyCalls()).toEqual([]);
      });
    }

    test('replaces a key whose tags differ', () => {
      const untagged = preauthKey({ id: 3 });
      const before = cluster({ users: [SYSTEM_USER], keys: [untagged], secrets: { [SECRET]: untagged.key } });
      const { result, after } = ensureKey(before, tagged(['tag:in-cluster-client']));

      expect(result.status).toBe(0);
      expect(createdKey(before, after).tags).toEqual(['tag:in-cluster-client']);
      expect(after.secrets[SECRET]).not.toBe(untagged.key);
    });

    const serverKey: KeySpec = { secret: 'server-key', tags: ['tag:server'], reusable: true, expiration: '24h' };
    if (listsEveryKey(version)) {
      test('creates a key with tags and no user', () => {
        const before = cluster({ users: [SYSTEM_USER] });
        const { result, after } = ensureKey(before, keysEnv([serverKey], []));

        expect(result.status).toBe(0);
        expect(headscaleCalls()).toContain(
          'headscale preauthkeys create --reusable --expiration 24h --tags tag:server -o json',
        );
        expect(createdKey(before, after)).toMatchObject({ user: null, tags: ['tag:server'] });
        expect(after.secrets['server-key']).toBe(createdKey(before, after).key);
      });
    } else {
      test('refuses a key with tags and no user, which needs Headscale 0.28', () => {
        const { result, after } = ensureKey(cluster({ users: [SYSTEM_USER] }), keysEnv([serverKey], []));

        expect(result.status).not.toBe(0);
        expect(result.stderr).toContain('Secret server-key: a key with tags and no user needs Headscale 0.28 or later');
        expect(after.keys).toEqual([]);
      });
    }
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

  describe("Headplane's Secret", () => {
    const HEADPLANE = 'tailnet-headscale-headplane';
    const ANNOTATION = 'cdk8s-headscale/headplane-secret-rotated-at';
    const headplaneEnv = {
      ...keysEnv([], []),
      HEADPLANE_SECRET: HEADPLANE,
      API_KEY_EXPIRATION: '2160h',
      API_KEY_LIFETIME_SECONDS: String(90 * DAY),
      API_KEY_RENEW_BEFORE_SECONDS: String(9 * DAY),
    };
    const restartEnv = { ...headplaneEnv, HEADPLANE_DEPLOYMENT: HEADPLANE };
    const secretOf = (state: ClusterState) => state.secrets[HEADPLANE] as Record<string, string>;
    /** Headplane's Deployment and another one, which the job must never touch. */
    const deployments = (annotations: Record<string, string> = {}) => ({
      [HEADPLANE]: annotations,
      'tailnet-headscale-ui': {},
    });
    const kept = {
      cookie_secret: 'c'.repeat(32),
      api_key: 'hskey-api-kept',
      api_key_expires: String(now() + 10 * DAY),
      rotated_at: '2026-01-01T03:00:00Z',
    };

    test("makes a 32-character cookie secret and an API key, and writes them with the key's end", () => {
      const { result, after } = ensureKey(cluster({ secrets: { [HEADPLANE]: {} } }), headplaneEnv);

      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(headscaleCalls()).toContain('headscale apikeys create --expiration 2160h -o json');
      const secret = secretOf(after);
      expect(secret.cookie_secret).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(secret.api_key).toBe(after.apiKeys?.[0].key);
      expect(Number(secret.api_key_expires)).toBeGreaterThanOrEqual(now() + 90 * DAY - 5);
      expect(Date.parse(secret.rotated_at) / 1000).toBeGreaterThanOrEqual(now() - 5);
      expect(result.stdout + result.stderr).not.toContain(secret.api_key);
      expect(result.stdout + result.stderr).not.toContain(secret.cookie_secret);
    });

    test('keeps both while the key has more than API_KEY_RENEW_BEFORE_SECONDS left', () => {
      const { result, after } = ensureKey(cluster({ secrets: { [HEADPLANE]: kept } }), headplaneEnv);

      expect(result.status).toBe(0);
      expect(headscaleCalls()).not.toContainEqual(expect.stringContaining('apikeys'));
      expect(applyCalls()).toEqual([]);
      expect(secretOf(after)).toEqual(kept);
    });

    test('replaces the API key once no more than API_KEY_RENEW_BEFORE_SECONDS is left, and keeps the cookie secret', () => {
      const { result, after } = ensureKey(cluster({ secrets: { [HEADPLANE]: kept } }), {
        ...headplaneEnv,
        API_KEY_RENEW_BEFORE_SECONDS: String(10 * DAY + 60),
      });

      expect(result.status).toBe(0);
      expect(secretOf(after).cookie_secret).toBe(kept.cookie_secret);
      expect(secretOf(after).api_key).toBe(after.apiKeys?.[0].key);
      expect(secretOf(after).rotated_at).not.toBe(kept.rotated_at);
    });

    test("restarts Headplane's Deployment after a rotation, and no other", () => {
      const old = { ...kept, api_key_expires: String(now() + 8 * DAY) };
      const { result, after } = ensureKey(
        cluster({ secrets: { [HEADPLANE]: old }, deployments: deployments({ [ANNOTATION]: old.rotated_at }) }),
        restartEnv,
      );

      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const rotatedAt = secretOf(after).rotated_at;
      expect(rotatedAt).not.toBe(old.rotated_at);
      expect(after.deploymentPatches).toEqual([
        { name: HEADPLANE, patch: { spec: { template: { metadata: { annotations: { [ANNOTATION]: rotatedAt } } } } } },
      ]);
      expect(after.deployments).toEqual({ ...deployments({ [ANNOTATION]: rotatedAt }) });
      // The Secret is written before Headplane restarts, so that the new pod reads the new key.
      const calls = sandbox.callsOf('kubectl');
      expect(calls.findIndex((call) => call.startsWith('kubectl apply'))).toBeLessThan(
        calls.findIndex((call) => call.startsWith('kubectl patch')),
      );
      expect(calls.filter((call) => call.startsWith('kubectl patch'))).toEqual([
        `kubectl patch deployment ${HEADPLANE} -n ${NAMESPACE} --field-manager=cdk8s-headscale --type merge -p {"spec":{"template":{"metadata":{"annotations":{"${ANNOTATION}":"${rotatedAt}"}}}}}`,
      ]);
    });

    test('restarts Headplane after the first cookie secret and key too', () => {
      const { result, after } = ensureKey(
        cluster({ secrets: { [HEADPLANE]: {} }, deployments: deployments() }),
        restartEnv,
      );

      expect(result.status).toBe(0);
      expect(after.deploymentPatches?.map((patch) => patch.name)).toEqual([HEADPLANE]);
    });

    test('patches nothing when nothing rotated', () => {
      const { result, after } = ensureKey(
        cluster({ secrets: { [HEADPLANE]: kept }, deployments: deployments({ [ANNOTATION]: kept.rotated_at }) }),
        restartEnv,
      );

      expect(result.status).toBe(0);
      expect(applyCalls()).toEqual([]);
      expect(sandbox.callsOf('kubectl').filter((call) => call.startsWith('kubectl patch'))).toEqual([]);
      expect(after.deploymentPatches).toBeUndefined();
      expect(result.stdout).toContain(
        `Deployment ${HEADPLANE} runs with the Secret of ${kept.rotated_at}; nothing to do`,
      );
    });

    test('patches nothing for a Secret that records no change', () => {
      const { rotated_at: _, ...older } = kept;
      const { result, after } = ensureKey(
        cluster({ secrets: { [HEADPLANE]: older }, deployments: deployments() }),
        restartEnv,
      );

      expect(result.status).toBe(0);
      expect(after.deploymentPatches).toBeUndefined();
    });

    test('restarts Headplane on the next run when the restart after a rotation failed', () => {
      const { result, after } = ensureKey(
        cluster({
          secrets: { [HEADPLANE]: kept },
          deployments: deployments({ [ANNOTATION]: '2025-12-01T03:00:00Z' }),
        }),
        restartEnv,
      );

      expect(result.status).toBe(0);
      expect(applyCalls()).toEqual([]);
      expect(after.deploymentPatches).toEqual([
        {
          name: HEADPLANE,
          patch: { spec: { template: { metadata: { annotations: { [ANNOTATION]: kept.rotated_at } } } } },
        },
      ]);
    });

    test('fails when the Deployment is missing, after writing the Secret', () => {
      const { result, after } = ensureKey(cluster({ secrets: { [HEADPLANE]: {} }, deployments: {} }), restartEnv);

      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(`could not read Deployment ${HEADPLANE}`);
      expect(secretOf(after).api_key).toBe(after.apiKeys?.[0].key);
    });

    test.each(['API_KEY_LIFETIME_SECONDS', 'API_KEY_RENEW_BEFORE_SECONDS'])('fails without %s', (name) => {
      const { result } = ensureKey(cluster(), { ...headplaneEnv, [name]: '' });

      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(
        'HEADPLANE_SECRET needs API_KEY_EXPIRATION, API_KEY_LIFETIME_SECONDS and API_KEY_RENEW_BEFORE_SECONDS',
      );
    });

    test('fails with a Deployment to restart and no Secret', () => {
      const { result } = ensureKey(cluster(), { HEADPLANE_DEPLOYMENT: HEADPLANE });

      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('HEADPLANE_DEPLOYMENT needs HEADPLANE_SECRET');
    });
  });
});
