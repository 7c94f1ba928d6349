import { z } from 'zod';
import { isCanonical, parseCidr, parseIp } from './cidr';
import type { Finding } from './errors';
import { alternatives, CHECKING_PARSE, issueFindings, unknownKeyMessage } from './zod-issues';

/**
 * Headscale's ACL policy (policy v2, Headscale 0.26 and later): its types, and the checks
 * Headscale makes when it loads the file: user, group, tag and host names, every group, tag and
 * host used is defined, destinations carry ports, autogroups are known and allowed where used.
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
    checkPeriod: z.string().optional().describe('How often check asks again, such as 12h.'),
  })
  .describe('An SSH rule.');

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

const AUTOGROUPS = [
  'autogroup:internet',
  'autogroup:member',
  'autogroup:tagged',
  'autogroup:self',
  'autogroup:nonroot',
];

/** Where an alias is used, and the autogroups Headscale allows there. */
interface Placement {
  readonly autogroups: readonly string[];
  /** Hosts, IPs and prefixes (and `*`) are allowed. */
  readonly addresses: boolean;
}

const ACL_SOURCE: Placement = { autogroups: ['autogroup:member', 'autogroup:tagged'], addresses: true };
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

const isUser = (alias: string) => alias.includes('@');
const isGroup = (alias: string) => alias.startsWith('group:');
const isTag = (alias: string) => alias.startsWith('tag:');
const isAutogroup = (alias: string) => alias.startsWith('autogroup:');
/** Headscale reads a word without `@` or `:` as a host name. */
const isHostName = (alias: string) => !isUser(alias) && !alias.includes(':');
const isAddress = (alias: string) => parseIp(alias) !== undefined || parseCidr(alias) !== undefined;

/** The names the policy defines, for checking that what it uses exists. */
interface Defined {
  readonly groups: ReadonlySet<string>;
  readonly tags: ReadonlySet<string>;
  readonly hosts: ReadonlySet<string>;
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

function protocolProblem(proto: string | number): string | undefined {
  const text = String(proto).toLowerCase();
  if (PROTOCOL_NAMES.includes(text) || (/^[1-9][0-9]{0,2}$/.test(text) && Number(text) <= 255)) return undefined;
  return `expected a protocol name (${PROTOCOL_NAMES.join(', ')}) or a number from 1 to 255 (got ${JSON.stringify(proto)})`;
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
        : [protocolProblem(rule.proto)]
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

function sshFindings(rules: NonNullable<PolicyDocument['ssh']>, defined: Defined): Finding[] {
  return rules.flatMap((rule, index) => [
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

/** What Headscale would refuse in a policy of the right shape, each at its path in the policy. */
export function policyFindings(policy: PolicyDocument): Finding[] {
  const defined: Defined = {
    groups: keysOf(policy.groups),
    tags: keysOf(policy.tagOwners),
    hosts: keysOf(policy.hosts),
  };
  return [
    ...groupFindings(policy.groups ?? {}),
    ...hostFindings(policy.hosts ?? {}),
    ...tagOwnerFindings(policy.tagOwners ?? {}, defined),
    ...aclFindings(policy.acls ?? [], defined),
    ...sshFindings(policy.ssh ?? [], defined),
    ...autoApproverFindings(policy.autoApprovers ?? {}, defined),
  ];
}

/** Everything Headscale would refuse in a policy document of any shape: its types, then {@link policyFindings}. */
export function checkPolicy(document: unknown): Finding[] {
  const parsed = policySchema.safeParse(document, CHECKING_PARSE);
  return parsed.success
    ? policyFindings(parsed.data)
    : parsed.error.issues.flatMap((issue) => issueFindings(issue, policySchema));
}
