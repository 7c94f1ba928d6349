import { type Cidr, cidrContains, formatCidr, formatIp, isCanonical, parseCidr } from '../core/cidr';
import type { Finding } from '../core/errors';
import { parseGoDuration } from './go-syntax';

/**
 * What `tailscale up` and `tailscale set` (tailscale v1.84.0, Linux) refuse of their arguments
 * before any preference changes: the flag parsing, the advertised routes (`CalcAdvertiseRoutes`),
 * the hostname (`dnsname.ValidHostname`), tags and netfilter mode. Messages are tailscale's own.
 */

const goQuote = (text: string): string => JSON.stringify(text);

/** How Go's `flag` package reads a flag's value. */
type FlagKind = 'bool' | 'string' | 'duration' | 'true-only';

// cmd/tailscale/cli/up.go:96-136 (v1.84.0), the flags of `up` on Linux.
const UP_FLAGS: Readonly<Record<string, FlagKind>> = {
  qr: 'bool',
  'auth-key': 'string',
  'login-server': 'string',
  'accept-routes': 'bool',
  'accept-dns': 'bool',
  'host-routes': 'true-only', // up.go:142-152, notFalseVar
  'exit-node': 'string',
  'exit-node-allow-lan-access': 'bool',
  'shields-up': 'bool',
  ssh: 'bool',
  'advertise-tags': 'string',
  hostname: 'string',
  'advertise-routes': 'string',
  'advertise-connector': 'bool',
  'advertise-exit-node': 'bool',
  'report-posture': 'bool',
  operator: 'string',
  'snat-subnet-routes': 'bool',
  'stateful-filtering': 'bool',
  'netfilter-mode': 'string',
  timeout: 'duration',
  json: 'bool',
  reset: 'bool',
  'force-reauth': 'bool',
  'accept-risk': 'string', // cmd/tailscale/cli/risks.go:40
};

// cmd/tailscale/cli/set.go:71-117 (v1.84.0), the flags of `set` on Linux.
const SET_FLAGS: Readonly<Record<string, FlagKind>> = {
  nickname: 'string',
  'accept-routes': 'bool',
  'accept-dns': 'bool',
  'exit-node': 'string',
  'exit-node-allow-lan-access': 'bool',
  'shields-up': 'bool',
  ssh: 'bool',
  hostname: 'string',
  'advertise-routes': 'string',
  'advertise-exit-node': 'bool',
  'advertise-connector': 'bool',
  'update-check': 'bool',
  'auto-update': 'bool',
  'report-posture': 'bool',
  webclient: 'bool',
  'relay-server-port': 'string',
  operator: 'string',
  'snat-subnet-routes': 'bool',
  'stateful-filtering': 'bool',
  'netfilter-mode': 'string',
  'accept-risk': 'string',
};

// net/tsaddr/tsaddr.go:95 (v1.84.0), TailscaleViaRange: 4via6 prefixes live in it.
const VIA_RANGE = parseCidr('fd7a:115c:a1e0:b1a::/64') as Cidr;

/** The prefix as Go prints a `netip.Prefix`, host bits kept. */
const formatPrefix = (cidr: Cidr): string => `${formatIp(cidr)}/${cidr.prefixLength}`;

const isDefaultRoute = (cidr: Cidr): boolean => cidr.prefixLength === 0 && cidr.value === 0n;

/** What `CalcAdvertiseRoutes` refuses of one entry of `--advertise-routes`, in tailscale's words. */
function routeError(route: string): string | undefined {
  const cidr = parseCidr(route);
  // net/netutil/routes.go:46 (v1.84.0): netip.ParsePrefix, so no bare address, zone or length past the family's.
  if (!cidr) return `${goQuote(route)} is not a valid IP address or CIDR prefix`;
  // routes.go:50: the prefix must equal its masked form.
  if (!isCanonical(cidr)) return `${formatPrefix(cidr)} has non-address bits set; expected ${formatCidr(cidr)}`;
  // routes.go:53 and validateViaPrefix, routes.go:16-35: a 4via6 prefix holds a site ID of 16 bits and an IPv4 prefix.
  if (cidrContains(VIA_RANGE, { ...cidr, prefixLength: 128 })) {
    if (cidr.prefixLength < 96) return `${formatPrefix(cidr)} 4-in-6 prefix must be at least a /96`;
    const siteId = (cidr.value >> 32n) & 0xffffffffn;
    if (siteId > 0xffffn)
      return `route ${formatPrefix(cidr)} contains invalid site ID ${siteId.toString(16).padStart(8, '0')}; must be 0xffff or less`;
  }
  return undefined;
}

/** What `CalcAdvertiseRoutes` (net/netutil/routes.go:40-70, v1.84.0) refuses of a `--advertise-routes` value. */
function advertiseRoutesError(flag: string): string | undefined {
  if (flag === '') return undefined;
  const defaults = new Set<number>();
  for (const route of flag.split(',')) {
    const error = routeError(route);
    if (error) return error;
    const cidr = parseCidr(route) as Cidr;
    if (isDefaultRoute(cidr)) defaults.add(cidr.version);
  }
  // routes.go:65-69: a default route only with its counterpart of the other family.
  if (defaults.has(4) && !defaults.has(6))
    return '0.0.0.0/0 advertised without its IPv6 counterpart, please also advertise ::/0';
  if (defaults.has(6) && !defaults.has(4))
    return '::/0 advertised without its IPv4 counterpart, please also advertise 0.0.0.0/0';
  return undefined;
}

/**
 * The routes tailscale refuses, one finding for each at its index. A default route (0.0.0.0/0 or
 * ::/0) on its own is not among them: {@link clientRouteFlags} turns it into `--advertise-exit-node`.
 */
export function advertiseRoutesFindings(routes: readonly string[]): Finding[] {
  return routes.flatMap((route, index) => {
    const error = routeError(route);
    if (!error) return [];
    const example = parseCidr(route) ? '' : '; expected a CIDR prefix such as 10.96.0.0/12, fd00::/8 or 0.0.0.0/0';
    return [{ at: [index], message: `is refused by tailscale: ${error}${example}` }];
  });
}

const isDefaultRouteText = (route: string): boolean => {
  const cidr = parseCidr(route);
  return cidr !== undefined && isDefaultRoute(cidr);
};

/**
 * The `--advertise-routes` and `--advertise-exit-node` that advertise `routes` (each accepted by
 * {@link advertiseRoutesFindings}), and the exit node with `exitNode`. tailscale advertises the two
 * default routes only together, as an exit node (net/netutil/routes.go:65-74, v1.84.0): so either
 * default route among `routes` makes the client an exit node too, and the flags carry no default
 * route of their own.
 */
export function clientRouteFlags(
  routes: readonly string[],
  exitNode: boolean,
): { advertiseRoutes: string[]; advertiseExitNode: boolean } {
  return {
    advertiseRoutes: routes.filter((route) => !isDefaultRouteText(route)),
    advertiseExitNode: exitNode || routes.some(isDefaultRouteText),
  };
}

// util/dnsname/dnsname.go:15-17 (v1.84.0).
const MAX_LABEL_LENGTH = 63;
const MAX_NAME_LENGTH = 253;
const DOT = 0x2e;

const isAlphanumeric = (byte: number): boolean =>
  (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);

const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** dnsname.ValidLabel (util/dnsname/dnsname.go:99-121, v1.84.0), on the label's UTF-8 bytes. */
function labelError(label: Uint8Array): string | undefined {
  const quoted = goQuote(decode(label));
  if (label.length === 0) return 'empty DNS label';
  if (label.length > MAX_LABEL_LENGTH) return `${quoted} is too long, max length is ${MAX_LABEL_LENGTH} bytes`;
  if (!isAlphanumeric(label[0])) return `${quoted} is not a valid DNS label: must start with a letter or number`;
  if (!isAlphanumeric(label[label.length - 1]))
    return `${quoted} is not a valid DNS label: must end with a letter or number`;
  const invalid = label.subarray(1, -1).find((byte) => !isAlphanumeric(byte) && byte !== 0x2d);
  return invalid === undefined
    ? undefined
    : `${quoted} is not a valid DNS label: contains invalid character '${String.fromCharCode(invalid)}'`;
}

/** Splits at each dot. */
function splitLabels(bytes: Uint8Array): Uint8Array[] {
  const labels: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === DOT) {
      labels.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  return labels;
}

/** dnsname.ValidHostname (util/dnsname/dnsname.go:219-231, v1.84.0): ToFQDN, then each label. */
function hostnameError(hostname: string): string | undefined {
  // ToFQDN, dnsname.go:23-66: "" and "." are the root; one leading dot is dropped, as is one trailing dot.
  let name = new TextEncoder().encode(hostname === '.' ? '' : hostname);
  if (name[0] === DOT) name = name.subarray(1);
  const trailingDot = name.length > 0 && name[name.length - 1] === DOT;
  const body = trailingDot ? name.subarray(0, -1) : name;
  if (body.length + 1 > MAX_NAME_LENGTH) return `${goQuote(decode(body))} is too long to be a DNS name`;
  const labels = splitLabels(body);
  // dnsname.go:56: ToFQDN checks the lengths of the labels a dot ends.
  const badLength = labels.slice(0, -1).find((label) => label.length === 0 || label.length > MAX_LABEL_LENGTH);
  if (badLength) return `${goQuote(decode(badLength))} is not a valid DNS label`;
  for (const label of labels) {
    const error = labelError(label);
    if (error) return error;
  }
  return undefined;
}

/** What `tailscale up --hostname` refuses (cmd/tailscale/cli/up.go:267, v1.84.0); empty means the OS's hostname. */
export function hostnameFindings(hostname: string): Finding[] {
  const error = hostname === '' ? undefined : hostnameError(hostname);
  return error ? [{ at: [], message: `is a hostname tailscale refuses: ${error}` }] : [];
}

/** tailcfg.CheckTag (tailcfg/tailcfg.go:689-709, v1.84.0). */
function tagError(tag: string): string | undefined {
  if (!tag.startsWith('tag:')) return "tags must start with 'tag:'";
  const name = tag.slice('tag:'.length);
  if (name === '') return 'tag names must not be empty';
  if (!/^[A-Za-z]/.test(name)) return "tag names must start with a letter, after 'tag:'";
  if (!/^[A-Za-z0-9-]*$/.test(name)) return 'tag names can only contain numbers, letters, or dashes';
  return undefined;
}

/** strconv.ParseBool. */
function parseGoBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

/** The flags given and the arguments after them, or Go's message for the first flag it refuses. */
type ParsedArguments = { readonly flags: ReadonlyMap<string, string>; readonly rest: readonly string[] } | string;

/**
 * Go's `flag.FlagSet.Parse` (go/src/flag/flag.go, parseOne) on the arguments as
 * `CleanUpArgs` (cmd/tailscale/cli/cli.go:65-88, v1.84.0) rewrites them, with each flag allowed
 * once (`onceFlagValue`, cli.go:175-186). A bool flag's value is stored as "true" or "false".
 */
function parseFlags(known: Readonly<Record<string, FlagKind>>, args: readonly string[]): ParsedArguments {
  const rewritten = args.map((arg) =>
    arg.replace(/^--?authkey(?==|$)/, '--auth-key').replace(/^--?posture-checking(?==|$)/, '--report-posture'),
  );
  const flags = new Map<string, string>();
  let i = 0;
  while (i < rewritten.length) {
    const arg = rewritten[i];
    if (arg.length < 2 || arg[0] !== '-') break;
    if (arg === '--') {
      i++;
      break;
    }
    const dashes = arg[1] === '-' ? 2 : 1;
    const body = arg.slice(dashes);
    if (body === '' || body[0] === '-' || body[0] === '=') return `bad flag syntax: ${arg}`;
    i++;
    const equals = body.indexOf('=', 1);
    const name = equals < 0 ? body : body.slice(0, equals);
    let value = equals < 0 ? undefined : body.slice(equals + 1);
    const kind = known[name] as FlagKind | undefined;
    if (kind === undefined)
      return name === 'help' || name === 'h' ? 'flag: help requested' : `flag provided but not defined: -${name}`;
    const repeated = flags.has(name) ? 'flag provided multiple times' : undefined;
    if (kind === 'bool' || kind === 'true-only') {
      const given = value ?? 'true';
      const parsed = kind === 'bool' ? parseGoBool(given) : given === 'true' ? true : undefined;
      const problem = repeated ?? (parsed === undefined ? 'parse error' : undefined);
      if (problem)
        return value === undefined
          ? `invalid boolean flag ${name}: ${problem}`
          : `invalid boolean value ${goQuote(value)} for -${name}: ${problem}`;
      flags.set(name, String(parsed));
      continue;
    }
    if (value === undefined) {
      if (i === rewritten.length) return `flag needs an argument: -${name}`;
      value = rewritten[i++];
    }
    const problem =
      repeated ?? (kind === 'duration' && parseGoDuration(value) === undefined ? 'parse error' : undefined);
    if (problem) return `invalid value ${goQuote(value)} for flag -${name}: ${problem}`;
    flags.set(name, value);
  }
  return { flags, rest: rewritten.slice(i) };
}

/** preftype.ParseNetfilterMode's values, as netfilterModeFromFlag (cmd/tailscale/cli/up.go:324-329, v1.84.0) checks them. */
function netfilterModeError(flags: ReadonlyMap<string, string>): string | undefined {
  const mode = flags.get('netfilter-mode');
  return mode === undefined || ['on', 'nodivert', 'off'].includes(mode)
    ? undefined
    : `invalid value --netfilter-mode=${goQuote(mode)}`;
}

/** `tailscale up`'s checks after parsing, in its order: runUp (up.go:429-435), then prefsFromUpArgs (up.go:246-319). */
function upError(flags: ReadonlyMap<string, string>): string | undefined {
  const routes = advertiseRoutesError(flags.get('advertise-routes') ?? '');
  if (routes) return routes;
  if (!flags.get('exit-node') && flags.get('exit-node-allow-lan-access') === 'true')
    return '--exit-node-allow-lan-access can only be used with --exit-node';
  const tags = flags.get('advertise-tags') ?? '';
  for (const tag of tags === '' ? [] : tags.split(',')) {
    const error = tagError(tag);
    if (error) return `tag: ${goQuote(tag)}: ${error}`;
  }
  const hostname = flags.get('hostname') ?? '';
  return (hostname === '' ? undefined : hostnameError(hostname)) ?? netfilterModeError(flags);
}

/**
 * `tailscale set`'s checks after parsing (cmd/tailscale/cli/set.go:126-253, v1.84.0), on a node
 * that does not yet advertise an exit node: it checks the netfilter mode, then the routes as `up`
 * does (calcAdvertiseRoutesForSet, set.go:273-295), then the relay port. It does not check the hostname.
 */
function setError(flags: ReadonlyMap<string, string>): string | undefined {
  const netfilter = netfilterModeError(flags);
  if (netfilter) return netfilter;
  const routes = flags.get('advertise-routes');
  if (routes !== undefined) {
    const error = advertiseRoutesError(routes);
    if (error) return error;
  }
  const relayPort = flags.get('relay-server-port');
  // set.go:241-245: strconv.ParseUint(port, 10, 16).
  if (!relayPort) return undefined;
  const reason = !/^[0-9]+$/.test(relayPort)
    ? 'invalid syntax'
    : Number(relayPort) > 0xffff
      ? 'value out of range'
      : '';
  return reason
    ? `failed to set relay server port: strconv.ParseUint: parsing ${goQuote(relayPort)}: ${reason}`
    : undefined;
}

/**
 * Whether `tailscale <command> <args>` (v1.84.0, Linux) takes its arguments: undefined when it does,
 * else tailscale's message. It models what a fresh node checks before it changes anything; it does
 * not resolve `--exit-node` against the tailnet nor read `--auth-key=file:` files.
 */
export function tailscaleArgsProblem(command: 'up' | 'set', args: readonly string[]): string | undefined {
  const parsed = parseFlags(command === 'up' ? UP_FLAGS : SET_FLAGS, args);
  if (typeof parsed === 'string') return parsed;
  // up.go:434 and set.go:128.
  if (parsed.rest.length > 0) return `too many non-flag arguments: [${parsed.rest.map(goQuote).join(' ')}]`;
  return command === 'up' ? upError(parsed.flags) : setError(parsed.flags);
}
