import { describeValue } from '../core/errors';
import type { HeadscaleVersion } from './headscale-versions';

/**
 * Headscale's user name rule, `util.ValidateUsername`: hscontrol/util/dns.go:34-65 (v0.26.0,
 * v0.26.1), :37-68 (v0.27.0, v0.27.1), :34-65 (v0.28.0), :41-73 (v0.29.0 to v0.29.2).
 *
 * Where Headscale applies it: in 0.26 `headscale users create` refuses any other name
 * (hscontrol/grpcv1.go:56 → hscontrol/db/users.go:27). From 0.27 on, `users create` stores the
 * name as given (hscontrol/state/state.go:264 v0.27.x, :261 v0.28.0, :392 v0.29.0-1, :399 v0.29.2),
 * while renames (hscontrol/db/users.go:105, v0.29) and OIDC user names (hscontrol/types/users.go:425,
 * v0.29) still go through it; the key job asks every name to pass it, so that a name is also never
 * taken for a flag and never needs escaping in the CLI's JSON.
 *
 * Nodes' hostnames need no rule of Headscale's own: Headscale never refuses a node for its
 * hostname. 0.27 and 0.28 register a node whose lowercased hostname `ValidateHostname` refuses
 * (over 63 characters, or other than a-z, 0-9, "-" and ".") under a random name
 * (hscontrol/util/util.go:277-296 EnsureHostname) and ignore such a hostname on an update
 * (hscontrol/types/node.go:589, v0.28.0); 0.29 derives the node's name from it
 * (hscontrol/state/state.go:1892, dnsname.SanitizeHostname). So tailscale's rule
 * (./tailscale-flags.ts, hostnameFindings) is the one that decides.
 */

const utf8Length = (text: string): number => new TextEncoder().encode(text).length;

/**
 * Go's `unicode.IsLetter(rune(username[0]))`: the name's first byte read as a Latin-1 character, so
 * the lead byte of a multi-byte letter counts (0xC3 of "é" is "Ã"), but 0xD7 (of Hebrew letters) is "×".
 */
const firstByte = (name: string): string => String.fromCharCode(new TextEncoder().encode(name)[0]);

/** What `ValidateUsername` at `version` says of `name`, in Headscale's words, or undefined when it passes. */
function validateUsername(name: string, version: HeadscaleVersion): string | undefined {
  if (utf8Length(name) < 2) return 'username must be at least 2 characters long';
  if (version === '0.26') {
    // dns.go:41 (v0.26.x): only a leading digit is refused.
    if (/^[0-9]/.test(name)) return 'username cannot start with a number';
  } else if (!/^\p{L}$/u.test(firstByte(name))) {
    // dns.go:44 (v0.27.x), :41 (v0.28.0), :48 (v0.29.x).
    return 'username must start with a letter';
  }
  let ats = 0;
  for (const char of name) {
    if (/^[\p{L}\p{Nd}._-]$/u.test(char)) continue;
    if (char === '@' && ++ats <= 1) continue;
    return char === '@'
      ? "username cannot contain more than one '@'"
      : `username contains invalid character: '${char}'`;
  }
  return undefined;
}

/**
 * Why Headscale's user name rule at `version` refuses `name` (see above for where Headscale applies
 * it), or undefined when the name passes.
 */
export function userNameProblem(name: string, version: HeadscaleVersion): string | undefined {
  const problem = validateUsername(name, version);
  const first = version === '0.26' ? 'anything but a digit' : 'a letter';
  return problem
    ? `is not a user name Headscale ${version} accepts: ${problem}; expected 2 characters or more, ${first} first, then letters, digits, "-", "." or "_", and at most one "@" (got ${describeValue(name)})`
    : undefined;
}
