import { policyDocument } from '../../src/derive/policy';
import { formatProblem, problemAt } from '../../src/core/errors';
import { parseValues } from '../../src/chart/parse-values';
import { type HeadscaleVersion, NEWEST_HEADSCALE_VERSION } from '../../src/values/headscale-versions';
import { checkPolicyDocument, tagNameProblem } from '../../src/values/policy';
import { problems } from '../support/problems';

const checkPolicy = (document: unknown, version: HeadscaleVersion = NEWEST_HEADSCALE_VERSION) =>
  checkPolicyDocument(document, version, []).problems;
const policyWarnings = (document: unknown, version: HeadscaleVersion, outsidePrefixes: readonly string[]) =>
  checkPolicyDocument(document, version, outsidePrefixes).warnings;

/** What Headscale would refuse in `document`, as lines. */
const refused = (document: unknown) => checkPolicy(document).map((finding) => formatProblem(problemAt([], finding)));

const withPolicy = (content: unknown) => problems({ policy: { enabled: true, content } });

describe('checkPolicy', () => {
  it('accepts a policy that uses only what it defines', () => {
    expect(
      refused({
        groups: { 'group:admins': ['alice@', 'bob@example.com'] },
        hosts: { nas: '10.0.0.5', lab: '10.1.0.0/16' },
        tagOwners: { 'tag:web': ['group:admins'], 'tag:db': ['tag:web', 'carol@'] },
        acls: [{ action: 'accept', src: ['group:admins', 'autogroup:member', '*'], dst: ['tag:web:80,443', 'nas:22'] }],
        ssh: [{ action: 'accept', src: ['group:admins'], dst: ['tag:db'], users: ['root'], acceptEnv: ['LANG'] }],
        autoApprovers: { routes: { '10.1.2.3/16': ['tag:web'] }, exitNode: ['group:admins'] },
      }),
    ).toEqual([]);
  });

  it('reads keys as Headscale does: case, "_" and "-" ignored, unknown keys refused', () => {
    expect(refused({ ACLs: [], Tag_Owners: {}, 'ssh-tests': [] })).toEqual([]);
    expect(refused({ acls: [{ action: 'accept', ports: ['*:22'] }] })).toEqual([
      'acls[0].ports: unknown field: "ports"',
    ]);
    expect(refused({ acls: [], ACLs: [] })).toEqual([
      'ACLs: parsing policy from bytes: json: duplicate object member name "ACLs"',
    ]);
  });

  it('reads addresses as Go netip does: an IPv6 zone is taken in an alias, not in a prefix', () => {
    expect(refused({ acls: [{ action: 'accept', src: ['fe80::1%eth0'], dst: ['*:*'] }] })).toEqual([]);
    expect(refused({ acls: [{ action: 'accept', src: ['10.0.0.1%eth0'], dst: ['*:*'] }] })).toEqual([
      'acls[0].src[0]: host not defined in policy: "10.0.0.1%eth0"',
    ]);
    expect(
      refused({ hosts: { lab: 'fe80::/64' }, autoApprovers: { routes: { 'fe80::%eth0/64': ['alice@'] } } }),
    ).toEqual([
      'autoApprovers.routes["fe80::%eth0/64"]: parsing policy from bytes: netip.ParsePrefix("fe80::%eth0/64"): invalid prefix',
    ]);
  });

  it('reads null as Go does: an empty list, or an empty string that then fails its checks', () => {
    expect(refused({ groups: null, acls: [{ action: 'accept', src: [null], dst: null }] })).toEqual([
      'acls[0].src[0]: host not defined in policy: ""',
    ]);
    expect(refused({ acls: [{ action: null }] })).toEqual([
      'acls[0].action: parsing policy from bytes: action="null" is not supported: invalid ACL action',
    ]);
  });

  it('stops at the first decoding error, as Headscale does, and names its key path', () => {
    expect(refused({ groups: { 'group:a': ['alice'] }, acls: [{ action: 'deny' }] })).toEqual([
      'groups["group:a"][0]: parsing policy from bytes: username must contain @, got: "alice"',
    ]);
  });

  it('reports every problem Policy.validate finds', () => {
    expect(
      refused({
        acls: [{ action: 'accept', proto: 'icmp', src: ['group:x'], dst: ['tag:web:22'] }],
        ssh: [{ action: 'accept', src: ['tag:web'], dst: ['alice@'] }],
      }),
    ).toEqual([
      'acls[0].src[0]: group not defined in policy: "group:x"',
      'acls[0].dst[0]: dst="tag:web": tag not found: "tag:web"',
      'acls[0].dst[0]: protocol does not support specific ports: "icmp", only "*" is allowed',
      'ssh[0]: users must be specified',
      'ssh[0].src[0]: tag not found: "tag:web"',
      'ssh[0].dst[0]: tags in SSH source cannot access user-owned devices (alice@); use autogroup:tagged or specific tags as destinations instead',
    ]);
  });
});

describe('tagNameProblem', () => {
  it("follows Headscale's tag rule: tag: and a letter after it (0.29)", () => {
    expect(tagNameProblem('tag:web-1')).toBeUndefined();
    expect(tagNameProblem('tag:1web')).toBe('tag names must start with a letter, after \'tag:\' (got "tag:1web")');
    expect(tagNameProblem('web')).toBe('tag must start with \'tag:\', got: "web"');
    expect(tagNameProblem('tag:1web', '0.28')).toBeUndefined();
  });
});

describe('policy.content', () => {
  it('is checked as Headscale checks it, each problem under policy.content', () => {
    expect(withPolicy({ acls: [{ action: 'accept', src: ['group:admins'], dst: ['*:*'] }] })).toEqual([
      'policy.content.acls[0].src[0]: group not defined in policy: "group:admins"',
    ]);
    expect(withPolicy({ acls: [{ action: 'allow' }] })).toEqual([
      'policy.content.acls[0].action: parsing policy from bytes: action="allow" is not supported: invalid ACL action',
    ]);
  });

  it('takes what Headscale takes: keys in another case, SSH acceptEnv', () => {
    const content = {
      ACLs: [{ action: 'accept', src: ['*'], dst: ['*:*'] }],
      ssh: [{ action: 'accept', src: ['alice@'], dst: ['alice@'], users: ['root'], acceptEnv: ['LANG'] }],
    };
    expect(parseValues({ policy: { enabled: true, content } }).policy.content).toEqual(content);
  });

  it('is not checked when it comes from an existing ConfigMap', () => {
    expect(() =>
      parseValues({
        policy: {
          enabled: true,
          configMap: { create: false, name: 'acl' },
          content: { acls: [{ action: 'accept', src: ['group:x'], dst: ['*:*'] }] },
        },
      }),
    ).not.toThrow();
  });

  it("keeps the user's key order in the policy file", () => {
    const values = parseValues({
      policy: {
        enabled: true,
        content: { acls: [{ dst: ['*:*'], src: ['*'], action: 'accept' }], groups: { 'group:a': ['a@'] } },
      },
    });
    expect(JSON.stringify(values.policy.content)).toBe(
      '{"acls":[{"dst":["*:*"],"src":["*"],"action":"accept"}],"groups":{"group:a":["a@"]}}',
    );
  });
});

describe('the generated policy', () => {
  const client = { advertiseRoutes: ['10.96.0.0/12', '0.0.0.0/0', '::/0'], exitNode: true };

  it("passes Headscale's checks on its own", () => {
    const document = policyDocument(parseValues({ client }));
    expect(document.autoApprovers).toEqual({
      routes: {
        '10.96.0.0/12': ['tag:in-cluster-client'],
        '0.0.0.0/0': ['tag:in-cluster-client'],
        '::/0': ['tag:in-cluster-client'],
      },
      exitNode: ['tag:in-cluster-client'],
    });
    expect(refused(document)).toEqual([]);
  });

  it("passes Headscale's checks merged into a user's policy", () => {
    const document = policyDocument(
      parseValues({
        client,
        policy: {
          enabled: true,
          content: {
            groups: { 'group:admins': ['alice@'] },
            tagOwners: { 'tag:in-cluster-client': ['group:admins'] },
            acls: [{ action: 'accept', src: ['group:admins'], dst: ['tag:in-cluster-client:*'] }],
            autoApprovers: { routes: { '10.96.0.0/12': ['group:admins'] } },
          },
        },
      }),
    );
    expect(document.tagOwners).toEqual({ 'tag:in-cluster-client': ['group:admins', 'headscale-system@'] });
    expect(refused(document)).toEqual([]);
  });
});

describe('the policy by Headscale version', () => {
  const refusedOn = (version: HeadscaleVersion, document: unknown) =>
    checkPolicy(document, version).map((finding) => formatProblem(problemAt([], finding)));
  const defined = { groups: { 'group:ops': ['alice@'] }, tagOwners: { 'tag:web': ['group:ops'] } };
  const sections = {
    ...defined,
    grants: [{ src: ['group:ops'], dst: ['tag:web'], ip: ['tcp:443'] }],
    nodeAttrs: [{ target: ['tag:web'], attr: ['randomize-client-port'] }],
    tests: [{ src: 'alice@', accept: ['tag:web:443'] }],
    sshTests: [{ src: 'alice@', dst: ['tag:web'], accept: ['root'] }],
    randomizeClientPort: true,
    ssh: [{ action: 'check', src: ['group:ops'], dst: ['tag:web'], users: ['root'], checkPeriod: '12h' }],
    acls: [{ action: 'accept', src: ['autogroup:danger-all'], dst: ['tag:web:443'] }],
  };

  it("accepts 0.29's sections, SSH check and autogroup:danger-all on 0.29", () => {
    expect(refusedOn('0.29', sections)).toEqual([]);
  });

  it('warns on 0.28 that SSH check rules have no check flow, and refuses the name ipv6-icmp', () => {
    expect(
      policyWarnings({ ...defined, ssh: sections.ssh.map(({ checkPeriod: _, ...rule }) => rule) }, '0.28', []).map(
        (finding) => formatProblem(problemAt([], finding)),
      ),
    ).toEqual([
      'ssh[0].action: is carried out from Headscale 0.29 on: Headscale 0.28 loads the rule but has no check flow to ask the user to authenticate again',
    ]);
    const ipv6Icmp = { acls: [{ action: 'accept', proto: 'ipv6-icmp', src: ['*'], dst: ['*:*'] }] };
    expect(refusedOn('0.29', ipv6Icmp)).toEqual([]);
    expect(refusedOn('0.28', ipv6Icmp)).toEqual([
      'acls[0].proto: parsing policy from bytes: invalid protocol number: "ipv6-icmp" must be a known protocol name or valid protocol number 0-255',
    ]);
  });

  it("refuses 0.29's sections on 0.28 as unknown fields, naming the version that has them", () => {
    expect(refusedOn('0.28', { ...defined, randomizeClientPort: true })).toEqual([
      'randomizeClientPort: unknown field "randomizeClientPort": is new in Headscale 0.29: Headscale 0.28 refuses a policy using it (use a 0.29 image, or remove it)',
    ]);
    expect(refusedOn('0.28', { ...defined, acls: sections.acls })).toEqual([
      'acls[0].src[0]: autogroup not supported for ACL sources: "autogroup:danger-all", can be [autogroup:member autogroup:tagged]',
    ]);
    expect(refusedOn('0.26', { ...defined, grants: [{ whatever: true }] })).toEqual([]);
    expect(refusedOn('0.29', { grants: {} })).toEqual([
      'grants: parsing policy from bytes: json: cannot unmarshal JSON object into Go []v2.Grant',
    ]);
  });

  it('follows tag owners through tags: a cycle is refused on 0.28 only, an undefined tag everywhere', () => {
    const cycle = { tagOwners: { 'tag:a': ['tag:b'], 'tag:b': ['tag:a', 'alice@'] } };
    expect(refusedOn('0.29', cycle)).toEqual([]);
    expect(refusedOn('0.28', cycle)).toEqual(['tagOwners["tag:a"]: circular reference detected: tag:a -> tag:b']);
    expect(refusedOn('0.27', cycle)).toEqual([
      'tagOwners["tag:a"][0]: parsing policy from bytes: invalid owner format: "tag:b"',
    ]);
  });

  it('checks grants as Headscale 0.29 does', () => {
    expect(
      refusedOn('0.29', {
        ...defined,
        grants: [
          { src: ['group:nobody'], dst: ['tag:web', '0.0.0.0/0'], ip: ['tcp:443'] },
          { src: ['*'], dst: ['autogroup:self'], app: { 'https://example.com/cap': [] } },
          { src: ['*'], dst: ['autogroup:internet'], app: { 'tailscale.com/cap/secrets': [] }, via: ['tag:gw'] },
          { src: ['*'], dst: ['autogroup:danger-all'] },
        ],
      }),
    ).toEqual([
      'grants[0].dst[1]: dst "0.0.0.0/0": to allow all IP addresses, use "*" or "autogroup:internet"',
      'grants[0].src[0]: group not defined in policy: "group:nobody"',
      'grants[1].app["https://example.com/cap"]: capability name must have the form {domain}/{path}: "https://example.com/cap"',
      'grants[1].src[0]: autogroup:self can only be used with users, groups, or supported autogroups',
      'grants[2].app["tailscale.com/cap/secrets"]: capability name must not be in the tailscale.com domain: "tailscale.com/cap/secrets" (a grant may give tailscale.com/cap/drive, tailscale.com/cap/relay, tailscale.com/cap/webui, tailscale.com/cap/kubernetes, tailscale.com/cap/tsidp)',
      'grants[2].dst[0]: cannot use app grants with autogroup:internet',
      'grants[2].via[0]: tag "tag:gw" not found',
      'grants[3]: ip and app can not both be empty',
      'grants[3].dst[0]: cannot use autogroup:danger-all as a dst',
    ]);
  });

  it('refuses funnel, ipPool and the role autogroups on 0.29', () => {
    expect(
      refusedOn('0.29', {
        ...defined,
        nodeAttrs: [{ target: ['autogroup:self'], attr: ['funnel'], ipPool: ['100.100.0.0/16'] }],
        acls: [{ action: 'accept', src: ['autogroup:admin'], dst: ['tag:web:*'] }],
      }),
    ).toEqual([
      'acls[0].src[0]: autogroup not supported for ACL sources: "autogroup:admin", can be [autogroup:member autogroup:tagged autogroup:danger-all]',
      'nodeAttrs[0].target[0]: nodeAttrs target does not support this autogroup: "autogroup:self", can be [autogroup:member autogroup:tagged]',
      'nodeAttrs[0].attr[0]: nodeAttrs uses a feature headscale does not yet support: "funnel" tracked in https://github.com/juanfont/headscale/issues/2527',
      'nodeAttrs[0].ipPool: nodeAttrs ipPool requires the IP allocator (https://github.com/juanfont/headscale/issues/2912)',
      'nodeAttrs[0].ipPool[0]: nodeAttrs ipPool must not overlap reserved Tailscale ranges: "100.100.0.0/16"',
    ]);
  });

  it('checks SSH check periods, tests and sshTests', () => {
    expect(
      refusedOn('0.29', {
        ...defined,
        ssh: [
          { action: 'accept', src: ['group:ops'], dst: ['tag:web'], users: ['root'], checkPeriod: '1h' },
          { action: 'check', src: ['group:ops'], dst: ['tag:web'], users: ['root'], checkPeriod: '200h' },
          { action: 'check', src: ['group:ops'], dst: ['tag:web'], users: ['root'], checkPeriod: 'always' },
        ],
        tests: [{ src: 'group:nobody', proto: 'icmp', accept: ['tag:web:80-90'] }, { src: 'alice@' }],
        sshTests: [{ src: 'alice@', dst: ['tag:db'] }],
      }),
    ).toEqual([
      'ssh[0].checkPeriod: checkPeriod is only valid with action "check"',
      'ssh[1].checkPeriod: checkPeriod 200h0m0s is above the max (168h)',
      'tests[0]: test 0: test protocol must be tcp, udp, sctp, or empty: "icmp"',
      'tests[0].accept[0]: test 0, accept "tag:web:80-90": test destination port must be a single port',
      'tests[1]: test 1: test entry must have at least one of "accept" or "deny"',
      'sshTests[0].dst[0]: sshTest 0: SSH tests dst contains unknown tag "tag:db"',
    ]);
  });

  it('warns on 0.29 that proto icmp is ICMPv4 only, and that * leaves out prefixes outside the tailnet ranges', () => {
    const policy = {
      acls: [{ action: 'accept' as const, proto: 'icmp', src: ['*'], dst: ['*:*'] }],
      grants: [{ src: ['alice@'], dst: ['*'], ip: ['icmp:*'] }],
    };
    const warned = (version: HeadscaleVersion, outside: string[]) =>
      policyWarnings(policy, version, outside).map((finding) => formatProblem(problemAt([], finding)));
    expect(warned('0.29', [])).toEqual([
      'acls[0].proto: means ICMPv4 only in Headscale 0.29: add a rule with proto ipv6-icmp (58) for ICMPv6',
      'grants[0].ip[0]: means ICMPv4 only in Headscale 0.29: add a rule with proto ipv6-icmp (58) for ICMPv6',
    ]);
    expect(warned('0.29', ['10.0.0.0/8']).slice(2)).toEqual([
      'acls[0].src[0]: means the tailnet\'s ranges 100.64.0.0/10 and fd7a:115c:a1e0::/48 in Headscale 0.29, not "10.0.0.0/8" from config.prefixes: name those prefixes (or autogroup:danger-all as a source)',
      expect.stringMatching(/^acls\[0\]\.dst\[0\]: means the tailnet's ranges/),
      expect.stringMatching(/^grants\[0\]\.dst\[0\]: means the tailnet's ranges/),
    ]);
    expect(warned('0.28', ['10.0.0.0/8'])).toEqual([]);
  });
});
