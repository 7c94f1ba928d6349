import { policyDocument } from '../../src/derive/policy';
import { formatProblem, problemAt } from '../../src/values/errors';
import { parseValues } from '../../src/chart/parse-values';
import type { HeadscaleVersion } from '../../src/values/headscale-versions';
import { checkPolicy, policySchema, policyWarnings } from '../../src/values/policy';
import { problems } from '../support/problems';

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
        acls: [
          {
            action: 'accept',
            src: ['group:admins', 'autogroup:member', '10.0.0.0/8', '*'],
            dst: [
              'tag:web:80,443',
              'nas:22',
              'lab:1000-2000',
              'autogroup:internet:*',
              'autogroup:self:*',
              '*:*',
              'fd7a:115c:a1e0::1:22',
            ],
            '# why': 'admins',
          },
          { action: 'accept', proto: 'icmp', src: ['tag:db'], dst: ['100.64.0.0/10:*'] },
        ],
        ssh: [
          { action: 'check', src: ['autogroup:member'], dst: ['autogroup:self'], users: ['autogroup:nonroot', 'root'] },
        ],
        autoApprovers: { routes: { '10.0.0.0/8': ['tag:web', 'group:admins', 'alice@'] }, exitNode: ['tag:db'] },
      }),
    ).toEqual([]);
  });

  it('refuses unknown keys at the top level and in rules', () => {
    expect(refused({ test: [], acl: [] })).toEqual([
      'test: unknown key (did you mean "tests"?)',
      'acl: unknown key (did you mean "acls"?)',
    ]);
    expect(refused({ acls: [{ action: 'accept', src: ['*'], dst: ['*:*'], dest: ['*:*'] }] })).toEqual([
      'acls[0].dest: unknown key (Headscale refuses it; a comment key starts with "#") (did you mean "dst"?)',
    ]);
  });

  it('knows only the action accept in ACLs, and accept or check in SSH rules', () => {
    expect(refused({ acls: [{ action: 'allow', src: ['*'], dst: ['*:*'] }], ssh: [{ action: 'deny' }] })).toEqual([
      'acls[0].action: expected "accept", got "allow"',
      'ssh[0].action: expected "accept" or "check", got "deny"',
    ]);
  });

  it('requires users to contain @, group names to start with group:, and groups to hold users only', () => {
    expect(refused({ groups: { admins: ['alice@'], 'group:ops': ['bob', 'group:admins'] } })).toEqual([
      'groups.admins: group names start with "group:" (got "admins"; expected "group:admins")',
      'groups["group:ops"][0]: expected a user, which contains "@" (got "bob"; write "bob@" for a user without a domain)',
      'groups["group:ops"][1]: groups hold users only, no nested groups (got "group:admins")',
    ]);
  });

  it('requires every tag used to be owned in tagOwners, and every group and host used to be defined', () => {
    expect(
      refused({
        tagOwners: { web: ['alice@'], 'tag:db': ['group:dba', 'tag:nope', 'autogroup:member'] },
        acls: [{ action: 'accept', src: ['group:nope', 'tag:ghost', 'nas'], dst: ['tag:ghost:22'] }],
        autoApprovers: { routes: { '10.0.0.0/8': ['tag:ghost'] }, exitNode: ['group:nope'] },
      }),
    ).toEqual([
      'tagOwners.web: tags start with "tag:" (got "web"; expected "tag:web")',
      'tagOwners["tag:db"][0]: is not defined in groups (got "group:dba")',
      'tagOwners["tag:db"][1]: is not owned in tagOwners: every tag used must be defined there (got "tag:nope")',
      'tagOwners["tag:db"][2]: is not allowed here: no autogroup is allowed here (got "autogroup:member")',
      'acls[0].src[0]: is not defined in groups (got "group:nope")',
      'acls[0].src[1]: is not owned in tagOwners: every tag used must be defined there (got "tag:ghost")',
      'acls[0].src[2]: is not defined in hosts (got "nas")',
      'acls[0].dst[0]: is not owned in tagOwners: every tag used must be defined there (got "tag:ghost")',
      'autoApprovers.routes["10.0.0.0/8"][0]: is not owned in tagOwners: every tag used must be defined there (got "tag:ghost")',
      'autoApprovers.exitNode[0]: is not defined in groups (got "group:nope")',
    ]);
  });

  it('requires destinations as alias:ports', () => {
    expect(
      refused({
        acls: [
          {
            action: 'accept',
            src: ['*'],
            dst: ['alice@', 'alice@:http', 'alice@:70000', 'alice@:443-80', 'alice@:22,'],
          },
        ],
      }),
    ).toEqual([
      'acls[0].dst[0]: needs ports: expected alias:ports, such as "alice@:*" (got "alice@")',
      'acls[0].dst[1]: has invalid ports "http": expected *, a port, a range such as 80-443, or a comma-separated list (got "alice@:http")',
      'acls[0].dst[2]: has invalid ports "70000": expected *, a port, a range such as 80-443, or a comma-separated list (got "alice@:70000")',
      'acls[0].dst[3]: has invalid ports "443-80": expected *, a port, a range such as 80-443, or a comma-separated list (got "alice@:443-80")',
      'acls[0].dst[4]: has invalid ports "22,": expected *, a port, a range such as 80-443, or a comma-separated list (got "alice@:22,")',
    ]);
  });

  it('knows the autogroups and where each may be used', () => {
    expect(
      refused({
        acls: [
          {
            action: 'accept',
            src: ['autogroup:internet', 'autogroup:self', 'autogroup:admin'],
            dst: ['autogroup:nonroot:*'],
          },
        ],
        ssh: [
          {
            action: 'accept',
            src: ['autogroup:self'],
            dst: ['autogroup:internet', '10.0.0.1'],
            users: ['autogroup:member'],
          },
        ],
      }),
    ).toEqual([
      'acls[0].src[0]: is not allowed here: expected autogroup:member or autogroup:tagged here (got "autogroup:internet")',
      'acls[0].src[1]: is not allowed here: expected autogroup:member or autogroup:tagged here (got "autogroup:self")',
      'acls[0].src[2]: is a Tailscale role, and Headscale 0.29 has no roles: it refuses this autogroup (name the users or a group instead) (got "autogroup:admin")',
      'acls[0].dst[0]: is not allowed here: expected autogroup:internet, autogroup:member, autogroup:tagged or autogroup:self here (got "autogroup:nonroot")',
      'ssh[0].src[0]: is not allowed here: expected autogroup:member or autogroup:tagged here (got "autogroup:self")',
      'ssh[0].dst[0]: is not allowed here: expected autogroup:member, autogroup:tagged or autogroup:self here (got "autogroup:internet")',
      'ssh[0].dst[1]: expected a user, group or tag here, not an address (got "10.0.0.1")',
      'ssh[0].users[0]: expected a local user name or autogroup:nonroot (got "autogroup:member")',
    ]);
  });

  it('requires host addresses, route prefixes and protocols Headscale can read', () => {
    expect(
      refused({
        hosts: { nas: 'nas.local', 'a@b': '10.0.0.1' },
        acls: [{ action: 'accept', proto: 'smtp', src: ['*'], dst: ['*:*'] }],
        autoApprovers: { routes: { '10.0.0.1/8': ['alice@'], lan: ['alice@'] } },
      }),
    ).toEqual([
      'hosts.nas: expected an IP address or prefix, such as 10.0.0.1 or 10.0.0.0/8 (got "nas.local")',
      'hosts["a@b"]: host names contain neither "@" nor ":" (got "a@b")',
      'acls[0].proto: expected a protocol name (icmp, igmp, ipv4, ip-in-ip, tcp, egp, igp, udp, gre, esp, ah, sctp, ipv6-icmp) or a number from 1 to 255 (got "smtp")',
      'autoApprovers.routes["10.0.0.1/8"]: expected a prefix such as 10.0.0.0/8, with no bits set after its length (got "10.0.0.1/8")',
      'autoApprovers.routes.lan: expected a prefix such as 10.0.0.0/8, with no bits set after its length (got "lan")',
    ]);
  });
});

describe('policy.content', () => {
  it('is checked as Headscale checks it, each problem under policy.content', () => {
    expect(withPolicy({ acls: [{ action: 'accept', src: ['group:admins'], dst: ['*:*'] }] })).toEqual([
      'policy.content.acls[0].src[0]: is not defined in groups (got "group:admins")',
    ]);
    expect(withPolicy({ acls: [{ action: 'allow' }], groups: [] })).toEqual([
      'policy.content.groups: expected a map, got a list',
      'policy.content.acls[0].action: expected "accept", got "allow"',
    ]);
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
      policyWarnings(policySchema.parse(sections), '0.28', []).map((finding) => formatProblem(problemAt([], finding))),
    ).toEqual([
      'ssh[0].action: is carried out from Headscale 0.29 on: Headscale 0.28 loads the rule but has no check flow to ask the user to authenticate again',
    ]);
    const ipv6Icmp = { acls: [{ action: 'accept', proto: 'ipv6-icmp', src: ['*'], dst: ['*:*'] }] };
    expect(refusedOn('0.29', ipv6Icmp)).toEqual([]);
    expect(refusedOn('0.28', ipv6Icmp)).toEqual([
      'acls[0].proto: expected a protocol name (icmp, igmp, ipv4, ip-in-ip, tcp, egp, igp, udp, gre, esp, ah, sctp) or a number from 1 to 255 (got "ipv6-icmp")',
    ]);
  });

  it('refuses them on 0.28, each at its key and naming both versions', () => {
    expect(refusedOn('0.28', sections)).toEqual([
      'grants: is new in Headscale 0.29: Headscale 0.28 refuses a policy using it (use a 0.29 image, or remove it)',
      'nodeAttrs: is new in Headscale 0.29: Headscale 0.28 refuses a policy using it (use a 0.29 image, or remove it)',
      'tests: is new in Headscale 0.29: Headscale 0.28 refuses a policy using it (use a 0.29 image, or remove it)',
      'sshTests: is new in Headscale 0.29: Headscale 0.28 refuses a policy using it (use a 0.29 image, or remove it)',
      'randomizeClientPort: is new in Headscale 0.29: Headscale 0.28 refuses a policy using it (use a 0.29 image, or remove it)',
      'acls[0].src[0]: is new in Headscale 0.29: Headscale 0.28 refuses a policy using it (use a 0.29 image, or remove it) (got "autogroup:danger-all")',
    ]);
  });

  it('checks grants as Headscale 0.29 does', () => {
    expect(
      refusedOn('0.29', {
        ...defined,
        grants: [
          { src: ['group:nobody'], dst: ['tag:web', '0.0.0.0/0'], ip: ['tcp:70000', 'smtp:25'] },
          { src: ['*'], dst: ['autogroup:self'], app: { 'https://example.com/cap': [{}] } },
          {
            src: ['group:ops'],
            dst: ['autogroup:internet'],
            app: { 'tailscale.com/cap/funnel': [{}] },
            via: ['tag:gw'],
          },
          { src: ['group:ops'], dst: ['autogroup:danger-all'] },
        ],
      }),
    ).toEqual([
      'grants[0].src[0]: is not defined in groups (got "group:nobody")',
      'grants[0].dst[1]: can\'t be a default route in a grant: use autogroup:internet, or * for the tailnet (got "0.0.0.0/0")',
      'grants[0].ip[0]: expected *, ports such as 443 or 80-90, or protocol:ports such as tcp:443 (got "tcp:70000")',
      'grants[0].ip[1]: expected a protocol name (icmp, igmp, ipv4, ip-in-ip, tcp, egp, igp, udp, gre, esp, ah, sctp, ipv6-icmp) or a number from 1 to 255 (got "smtp")',
      'grants[1].app["https://example.com/cap"]: expected a capability name without a scheme, as {domain}/{path} such as example.com/cap/app (got "https://example.com/cap")',
      'grants[1].src[0]: can\'t reach autogroup:self in a grant: expected users, groups or autogroup:member, whose own devices it means (got "*")',
      'grants[2].app["tailscale.com/cap/funnel"]: is a tailscale.com capability that Headscale sets itself: a grant may give tailscale.com/cap/drive, tailscale.com/cap/relay, tailscale.com/cap/webui, tailscale.com/cap/kubernetes, tailscale.com/cap/tsidp or tailscale.com/cap/secrets (got "tailscale.com/cap/funnel")',
      'grants[2].via[0]: is not owned in tagOwners: via names tags defined there (got "tag:gw")',
      "grants[2].app: can't be granted to autogroup:internet: apps run on nodes",
      'grants[3].dst[0]: can only be a source of acls or grants: it means every address, in the tailnet or not (got "autogroup:danger-all")',
      'grants[3]: needs ip or app: what the grant allows (such as ip: ["*"])',
    ]);
  });

  it('refuses funnel, ipPool and the role autogroups on 0.29', () => {
    expect(
      refusedOn('0.29', {
        ...defined,
        nodeAttrs: [{ target: ['autogroup:self'], attr: ['funnel'], ipPool: ['100.100.0.0/16'] }],
        acls: [{ action: 'accept', src: ['autogroup:admin'], dst: ['autogroup:owner:*'] }],
      }),
    ).toEqual([
      'acls[0].src[0]: is a Tailscale role, and Headscale 0.29 has no roles: it refuses this autogroup (name the users or a group instead) (got "autogroup:admin")',
      'acls[0].dst[0]: is a Tailscale role, and Headscale 0.29 has no roles: it refuses this autogroup (name the users or a group instead) (got "autogroup:owner")',
      'nodeAttrs[0].target[0]: is not allowed here: expected autogroup:member or autogroup:tagged here (got "autogroup:self")',
      'nodeAttrs[0].attr[0]: is Tailscale Funnel, which Headscale 0.29 refuses: it has no Funnel server (juanfont/headscale issue 2527)',
      'nodeAttrs[0].ipPool: is refused by Headscale 0.29: it has no IP pool allocator yet (juanfont/headscale issue 2912); remove it',
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
        tests: [{ src: 'group:nobody', proto: 'smtp', accept: ['tag:web'], deny: ['tag:db:22'] }],
        sshTests: [{ src: 'alice@', dst: ['tag:db'] }],
      }),
    ).toEqual([
      'ssh[0].checkPeriod: is only for rules with action "check" (remove it, or set action: check)',
      'ssh[1].checkPeriod: expected "always" or a duration up to 168h, such as 12h (got "200h")',
      'tests[0].src: is not defined in groups (got "group:nobody")',
      expect.stringMatching(/^tests\[0\]\.proto: expected a protocol name/),
      'tests[0].accept[0]: has invalid ports "web": expected *, a port, a range such as 80-443, or a comma-separated list (got "tag:web")',
      'tests[0].deny[0]: is not owned in tagOwners: every tag used must be defined there (got "tag:db")',
      'sshTests[0].dst[0]: is not owned in tagOwners: every tag used must be defined there (got "tag:db")',
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
