import { z } from 'zod';
import { isCanonical, parseCidr, parseIp } from './cidr';
import { parseGoDuration } from './go-syntax';
import type { Finding } from './errors';
import {
  type HeadscaleVersion,
  hasPolicyFeature,
  missingPolicyFeature,
  NEWEST_HEADSCALE_VERSION,
  type PolicyFeature,
} from './headscale-versions';
import { alternatives, CHECKING_PARSE, issueFindings, unknownKeyMessage } from './zod-issues';

/**
 * Headscale's ACL policy (policy v2, Headscale 0.26 and later): its types (the sections of every
 * version the checks know), and the checks Headscale makes when it loads the file, for the version
 * that loads it: user, group, tag and host names, every group, tag and host used is defined,
 * destinations carry ports, autogroups are known and allowed where used, sections and features
 * exist in that version (headscale-versions.ts).
 */

const aliases = (description: string) => z.array(z.string()).describe(description);

const aclRuleSchema = z
  .looseObject({
    action: z.literal('accept').describe('What the rule does; Headscale knows only "accept".'),
    proto: z
      .union([z.string(), z.number().int()])
      .optional()
      .describe('IP protocol (a name such as tcp or icmp, or a number); empty means TCP and UDP.'),
    src: aliases(
      'Who may connect: users (alice@), group:, tag:, hosts, IPs, prefixes, autogroup:member, autogroup:tagged or *.',
    ).optional(),
    dst: aliases(
      'What they may reach, each as alias:ports (tag:web:443, group:admins:*, 10.0.0.0/8:22-23).',
    ).optional(),
  })
  .describe('An ACL rule; keys starting with "#" are comments.');

const sshRuleSchema = z
  .strictObject({
    action: z.enum(['accept', 'check']).describe('accept, or check (asks the user to re-authenticate).'),
    src: aliases('Who may connect: users, groups, tags, autogroup:member or autogroup:tagged.').optional(),
    dst: aliases('Which nodes: users, tags, autogroup:member, autogroup:tagged or autogroup:self.').optional(),
    users: aliases('Which local users they may log in as (autogroup:nonroot for any but root).').optional(),
    checkPeriod: z
      .string()
      .optional()
      .describe('How often check asks again: a duration up to 168h, such as 12h, or "always" (Headscale 0.29+).'),
  })
  .describe('An SSH rule.');

/** A grant (Headscale 0.29+, hscontrol/policy/v2/types.go, Grant): who reaches what, by IP protocol or application capability. */
const grantSchema = z
  .strictObject({
    src: aliases(
      'Who: users, group:, tag:, hosts, IPs, prefixes, autogroup:member, autogroup:tagged, * or autogroup:danger-all.',
    ).optional(),
    dst: aliases('What, without ports: users, group:, tag:, hosts, IPs, prefixes, autogroups or *.').optional(),
    ip: aliases('IP protocols and ports, such as "*", "443", "tcp:443" or "udp:3478-3479".').optional(),
    app: z
      .record(z.string(), z.array(z.unknown()))
      .optional()
      .describe('Application capabilities ({domain}/{path}) with their parameters, such as tailscale.com/cap/drive.'),
    via: aliases('Tags of the subnet routers or exit nodes the traffic goes through.').optional(),
  })
  .describe('A grant; it needs ip or app.');

/** A node attribute (Headscale 0.29+, NodeAttrGrant): capabilities given to the targets. */
const nodeAttrSchema = z
  .strictObject({
    target: aliases('Which nodes: users, group:, tag:, hosts, IPs, prefixes, autogroup:member, autogroup:tagged or *.'),
    attr: aliases('Node capabilities, such as randomize-client-port.').optional(),
    ipPool: aliases('Address pools; Headscale 0.29 refuses them (no IP allocator yet).').optional(),
  })
  .describe('Node attributes for a set of nodes.');

/** A test of the ACLs (Headscale 0.29+, PolicyTest): the policy is refused when it fails. */
const policyTestSchema = z
  .strictObject({
    src: z.string().describe('The source: a user, group, tag, host or IP.'),
    proto: z.union([z.string(), z.number().int()]).optional().describe('IP protocol; empty means TCP, UDP and ICMP.'),
    accept: aliases('Destinations (host:port) the source must reach.').optional(),
    deny: aliases('Destinations (host:port) the source must not reach.').optional(),
  })
  .describe('An ACL test.');

/** A test of the SSH rules (Headscale 0.29+, SSHPolicyTest). */
const sshPolicyTestSchema = z
  .strictObject({
    src: z.string().describe('The source: a user, group, tag, host or IP.'),
    dst: aliases('Destinations: tags, hosts or SSH autogroups.'),
    accept: aliases('Local users the source must reach every destination as.').optional(),
    deny: aliases('Local users the source must not reach any destination as.').optional(),
    check: aliases('Local users the source must reach through a check rule.').optional(),
  })
  .describe('An SSH test.');

/** The policy file's content. Keys Headscale does not know are refused, as Headscale refuses them. */
export const policySchema = z.strictObject({
  groups: z
    .record(z.string(), z.array(z.string()))
    .optional()
    .describe('Groups ("group:name") of users ("alice@"); no nested groups.'),
  hosts: z.record(z.string(), z.string()).optional().describe('Names for IP addresses or prefixes.'),
  tagOwners: z
    .record(z.string(), z.array(z.string()))
    .optional()
    .describe('Who may apply each tag ("tag:name"): users, groups or tags. Every tag used must be here.'),
  acls: z.array(aclRuleSchema).optional().describe('Who may reach what. No acls allows all traffic; [] allows none.'),
  ssh: z.array(sshRuleSchema).optional().describe('Tailscale SSH rules.'),
  grants: z.array(grantSchema).optional().describe('Grants (Headscale 0.29+): ACLs by IP protocol or application.'),
  nodeAttrs: z.array(nodeAttrSchema).optional().describe('Node attributes (Headscale 0.29+).'),
  tests: z.array(policyTestSchema).optional().describe('ACL tests Headscale runs on load (Headscale 0.29+).'),
  sshTests: z.array(sshPolicyTestSchema).optional().describe('SSH tests Headscale runs on load (Headscale 0.29+).'),
  randomizeClientPort: z
    .boolean()
    .optional()
    .describe('Nodes prefer a random WireGuard port (Headscale 0.29+; config.randomize_client_port before).'),
  autoApprovers: z
    .strictObject({
      routes: z
        .record(z.string(), z.array(z.string()))
        .optional()
        .describe('For each prefix, who may advertise it without approval: users, groups or tags.'),
      exitNode: z
        .array(z.string())
        .optional()
        .describe('Who may offer an exit node without approval: users, groups or tags.'),
    })
    .optional()
    .describe('Routes and exit nodes approved without an administrator.'),
});

export type PolicyDocument = z.output<typeof policySchema>;

const DANGER_ALL = 'autogroup:danger-all';
const AUTOGROUPS = [
  'autogroup:internet',
  'autogroup:member',
  'autogroup:tagged',
  'autogroup:self',
  'autogroup:nonroot',
  DANGER_ALL,
];
/**
 * Tailscale's role autogroups: Headscale has no roles and refuses them (hscontrol/policy/v2/types.go,
 * AutoGroup.UnmarshalJSON: not in the allowed set; 0.29's CHANGELOG.md names admin and owner).
 */
const ROLE_AUTOGROUPS = [
  'autogroup:admin',
  'autogroup:owner',
  'autogroup:it-admin',
  'autogroup:network-admin',
  'autogroup:billing-admin',
  'autogroup:auditor',
];

/** Where an alias is used, and the autogroups Headscale allows there. */
interface Placement {
  readonly autogroups: readonly string[];
  /** Hosts, IPs and prefixes (and `*`) are allowed. */
  readonly addresses: boolean;
  /** autogroup:danger-all is allowed (Headscale 0.29+: sources of acls and grants only, CHANGELOG.md 0.29.0). */
  readonly dangerAll?: boolean;
}

const ACL_SOURCE: Placement = {
  autogroups: ['autogroup:member', 'autogroup:tagged'],
  addresses: true,
  dangerAll: true,
};
const ACL_DESTINATION: Placement = {
  autogroups: ['autogroup:internet', 'autogroup:member', 'autogroup:tagged', 'autogroup:self'],
  addresses: true,
};
const SSH_SOURCE: Placement = { autogroups: ['autogroup:member', 'autogroup:tagged'], addresses: false };
const SSH_DESTINATION: Placement = {
  autogroups: ['autogroup:member', 'autogroup:tagged', 'autogroup:self'],
  addresses: false,
};
const OWNER: Placement = { autogroups: [], addresses: false };
/** nodeAttrs targets: autogroupForNodeAttrs (hscontrol/policy/v2/types.go). */
const NODE_ATTR_TARGET: Placement = { autogroups: ['autogroup:member', 'autogroup:tagged'], addresses: true };
/** sshTests destinations: tags, hosts and the SSH destination autogroups (SSHPolicyTest). */
const SSH_TEST_DESTINATION: Placement = { autogroups: SSH_DESTINATION.autogroups, addresses: true };

const isUser = (alias: string) => alias.includes('@');
const isGroup = (alias: string) => alias.startsWith('group:');
const isTag = (alias: string) => alias.startsWith('tag:');
const isAutogroup = (alias: string) => alias.startsWith('autogroup:');
/** Headscale reads a word without `@` or `:` as a host name. */
const isHostName = (alias: string) => !isUser(alias) && !alias.includes(':');
const isAddress = (alias: string) => parseIp(alias) !== undefined || parseCidr(alias) !== undefined;

/** The names the policy defines, for checking that what it uses exists, and the Headscale version that reads it. */
interface Defined {
  readonly groups: ReadonlySet<string>;
  readonly tags: ReadonlySet<string>;
  readonly hosts: ReadonlySet<string>;
  readonly version: HeadscaleVersion;
}

const keysOf = (map: Record<string, unknown> | undefined) => new Set(Object.keys(map ?? {}));

/** What is wrong with one alias used at `placement`, or undefined. */
function aliasProblem(alias: string, placement: Placement, defined: Defined): string | undefined {
  const got = `(got ${JSON.stringify(alias)})`;
  if (alias === '*' || isAddress(alias))
    return placement.addresses ? undefined : `expected a user, group or tag here, not an address ${got}`;
  if (isUser(alias)) return undefined;
  if (isGroup(alias)) return defined.groups.has(alias) ? undefined : `is not defined in groups ${got}`;
  if (isTag(alias))
    return defined.tags.has(alias)
      ? undefined
      : `is not owned in tagOwners: every tag used must be defined there ${got}`;
  if (alias === DANGER_ALL) {
    if (!hasPolicyFeature(defined.version, 'dangerAll'))
      return `${missingPolicyFeature(defined.version, 'dangerAll')} ${got}`;
    return placement.dangerAll
      ? undefined
      : `can only be a source of acls or grants: it means every address, in the tailnet or not ${got}`;
  }
  if (ROLE_AUTOGROUPS.includes(alias))
    return `is a Tailscale role, and Headscale ${defined.version} has no roles: it refuses this autogroup (name the users or a group instead) ${got}`;
  if (isAutogroup(alias)) {
    if (placement.autogroups.includes(alias)) return undefined;
    const allowed =
      placement.autogroups.length > 0
        ? `expected ${alternatives(placement.autogroups)} here`
        : 'no autogroup is allowed here';
    return `${AUTOGROUPS.includes(alias) ? 'is not allowed here' : 'is not an autogroup Headscale knows'}: ${allowed} ${got}`;
  }
  if (placement.addresses && isHostName(alias))
    return defined.hosts.has(alias) ? undefined : `is not defined in hosts ${got}`;
  return `expected a user (alice@), group:, tag:${placement.addresses ? ', host, IP, prefix' : ''} or autogroup ${got}`;
}

function aliasFindings(
  list: readonly string[] | undefined,
  at: readonly PropertyKey[],
  placement: Placement,
  defined: Defined,
): Finding[] {
  return (list ?? []).flatMap((alias, index) => {
    const message = aliasProblem(alias, placement, defined);
    return message ? [{ at: [...at, index], message }] : [];
  });
}

/** `22`, `80-443`, `*`, or a comma-separated list of them. */
function portsAreValid(ports: string): boolean {
  if (ports === '*') return true;
  return ports.split(',').every((range) => {
    const match = /^([0-9]{1,5})(?:-([0-9]{1,5}))?$/.exec(range);
    if (!match) return false;
    const first = Number(match[1]);
    const last = Number(match[2] ?? match[1]);
    return first <= last && last <= 65535;
  });
}

/** What is wrong with one ACL destination (`alias:ports`), or undefined. */
function destinationProblem(destination: string, defined: Defined): string | undefined {
  const colon = destination.lastIndexOf(':');
  if (colon < 0)
    return `needs ports: expected alias:ports, such as ${JSON.stringify(`${destination}:*`)} (got ${JSON.stringify(destination)})`;
  const ports = destination.slice(colon + 1);
  if (!portsAreValid(ports))
    return `has invalid ports ${JSON.stringify(ports)}: expected *, a port, a range such as 80-443, or a comma-separated list (got ${JSON.stringify(destination)})`;
  return aliasProblem(destination.slice(0, colon), ACL_DESTINATION, defined);
}

const PROTOCOL_NAMES = ['icmp', 'igmp', 'ipv4', 'ip-in-ip', 'tcp', 'egp', 'igp', 'udp', 'gre', 'esp', 'ah', 'sctp'];

/** A protocol name or number (Protocol.validate); the name ipv6-icmp is Headscale 0.29's. */
function protocolProblem(proto: string | number, version: HeadscaleVersion): string | undefined {
  const text = String(proto).toLowerCase();
  const names = hasPolicyFeature(version, 'ipv6IcmpName') ? [...PROTOCOL_NAMES, 'ipv6-icmp'] : PROTOCOL_NAMES;
  if (names.includes(text) || (/^[1-9][0-9]{0,2}$/.test(text) && Number(text) <= 255)) return undefined;
  return `expected a protocol name (${names.join(', ')}) or a number from 1 to 255 (got ${JSON.stringify(proto)})`;
}

function groupFindings(groups: Record<string, string[]>): Finding[] {
  return Object.entries(groups).flatMap(([name, members]) => [
    ...(isGroup(name)
      ? []
      : [
          {
            at: ['groups', name],
            message: `group names start with "group:" (got ${JSON.stringify(name)}; expected "group:${name}")`,
          },
        ]),
    ...members.flatMap((member, index) => {
      if (isUser(member)) return [];
      const message = isGroup(member)
        ? `groups hold users only, no nested groups (got ${JSON.stringify(member)})`
        : `expected a user, which contains "@" (got ${JSON.stringify(member)}; write "${member}@" for a user without a domain)`;
      return [{ at: ['groups', name, index], message }];
    }),
  ]);
}

function hostFindings(hosts: Record<string, string>): Finding[] {
  return Object.entries(hosts).flatMap(([name, address]) => [
    ...(isHostName(name) && name !== ''
      ? []
      : [{ at: ['hosts', name], message: `host names contain neither "@" nor ":" (got ${JSON.stringify(name)})` }]),
    ...(isAddress(address)
      ? []
      : [
          {
            at: ['hosts', name],
            message: `expected an IP address or prefix, such as 10.0.0.1 or 10.0.0.0/8 (got ${JSON.stringify(address)})`,
          },
        ]),
  ]);
}

function tagOwnerFindings(tagOwners: Record<string, string[]>, defined: Defined): Finding[] {
  return Object.entries(tagOwners).flatMap(([tag, owners]) => [
    ...(isTag(tag)
      ? []
      : [
          {
            at: ['tagOwners', tag],
            message: `tags start with "tag:" (got ${JSON.stringify(tag)}; expected "tag:${tag}")`,
          },
        ]),
    ...aliasFindings(owners, ['tagOwners', tag], OWNER, defined),
  ]);
}

/** Keys of an ACL rule that Headscale refuses: it knows action, proto, src and dst, and skips "#" comments. */
function aclRuleKeyFindings(rule: Record<string, unknown>, at: readonly PropertyKey[]): Finding[] {
  const known = Object.keys(aclRuleSchema.shape);
  return Object.keys(rule)
    .filter((key) => !known.includes(key) && !key.startsWith('#'))
    .map((key) => ({
      at: [...at, key],
      message: unknownKeyMessage(key, known, ' (Headscale refuses it; a comment key starts with "#")'),
    }));
}

function aclFindings(acls: NonNullable<PolicyDocument['acls']>, defined: Defined): Finding[] {
  return acls.flatMap((rule, index) => {
    const at = ['acls', index];
    return [
      ...aclRuleKeyFindings(rule, at),
      ...(rule.proto === undefined
        ? []
        : [protocolProblem(rule.proto, defined.version)]
            .filter((m): m is string => !!m)
            .map((message) => ({ at: [...at, 'proto'], message }))),
      ...aliasFindings(rule.src, [...at, 'src'], ACL_SOURCE, defined),
      ...(rule.dst ?? []).flatMap((destination, i) => {
        const message = destinationProblem(destination, defined);
        return message ? [{ at: [...at, 'dst', i], message }] : [];
      }),
    ];
  });
}

/** The longest checkPeriod (hscontrol/policy/v2/types.go, SSHCheckPeriod.Validate: at most 168h). */
const CHECK_PERIOD_MAXIMUM_HOURS = 168;

/**
 * The checkPeriod of an SSH rule as Headscale 0.29 reads it (SSHCheckPeriod, PR 1850): only with
 * action check, "always" or a Go duration up to 168h. Earlier versions have no check flow (a
 * warning, policyWarnings).
 */
function sshCheckFindings(
  rule: NonNullable<PolicyDocument['ssh']>[number],
  at: readonly PropertyKey[],
  defined: Defined,
): Finding[] {
  if (!hasPolicyFeature(defined.version, 'sshCheck') || rule.checkPeriod === undefined) return [];
  if (rule.action !== 'check')
    return [
      {
        at: [...at, 'checkPeriod'],
        message: 'is only for rules with action "check" (remove it, or set action: check)',
      },
    ];
  const nanoseconds = rule.checkPeriod === 'always' ? 0 : parseGoDuration(rule.checkPeriod);
  return nanoseconds !== undefined && nanoseconds >= 0 && nanoseconds <= CHECK_PERIOD_MAXIMUM_HOURS * 3600e9
    ? []
    : [
        {
          at: [...at, 'checkPeriod'],
          message: `expected "always" or a duration up to ${CHECK_PERIOD_MAXIMUM_HOURS}h, such as 12h (got ${JSON.stringify(rule.checkPeriod)})`,
        },
      ];
}

function sshFindings(rules: NonNullable<PolicyDocument['ssh']>, defined: Defined): Finding[] {
  return rules.flatMap((rule, index) => [
    ...sshCheckFindings(rule, ['ssh', index], defined),
    ...aliasFindings(rule.src, ['ssh', index, 'src'], SSH_SOURCE, defined),
    ...aliasFindings(rule.dst, ['ssh', index, 'dst'], SSH_DESTINATION, defined),
    ...(rule.users ?? []).flatMap((user, i) =>
      isAutogroup(user) && user !== 'autogroup:nonroot'
        ? [
            {
              at: ['ssh', index, 'users', i],
              message: `expected a local user name or autogroup:nonroot (got ${JSON.stringify(user)})`,
            },
          ]
        : [],
    ),
  ]);
}

function autoApproverFindings(
  autoApprovers: NonNullable<PolicyDocument['autoApprovers']>,
  defined: Defined,
): Finding[] {
  return [
    ...Object.entries(autoApprovers.routes ?? {}).flatMap(([route, approvers]) => {
      const cidr = parseCidr(route);
      const routeProblem =
        cidr && isCanonical(cidr)
          ? []
          : [
              {
                at: ['autoApprovers', 'routes', route],
                message: `expected a prefix such as 10.0.0.0/8, with no bits set after its length (got ${JSON.stringify(route)})`,
              },
            ];
      return [...routeProblem, ...aliasFindings(approvers, ['autoApprovers', 'routes', route], OWNER, defined)];
    }),
    ...aliasFindings(autoApprovers.exitNode, ['autoApprovers', 'exitNode'], OWNER, defined),
  ];
}

const onePlace = (message: string | undefined, at: readonly PropertyKey[]): Finding[] =>
  message ? [{ at, message }] : [];

/** The tailscale.com capabilities a grant may give (tailscaleCapAllowlist); the others are Headscale's to set. */
const GRANTABLE_TAILSCALE_CAPABILITIES = [
  'tailscale.com/cap/drive',
  'tailscale.com/cap/relay',
  'tailscale.com/cap/webui',
  'tailscale.com/cap/kubernetes',
  'tailscale.com/cap/tsidp',
  'tailscale.com/cap/secrets',
];

/** validateCapabilityName: `{domain}/{path}` without a scheme, and tailscale.com's only when allowed. */
function capabilityProblem(name: string): string | undefined {
  if (name.includes('://'))
    return `expected a capability name without a scheme, as {domain}/{path} such as example.com/cap/app (got ${JSON.stringify(name)})`;
  if (name.startsWith('tailscale.com/') && !GRANTABLE_TAILSCALE_CAPABILITIES.includes(name))
    return `is a tailscale.com capability that Headscale sets itself: a grant may give ${alternatives(GRANTABLE_TAILSCALE_CAPABILITIES)} (got ${JSON.stringify(name)})`;
  return undefined;
}

/** A grant's `ip` entry: `*`, ports, or `proto:ports` (ProtocolPort). */
function grantIpProblem(entry: string, version: HeadscaleVersion): string | undefined {
  const colon = entry.indexOf(':');
  const protocol = colon < 0 ? undefined : entry.slice(0, colon);
  const ports = colon < 0 ? entry : entry.slice(colon + 1);
  if (protocol !== undefined) {
    const problem = protocolProblem(protocol, version);
    if (problem) return problem;
  }
  return portsAreValid(ports)
    ? undefined
    : `expected *, ports such as 443 or 80-90, or protocol:ports such as tcp:443 (got ${JSON.stringify(entry)})`;
}

const isDefaultRoute = (alias: string) => parseCidr(alias)?.prefixLength === 0;
/** Sources a grant to autogroup:self may have (validateGrantSrcDstCombination): users, groups, autogroup:member. */
const isPersonalSource = (alias: string) => isUser(alias) || isGroup(alias) || alias === 'autogroup:member';

/** hscontrol/policy/v2/types.go (Policy.validate, grants): PR 2180. */
function grantFindings(grants: NonNullable<PolicyDocument['grants']>, defined: Defined): Finding[] {
  return grants.flatMap((grant, index) => {
    const at = ['grants', index];
    const destinations = grant.dst ?? [];
    const findings: Finding[] = [
      ...aliasFindings(grant.src, [...at, 'src'], ACL_SOURCE, defined),
      ...aliasFindings(destinations, [...at, 'dst'], ACL_DESTINATION, defined),
      ...destinations.flatMap((alias, i) =>
        onePlace(
          isDefaultRoute(alias)
            ? `can't be a default route in a grant: use autogroup:internet, or * for the tailnet (got ${JSON.stringify(alias)})`
            : undefined,
          [...at, 'dst', i],
        ),
      ),
      ...(grant.ip ?? []).flatMap((entry, i) => onePlace(grantIpProblem(entry, defined.version), [...at, 'ip', i])),
      ...Object.keys(grant.app ?? {}).flatMap((name) => onePlace(capabilityProblem(name), [...at, 'app', name])),
      ...(grant.via ?? []).flatMap((tag, i) =>
        onePlace(
          defined.tags.has(tag)
            ? undefined
            : `is not owned in tagOwners: via names tags defined there (got ${JSON.stringify(tag)})`,
          [...at, 'via', i],
        ),
      ),
    ];
    if ((grant.ip ?? []).length === 0 && Object.keys(grant.app ?? {}).length === 0)
      findings.push({ at, message: 'needs ip or app: what the grant allows (such as ip: ["*"])' });
    if (Object.keys(grant.app ?? {}).length > 0 && destinations.includes('autogroup:internet'))
      findings.push({ at: [...at, 'app'], message: "can't be granted to autogroup:internet: apps run on nodes" });
    if (destinations.includes('autogroup:self'))
      (grant.src ?? []).forEach((alias, i) => {
        if (!isPersonalSource(alias))
          findings.push({
            at: [...at, 'src', i],
            message: `can't reach autogroup:self in a grant: expected users, groups or autogroup:member, whose own devices it means (got ${JSON.stringify(alias)})`,
          });
      });
    return findings;
  });
}

/**
 * Node attributes Headscale 0.29 refuses (nodeAttrUnsupportedCaps, ErrNodeAttrIPPoolUnsupported):
 * funnel (juanfont/headscale issue 2527) and ipPool (issue 2912) have no server side yet.
 */
function nodeAttrFindings(nodeAttrs: NonNullable<PolicyDocument['nodeAttrs']>, defined: Defined): Finding[] {
  return nodeAttrs.flatMap((nodeAttr, index) => {
    const at = ['nodeAttrs', index];
    return [
      ...aliasFindings(nodeAttr.target, [...at, 'target'], NODE_ATTR_TARGET, defined),
      ...(nodeAttr.attr ?? []).flatMap((attr, i) =>
        onePlace(
          attr === 'funnel'
            ? `is Tailscale Funnel, which Headscale ${defined.version} refuses: it has no Funnel server (juanfont/headscale issue 2527)`
            : undefined,
          [...at, 'attr', i],
        ),
      ),
      ...onePlace(
        nodeAttr.ipPool === undefined
          ? undefined
          : `is refused by Headscale ${defined.version}: it has no IP pool allocator yet (juanfont/headscale issue 2912); remove it`,
        [...at, 'ipPool'],
      ),
    ];
  });
}

/** PolicyTest and SSHPolicyTest: a source alias and the destinations or users it must (not) reach. */
function testFindings(policy: PolicyDocument, defined: Defined): Finding[] {
  return [
    ...(policy.tests ?? []).flatMap((test, index) => {
      const at = ['tests', index];
      return [
        ...onePlace(aliasProblem(test.src, ACL_SOURCE, defined), [...at, 'src']),
        ...(test.proto === undefined ? [] : onePlace(protocolProblem(test.proto, defined.version), [...at, 'proto'])),
        ...(['accept', 'deny'] as const).flatMap((list) =>
          (test[list] ?? []).flatMap((destination, i) =>
            onePlace(destinationProblem(destination, defined), [...at, list, i]),
          ),
        ),
      ];
    }),
    ...(policy.sshTests ?? []).flatMap((test, index) => [
      ...onePlace(aliasProblem(test.src, ACL_SOURCE, defined), ['sshTests', index, 'src']),
      ...aliasFindings(test.dst, ['sshTests', index, 'dst'], SSH_TEST_DESTINATION, defined),
    ]),
  ];
}

/** The policy's sections new in a version, refused by earlier versions as unknown fields. */
const VERSIONED_SECTIONS: ReadonlyArray<keyof PolicyDocument & PolicyFeature> = [
  'grants',
  'nodeAttrs',
  'tests',
  'sshTests',
  'randomizeClientPort',
];

/** What Headscale `version` would refuse in a policy of the right shape, each at its path in the policy. */
export function policyFindings(
  policy: PolicyDocument,
  version: HeadscaleVersion = NEWEST_HEADSCALE_VERSION,
): Finding[] {
  const defined: Defined = {
    groups: keysOf(policy.groups),
    tags: keysOf(policy.tagOwners),
    hosts: keysOf(policy.hosts),
    version,
  };
  const missing = VERSIONED_SECTIONS.filter(
    (section) => policy[section] !== undefined && !hasPolicyFeature(version, section),
  );
  return [
    ...missing.map((section) => ({ at: [section], message: missingPolicyFeature(version, section) })),
    ...groupFindings(policy.groups ?? {}),
    ...hostFindings(policy.hosts ?? {}),
    ...tagOwnerFindings(policy.tagOwners ?? {}, defined),
    ...aclFindings(policy.acls ?? [], defined),
    ...sshFindings(policy.ssh ?? [], defined),
    ...autoApproverFindings(policy.autoApprovers ?? {}, defined),
    ...(missing.length > 0 ? [] : grantFindings(policy.grants ?? [], defined)),
    ...(missing.length > 0 ? [] : nodeAttrFindings(policy.nodeAttrs ?? [], defined)),
    ...(missing.length > 0 ? [] : testFindings(policy, defined)),
  ];
}

/** Whether an ACL source or destination (with its ports) is `*`. */
const isWildcard = (alias: string) => alias === '*' || /^\*:[^:]*$/.test(alias);

/**
 * What Headscale `version` reads differently from what the policy likely means: before 0.29, SSH
 * check rules (no check flow); from 0.29 on,
 * `proto: icmp` is ICMPv4 only, and `*` means the tailnet's ranges (100.64.0.0/10,
 * fd7a:115c:a1e0::/48) rather than every address, which leaves out prefixes configured outside
 * them (CHANGELOG.md 0.29.0, BREAKING, PR 3036). `outsidePrefixes`: config prefixes outside those ranges.
 */
export function policyWarnings(
  policy: PolicyDocument,
  version: HeadscaleVersion,
  outsidePrefixes: readonly string[],
): Finding[] {
  const findings: Finding[] = [];
  if (!hasPolicyFeature(version, 'sshCheck'))
    (policy.ssh ?? []).forEach((rule, index) => {
      if (rule.action === 'check')
        findings.push({
          at: ['ssh', index, 'action'],
          message: `is carried out from Headscale 0.29 on: Headscale ${version} loads the rule but has no check flow to ask the user to authenticate again`,
        });
    });
  if (hasPolicyFeature(version, 'icmpIsV4')) {
    const icmp = `means ICMPv4 only in Headscale ${version}: add a rule with proto ipv6-icmp (58) for ICMPv6`;
    (policy.acls ?? []).forEach((rule, index) => {
      if (String(rule.proto).toLowerCase() === 'icmp') findings.push({ at: ['acls', index, 'proto'], message: icmp });
    });
    (policy.grants ?? []).forEach((grant, index) =>
      (grant.ip ?? []).forEach((entry, i) => {
        if (entry.toLowerCase().startsWith('icmp:')) findings.push({ at: ['grants', index, 'ip', i], message: icmp });
      }),
    );
  }
  if (hasPolicyFeature(version, 'wildcardIsTailnet') && outsidePrefixes.length > 0) {
    const wildcard = `means the tailnet's ranges 100.64.0.0/10 and fd7a:115c:a1e0::/48 in Headscale ${version}, not ${alternatives(outsidePrefixes.map((p) => JSON.stringify(p)))} from config.prefixes: name those prefixes (or autogroup:danger-all as a source)`;
    const rules = [
      ...(policy.acls ?? []).map((rule, index) => ({ at: ['acls', index], lists: { src: rule.src, dst: rule.dst } })),
      ...(policy.grants ?? []).map((grant, index) => ({
        at: ['grants', index],
        lists: { src: grant.src, dst: grant.dst },
      })),
    ];
    for (const { at, lists } of rules)
      for (const [list, aliases] of Object.entries(lists))
        (aliases ?? []).forEach((alias, i) => {
          if (isWildcard(alias)) findings.push({ at: [...at, list, i], message: wildcard });
        });
  }
  return findings;
}

/** Everything Headscale `version` would refuse in a policy document of any shape: its types, then {@link policyFindings}. */
export function checkPolicy(document: unknown, version: HeadscaleVersion = NEWEST_HEADSCALE_VERSION): Finding[] {
  const parsed = policySchema.safeParse(document, CHECKING_PARSE);
  return parsed.success
    ? policyFindings(parsed.data, version)
    : parsed.error.issues.flatMap((issue) => issueFindings(issue, policySchema));
}
