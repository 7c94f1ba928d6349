import { parseIp } from '../core/cidr';
import { describeValue } from '../core/errors';

/**
 * What Go's standard parsers, which Headscale and Tailscale use on config values, accept: durations
 * (`time.ParseDuration`), listen addresses (`net.SplitHostPort` then `net.Listen`), host names and
 * URLs (`net/url.Parse`). Each returns what is wrong with a value, or undefined.
 */

const DURATION_UNITS_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3, // U+00B5 micro sign
  μs: 1e3, // U+03BC Greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Go's time.Duration is an int64 of nanoseconds: about 2,562,047 hours. */
const MAX_DURATION_NS = 2 ** 63 - 1;

/**
 * A duration as Go's `time.ParseDuration` reads it, in nanoseconds, or undefined when Go refuses it.
 * Its grammar (go/src/time/format.go, ParseDuration): an optional sign, then "0", or one or more
 * decimal numbers (`1`, `1.5`, `.5`) each followed by a unit (ns, us, µs, μs, ms, s, m, h), as
 * in `1h30m`; no spaces, no days, and at most 2^63-1 nanoseconds.
 */
export function parseGoDuration(text: string): number | undefined {
  const sign = /^[-+]/.test(text) ? text[0] : '';
  const body = text.slice(sign.length);
  if (body === '0') return 0;
  if (body === '') return undefined;
  const parts = [...body.matchAll(/([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== body) return undefined;
  const nanoseconds = parts.reduce((total, [, amount, unit]) => total + Number(amount) * DURATION_UNITS_NS[unit], 0);
  if (nanoseconds > MAX_DURATION_NS) return undefined;
  return sign === '-' ? -nanoseconds : nanoseconds;
}

/** Go's time.ParseDuration, in words, for messages. */
export const GO_DURATION_EXAMPLES =
  'a Go duration: numbers with units ns, us, ms, s, m or h, such as 90s, 30m or 87600h';

/**
 * What is wrong with a host name as a DNS name (RFC 1123): dot-separated labels of letters, digits
 * and inner hyphens, each at most 63 characters, 253 in all, with an optional final dot.
 */
export function dnsNameProblem(name: string): string | undefined {
  const labels = name.replace(/\.$/, '').split('.');
  const valid =
    name.length > 0 &&
    name.length <= 253 &&
    labels.every((label) => label.length <= 63 && /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/.test(label));
  return valid
    ? undefined
    : `expected a DNS name such as example.com: labels of letters, digits and inner hyphens joined by dots, each at most 63 characters (got ${describeValue(name)})`;
}

/** Whether `host` is an IPv4 address, an IPv6 address in brackets (with a zone or not) or a DNS name. */
function isHost(host: string): boolean {
  const bracketed = /^\[([^\]]+)\]$/.exec(host);
  if (bracketed) return parseIp(bracketed[1].replace(/%[^%]+$/, ''))?.version === 6;
  const ip = parseIp(host);
  if (ip) return ip.version === 4;
  return dnsNameProblem(host) === undefined;
}

const isPortNumber = (port: string) => /^[0-9]{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535;

/**
 * What is wrong with a listen address, as Go's `net.Listen("tcp", address)` takes it: `host:port`,
 * split by `net.SplitHostPort` (an IPv6 host in brackets), the host empty (every address), an IP
 * or a name the pod resolves, the port 1-65535 or, with `portNames`, a service name such as `http`
 * (go/src/net/ipsock.go, SplitHostPort; go/src/net/port.go, parsePort).
 */
export function listenAddressProblem(address: string, { portNames }: { portNames: boolean }): string | undefined {
  const match = /^(\[[^\]]*\]|[^[\]:]*):([^:[\]]*)$/.exec(address);
  const expected = `expected host:port such as 0.0.0.0:8080, [::]:8080 or :8080${portNames ? '' : ', with a port number'}`;
  if (!match) return `${expected} (got ${describeValue(address)})`;
  const [, host, port] = match;
  if (host !== '' && !isHost(host))
    return `has a host that is no IP address or DNS name, so Headscale can't listen there: ${expected} (got ${describeValue(address)})`;
  const portOk = isPortNumber(port) || (portNames && /^[a-z][a-z0-9-]*$/.test(port));
  return portOk ? undefined : `has no port in 1-65535: ${expected} (got ${describeValue(address)})`;
}

/** The port of a listen address that {@link listenAddressProblem} accepts with a port number. */
export function listenPort(address: string): number {
  return Number(address.slice(address.lastIndexOf(':') + 1));
}

/**
 * What is wrong with a URL whose scheme must be one of `schemes`: Go's `url.Parse` refuses control
 * characters anywhere and spaces in the host (go/src/net/url/url.go, Parse and parseHost), and a
 * URL that clients dial needs a host: an IP (IPv6 in brackets) or a DNS name, and a port 1-65535 if
 * any. Whitespace is refused anywhere: a client can't dial it either.
 */
export function urlProblem(url: string, schemes: readonly string[], example: string): string | undefined {
  const expected = `expected a ${schemes.map((scheme) => `${scheme}://`).join(' or ')} URL such as ${example}`;
  if (/\s/.test(url) || [...url].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f))
    return `has whitespace or a control character, which Go's URL parser or a client refuses: ${expected} (got ${describeValue(url)})`;
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#@]*@)?(\[[^\]]*\]|[^/?#:]*)(?::([^/?#]*))?([/?#].*)?$/i.exec(url);
  if (!match || !schemes.includes(match[1].toLowerCase())) return `${expected} (got ${describeValue(url)})`;
  const [, , , host, port] = match;
  if (!isHost(host)) return `has no valid host (an IP address or a DNS name): ${expected} (got ${describeValue(url)})`;
  if (port !== undefined && !isPortNumber(port))
    return `has a port outside 1-65535: ${expected} (got ${describeValue(url)})`;
  return undefined;
}
