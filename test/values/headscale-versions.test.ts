import { SERVER_IMAGE } from '../../src/values/defaults';
import {
  clientVersionProblem,
  configKeyDefault,
  configVersionFindings,
  readsConfigKey,
  detectHeadscaleVersion,
  environmentKeyNote,
  parseVersion,
  statedVersionProblem,
} from '../../src/values/headscale-versions';
import { parseValues } from '../../src/chart/parse-values';
import { problems, warnings } from '../support/problems';

describe('detectHeadscaleVersion', () => {
  it.each([
    ['v0.29.2', '0.29'],
    ['0.29.2', '0.29'],
    ['v0.29.2-debug', '0.29'],
    ['v0.28.0', '0.28'],
    ['0.27.1', '0.27'],
    ['v0.26.1-debug', '0.26'],
    ['0.29', '0.29'],
  ])('reads %s as Headscale %s, without a warning', (tag, version) => {
    expect(detectHeadscaleVersion({ tag })).toEqual({ version });
  });

  it('reads the default image as the newest version it knows', () => {
    expect(detectHeadscaleVersion(SERVER_IMAGE)).toEqual({ version: '0.29' });
  });

  it('assumes the newest version for a tag that names none, and says how to state it', () => {
    const detected = detectHeadscaleVersion({ tag: 'latest' });
    expect(detected.version).toBe('0.29');
    expect(detected.warning?.path).toBe('image.tag');
    expect(detected.warning?.message).toContain('set image.tag to a version tag such as v0.29.2');
    expect(detected.warning?.message).toContain('headscaleVersion: "0.29"');
  });

  it("takes a digest's tag for its version but warns that the digest decides", () => {
    const pinned = detectHeadscaleVersion({ tag: 'v0.28.0@sha256:0123' });
    expect(pinned.version).toBe('0.28');
    expect(pinned.warning?.message).toContain('pins a digest');
    expect(detectHeadscaleVersion({ tag: 'main@sha256:0123' }).version).toBe('0.29');
  });

  it('checks versions it does not know as the nearest it knows, with a warning', () => {
    expect(detectHeadscaleVersion({ tag: 'v0.30.0' })).toMatchObject({
      version: '0.29',
      warning: { path: 'image.tag', message: expect.stringContaining('is Headscale 0.30') },
    });
    expect(detectHeadscaleVersion({ tag: 'v0.25.1' }).version).toBe('0.26');
  });

  it('follows headscaleVersion when set, silencing the warning, and refuses one that contradicts the tag', () => {
    expect(detectHeadscaleVersion({ tag: 'latest' }, '0.28')).toEqual({ version: '0.28' });
    expect(detectHeadscaleVersion({ tag: 'v0.28.0@sha256:0123' }, '0.28.0')).toEqual({ version: '0.28' });
    expect(detectHeadscaleVersion({ tag: 'v0.29.2' }, '0.28').problem).toEqual({
      path: 'headscaleVersion',
      message: expect.stringContaining('is 0.28 but image.tag "v0.29.2" is Headscale 0.29'),
    });
  });
});

describe('parseVersion and statedVersionProblem', () => {
  it('parses version tags and nothing else', () => {
    expect(parseVersion('v1.84.0')).toEqual({ major: 1, minor: 84 });
    expect(['latest', 'stable', 'v1', 'sha-0123', '0.29.2 ', 'unstable-v1.85.0'].map(parseVersion)).toEqual(
      Array(6).fill(undefined),
    );
  });

  it('takes an empty headscaleVersion or a version the checks know', () => {
    expect(['', '0.26', '0.29.2', 'v0.28'].map(statedVersionProblem)).toEqual(Array(4).fill(undefined));
    expect(statedVersionProblem('0.25')).toBe(
      'expected a Headscale version the checks know: 0.26, 0.27, 0.28 or 0.29, such as "0.29" (got "0.25")',
    );
  });
});

describe('configVersionFindings', () => {
  const config = {
    randomize_client_port: true,
    oidc: { expiry: '180d', email_verified_required: true },
    ephemeral_node_inactivity_timeout: '30m',
    node: { expiry: '90d' },
    trusted_proxies: ['10.0.0.0/8'],
  };

  it('refuses on 0.29 the keys it removed, and warns about the deprecated one', () => {
    const { problems: refused, warnings: warned } = configVersionFindings(config, '0.29');
    expect(refused.map((f) => f.at.join('.'))).toEqual(['randomize_client_port', 'oidc.expiry']);
    expect(refused[0].message).toBe(
      'Headscale 0.29 refuses this key and exits at start-up; it moved into the policy as randomizeClientPort (policy.content.randomizeClientPort: true)',
    );
    expect(warned.map((f) => f.at.join('.'))).toEqual(['ephemeral_node_inactivity_timeout']);
  });

  it('warns on 0.28 that the keys new in 0.29 are ignored', () => {
    const { problems: refused, warnings: warned } = configVersionFindings(config, '0.28');
    expect(refused).toEqual([]);
    expect(warned.map((f) => [f.at.join('.'), f.message])).toEqual([
      [
        'node.expiry',
        expect.stringContaining("is new in Headscale 0.29: Headscale 0.28 doesn't know it and ignores it"),
      ],
      ['trusted_proxies', expect.stringContaining('is new in Headscale 0.29')],
    ]);
    expect(configVersionFindings(config, '0.27').warnings.map((f) => f.at.join('.'))).toContain(
      'oidc.email_verified_required',
    );
  });

  it('takes the versions that read a key from the table of the keys each version reads', () => {
    const keys = {
      taildrop: { enabled: false },
      tuning: { register_cache_cleanup: '1m' },
      auto_update: { enabled: true },
    };
    expect(configVersionFindings(keys, '0.27').warnings.map((f) => f.at.join('.'))).toEqual([
      'taildrop.enabled',
      'auto_update.enabled',
    ]);
    expect(configVersionFindings(keys, '0.28').warnings.map((f) => f.at.join('.'))).toEqual(['auto_update.enabled']);
    expect(configVersionFindings(keys, '0.29').warnings).toEqual([
      { at: ['tuning', 'register_cache_cleanup'], message: 'is no longer read by Headscale 0.29, which ignores it' },
    ]);
  });

  it('refuses the keys every version refuses', () => {
    expect(configVersionFindings({ dns: { use_username_in_magic_dns: false } }, '0.26').problems).toEqual([
      { at: ['dns', 'use_username_in_magic_dns'], message: expect.stringContaining('Headscale 0.26 refuses this key') },
    ]);
  });

  it('knows the defaults of each version', () => {
    expect(configKeyDefault('derp.update_frequency', '0.26')).toBeUndefined();
    expect(configKeyDefault('derp.update_frequency', '0.27')).toBe('3h');
    expect(configKeyDefault('node.ephemeral.inactivity_timeout', '0.28')).toBeUndefined();
    expect(configKeyDefault('node.ephemeral.inactivity_timeout', '0.29')).toBe('120s');
    expect(configKeyDefault('ephemeral_node_inactivity_timeout', '0.28')).toBe('120s');
    expect(configKeyDefault('ephemeral_node_inactivity_timeout', '0.29')).toBeUndefined();
    expect(readsConfigKey('ephemeral_node_inactivity_timeout', '0.29')).toBe(true);
    expect(readsConfigKey('taildrop.enabled', '0.27')).toBe(false);
    expect(readsConfigKey('taildrop.enabled', '0.28')).toBe(true);
  });

  it('refuses a removed key coming from the environment', () => {
    expect(environmentKeyNote('oidc.expiry', '0.29').problem).toContain('Headscale 0.29 refuses this key');
    expect(environmentKeyNote('node.expiry', '0.28').warning).toContain('is new in Headscale 0.29');
    expect(environmentKeyNote('oidc.client_secret', '0.29')).toEqual({});
  });
});

describe('clientVersionProblem', () => {
  it("refuses a client older than the version's minimum and lets tags without a version pass", () => {
    expect(clientVersionProblem('v1.78.0', '0.29')).toBe(
      'is Tailscale 1.78, older than 1.80, the oldest client Headscale 0.29 lets register: it would refuse the client (set a tag of v1.80.0 or later)',
    );
    expect(clientVersionProblem('v1.78.0', '0.28')).toBeUndefined();
    expect(clientVersionProblem('v1.72.0', '0.28')).toContain('older than 1.74');
    expect(clientVersionProblem('v1.80.0', '0.29')).toBeUndefined();
    expect(clientVersionProblem('stable', '0.29')).toBeUndefined();
  });
});

describe('the checks by the version of image.tag', () => {
  /** Without the client, whose plain-HTTP login is a warning of its own. */
  const noClient = { client: { enabled: false } };
  const removedKeys = { config: { randomize_client_port: true, oidc: { expiry: '180d' } } };

  it('refuses config.randomize_client_port and config.oidc.expiry on 0.29, naming the key and the version', () => {
    expect(problems(removedKeys)).toEqual([
      'config.randomize_client_port: Headscale 0.29 refuses this key and exits at start-up; it moved into the policy as randomizeClientPort (policy.content.randomizeClientPort: true)',
      'config.oidc.expiry: Headscale 0.29 refuses this key and exits at start-up; use config.node.expiry, which covers every way of registering',
    ]);
  });

  it('accepts them on 0.28', () => {
    expect(warnings({ ...noClient, ...removedKeys, image: { tag: 'v0.28.0' } })).toEqual([]);
  });

  it('refuses oidc.expiry from secretEnv on 0.29', () => {
    expect(problems({ secretEnv: [{ key: 'oidc.expiry', secretName: 'oidc', secretKey: 'expiry' }] })).toEqual([
      expect.stringMatching(/^secretEnv\[0\]\.key: "oidc\.expiry": Headscale 0\.29 refuses this key/),
    ]);
  });

  it('warns about a deprecated key on 0.29 and a new key on 0.28', () => {
    expect(warnings({ ...noClient, config: { ephemeral_node_inactivity_timeout: '30m' } })).toEqual([
      'config.ephemeral_node_inactivity_timeout: is deprecated in Headscale 0.29, which still reads it and warns: move it to config.node.ephemeral.inactivity_timeout',
    ]);
    expect(warnings({ ...noClient, image: { tag: 'v0.28.0' }, config: { trusted_proxies: ['10.0.0.0/8'] } })).toEqual([
      "config.trusted_proxies: is new in Headscale 0.29: Headscale 0.28 doesn't know it and ignores it (earlier versions have no such setting)",
    ]);
  });

  it('refuses Headplane before 0.27 and a key owned by tags alone before 0.28, naming the version', () => {
    const tagged = {
      policy: { enabled: true, content: { tagOwners: { 'tag:ci': ['alice@'] } } },
      preauthKeys: [{ tags: ['tag:ci'], secretName: 'ci-key' }],
    };
    expect(problems({ ...noClient, ...tagged, image: { tag: 'v0.27.1' } })).toEqual([
      'preauthKeys[0].user: is required on Headscale 0.27: a key owned by its tags alone needs Headscale 0.28 or later',
    ]);
    expect(() => parseValues({ ...noClient, ...tagged, image: { tag: 'v0.28.0' } })).not.toThrow();
    expect(problems({ ...noClient, headplane: { enabled: true }, image: { tag: 'v0.26.1' } })).toEqual([
      'headplane.enabled: needs Headscale 0.27 or later, and the image is Headscale 0.26: upgrade Headscale one minor version at a time first',
    ]);
    expect(() => parseValues({ ...noClient, headplane: { enabled: true }, image: { tag: 'v0.27.1' } })).not.toThrow();
  });

  it('types the keys new in 0.29', () => {
    expect(
      problems({ config: { trusted_proxies: ['10.0.0.1'], node: { ephemeral: { inactivity_timeout: '60s' } } } }),
    ).toEqual([
      'config.node.ephemeral.inactivity_timeout: must be more than 65s (got "60s")',
      'config.trusted_proxies[0]: expected a prefix such as 10.0.0.0/8 or 192.0.2.10/32 (got "10.0.0.1")',
    ]);
  });

  it('warns when the tag names no version, and refuses headscaleVersion against the tag', () => {
    expect(warnings({ ...noClient, image: { tag: 'latest' } })).toEqual([
      expect.stringMatching(/^image\.tag: "latest" names no Headscale version/),
    ]);
    expect(warnings({ ...noClient, image: { tag: 'latest' }, headscaleVersion: '0.29' })).toEqual([]);
    expect(problems({ headscaleVersion: '0.28' })).toEqual([
      'headscaleVersion: is 0.28 but image.tag "v0.29.2" is Headscale 0.29: correct one of them, or leave headscaleVersion empty to read the tag',
    ]);
    expect(problems({ headscaleVersion: '1.0' })).toEqual([
      expect.stringMatching(/^headscaleVersion: expected a Headscale version/),
    ]);
  });

  it("refuses a client image older than the version's minimum, at client.image.tag", () => {
    expect(problems({ client: { enabled: true, image: { tag: 'v1.78.0' } } })).toEqual([
      expect.stringMatching(/^client\.image\.tag: is Tailscale 1\.78, older than 1\.80/),
    ]);
    expect(warnings({ image: { tag: 'v0.28.0' }, client: { enabled: false, image: { tag: 'v1.78.0' } } })).toEqual([]);
  });
});
