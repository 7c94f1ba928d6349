import { find, kinds, render } from '../support/render';
import { problemsOf } from '../support/problems';

const escape = (text: string) => text.replace(/[.[\]]/g, '\\$&');
const keyJob = (objects: ReturnType<typeof render>) => objects.find((o) => o.kind === 'Job')!;
const jobEnv = (objects: ReturnType<typeof render>) =>
  Object.fromEntries(
    (keyJob(objects).spec.template.spec.containers[0].env as Array<{ name: string; value?: string }>).map((e) => [
      e.name,
      e.value,
    ]),
  );

describe('users and preauthKeys', () => {
  it('without the client, renders a key job of its own that creates the users and keeps each key in its Secret', () => {
    const objects = render({
      client: { enabled: false },
      users: [{ name: 'alice', displayName: 'Alice', email: 'alice@example.com' }],
      preauthKeys: [
        { user: 'alice', secretName: 'alice-key', reusable: true },
        { tags: ['tag:server'], secretName: 'servers', key: 'TS_AUTHKEY', ephemeral: true, expiration: '24h' },
      ],
      policy: { enabled: true, content: { tagOwners: { 'tag:server': ['alice@'] } } },
    });
    expect(kinds(objects).filter((k) => /^(Secret|Role|ServiceAccount|ConfigMap|CronJob)\//.test(k))).toEqual(
      expect.arrayContaining([
        'ConfigMap/headscale-preauth-keys-script',
        'Role/headscale-preauth-keys',
        'Secret/alice-key',
        'Secret/servers',
        'ServiceAccount/headscale-preauth-keys',
      ]),
    );
    expect(find(objects, 'Secret', 'alice-key')).not.toHaveProperty('data');
    expect(find(objects, 'Role', 'headscale-preauth-keys').rules[0]).toEqual({
      apiGroups: [''],
      resources: ['secrets'],
      verbs: ['get', 'patch'],
      resourceNames: ['alice-key', 'servers'],
    });
    expect(keyJob(objects).metadata.name).toMatch(/^headscale-preauth-keys-[0-9a-f]{8}$/);
    const env = jobEnv(objects);
    expect(JSON.parse(env.USERS!)).toEqual([{ name: 'alice', displayName: 'Alice', email: 'alice@example.com' }]);
    expect(JSON.parse(env.PREAUTH_KEYS!)).toEqual([
      {
        secret: 'alice-key',
        secretKey: 'authkey',
        user: 'alice',
        tags: [],
        reusable: true,
        ephemeral: false,
        expiration: '87600h',
        renewBeforeSeconds: 8760 * 3600,
      },
      {
        secret: 'servers',
        secretKey: 'TS_AUTHKEY',
        tags: ['tag:server'],
        reusable: false,
        ephemeral: true,
        expiration: '24h',
        renewBeforeSeconds: 8640,
      },
    ]);
  });

  it("adds the keys to the client's job and its Role, and renews them with the client's CronJob", () => {
    const objects = render({
      users: [{ name: 'alice' }],
      preauthKeys: [{ user: 'alice', secretName: 'alice-key' }],
      client: { job: { cronjob: { enabled: true } } },
    });
    expect(find(objects, 'Role', 'headscale-client-job').rules[0].resourceNames).toEqual([
      'headscale-client-authkey',
      'alice-key',
    ]);
    expect(JSON.parse(jobEnv(objects).USERS!)).toEqual([{ name: 'headscale-system' }, { name: 'alice' }]);
    const cronEnv = find(objects, 'CronJob', 'headscale-ensure-client-key').spec.jobTemplate.spec.template.spec
      .containers[0].env as Array<{ name: string; value?: string }>;
    expect(cronEnv.find((e) => e.name === 'PREAUTH_KEYS')?.value).toContain('"secret":"alice-key"');
  });

  it("cuts a long release's CronJob name to the 52 characters a CronJob's name may have", () => {
    const releaseName = 'tenant-with-a-long-name-for-its-headscale';
    const objects = render({ client: { enabled: true, job: { cronjob: { enabled: true } } } }, { releaseName });
    const cronJob = objects.find((o) => o.kind === 'CronJob')!;
    expect(cronJob.metadata.name).toBe('tenant-with-a-long-name-for-its-he-ensure-client-key');
    expect(cronJob.metadata.name.length).toBeLessThanOrEqual(52);
  });

  it('renders no key job without the client, users or keys', () => {
    expect(kinds(render({ client: { enabled: false } })).filter((k) => k.startsWith('Job/'))).toEqual([]);
  });

  it('lets a user-only list create users without keys', () => {
    const objects = render({ client: { enabled: false }, users: [{ name: 'bob' }] });
    expect(JSON.parse(jobEnv(objects).PREAUTH_KEYS!)).toEqual([]);
    expect(
      find(objects, 'Role', 'headscale-preauth-keys').rules.map((r: { resources: string[] }) => r.resources),
    ).toEqual([['pods'], ['pods/exec']]);
  });

  it.each([
    [{ users: [{ name: 'a' }] }, 'users[0].name'],
    [{ users: [{ name: 'alice' }, { name: 'alice' }] }, 'users[1].name'],
    [{ users: [{ name: 'alice', displayName: 'Alice\nSmith' }] }, 'users[0].displayName'],
    [{ preauthKeys: [{ user: 'alice', secretName: 'k', key: 'a/b' }] }, 'preauthKeys[0].key'],
    [{ preauthKeys: [{ user: 'alice', secretName: 'k', expiration: '1.5h' }] }, 'preauthKeys[0].expiration'],
    [{ preauthKeys: [{ secretName: 'k', tags: ['web'] }] }, 'preauthKeys[0].tags[0]'],
    [{ preauthKeys: [{ secretName: 'k', tags: ['tag:1web'] }] }, 'preauthKeys[0].tags[0]'],
    [{ preauthKeys: [{ secretName: 'k', tags: ['tag:a,b'] }] }, 'preauthKeys[0].tags[0]'],
    [{ preauthKeys: [{ secretName: 'k' }] }, 'preauthKeys[0].user'],
    [{ image: { tag: 'v0.27.1' }, preauthKeys: [{ secretName: 'k', tags: ['tag:web'] }] }, 'preauthKeys[0].user'],
    [
      {
        preauthKeys: [
          { user: 'alice', secretName: 'k' },
          { user: 'bob', secretName: 'k' },
        ],
      },
      'preauthKeys[1].secretName',
    ],
    [{ preauthKeys: [{ user: 'alice', secretName: 'headscale-client-state' }] }, 'preauthKeys[0].secretName'],
    [{ tls: { secretName: 'tls' }, preauthKeys: [{ user: 'alice', secretName: 'tls' }] }, 'preauthKeys[0].secretName'],
  ])('refuses %j at %s', (values, path) => {
    expect(problemsOf(() => render(values))).toContainEqual(expect.stringMatching(new RegExp(`^${escape(path)}: `)));
  });

  it("accepts a key's tag that the generated policy owns, and any tag without a mounted policy", () => {
    const routes = { client: { advertiseRoutes: ['10.0.0.0/8'] } };
    expect(() =>
      render({ ...routes, preauthKeys: [{ tags: ['tag:in-cluster-client'], secretName: 'k' }] }),
    ).not.toThrow();
    expect(() => render({ preauthKeys: [{ tags: ['tag:anything'], secretName: 'k' }] })).not.toThrow();
  });

  it('accepts user names Headscale accepts: an email, dots, underscores', () => {
    expect(() => render({ users: [{ name: 'alice@example.com' }, { name: 'b.o_b-2' }] })).not.toThrow();
  });
});
