import { policyDocument } from '../../src/derive/policy';
import { formatProblem, problemAt } from '../../src/values/errors';
import { parseValues } from '../../src/checks/parse';
import { checkPolicy } from '../../src/values/policy';
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
      'acls[0].proto: expected a protocol name (icmp, igmp, ipv4, ip-in-ip, tcp, egp, igp, udp, gre, esp, ah, ipv6-icmp, sctp) or a number from 1 to 255 (got "smtp")',
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
