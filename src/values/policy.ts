import { z } from 'zod';
import { type Cidr, type IpAddress, parseCidr, parseIp } from '../core/cidr';
import { type Finding, formatPath } from '../core/errors';
import { parseGoDuration } from './go-syntax';
import {
  type HeadscaleVersion,
  hasPolicyFeature,
  isAtLeast,
  missingPolicyFeature,
  NEWEST_HEADSCALE_VERSION,
  type PolicyFeature,
} from './headscale-versions';
import { HujsonError, type JsonNode, nodeFromValue, parseHujson, type Position } from './hujson';

/**
 * Headscale's ACL policy (policy v2, Headscale 0.26 to 0.29): what Headscale does when it loads a
 * policy file, ported from hscontrol/policy/v2 at v0.29.2 (types.go, utils.go, test.go,
 * sshtest.go, policy.go), with the differences of 0.26.1, 0.27.1 and 0.28.0. Loading is
 * `unmarshalPolicy` (types.go:3251 (v0.29.2)): an empty file is no policy; otherwise HuJSON
 * (hujson.ts), then JSON decoding into the policy's types, whose decoders refuse some values and
 * stop at the first refusal, then `Policy.validate` (types.go:2433 (v0.29.2)), which reports
 * every problem it finds.
 *
 * The zod schema below only names the sections for the values' types and JSON Schema; every
 * verdict comes from the port.
 */

/** The policy file's sections, for the values' types and reference; Headscale's checks are the port below. */
export const policySchema = z.looseObject({
  groups: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('Groups ("group:name") of users ("alice@"); no nested groups.'),
  hosts: z.record(z.string(), z.unknown()).optional().describe('Names for IP addresses or prefixes.'),
  tagOwners: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('Who may apply each tag ("tag:name"): users, groups or tags. Every tag used must be here.'),
  acls: z.array(z.unknown()).optional().describe('Who may reach what. No acls allows all traffic; [] allows none.'),
  ssh: z.array(z.unknown()).optional().describe('Tailscale SSH rules.'),
  grants: z.array(z.unknown()).optional().describe('Grants (Headscale 0.29+): ACLs by IP protocol or application.'),
  nodeAttrs: z.array(z.unknown()).optional().describe('Node attributes (Headscale 0.29+).'),
  tests: z.array(z.unknown()).optional().describe('ACL tests Headscale runs on load (Headscale 0.29+).'),
  sshTests: z.array(z.unknown()).optional().describe('SSH tests Headscale runs on load (Headscale 0.29+).'),
  randomizeClientPort: z
    .boolean()
    .optional()
    .describe('Nodes prefer a random WireGuard port (Headscale 0.29+; config.randomize_client_port before).'),
  autoApprovers: z
    .looseObject({
      routes: z
        .record(z.string(), z.unknown())
        .optional()
        .describe('For each prefix, who may advertise it without approval: users, groups or tags.'),
      exitNode: z
        .array(z.unknown())
        .optional()
        .describe('Who may offer an exit node without approval: users, groups or tags.'),
    })
    .optional()
    .describe('Routes and exit nodes approved without an administrator.'),
});

export type PolicyDocument = z.output<typeof policySchema>;

// ---------------------------------------------------------------------------------------------
// What each version does differently (VERSIONS.md of the conformance corpus; the older tags).

interface VersionRules {
  readonly version: HeadscaleVersion;
  /** go-json-experiment (json v2): keys match ignoring case, `_` and `-`; unknown and duplicate keys refused. 0.26 uses encoding/json v1. */
  readonly jsonV2: boolean;
  /** The policy sections a version's types have. */
  readonly has: (feature: PolicyFeature) => boolean;
  /** SSH rules have acceptEnv (0.29; an unknown field before, types.go:1898 (v0.28.0)). */
  readonly sshAcceptEnv: boolean;
  /** Tag.Validate: a letter after `tag:` (0.29), the prefix only (0.27, 0.28), nothing for tagOwners keys (0.26). */
  readonly tagNames: 'letter' | 'prefix' | 'unchecked';
  /** Tags may own tags (0.28+); 0.28 refuses cycles, 0.29 ignores them. */
  readonly tagOwnedTags: boolean;
  readonly tagOwnerCyclesRefused: boolean;
  /** Alias strings are whitespace-trimmed and `[v6]:port` is read (0.29). */
  readonly trimmedAliases: boolean;
  readonly bracketedIpv6: boolean;
  /** Protocol numbers become names (6 → tcp), and ipv6-icmp and fc are names (0.29). */
  readonly protocolNumbersCanonical: boolean;
  /** ACL action and proto are validated (0.27+); 0.26 reads them as plain strings. */
  readonly aclActionProtoChecked: boolean;
  /** A single port 0 is refused (0.27+). */
  readonly portZeroRefused: boolean;
  /** The autogroups a version knows. */
  readonly autogroups: readonly string[];
  /** Autogroups a version parses but refuses (0.26). */
  readonly autogroupsUnsupported: readonly string[];
  readonly aclAutogroupSources: readonly string[];
  /** ACL autogroup:self needs user sources (0.29). */
  readonly aclSelfSourcesChecked: boolean;
  /** SSH: `*` refused as a destination (0.28+), source/destination rules (0.28+). */
  readonly sshWildcardDestinationRefused: boolean;
  readonly sshSourceDestinationRules: boolean;
  /** SSH host destinations: not an SSH destination type (0.26), taken (0.27, 0.28), refused by validate (0.29). */
  readonly sshHostDestination: 'not-decoded' | 'taken' | 'refused';
  /** SSH action trimmed, may be missing at decode, required at validation (0.29); exactly accept/check (0.26). */
  readonly sshAction: 'trimmed-required' | 'exact-optional' | 'exact-required';
  /** SSH users: non-empty and free of "" and "*" (0.29); autogroups other than nonroot refused (before 0.29). */
  readonly sshUsersChecked: boolean;
  /** checkPeriod: Go duration or "always", only with check, up to 168h (0.29); a Prometheus duration before. */
  readonly goCheckPeriod: boolean;
}

const ALL_AUTOGROUPS = [
  'autogroup:internet',
  'autogroup:member',
  'autogroup:nonroot',
  'autogroup:tagged',
  'autogroup:self',
  'autogroup:danger-all',
];

function versionRules(version: HeadscaleVersion): VersionRules {
  const since = (v: HeadscaleVersion) => isAtLeast(version, v);
  return {
    version,
    jsonV2: since('0.27'),
    has: (feature) => hasPolicyFeature(version, feature),
    sshAcceptEnv: since('0.29'),
    tagNames: since('0.29') ? 'letter' : since('0.27') ? 'prefix' : 'unchecked',
    tagOwnedTags: since('0.28'),
    tagOwnerCyclesRefused: !since('0.29'),
    trimmedAliases: since('0.29'),
    bracketedIpv6: since('0.29'),
    protocolNumbersCanonical: since('0.29'),
    aclActionProtoChecked: since('0.27'),
    portZeroRefused: since('0.27'),
    // types.go:757 (v0.29.2); types.go:490 (v0.28.0); types.go:394 (v0.26.1)
    autogroups: since('0.29')
      ? ALL_AUTOGROUPS
      : since('0.27')
        ? ALL_AUTOGROUPS.filter((a) => a !== 'autogroup:danger-all')
        : ['autogroup:internet'],
    // types.go:957 (v0.26.1)
    autogroupsUnsupported: since('0.27') ? [] : ['autogroup:self', 'autogroup:member', 'autogroup:tagged'],
    // types.go:2107 (v0.29.2); types.go:1529 (v0.28.0); types.go:952 (v0.26.1)
    aclAutogroupSources: since('0.29')
      ? ['autogroup:member', 'autogroup:tagged', 'autogroup:danger-all']
      : since('0.27')
        ? ['autogroup:member', 'autogroup:tagged']
        : [],
    aclSelfSourcesChecked: since('0.29'),
    sshWildcardDestinationRefused: since('0.28'),
    sshSourceDestinationRules: since('0.28'),
    sshHostDestination: since('0.29') ? 'refused' : since('0.27') ? 'taken' : 'not-decoded',
    sshAction: since('0.29') ? 'trimmed-required' : since('0.27') ? 'exact-optional' : 'exact-required',
    sshUsersChecked: since('0.29'),
    goCheckPeriod: since('0.29'),
  };
}

// ---------------------------------------------------------------------------------------------
// Decoding (types.go UnmarshalJSON methods, go-json-experiment at Headscale's go.mod).

type Path = readonly PropertyKey[];

/** A problem Headscale reports, where it is in the policy. */
interface PolicyProblem {
  readonly at: Path;
  readonly position?: Position;
  readonly message: string;
}

/** The first decoding error: Headscale's json.Unmarshal stops there. */
class DecodeError extends Error {
  constructor(readonly problem: PolicyProblem) {
    super(problem.message);
  }
}

interface Located {
  readonly at: Path;
  readonly position?: Position;
}

function refuse(where: Located, message: string): never {
  throw new DecodeError({ at: where.at, position: where.position, message });
}

/** A node and where it is. */
interface Field extends Located {
  readonly node: JsonNode;
}

const fieldOf = (node: JsonNode, at: Path): Field => ({ node, at, position: node.at });

function typeError(field: Field, goType: string): never {
  return refuse(field, `json: cannot unmarshal JSON ${field.node.kind} into Go ${goType}`);
}

/** Go's strings.Trim(s, `"`) on a value's raw bytes, as the policy's string types read themselves. */
const trimQuotes = (raw: string) => raw.replace(/^"+|"+$/g, '');

/** json v2 MatchCaseInsensitiveNames: case and `_`/`-` are ignored; v1 folds case only. */
const foldName = (name: string, rules: VersionRules) =>
  rules.jsonV2 ? name.toLowerCase().replace(/[_-]/g, '') : name.toLowerCase();

/** An object's members, refusing the same name twice (json v2 rejects duplicate names, jsontext). */
function membersOf(
  field: Field,
  goType: string,
  rules: VersionRules,
): Array<{ key: string; keyAt?: Position; value: Field }> {
  if (field.node.kind !== 'object') return typeError(field, goType);
  const seen = new Set<string>();
  return field.node.members.map((member) => {
    const at = [...field.at, member.key];
    if (rules.jsonV2 && seen.has(member.key))
      refuse({ at, position: member.keyAt }, `json: duplicate object member name ${JSON.stringify(member.key)}`);
    seen.add(member.key);
    return { key: member.key, keyAt: member.keyAt, value: { node: member.value, at, position: member.value.at } };
  });
}

/**
 * A Go struct decoded with policyJSONOpts (types.go:27 (v0.29.2)): RejectUnknownMembers and
 * MatchCaseInsensitiveNames; encoding/json v1 in 0.26 ignores unknown keys and lets the last of
 * duplicates win. Returns the fields present, by their Go JSON name.
 */
function decodeStruct(
  field: Field,
  goType: string,
  fieldNames: readonly string[],
  rules: VersionRules,
  skip: (key: string) => boolean = () => false,
): Map<string, Field> {
  const found = new Map<string, Field>();
  if (field.node.kind === 'null') return found;
  for (const { key, keyAt, value } of membersOf(field, goType, rules)) {
    if (skip(key)) continue;
    const name =
      fieldNames.find((n) => n === key) ?? fieldNames.find((n) => foldName(n, rules) === foldName(key, rules));
    if (name === undefined) {
      if (!rules.jsonV2) continue;
      // types.go:3271 (v0.29.2): the unknown name, reworded; 0.27/0.28 print it without the colon.
      refuse(
        { at: value.at, position: keyAt },
        `${rules.version === '0.29' ? 'unknown field:' : 'unknown field'} ${JSON.stringify(key)}`,
      );
    }
    if (found.has(name) && rules.jsonV2)
      refuse({ at: value.at, position: keyAt }, `json: duplicate object member name ${JSON.stringify(key)}`);
    found.set(name, value);
  }
  return found;
}

/** A JSON array (null is an empty one), each element decoded. */
function decodeList<T>(field: Field | undefined, goType: string, element: (f: Field) => T): T[] {
  if (!field || field.node.kind === 'null') return [];
  if (field.node.kind !== 'array') return typeError(field, goType);
  return field.node.elements.map((node, index) => element(fieldOf(node, [...field.at, index])));
}

/** json.Unmarshal into a Go string: a JSON string, or null for "". */
function decodeString(field: Field): string {
  if (field.node.kind === 'null') return '';
  if (field.node.kind !== 'string') return typeError(field, 'string');
  return field.node.value;
}

const stringList = (field: Field | undefined) => decodeList(field, '[]string', decodeString);

// --- Aliases: types.go:1033-1091 (v0.29.2) ---------------------------------------------------

type Alias = Located &
  (
    | { readonly type: 'wildcard' }
    | { readonly type: 'prefix'; readonly prefix: Cidr; readonly text: string }
    | {
        readonly type: 'user' | 'group' | 'tag' | 'autogroup' | 'host';
        readonly name: string;
      }
  );

const isUser = (s: string) => s.includes('@');
const isGroup = (s: string) => s.startsWith('group:');
const isTag = (s: string) => s.startsWith('tag:');
const isAutoGroup = (s: string) => s.startsWith('autogroup:');
const isHost = (s: string) => !isUser(s) && !s.includes(':');

const bitLength = (address: IpAddress) => (address.version === 4 ? 32 : 128);

/**
 * Prefix.parseString (types.go:682 (v0.29.2)): netip.ParseAddr as a full-length prefix (an IPv6
 * zone, `fe80::1%eth0`, is taken and dropped by Addr.Prefix), or netip.ParsePrefix (no zone).
 */
function parsePrefix(text: string): Cidr | undefined {
  if (!text.includes('/')) {
    const zone = /^([^%]*:[^%]*)%.+$/.exec(text);
    const address = parseIp(zone ? zone[1] : text);
    if (!address || (zone && address.version !== 6)) return undefined;
    return { ...address, prefixLength: bitLength(address) };
  }
  return parseCidr(text);
}

/** parseAlias (types.go:1057 (v0.29.2)). */
function parseAlias(text: string, where: Located): Alias {
  const prefix = parsePrefix(text);
  if (prefix) return { ...where, type: 'prefix', prefix, text };
  if (text === '*') return { ...where, type: 'wildcard' };
  if (isUser(text)) return { ...where, type: 'user', name: text };
  if (isGroup(text)) return { ...where, type: 'group', name: text };
  if (isTag(text)) return { ...where, type: 'tag', name: text };
  if (isAutoGroup(text)) return { ...where, type: 'autogroup', name: text };
  if (isHost(text)) return { ...where, type: 'host', name: text };
  return refuse(where, `invalid alias format: ${JSON.stringify(text)}`);
}

const aliasText = (alias: Alias) =>
  alias.type === 'wildcard' ? '*' : alias.type === 'prefix' ? alias.text : alias.name;

/**
 * Tag.Validate (types.go:554 (v0.29.2)): `tag:` and, from 0.29, an ASCII letter after it. What
 * is wrong with a tag name, or undefined.
 */
export function tagNameProblem(tag: string, version: HeadscaleVersion = NEWEST_HEADSCALE_VERSION): string | undefined {
  if (!isTag(tag)) return `tag must start with 'tag:', got: ${JSON.stringify(tag)}`;
  if (versionRules(version).tagNames === 'letter' && !/^[A-Za-z]/.test(tag.slice('tag:'.length)))
    return `tag names must start with a letter, after 'tag:' (got ${JSON.stringify(tag)})`;
  return undefined;
}

/** AutoGroup.Validate (types.go:766 (v0.29.2)). */
function autogroupProblem(name: string, rules: VersionRules): string | undefined {
  return rules.autogroups.includes(name)
    ? undefined
    : `invalid autogroup: got ${JSON.stringify(name)}, must be one of [${rules.autogroups.join(' ')}]`;
}

/** Alias.Validate of each alias type (types.go:364, 479, 554, 621, 670, 766 (v0.29.2)). */
function aliasValidateProblem(alias: Alias, rules: VersionRules): string | undefined {
  switch (alias.type) {
    case 'tag':
      return rules.tagNames === 'unchecked' ? undefined : tagNameProblem(alias.name, rules.version);
    case 'autogroup':
      return autogroupProblem(alias.name, rules);
    default:
      return undefined;
  }
}

/** AliasEnc.UnmarshalJSON (types.go:1093 (v0.29.2)): a string, trimmed from 0.29 on, parsed as an alias. */
function decodeAlias(field: Field, rules: VersionRules): Alias {
  const text = decodeString(field);
  return parseAlias(rules.trimmedAliases ? text.trim() : text, field);
}

const decodeAliases = (field: Field | undefined, rules: VersionRules) =>
  decodeList(field, 'v2.Aliases', (f) => decodeAlias(f, rules));

interface PortRange {
  readonly first: number;
  readonly last: number;
}

const ANY_PORT: PortRange = { first: 0, last: 65535 };

/** parsePort (utils.go:139 (v0.29.2)). */
function parsePort(text: string): number | string {
  if (!/^[-+]?[0-9]+$/.test(text)) return 'invalid first integer';
  const port = Number(text);
  return port < 0 || port > 65535 ? 'port number out of range' : port;
}

/** parsePortRange (utils.go:86 (v0.29.2)): `*`, or comma-separated ports and ranges. */
function parsePortRange(text: string, rules: VersionRules): PortRange[] | string {
  if (text === '*') return [ANY_PORT];
  const ranges: PortRange[] = [];
  for (const part of text.split(',')) {
    if (part.includes('-')) {
      const bounds = part.split('-').filter((b) => b !== '');
      if (bounds.length !== 2) return 'invalid port range format';
      const first = parsePort(bounds[0]);
      if (typeof first === 'string') return first;
      const last = parsePort(bounds[1]);
      if (typeof last === 'string') return last;
      if (first > last) return 'invalid port range: first port is greater than last port';
      ranges.push({ first, last });
    } else {
      const port = parsePort(part);
      if (typeof port === 'string') return port;
      // utils.go:125 (v0.29.2); 0.26 takes a port 0 (utils.go:71 (v0.26.1))
      if (port < 1 && rules.portZeroRefused) return "first port must be >0, or use '*' for wildcard";
      ranges.push({ first: port, last: port });
    }
  }
  return ranges;
}

/** splitDestinationAndPort (utils.go:36 (v0.29.2)): `[v6]:port` from 0.29, then the last colon. */
function splitDestinationAndPort(input: string, rules: VersionRules): [string, string] | string {
  let text = input;
  if (rules.bracketedIpv6 && text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return 'square brackets are only valid around IPv6 addresses';
    const host = text.slice(1, close);
    if (parseIp(host)?.version !== 6)
      return `square brackets are only valid around IPv6 addresses: ${JSON.stringify(host)}`;
    const rest = text.slice(close + 1);
    if (rest === '' || (rest[0] !== ':' && rest[0] !== '/'))
      return `square brackets are only valid around IPv6 addresses: ${JSON.stringify(input)}`;
    text = host + rest;
  }
  const colon = text.lastIndexOf(':');
  if (colon < 0) return 'input must contain a colon character separating destination and port';
  if (colon === 0) return 'input cannot start with a colon character';
  if (colon === text.length - 1) return 'input cannot end with a colon character';
  return [text.slice(0, colon), text.slice(colon + 1)];
}

type AliasWithPorts = Alias & { readonly ports: readonly PortRange[] };

/** AliasWithPorts.UnmarshalJSON (types.go:889 (v0.29.2)): `alias:ports`, the alias validated. */
function parseAliasWithPorts(text: string, where: Located, rules: VersionRules): AliasWithPorts {
  if (!text.includes(':')) return refuse(where, 'hostport must contain a colon');
  const split = splitDestinationAndPort(text, rules);
  if (typeof split === 'string') return refuse(where, split);
  const ports = parsePortRange(split[1], rules);
  if (typeof ports === 'string')
    return refuse(where, `dst=${JSON.stringify(text)}: port range ${JSON.stringify(split[1])}: ${ports}`);
  const alias = parseAlias(split[0], where);
  const problem = aliasValidateProblem(alias, rules);
  if (problem) refuse(where, problem);
  return { ...alias, ports };
}

function decodeAliasWithPorts(field: Field, rules: VersionRules): AliasWithPorts {
  if (field.node.kind !== 'string') return refuse(field, `type not supported: ${field.node.kind}`);
  return parseAliasWithPorts(field.node.value, field, rules);
}

// --- Protocols: types.go:1842-1895 (v0.29.2) -------------------------------------------------

const PROTOCOL_NUMBERS: Readonly<Record<string, number>> = {
  icmp: 1,
  igmp: 2,
  ipv4: 4,
  'ip-in-ip': 4,
  tcp: 6,
  egp: 8,
  igp: 9,
  udp: 17,
  gre: 47,
  esp: 50,
  ah: 51,
  'ipv6-icmp': 58,
  sctp: 132,
  fc: 133,
};
/** Names 0.28 and earlier know (types.go:1406 (v0.28.0)): no ipv6-icmp, no fc. */
const OLD_PROTOCOL_NAMES = ['icmp', 'igmp', 'ipv4', 'ip-in-ip', 'tcp', 'egp', 'igp', 'udp', 'gre', 'esp', 'ah', 'sctp'];
/** ProtocolNumberToName (types.go:1918 (v0.29.2)). */
const NAME_OF_NUMBER = new Map<number, string>(
  Object.entries(PROTOCOL_NUMBERS)
    .filter(([name]) => name !== 'ipv4')
    .map(([name, number]) => [number, name]),
);

/** Protocol.validate (types.go:1864 (v0.29.2)). */
function protocolProblem(protocol: string, rules: VersionRules): string | undefined {
  const names = rules.protocolNumbersCanonical ? Object.keys(PROTOCOL_NUMBERS) : OLD_PROTOCOL_NAMES;
  if (protocol === '' || names.includes(protocol)) return undefined;
  if (protocol === '*')
    return 'proto name "*" not known; use protocol number 0-255 or protocol name (icmp, tcp, udp, etc.)';
  if (protocol === '0' || (protocol.length > 1 && protocol.startsWith('0')))
    return `leading 0 not permitted in protocol number ${JSON.stringify(protocol)}`;
  if (!/^[-+]?[0-9]+$/.test(protocol))
    return `invalid protocol number: ${JSON.stringify(protocol)} must be a known protocol name or valid protocol number 0-255`;
  const number = Number(protocol);
  return number < 0 || number > 255 ? `protocol number out of range (0-255): ${number}` : undefined;
}

/** Protocol.UnmarshalJSON (types.go:1842 (v0.29.2)): the raw bytes unquoted, lowercased, a number named (0.29). */
function decodeProtocol(field: Field, rules: VersionRules): string {
  let protocol = trimQuotes(field.node.raw).toLowerCase();
  if (rules.protocolNumbersCanonical && /^[-+]?[0-9]+$/.test(protocol)) {
    const name = NAME_OF_NUMBER.get(Number(protocol));
    if (name && Number(protocol) >= 0) protocol = name;
  }
  const problem = protocolProblem(protocol, rules);
  return problem ? refuse(field, problem) : protocol;
}

// --- The policy's types ------------------------------------------------------------------------

interface Acl extends Located {
  readonly action: string;
  readonly protocol: string;
  readonly protocolAt?: Field;
  readonly sources: readonly Alias[];
  readonly destinations: readonly AliasWithPorts[];
}

interface SshRule extends Located {
  readonly action: string;
  readonly actionAt?: Field;
  readonly sources: readonly Alias[];
  readonly destinations: readonly Alias[];
  readonly users: ReadonlyArray<{ readonly name: string } & Located>;
  readonly checkPeriod?: { readonly always: boolean; readonly nanoseconds: number } & Located;
  readonly acceptEnv: ReadonlyArray<{ readonly value: string } & Located>;
}

interface ProtocolPort extends Located {
  readonly protocol: string;
  readonly ports: readonly PortRange[];
}

interface Grant extends Located {
  readonly sources: readonly Alias[];
  readonly destinations: readonly Alias[];
  readonly ip: readonly ProtocolPort[];
  readonly app: ReadonlyArray<{ readonly name: string } & Located>;
  readonly via: ReadonlyArray<{ readonly tag: string } & Located>;
}

interface NodeAttr extends Located {
  readonly targets: readonly Alias[];
  readonly attrs: ReadonlyArray<{ readonly name: string } & Located>;
  readonly ipPool: ReadonlyArray<{ readonly prefix: Cidr; readonly text: string } & Located>;
  readonly ipPoolAt?: Located;
}

interface PolicyTest extends Located {
  readonly protocol: string;
  readonly accept: ReadonlyArray<{ readonly destination: string } & Located>;
  readonly deny: ReadonlyArray<{ readonly destination: string } & Located>;
}

interface SshPolicyTest extends Located {
  readonly source?: Alias;
  readonly destinations: readonly Alias[];
}

interface Policy {
  readonly groups: ReadonlyMap<string, readonly string[]>;
  readonly hosts: ReadonlyMap<string, Cidr>;
  readonly tagOwners: ReadonlyMap<string, ReadonlyArray<Alias>>;
  readonly acls: readonly Acl[];
  readonly ssh: readonly SshRule[];
  readonly grants: readonly Grant[];
  readonly nodeAttrs: readonly NodeAttr[];
  readonly tests: readonly PolicyTest[];
  readonly sshTests: readonly SshPolicyTest[];
  readonly routeApprovers: readonly Alias[];
  readonly exitNodeApprovers: readonly Alias[];
}

/** Groups.UnmarshalJSON (types.go:1374 (v0.29.2)). */
function decodeGroups(field: Field | undefined, rules: VersionRules): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  if (!field || field.node.kind === 'null') return groups;
  const members = membersOf(field, 'v2.Groups', rules);
  const listed: Array<{ key: string; users: Array<{ name: string; member: Field }> }> = [];
  for (const { key, value } of members)
    if (!isGroup(key)) refuse(value, `group must start with 'group:', got: ${JSON.stringify(key)}`);
  for (const { key, value } of members) {
    // 0.26 decodes map[string][]string, where null is an empty list (types.go:742 (v0.26.1)).
    if (value.node.kind === 'null' && !rules.jsonV2) {
      groups.set(key, []);
      continue;
    }
    if (value.node.kind === 'string')
      refuse(
        value,
        `group value must be an array of users: group ${JSON.stringify(key)} got string: ${value.node.raw}`,
      );
    if (value.node.kind !== 'array')
      refuse(value, `group value must be an array of users: group ${JSON.stringify(key)} got ${value.node.kind}`);
    const users = decodeList(value, '[]string', (member) =>
      member.node.kind === 'string'
        ? { name: member.node.value, member }
        : refuse(
            member,
            `invalid group member type: group ${JSON.stringify(key)} expected string but got ${member.node.kind}`,
          ),
    );
    listed.push({ key, users });
    groups.set(
      key,
      users.map((user) => user.name),
    );
  }
  // Groups in groups first, from the last group name down, then users without "@".
  for (const { key, users } of [...listed].sort((a, b) => (a.key < b.key ? 1 : -1)))
    for (const { name, member } of users)
      if (isGroup(name))
        refuse(member, `groups[${JSON.stringify(key)}]: ${JSON.stringify(name)}: group members cannot be recursive`);
  for (const { users } of listed)
    for (const { name, member } of users)
      if (!isUser(name)) refuse(member, `username must contain @, got: ${JSON.stringify(name)}`);
  return groups;
}

/** Hosts.UnmarshalJSON (types.go:1464 (v0.29.2)). */
function decodeHosts(field: Field | undefined, rules: VersionRules): Map<string, Cidr> {
  const hosts = new Map<string, Cidr>();
  if (!field || field.node.kind === 'null') return hosts;
  for (const { key, value } of membersOf(field, 'v2.Hosts', rules)) {
    const address = decodeString(value);
    if (!isHost(key)) refuse(value, `invalid hostname: ${JSON.stringify(key)}`);
    const prefix = parsePrefix(address);
    if (!prefix)
      refuse(
        value,
        `hostname contains invalid IP address: hostname ${JSON.stringify(key)} address ${JSON.stringify(address)}`,
      );
    hosts.set(key, prefix);
  }
  return hosts;
}

/** parseOwner and parseAutoApprover (types.go:1338, 1244 (v0.29.2)): users, groups and tags. */
function decodeOwners(field: Field, what: 'owner' | 'auto approver', rules: VersionRules): Alias[] {
  return decodeList(field, 'v2.Owners', (f) => {
    const text = decodeString(f);
    // 0.26 and 0.27 take users and groups only as tag owners (types.go:969 (v0.27.1)).
    const tagAllowed = what === 'auto approver' || rules.tagOwnedTags;
    if (isUser(text) || isGroup(text) || (isTag(text) && tagAllowed)) return parseAlias(text, f);
    return refuse(f, `invalid ${what} format: ${JSON.stringify(text)}`);
  });
}

/** TagOwners: map[Tag]Owners, each key read by Tag.UnmarshalJSON (types.go:573 (v0.29.2)). */
function decodeTagOwners(field: Field | undefined, rules: VersionRules): Map<string, Alias[]> {
  const tagOwners = new Map<string, Alias[]>();
  if (!field || field.node.kind === 'null') return tagOwners;
  for (const { key, value } of membersOf(field, 'v2.TagOwners', rules)) {
    const problem = rules.tagNames === 'unchecked' ? undefined : tagNameProblem(key, rules.version);
    // types.go:3282 (v0.29.2) words the letter rule as tagOwners["tag:x"]: ..., which the key path says here
    if (problem) refuse(value, problem);
    tagOwners.set(key, decodeOwners(value, 'owner', rules));
  }
  return tagOwners;
}

/** ACL.UnmarshalJSON (types.go:1945 (v0.29.2)): keys starting with "#" are skipped. */
function decodeAcl(field: Field, rules: VersionRules): Acl {
  const fields = decodeStruct(field, 'v2.ACL', ['action', 'proto', 'src', 'dst'], rules, (key) => key.startsWith('#'));
  const action = fields.get('action');
  const proto = fields.get('proto');
  let actionText = '';
  let protocol = '';
  if (rules.aclActionProtoChecked) {
    if (action) {
      actionText = trimQuotes(action.node.raw);
      // Action.UnmarshalJSON (types.go:1678 (v0.29.2))
      if (actionText !== 'accept')
        refuse(action, `action=${JSON.stringify(actionText)} is not supported: invalid ACL action`);
    }
    if (proto) protocol = decodeProtocol(proto, rules);
  } else {
    // 0.26: plain strings (types.go:924 (v0.26.1))
    if (action) actionText = decodeString(action);
    if (proto) protocol = decodeString(proto);
  }
  return {
    at: field.at,
    position: field.position,
    action: actionText,
    protocol,
    protocolAt: proto,
    sources: decodeAliases(fields.get('src'), rules),
    destinations: decodeList(fields.get('dst'), '[]v2.AliasWithPorts', (f) => decodeAliasWithPorts(f, rules)),
  };
}

/** A Prometheus model.Duration (prometheus/common model/time.go:205), which 0.26 to 0.28 read checkPeriod as. */
function prometheusDurationProblem(text: string): string | undefined {
  if (text === '0') return undefined;
  return /^(?:[0-9]+y)?(?:[0-9]+w)?(?:[0-9]+d)?(?:[0-9]+h)?(?:[0-9]+m)?(?:[0-9]+s)?(?:[0-9]+ms)?$/.test(text) &&
    text !== ''
    ? undefined
    : text === ''
      ? 'empty duration string'
      : `not a valid duration string: ${JSON.stringify(text)}`;
}

/** SSH (types.go:2975 (v0.29.2)) and its field types' decoders. */
function decodeSsh(field: Field, rules: VersionRules): SshRule {
  const names = ['action', 'src', 'dst', 'users', 'checkPeriod', ...(rules.sshAcceptEnv ? ['acceptEnv'] : [])];
  const fields = decodeStruct(field, 'v2.SSH', names, rules);
  const action = fields.get('action');
  let actionText = '';
  if (action && rules.sshAction === 'exact-required') {
    // 0.26: a plain string, checked by validate (types.go:1124 (v0.26.1))
    actionText = decodeString(action);
  } else if (action) {
    const raw = trimQuotes(action.node.raw);
    if (rules.sshAction === 'trimmed-required') {
      // SSHAction.UnmarshalJSON (types.go:1703 (v0.29.2)): trimmed; missing or "" is left to validate
      actionText = raw.trim();
      if (!['', 'accept', 'check'].includes(actionText))
        refuse(action, `${JSON.stringify(actionText)} is not a valid action`);
    } else {
      // SSHAction.UnmarshalJSON (types.go:1262 (v0.28.0)): exactly accept or check when given
      actionText = raw;
      if (!['accept', 'check'].includes(actionText))
        refuse(action, `invalid SSH action ${JSON.stringify(actionText)}, must be one of: accept, check`);
    }
  }
  const sources = decodeList(fields.get('src'), 'v2.SSHSrcAliases', (f) => {
    // SSHSrcAliases.UnmarshalJSON (types.go:3007 (v0.29.2))
    const alias = decodeAlias(f, rules);
    if (!['user', 'group', 'tag', 'autogroup'].includes(alias.type))
      refuse(f, `alias not supported for SSH source: ${JSON.stringify(aliasText(alias))}`);
    return alias;
  });
  const destinations = decodeList(fields.get('dst'), 'v2.SSHDstAliases', (f) => {
    // SSHDstAliases.UnmarshalJSON (types.go:3028 (v0.29.2)); `*` taken by 0.26 and 0.27 (types.go:1951
    // (v0.27.1)), hosts not by 0.26 (types.go:1300 (v0.26.1))
    const alias = decodeAlias(f, rules);
    if (alias.type === 'wildcard' && rules.sshWildcardDestinationRefused)
      refuse(
        f,
        "wildcard (*) is not supported as SSH destination; use 'autogroup:member' for user-owned devices, 'autogroup:tagged' for tagged devices, or specific tags/users",
      );
    const types = [
      'user',
      'tag',
      'autogroup',
      'wildcard',
      ...(rules.sshHostDestination === 'not-decoded' ? [] : ['host']),
    ];
    if (!types.includes(alias.type))
      refuse(f, `alias not supported for SSH destination: ${JSON.stringify(aliasText(alias))}`);
    return alias;
  });
  const users = decodeList(fields.get('users'), 'v2.SSHUsers', (f) => {
    // SSHUser.UnmarshalJSON (types.go:3237 (v0.29.2)): trimmed
    const name = decodeString(f);
    return { name: rules.sshUsersChecked ? name.trim() : name, at: f.at, position: f.position };
  });
  const period = fields.get('checkPeriod');
  let checkPeriod: SshRule['checkPeriod'];
  if (period && (period.node.kind !== 'null' || !rules.goCheckPeriod)) {
    const text = trimQuotes(period.node.raw);
    if (rules.goCheckPeriod) {
      // SSHCheckPeriod.UnmarshalJSON (types.go:2929 (v0.29.2))
      const nanoseconds = text === 'always' ? 0 : parseGoDuration(text);
      if (nanoseconds === undefined) refuse(period, `time: invalid duration ${JSON.stringify(text)}`);
      checkPeriod = { always: text === 'always', nanoseconds, at: period.at, position: period.position };
    } else {
      const problem = prometheusDurationProblem(period.node.kind === 'string' ? period.node.value : '');
      if (problem) refuse(period, problem);
    }
  }
  return {
    at: field.at,
    position: field.position,
    action: actionText,
    actionAt: action,
    sources,
    destinations,
    users,
    checkPeriod,
    acceptEnv: decodeList(fields.get('acceptEnv'), '[]string', (f) => ({
      value: decodeString(f),
      at: f.at,
      position: f.position,
    })),
  };
}

/** ProtocolPort.UnmarshalJSON (types.go:948 (v0.29.2)): `*`, ports, or proto:ports (the proto as written). */
function decodeProtocolPort(field: Field, rules: VersionRules): ProtocolPort {
  if (field.node.kind !== 'string') return refuse(field, `type not supported: ${field.node.kind}`);
  const text = field.node.value;
  if (text === '*') return { at: field.at, position: field.position, protocol: '*', ports: [ANY_PORT] };
  const parts = text.split(':');
  if (parts.length === 1) {
    const ports = parsePortRange(text, rules);
    if (typeof ports === 'string') refuse(field, `port range ${JSON.stringify(text)}: ${ports}`);
    return { at: field.at, position: field.position, protocol: '*', ports };
  }
  if (parts.length !== 2)
    refuse(
      field,
      `expected only one colon in Internet protocol and port type, got: [${parts.join(' ')}](${parts.length})`,
    );
  const problem = protocolProblem(parts[0], rules);
  if (problem) refuse(field, problem);
  const ports = parsePortRange(parts[1], rules);
  if (typeof ports === 'string') refuse(field, `port range ${JSON.stringify(parts[1])}: ${ports}`);
  return { at: field.at, position: field.position, protocol: parts[0], ports };
}

/** Grant (types.go:1983 (v0.29.2)). */
function decodeGrant(field: Field, rules: VersionRules): Grant {
  const fields = decodeStruct(field, 'v2.Grant', ['src', 'dst', 'ip', 'app', 'via'], rules);
  const app = fields.get('app');
  const capabilities: Array<{ name: string } & Located> = [];
  if (app && app.node.kind !== 'null')
    for (const { key, value } of membersOf(app, 'tailcfg.PeerCapMap', rules)) {
      if (value.node.kind !== 'array' && value.node.kind !== 'null') typeError(value, '[]tailcfg.RawMessage');
      capabilities.push({ name: key, at: value.at, position: value.position });
    }
  return {
    at: field.at,
    position: field.position,
    sources: decodeAliases(fields.get('src'), rules),
    destinations: decodeAliases(fields.get('dst'), rules),
    ip: decodeList(fields.get('ip'), '[]v2.ProtocolPort', (f) => decodeProtocolPort(f, rules)),
    app: capabilities,
    via: decodeList(fields.get('via'), '[]v2.Tag', (f) => {
      // Tag.UnmarshalJSON; types.go:3276 (v0.29.2) rewords any failure under via
      const tag = trimQuotes(f.node.raw);
      if (f.node.kind !== 'string' || tagNameProblem(tag, rules.version)) refuse(f, 'via can only be a tag');
      return { tag, at: f.at, position: f.position };
    }),
  };
}

/** NodeAttrGrant (types.go:2002 (v0.29.2)). */
function decodeNodeAttr(field: Field, rules: VersionRules): NodeAttr {
  const fields = decodeStruct(field, 'v2.NodeAttrGrant', ['target', 'attr', 'ipPool'], rules);
  return {
    at: field.at,
    position: field.position,
    targets: decodeAliases(fields.get('target'), rules),
    attrs: decodeList(fields.get('attr'), '[]tailcfg.NodeCapability', (f) => ({
      name: decodeString(f),
      at: f.at,
      position: f.position,
    })),
    ipPoolAt: fields.get('ipPool'),
    ipPool: decodeList(fields.get('ipPool'), '[]netip.Prefix', (f) => {
      const text = decodeString(f);
      const prefix = parseCidr(text);
      return prefix
        ? { prefix, text, at: f.at, position: f.position }
        : refuse(f, `netip.ParsePrefix(${JSON.stringify(text)}): invalid prefix`);
    }),
  };
}

/** PolicyTest (test.go:38 (v0.29.2)). */
function decodePolicyTest(field: Field, rules: VersionRules): PolicyTest {
  const fields = decodeStruct(field, 'v2.PolicyTest', ['src', 'proto', 'accept', 'deny'], rules);
  const src = fields.get('src');
  if (src) decodeString(src);
  const proto = fields.get('proto');
  const destinations = (list: 'accept' | 'deny') =>
    decodeList(fields.get(list), '[]string', (f) => ({ destination: decodeString(f), at: f.at, position: f.position }));
  return {
    at: field.at,
    position: field.position,
    protocol: proto ? decodeProtocol(proto, rules) : '',
    accept: destinations('accept'),
    deny: destinations('deny'),
  };
}

/** SSHPolicyTest.UnmarshalJSON (test.go:105 (v0.29.2)): an empty src stays unset. */
function decodeSshPolicyTest(field: Field, rules: VersionRules): SshPolicyTest {
  const fields = decodeStruct(field, 'v2.SSHPolicyTest', ['src', 'dst', 'accept', 'deny', 'check'], rules);
  const src = fields.get('src');
  const destinations = decodeAliases(fields.get('dst'), rules);
  for (const list of ['accept', 'deny', 'check']) stringList(fields.get(list));
  const text = src ? decodeString(src).trim() : '';
  return {
    at: field.at,
    position: field.position,
    source: src && text !== '' ? parseAlias(text, src) : undefined,
    destinations,
  };
}

/** AutoApproverPolicy (types.go:1562 (v0.29.2)): routes by prefix, and exitNode. */
function decodeAutoApprovers(
  field: Field | undefined,
  rules: VersionRules,
): Pick<Policy, 'routeApprovers' | 'exitNodeApprovers'> {
  if (!field) return { routeApprovers: [], exitNodeApprovers: [] };
  const fields = decodeStruct(field, 'v2.AutoApproverPolicy', ['routes', 'exitNode'], rules);
  const routes = fields.get('routes');
  const routeApprovers: Alias[] = [];
  if (routes && routes.node.kind !== 'null')
    for (const { key, value } of membersOf(routes, 'map[netip.Prefix]v2.AutoApprovers', rules)) {
      // netip.ParsePrefix: host bits may be set
      if (!parseCidr(key)) refuse(value, `netip.ParsePrefix(${JSON.stringify(key)}): invalid prefix`);
      routeApprovers.push(...decodeOwners(value, 'auto approver', rules));
    }
  const exitNode = fields.get('exitNode');
  return { routeApprovers, exitNodeApprovers: exitNode ? decodeOwners(exitNode, 'auto approver', rules) : [] };
}

const POLICY_SECTIONS = [
  'groups',
  'hosts',
  'tagOwners',
  'acls',
  'autoApprovers',
  'ssh',
  'grants',
  'nodeAttrs',
  'tests',
  'sshTests',
  'randomizeClientPort',
] as const;
const VERSIONED_SECTIONS: readonly PolicyFeature[] = [
  'grants',
  'nodeAttrs',
  'tests',
  'sshTests',
  'randomizeClientPort',
];

const isVersionedSection = (name: string): name is PolicyFeature =>
  (VERSIONED_SECTIONS as readonly string[]).includes(name);

/** The policy's JSON decoded into Headscale's types (json.Unmarshal in unmarshalPolicy, types.go:3263 (v0.29.2)). */
function decodePolicy(node: JsonNode, rules: VersionRules): Policy {
  const known = POLICY_SECTIONS.filter((name) => !isVersionedSection(name) || rules.has(name));
  let fields: Map<string, Field>;
  try {
    fields = decodeStruct(fieldOf(node, []), 'v2.Policy', known, rules);
  } catch (error) {
    if (!(error instanceof DecodeError) || error.problem.at.length !== 1) throw error;
    // A section of a later version is an unknown field here: say which version has it.
    const key = foldName(String(error.problem.at[0]), rules);
    const later = VERSIONED_SECTIONS.find((name) => foldName(name, rules) === key);
    if (!later || rules.has(later)) throw error;
    throw new DecodeError({
      ...error.problem,
      message: `${error.problem.message}: ${missingPolicyFeature(rules.version, later)}`,
    });
  }
  const randomize = fields.get('randomizeClientPort');
  if (randomize && randomize.node.kind !== 'boolean' && randomize.node.kind !== 'null') typeError(randomize, 'bool');
  return {
    groups: decodeGroups(fields.get('groups'), rules),
    hosts: decodeHosts(fields.get('hosts'), rules),
    tagOwners: decodeTagOwners(fields.get('tagOwners'), rules),
    acls: decodeList(fields.get('acls'), '[]v2.ACL', (f) => decodeAcl(f, rules)),
    ssh: decodeList(fields.get('ssh'), '[]v2.SSH', (f) => decodeSsh(f, rules)),
    grants: decodeList(fields.get('grants'), '[]v2.Grant', (f) => decodeGrant(f, rules)),
    nodeAttrs: decodeList(fields.get('nodeAttrs'), '[]v2.NodeAttrGrant', (f) => decodeNodeAttr(f, rules)),
    tests: decodeList(fields.get('tests'), '[]v2.PolicyTest', (f) => decodePolicyTest(f, rules)),
    sshTests: decodeList(fields.get('sshTests'), '[]v2.SSHPolicyTest', (f) => decodeSshPolicyTest(f, rules)),
    ...decodeAutoApprovers(fields.get('autoApprovers'), rules),
  };
}

// ---------------------------------------------------------------------------------------------
// Policy.validate (types.go:2433 (v0.29.2)): every problem, each where it is.

type Problems = PolicyProblem[];

const problemAt = (where: Located, message: string): PolicyProblem => ({
  at: where.at,
  position: where.position,
  message,
});

/** Groups.Contains, TagOwners.Contains, Hosts.exist (types.go:1356, 1548, 1509 (v0.29.2)). */
function definedProblem(alias: Alias, policy: Policy): string | undefined {
  if (alias.type === 'group' && !policy.groups.has(alias.name))
    return `group not defined in policy: ${JSON.stringify(alias.name)}`;
  if (alias.type === 'tag' && !policy.tagOwners.has(alias.name)) return `tag not found: ${JSON.stringify(alias.name)}`;
  if (alias.type === 'host' && !policy.hosts.has(alias.name))
    return `host not defined in policy: ${JSON.stringify(alias.name)}`;
  return undefined;
}

/** validateAutogroupSupported (types.go:2129 (v0.29.2)): autogroups a version parses but refuses everywhere (0.26). */
const unsupportedAutogroup = (name: string, rules: VersionRules) =>
  rules.autogroupsUnsupported.includes(name)
    ? `autogroup not supported in headscale: ${JSON.stringify(name)}`
    : undefined;

const notSupportedFor = (name: string, where: string, allowed: readonly string[]) =>
  allowed.includes(name)
    ? undefined
    : `autogroup not supported for ${where}: ${JSON.stringify(name)}, can be [${allowed.join(' ')}]`;

const INTERNET_SOURCE = 'autogroup:internet can only be used in ACL destinations';

/** validateAutogroupForSrc (types.go:2141 (v0.29.2)). */
function aclSourceAutogroupProblem(name: string, rules: VersionRules): string | undefined {
  if (name === 'autogroup:internet') return INTERNET_SOURCE;
  if (name === 'autogroup:self') return '"autogroup:self" not valid on the src side of a rule';
  return notSupportedFor(name, 'ACL sources', rules.aclAutogroupSources);
}

/** validateAutogroupForDst (types.go:2161 (v0.29.2)). */
function aclDestinationAutogroupProblem(name: string): string | undefined {
  if (name === 'autogroup:danger-all') return 'cannot use autogroup:danger-all as a dst';
  return notSupportedFor(name, 'ACL destinations', [
    'autogroup:internet',
    'autogroup:member',
    'autogroup:tagged',
    'autogroup:self',
  ]);
}

/** validateAutogroupForSSHSrc (types.go:2218 (v0.29.2)). */
const sshSourceAutogroupProblem = (name: string) =>
  name === 'autogroup:internet'
    ? INTERNET_SOURCE
    : notSupportedFor(name, 'SSH sources', ['autogroup:member', 'autogroup:tagged']);

/** validateAutogroupForSSHDst (types.go:2234 (v0.29.2)). */
const sshDestinationAutogroupProblem = (name: string) =>
  name === 'autogroup:internet'
    ? INTERNET_SOURCE
    : notSupportedFor(name, 'SSH destinations', ['autogroup:member', 'autogroup:tagged', 'autogroup:self']);

/**
 * The source and destination checks ACLs and grants share (types.go:2442-2522, 2682-2750
 * (v0.29.2)); `tagMessage` words a missing tag as each of them does.
 */
function aliasProblems(
  aliases: readonly Alias[],
  side: 'src' | 'dst',
  policy: Policy,
  rules: VersionRules,
  tagMessage: (tag: string, problem: string) => string = (_tag, problem) => problem,
): Problems {
  return aliases.flatMap((alias) => {
    const problem =
      alias.type === 'autogroup'
        ? (unsupportedAutogroup(alias.name, rules) ??
          (side === 'src' ? aclSourceAutogroupProblem(alias.name, rules) : aclDestinationAutogroupProblem(alias.name)))
        : definedProblem(alias, policy);
    if (!problem) return [];
    return [problemAt(alias, alias.type === 'tag' ? tagMessage(alias.name, problem) : problem)];
  });
}

/** validateProtocolPortCompatibility (types.go:3302 (v0.29.2)): only tcp, udp and sctp (or none) take ports. */
function protocolPortProblems(acl: Acl): Problems {
  if (['tcp', 'udp', 'sctp', ''].includes(acl.protocol)) return [];
  const specific = acl.destinations.find((d) => d.ports.some((p) => p.first !== 0 || p.last !== 65535));
  return specific
    ? [
        problemAt(
          specific,
          `protocol does not support specific ports: ${JSON.stringify(acl.protocol)}, only "*" is allowed`,
        ),
      ]
    : [];
}

/** validateACLSrcDstCombination (types.go:2312 (v0.29.2)). */
function aclSelfProblems(acl: Acl): Problems {
  if (!acl.destinations.some((d) => d.type === 'autogroup' && d.name === 'autogroup:self')) return [];
  const invalid = acl.sources.find(
    (s) =>
      !(
        s.type === 'user' ||
        s.type === 'group' ||
        s.type === 'wildcard' ||
        (s.type === 'autogroup' && s.name === 'autogroup:member')
      ),
  );
  return invalid
    ? [problemAt(invalid, 'autogroup:self can only be used with users, groups, or supported autogroups')]
    : [];
}

function aclProblems(acl: Acl, policy: Policy, rules: VersionRules): Problems {
  return [
    ...aliasProblems(acl.sources, 'src', policy, rules, (_tag, problem) => `src=${problem}`),
    ...aliasProblems(
      acl.destinations,
      'dst',
      policy,
      rules,
      (tag, problem) => `dst=${JSON.stringify(tag)}: ${problem}`,
    ),
    ...(rules.aclActionProtoChecked ? protocolPortProblems(acl) : []),
    ...(rules.aclSelfSourcesChecked ? aclSelfProblems(acl) : []),
  ];
}

/** validateSSHSrcDstCombination (types.go:2255 (v0.29.2)). */
function sshCombinationProblem(rule: SshRule): PolicyProblem | undefined {
  const tagged = rule.sources.some(
    (s) => s.type === 'tag' || (s.type === 'autogroup' && s.name === 'autogroup:tagged'),
  );
  const groups = rule.sources.some(
    (s) => s.type === 'group' || (s.type === 'autogroup' && s.name === 'autogroup:member'),
  );
  const users = new Set(rule.sources.flatMap((s) => (s.type === 'user' ? [s.name] : [])));
  for (const destination of rule.destinations) {
    if (destination.type === 'user') {
      if (tagged)
        return problemAt(
          destination,
          `tags in SSH source cannot access user-owned devices (${destination.name}); use autogroup:tagged or specific tags as destinations instead`,
        );
      if (groups || users.size !== 1 || !users.has(destination.name))
        return problemAt(
          destination,
          `user destination requires source to contain only that same user ${JSON.stringify(destination.name)}; use autogroup:self instead for same-user SSH access`,
        );
    }
    if (destination.type === 'autogroup' && tagged) {
      if (destination.name === 'autogroup:self')
        return problemAt(
          destination,
          'autogroup:self destination requires source to contain only users or groups, not tags or autogroup:tagged',
        );
      if (destination.name === 'autogroup:member')
        return problemAt(destination, 'tags in SSH source cannot access autogroup:member (user-owned devices)');
    }
  }
  return undefined;
}

const CHECK_PERIOD_MAX_NANOSECONDS = 168 * 3600e9;

/** The SSH part of Policy.validate (types.go:2524-2632 (v0.29.2)). */
function sshProblems(rule: SshRule, policy: Policy, rules: VersionRules): Problems {
  const problems: Problems = [];
  if (rules.sshAction === 'trimmed-required' && rule.action === '')
    problems.push(problemAt(rule, 'action must be specified'));
  if (rules.sshAction === 'exact-required' && !['accept', 'check'].includes(rule.action))
    problems.push(
      problemAt(
        rule.actionAt ?? rule,
        `SSH action ${JSON.stringify(rule.action)} is not valid, must be accept or check`,
      ),
    );
  if (rules.sshUsersChecked) {
    if (rule.users.length === 0) problems.push(problemAt(rule, 'users must be specified'));
    for (const user of rule.users)
      if (user.name === '' || user.name === '*')
        problems.push(problemAt(user, `user ${JSON.stringify(user.name)} is not valid`));
  } else {
    // validateAutogroupForSSHUser (types.go:1770 (v0.28.0))
    for (const user of rule.users)
      if (user.name.startsWith('autogroup:') && user.name !== 'autogroup:nonroot')
        problems.push(
          problemAt(
            user,
            `autogroup ${JSON.stringify(user.name)} is not supported for SSH user, can be [autogroup:nonroot]`,
          ),
        );
  }
  for (const env of rule.acceptEnv)
    if (env.value === '') problems.push(problemAt(env, 'acceptEnv values cannot be empty'));
  for (const source of rule.sources) {
    const problem =
      source.type === 'autogroup'
        ? (unsupportedAutogroup(source.name, rules) ?? sshSourceAutogroupProblem(source.name))
        : definedProblem(source, policy);
    if (problem) problems.push(problemAt(source, problem));
  }
  for (const destination of rule.destinations) {
    let problem: string | undefined;
    if (destination.type === 'autogroup')
      problem = unsupportedAutogroup(destination.name, rules) ?? sshDestinationAutogroupProblem(destination.name);
    else if (destination.type === 'tag') problem = definedProblem(destination, policy);
    else if (destination.type === 'host' && rules.sshHostDestination === 'refused')
      problem = `invalid dst ${JSON.stringify(destination.name)}: hosts are not SSH destinations (name a tag or autogroup)`;
    if (problem) problems.push(problemAt(destination, problem));
  }
  if (rules.sshSourceDestinationRules) {
    const combination = sshCombinationProblem(rule);
    if (combination) problems.push(combination);
  }
  const period = rule.checkPeriod;
  if (period && rules.goCheckPeriod) {
    if (rule.action !== 'check') problems.push(problemAt(period, 'checkPeriod is only valid with action "check"'));
    else if (!period.always && period.nanoseconds < 0)
      problems.push(problemAt(period, `checkPeriod ${goDurationText(period.nanoseconds)} must be a positive duration`));
    else if (!period.always && period.nanoseconds > CHECK_PERIOD_MAX_NANOSECONDS)
      problems.push(problemAt(period, `checkPeriod ${goDurationText(period.nanoseconds)} is above the max (168h)`));
  }
  return problems;
}

/** time.Duration.String for whole seconds, enough for the check period's messages. */
function goDurationText(nanoseconds: number): string {
  const sign = nanoseconds < 0 ? '-' : '';
  let seconds = Math.abs(nanoseconds) / 1e9;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  return `${sign}${hours > 0 ? `${hours}h` : ''}${hours > 0 || minutes > 0 ? `${minutes}m` : ''}${seconds}s`;
}

/** tailscaleCapAllowlist (types.go:2377 (v0.29.2)). */
const GRANTABLE_TAILSCALE_CAPABILITIES = [
  'tailscale.com/cap/drive',
  'tailscale.com/cap/relay',
  'tailscale.com/cap/webui',
  'tailscale.com/cap/kubernetes',
  'tailscale.com/cap/tsidp',
];

/** validateCapabilityName (types.go:2357 (v0.29.2)). */
function capabilityProblem(name: string): string | undefined {
  if (name.includes('://')) return `capability name must have the form {domain}/{path}: ${JSON.stringify(name)}`;
  if (name.startsWith('tailscale.com/') && !GRANTABLE_TAILSCALE_CAPABILITIES.includes(name))
    return `capability name must not be in the tailscale.com domain: ${JSON.stringify(name)} (a grant may give ${GRANTABLE_TAILSCALE_CAPABILITIES.join(', ')})`;
  return undefined;
}

/** The grant part of Policy.validate (types.go:2634-2771 (v0.29.2)). */
function grantProblems(grant: Grant, policy: Policy, rules: VersionRules): Problems {
  const problems: Problems = [];
  if (grant.ip.length === 0 && grant.app.length === 0)
    problems.push(problemAt(grant, 'ip and app can not both be empty'));
  for (const capability of grant.app) {
    const problem = capabilityProblem(capability.name);
    if (problem) problems.push(problemAt(capability, problem));
  }
  const internet = grant.destinations.find((d) => d.type === 'autogroup' && d.name === 'autogroup:internet');
  if (grant.app.length > 0 && internet)
    problems.push(problemAt(internet, 'cannot use app grants with autogroup:internet'));
  const defaultRoute = grant.destinations.find((d) => d.type === 'prefix' && d.prefix.prefixLength === 0);
  if (defaultRoute)
    problems.push(
      problemAt(
        defaultRoute,
        `dst ${JSON.stringify(aliasText(defaultRoute))}: to allow all IP addresses, use "*" or "autogroup:internet"`,
      ),
    );
  problems.push(...aliasProblems(grant.sources, 'src', policy, rules, (_tag, problem) => `src=${problem}`));
  problems.push(...aliasProblems(grant.destinations, 'dst', policy, rules));
  for (const via of grant.via)
    if (!policy.tagOwners.has(via.tag)) problems.push(problemAt(via, `tag ${JSON.stringify(via.tag)} not found`));
  // validateGrantSrcDstCombination (types.go:2391 (v0.29.2)): stricter than ACLs, `*` refused too
  if (grant.destinations.some((d) => d.type === 'autogroup' && d.name === 'autogroup:self')) {
    const invalid = grant.sources.find(
      (s) => !(s.type === 'user' || s.type === 'group' || (s.type === 'autogroup' && s.name === 'autogroup:member')),
    );
    if (invalid)
      problems.push(problemAt(invalid, 'autogroup:self can only be used with users, groups, or supported autogroups'));
  }
  return problems;
}

/** The CGNAT range and Tailscale's reserved parts of it (types.go:2124, 2201 (v0.29.2)). */
const CGNAT = parseCidr('100.64.0.0/10')!;
const RESERVED_TAILSCALE_RANGES = ['100.100.100.0/24', '100.115.92.0/23'].map((p) => parseCidr(p)!);

const masked = (prefix: Cidr): bigint => {
  const host = (1n << BigInt(bitLength(prefix) - prefix.prefixLength)) - 1n;
  return prefix.value & ~host;
};
const prefixContains = (outer: Cidr, address: bigint, version: number) =>
  outer.version === version &&
  address >> BigInt(bitLength(outer) - outer.prefixLength) ===
    masked(outer) >> BigInt(bitLength(outer) - outer.prefixLength);
const prefixesOverlap = (a: Cidr, b: Cidr) =>
  a.version === b.version && (prefixContains(a, masked(b), b.version) || prefixContains(b, masked(a), a.version));

/** The nodeAttrs part of Policy.validate (types.go:2773-2833 (v0.29.2)) and validateNodeAttrIPPool. */
function nodeAttrProblems(nodeAttr: NodeAttr, policy: Policy): Problems {
  const problems: Problems = [];
  for (const target of nodeAttr.targets) {
    const problem =
      target.type === 'autogroup'
        ? ['autogroup:member', 'autogroup:tagged'].includes(target.name)
          ? undefined
          : `nodeAttrs target does not support this autogroup: ${JSON.stringify(target.name)}, can be [autogroup:member autogroup:tagged]`
        : definedProblem(target, policy);
    if (problem) problems.push(problemAt(target, problem));
  }
  for (const attr of nodeAttr.attrs)
    if (attr.name === 'funnel')
      problems.push(
        problemAt(
          attr,
          'nodeAttrs uses a feature headscale does not yet support: "funnel" tracked in https://github.com/juanfont/headscale/issues/2527',
        ),
      );
  if (nodeAttr.ipPoolAt && nodeAttr.ipPool.length > 0)
    problems.push(
      problemAt(
        nodeAttr.ipPoolAt,
        'nodeAttrs ipPool requires the IP allocator (https://github.com/juanfont/headscale/issues/2912)',
      ),
    );
  for (const pool of nodeAttr.ipPool) {
    if (
      pool.prefix.prefixLength < CGNAT.prefixLength ||
      !prefixContains(CGNAT, masked(pool.prefix), pool.prefix.version)
    )
      problems.push(problemAt(pool, `nodeAttrs ipPool must be within 100.64.0.0/10: ${JSON.stringify(pool.text)}`));
    else if (RESERVED_TAILSCALE_RANGES.some((reserved) => prefixesOverlap(pool.prefix, reserved)))
      problems.push(
        problemAt(pool, `nodeAttrs ipPool must not overlap reserved Tailscale ranges: ${JSON.stringify(pool.text)}`),
      );
  }
  return problems;
}

/**
 * flattenTags (policy.go:1608 (v0.29.2)): a tag owned by an undefined tag; 0.28 also refuses a
 * cycle, naming its tags sorted (policy.go:1011 (v0.28.0)). Like flattenTagOwners, the first
 * problem only.
 */
function tagOwnerChainProblems(policy: Policy, rules: VersionRules): Problems {
  const problems: Problems = [];
  const visit = (tag: string, chain: readonly string[]): void => {
    if (chain.includes(tag)) {
      if (rules.tagOwnerCyclesRefused)
        problems.push({
          at: ['tagOwners', tag],
          message: `circular reference detected: ${[...chain.slice(chain.indexOf(tag))].sort().join(' -> ')}`,
        });
      return;
    }
    for (const owner of policy.tagOwners.get(tag) ?? []) {
      if (owner.type !== 'tag') continue;
      if (policy.tagOwners.has(owner.name)) visit(owner.name, [...chain, tag]);
      else
        problems.push(
          problemAt(owner, `tag ${JSON.stringify(tag)} references undefined tag ${JSON.stringify(owner.name)}`),
        );
    }
  };
  for (const tag of policy.tagOwners.keys()) visit(tag, []);
  return problems.slice(0, 1);
}

/** validateTestDestination (types.go:3375 (v0.29.2)), with parseDestinationAlias (test.go:383 (v0.29.2)). */
function testDestinationProblem(
  destination: string,
  where: Located,
  policy: Policy,
  rules: VersionRules,
): string | undefined {
  let parsed: AliasWithPorts;
  try {
    parsed = parseAliasWithPorts(destination, where, rules);
  } catch (error) {
    if (error instanceof DecodeError) return error.problem.message;
    throw error;
  }
  if (parsed.type === 'autogroup' && parsed.name === 'autogroup:internet')
    return 'autogroup:internet not valid as a test destination';
  if (parsed.ports.length !== 1 || parsed.ports[0].first !== parsed.ports[0].last)
    return 'test destination port must be a single port';
  if (parsed.type === 'prefix' && destination.includes('/'))
    return 'test destination must be a single host, not a CIDR range';
  if (parsed.type === 'host') {
    const prefix = policy.hosts.get(parsed.name);
    if (prefix && prefix.prefixLength < bitLength(prefix))
      return 'test destination must be a single host, not a CIDR range';
  }
  return undefined;
}

/** validateTests (types.go:3328 (v0.29.2)). */
function testProblems(test: PolicyTest, index: number, policy: Policy, rules: VersionRules): Problems {
  const problems: Problems = [];
  if (test.accept.length === 0 && test.deny.length === 0)
    problems.push(problemAt(test, `test ${index}: test entry must have at least one of "accept" or "deny"`));
  if (!['', 'tcp', 'udp', 'sctp'].includes(test.protocol))
    problems.push(
      problemAt(
        test,
        `test ${index}: test protocol must be tcp, udp, sctp, or empty: ${JSON.stringify(test.protocol)}`,
      ),
    );
  for (const list of ['accept', 'deny'] as const)
    for (const entry of test[list]) {
      const problem = testDestinationProblem(entry.destination, entry, policy, rules);
      if (problem)
        problems.push(problemAt(entry, `test ${index}, ${list} ${JSON.stringify(entry.destination)}: ${problem}`));
    }
  return problems;
}

/** validateSSHTests and validateSSHTestDestination (types.go:3409, 3445 (v0.29.2)). */
function sshTestProblems(test: SshPolicyTest, index: number, policy: Policy): Problems {
  const problems: Problems = [];
  if (!test.source) problems.push(problemAt(test, `sshTest ${index}: SSH tests entry must have a non-empty src`));
  if (test.destinations.length === 0)
    problems.push(problemAt(test, `sshTest ${index}: SSH tests entry must have at least one dst`));
  for (const destination of test.destinations) {
    const text = JSON.stringify(aliasText(destination));
    let problem: string | undefined;
    if (destination.type === 'autogroup' && destination.name === 'autogroup:internet')
      problem = `SSH tests dst contains disallowed element ${text}`;
    if (destination.type === 'prefix' && destination.prefix.prefixLength < bitLength(destination.prefix))
      problem = `SSH tests dst contains disallowed element ${text}`;
    if (destination.type === 'tag' && !policy.tagOwners.has(destination.name))
      problem = `SSH tests dst contains unknown tag ${text}`;
    if (destination.type === 'host') {
      const prefix = policy.hosts.get(destination.name);
      if (prefix && prefix.prefixLength < bitLength(prefix))
        problem = `SSH tests dst contains disallowed element ${text}`;
    }
    if (problem) problems.push(problemAt(destination, `sshTest ${index}: ${problem}`));
  }
  return problems;
}

/**
 * Policy.validate (types.go:2433 (v0.29.2)), in its order: acls, ssh, grants, nodeAttrs, the tag
 * owners (2835) and their chains (2857), the auto-approvers (2862), tests and sshTests (2902).
 */
function validatePolicy(policy: Policy, rules: VersionRules): Problems {
  const ownerProblems = (owners: readonly Alias[]) =>
    owners.flatMap((owner) => {
      const problem = definedProblem(owner, policy);
      return problem ? [problemAt(owner, problem)] : [];
    });
  return [
    ...policy.acls.flatMap((acl) => aclProblems(acl, policy, rules)),
    ...policy.ssh.flatMap((rule) => sshProblems(rule, policy, rules)),
    ...policy.grants.flatMap((grant) => grantProblems(grant, policy, rules)),
    ...policy.nodeAttrs.flatMap((nodeAttr) => nodeAttrProblems(nodeAttr, policy)),
    ...[...policy.tagOwners.values()].flatMap(ownerProblems),
    ...(rules.tagOwnedTags ? tagOwnerChainProblems(policy, rules) : []),
    ...ownerProblems(policy.routeApprovers),
    ...ownerProblems(policy.exitNodeApprovers),
    ...policy.tests.flatMap((test, index) => testProblems(test, index, policy, rules)),
    ...policy.sshTests.flatMap((test, index) => sshTestProblems(test, index, policy)),
  ];
}

/** unmarshalPolicy's decoding and validation of a parsed document: its problems, or its decoded types. */
function loadPolicy(node: JsonNode, version: HeadscaleVersion): { problems: Problems; policy?: Policy } {
  const rules = versionRules(version);
  let policy: Policy;
  try {
    policy = decodePolicy(node, rules);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    const { message } = error.problem;
    const reworded =
      message.startsWith('unknown field') || message.startsWith('tag names') || message === 'via can only be a tag'
        ? message
        : `parsing policy from bytes: ${message}`;
    return { problems: [{ ...error.problem, message: reworded }] };
  }
  return { problems: validatePolicy(policy, rules), policy };
}

/** A problem in a policy file: its message, and the line and column it is at. */
export interface PolicyTextFinding {
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

const textFinding = ({ at, position, message }: PolicyProblem): PolicyTextFinding => ({
  ...position,
  message: at.length > 0 ? `${formatPath(at)}: ${message}` : message,
});

/**
 * A policy file as Headscale `version` loads it (unmarshalPolicy, types.go:3251 (v0.29.2)): what
 * it refuses (nothing for an empty file; a HuJSON error, the first JSON decoding error, or every
 * problem Policy.validate finds), and the policy it reads, if it reads one.
 */
function loadPolicyText(text: string, version: HeadscaleVersion): { problems: PolicyTextFinding[]; policy?: Policy } {
  if (text.length === 0) return { problems: [] };
  let node: JsonNode;
  try {
    node = parseHujson(text);
  } catch (error) {
    if (!(error instanceof HujsonError)) throw error;
    return { problems: [{ line: error.line, column: error.column, message: `parsing HuJSON: ${error.message}` }] };
  }
  const { problems, policy } = loadPolicy(node, version);
  return { problems: problems.map(textFinding), policy };
}

/**
 * What Headscale `version` refuses in a policy file ({@link loadPolicyText}), and, for a file it
 * accepts, what it reads differently from what the policy likely means (see warningsOf, without
 * config prefixes).
 */
export function checkPolicyText(
  text: string,
  version: HeadscaleVersion,
): { problems: PolicyTextFinding[]; warnings: PolicyTextFinding[] } {
  const { problems, policy } = loadPolicyText(text, version);
  return {
    problems,
    warnings: policy && problems.length === 0 ? warningsOf(policy, version, []).map(textFinding) : [],
  };
}

/** What Headscale `version` refuses when it loads this policy file, each with its line and column. */
export function policyTextFindings(text: string, version: HeadscaleVersion): PolicyTextFinding[] {
  return loadPolicyText(text, version).problems;
}

/**
 * A policy document of any shape (the map a YAML file gives), loaded once: what Headscale
 * `version` would refuse in it, and what it reads differently from what the policy likely means
 * (see warningsOf; none for a document it can't decode), each at its path in the policy.
 * `outsidePrefixes`: config prefixes outside the tailnet's ranges.
 */
export function checkPolicyDocument(
  document: unknown,
  version: HeadscaleVersion,
  outsidePrefixes: readonly string[],
): { problems: Finding[]; warnings: Finding[] } {
  const { problems, policy } = loadPolicy(nodeFromValue(document), version);
  const finding = ({ at, message }: PolicyProblem): Finding => ({ at, message });
  return {
    problems: problems.map(finding),
    warnings: policy ? warningsOf(policy, version, outsidePrefixes).map(finding) : [],
  };
}

/**
 * What Headscale `version` reads differently from what the policy likely means: before 0.29, SSH
 * check rules (no check flow); from 0.29 on, `proto: icmp` is ICMPv4 only, and `*` means the
 * tailnet's ranges (100.64.0.0/10, fd7a:115c:a1e0::/48) rather than every address, which leaves
 * out prefixes configured outside them (CHANGELOG.md 0.29.0, BREAKING, PR 3036).
 * `outsidePrefixes`: config prefixes outside those ranges.
 */
function warningsOf(policy: Policy, version: HeadscaleVersion, outsidePrefixes: readonly string[]): Problems {
  const warnings: Problems = [];
  if (!hasPolicyFeature(version, 'sshCheck'))
    for (const rule of policy.ssh)
      if (rule.action === 'check')
        warnings.push(
          problemAt(
            rule.actionAt ?? rule,
            `is carried out from Headscale 0.29 on: Headscale ${version} loads the rule but has no check flow to ask the user to authenticate again`,
          ),
        );
  if (hasPolicyFeature(version, 'icmpIsV4')) {
    const icmp = `means ICMPv4 only in Headscale ${version}: add a rule with proto ipv6-icmp (58) for ICMPv6`;
    for (const acl of policy.acls) if (acl.protocol === 'icmp') warnings.push(problemAt(acl.protocolAt ?? acl, icmp));
    for (const grant of policy.grants)
      for (const entry of grant.ip) if (entry.protocol === 'icmp') warnings.push(problemAt(entry, icmp));
  }
  if (hasPolicyFeature(version, 'wildcardIsTailnet') && outsidePrefixes.length > 0) {
    const wildcard = `means the tailnet's ranges 100.64.0.0/10 and fd7a:115c:a1e0::/48 in Headscale ${version}, not ${outsidePrefixes.map((p) => JSON.stringify(p)).join(' or ')} from config.prefixes: name those prefixes (or autogroup:danger-all as a source)`;
    for (const rule of [...policy.acls, ...policy.grants])
      for (const alias of [...rule.sources, ...rule.destinations])
        if (alias.type === 'wildcard') warnings.push(problemAt(alias, wildcard));
  }
  return warnings;
}
