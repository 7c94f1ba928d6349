import { SERVER_IMAGE } from './defaults';
import { describeValue, type Finding } from './errors';
import { type JsonMap, valueAtPath } from './json-map';

/**
 * What changed between the Headscale versions the checks know: config keys that a version refuses,
 * deprecates or adds, policy features a version adds, the oldest Tailscale client it accepts, and
 * how the version is found from the image. The one place that knows about versions; the config
 * and policy checks ask it.
 *
 * Sources: Headscale's CHANGELOG.md (0.26.0 to 0.29.0) and release notes, and
 * hscontrol/types/config.go (validateServerConfig) and hscontrol/policy/v2/types.go at each release.
 */

/** The minor versions the checks know, oldest first. */
export const HEADSCALE_VERSIONS = ['0.26', '0.27', '0.28', '0.29'] as const;
export type HeadscaleVersion = (typeof HEADSCALE_VERSIONS)[number];
export const NEWEST_HEADSCALE_VERSION: HeadscaleVersion = '0.29';
const OLDEST_HEADSCALE_VERSION: HeadscaleVersion = '0.26';

const SUPPORTED_LIST = `${HEADSCALE_VERSIONS.slice(0, -1).join(', ')} or ${NEWEST_HEADSCALE_VERSION}`;

/** Whether `version` is `since` or later. */
export function isAtLeast(version: HeadscaleVersion, since: HeadscaleVersion): boolean {
  return HEADSCALE_VERSIONS.indexOf(version) >= HEADSCALE_VERSIONS.indexOf(since);
}

/** A version number read from an image tag or a value: `v0.29.2`, `0.29`, `v0.29.2-debug`, `1.84.0`. */
export interface VersionNumber {
  readonly major: number;
  readonly minor: number;
}

/** The version a tag names, or undefined for a tag that names none (`latest`, `stable`, `sha-1234`). */
export function parseVersion(text: string): VersionNumber | undefined {
  const match = /^v?([0-9]{1,4})\.([0-9]{1,4})(?:\.[0-9]{1,6})?(?:-[0-9A-Za-z.-]+)?$/.exec(text);
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

const compare = (a: VersionNumber, b: VersionNumber) => a.major - b.major || a.minor - b.minor;
const minorOf = (version: VersionNumber) => `${version.major}.${version.minor}`;
const asSupported = (version: VersionNumber): HeadscaleVersion | undefined =>
  HEADSCALE_VERSIONS.find((known) => known === minorOf(version));

/** What is wrong with a `headscaleVersion` value: '' (read the tag) or a version the checks know. */
export function statedVersionProblem(value: string): string | undefined {
  if (value === '') return undefined;
  const version = parseVersion(value);
  if (version && asSupported(version)) return undefined;
  return `expected a Headscale version the checks know: ${SUPPORTED_LIST}, such as "${NEWEST_HEADSCALE_VERSION}" (got ${describeValue(value)})`;
}

/** A problem or warning about the version, at a values key. */
interface VersionNote {
  readonly path: string;
  readonly message: string;
}

/** The Headscale version the checks apply, and how sure they are of it. */
export interface DetectedVersion {
  readonly version: HeadscaleVersion;
  /** Why the version is assumed rather than read from the tag. */
  readonly warning?: VersionNote;
  /** `headscaleVersion` contradicts the tag. */
  readonly problem?: VersionNote;
}

const statePlease = `set image.tag to a version tag such as ${SERVER_IMAGE.tag}, or state it with headscaleVersion: "${NEWEST_HEADSCALE_VERSION}"`;

/**
 * The Headscale version of the server image: `headscaleVersion` when set, else the version its tag
 * names (`v0.29.2`, `0.29.2`, `v0.29.2-debug`). A digest (`tag@sha256:...`) decides which image runs
 * whatever the tag says, and a tag such as `latest` names no version: then the checks assume the
 * tag's version or the newest they know, with a warning saying how to state it.
 */
export function detectHeadscaleVersion(image: { readonly tag: string }, stated = ''): DetectedVersion {
  const at = image.tag.indexOf('@');
  const tag = at < 0 ? image.tag : image.tag.slice(0, at);
  const fromTag = parseVersion(tag);
  const statedVersion = parseVersion(stated);
  const statedSupported = statedVersion && asSupported(statedVersion);
  if (statedSupported) {
    const disagrees = fromTag && at < 0 && minorOf(fromTag) !== statedSupported;
    return disagrees
      ? {
          version: statedSupported,
          problem: {
            path: 'headscaleVersion',
            message: `is ${statedSupported} but image.tag ${JSON.stringify(image.tag)} is Headscale ${minorOf(fromTag)}: correct one of them, or leave headscaleVersion empty to read the tag`,
          },
        }
      : { version: statedSupported };
  }
  if (!fromTag)
    return {
      version: NEWEST_HEADSCALE_VERSION,
      warning: {
        path: 'image.tag',
        message: `${JSON.stringify(image.tag)} names no Headscale version, so the config and policy are checked as Headscale ${NEWEST_HEADSCALE_VERSION}, the newest these checks know: ${statePlease}`,
      },
    };
  const checkedAs =
    asSupported(fromTag) ??
    (compare(fromTag, parseVersion(NEWEST_HEADSCALE_VERSION)!) > 0
      ? NEWEST_HEADSCALE_VERSION
      : OLDEST_HEADSCALE_VERSION);
  if (at >= 0)
    return {
      version: checkedAs,
      warning: {
        path: 'image.tag',
        message: `pins a digest, which decides the image whatever the tag says, so the config and policy are checked as Headscale ${checkedAs}: state the version with headscaleVersion: "${checkedAs}"`,
      },
    };
  if (asSupported(fromTag)) return { version: checkedAs };
  return {
    version: checkedAs,
    warning: {
      path: 'image.tag',
      message: `is Headscale ${minorOf(fromTag)}, which these checks don't know (they know ${SUPPORTED_LIST}): the config and policy are checked as Headscale ${checkedAs}`,
    },
  };
}

/**
 * The oldest Tailscale client each version lets register: 0.26 from 1.62 (0.25 dropped older
 * clients, juanfont/headscale issue 2573), 0.27 from 1.64 (0.27.1 release notes), 0.28 from 1.74
 * and 0.29 from 1.80 (CHANGELOG.md, "Minimum supported Tailscale client version"). Headscale refuses
 * an older client when it registers (hscontrol/capver, MinSupportedCapabilityVersion).
 */
const MINIMUM_CLIENT: Readonly<Record<HeadscaleVersion, string>> = {
  '0.26': '1.62',
  '0.27': '1.64',
  '0.28': '1.74',
  '0.29': '1.80',
};

/** What is wrong with a Tailscale client image tag for this Headscale version; undefined when it names no version. */
export function clientVersionProblem(tag: string, version: HeadscaleVersion): string | undefined {
  const client = parseVersion(tag.split('@')[0]);
  const minimum = parseVersion(MINIMUM_CLIENT[version])!;
  if (!client || compare(client, minimum) >= 0) return undefined;
  return `is Tailscale ${minorOf(client)}, older than ${MINIMUM_CLIENT[version]}, the oldest client Headscale ${version} lets register: it would refuse the client (set a tag of v${MINIMUM_CLIENT[version]}.0 or later)`;
}

/**
 * What the release runs beside Headscale that needs a newer Headscale: Headplane 0.7 supports
 * Headscale 0.27 and later (its 0.7 release), and a preauth key owned by its tags alone, with no
 * user, is new in 0.28, whose tags became a node's identity (`preauthkeys create --tags` without a user).
 */
export const FEATURE_SINCE = { headplane: '0.27', keyWithoutUser: '0.28' } as const satisfies Record<
  string,
  HeadscaleVersion
>;

/** A config key that a version refuses, deprecates, or adds. */
interface ConfigKeyChange {
  /** The dotted key path. */
  readonly key: string;
  /** From this version on, Headscale refuses to start while the key is set. */
  readonly removed?: HeadscaleVersion;
  /** From this version on, Headscale reads the key but warns that it is deprecated. */
  readonly deprecated?: HeadscaleVersion;
  /** Versions before this one don't know the key and ignore it (their configuration library, viper, only reads the keys it asks for). */
  readonly added?: HeadscaleVersion;
  readonly advice: string;
}

const CONFIG_KEY_CHANGES: readonly ConfigKeyChange[] = [
  // 0.29, PR 3248: validateServerConfig, depr.fatalWithHint("randomize_client_port", ...).
  {
    key: 'randomize_client_port',
    removed: '0.29',
    advice: 'it moved into the policy as randomizeClientPort (policy.content.randomizeClientPort: true)',
  },
  // 0.29, PR 3122: depr.fatalIfSet("oidc.expiry", "node.expiry"); HEADSCALE_OIDC_EXPIRY is refused as well.
  {
    key: 'oidc.expiry',
    removed: '0.29',
    advice: 'use config.node.expiry, which covers every way of registering',
  },
  // 0.29, PR 3122: depr.warnNoAlias("node.ephemeral.inactivity_timeout", "ephemeral_node_inactivity_timeout").
  {
    key: 'ephemeral_node_inactivity_timeout',
    deprecated: '0.29',
    advice: 'move it to config.node.ephemeral.inactivity_timeout',
  },
  {
    key: 'node',
    added: '0.29',
    advice: 'before 0.29, set oidc.expiry and ephemeral_node_inactivity_timeout instead',
  },
  // 0.29, PR 3268: forwarded headers are honoured only from these prefixes.
  { key: 'trusted_proxies', added: '0.29', advice: 'earlier versions have no such setting' },
  // 0.28, PR 2860.
  {
    key: 'oidc.email_verified_required',
    added: '0.28',
    advice: 'earlier versions accept unverified emails without storing them',
  },
];

/** What a version does with a config key: refuse it (a problem), or read it with a warning or ignore it (a warning). */
function configKeyNote(change: ConfigKeyChange, version: HeadscaleVersion): { problem?: string; warning?: string } {
  if (change.removed && isAtLeast(version, change.removed))
    return { problem: `Headscale ${version} refuses this key and exits at start-up; ${change.advice}` };
  if (change.deprecated && isAtLeast(version, change.deprecated))
    return { warning: `is deprecated in Headscale ${version}, which still reads it and warns: ${change.advice}` };
  if (change.added && !isAtLeast(version, change.added))
    return {
      warning: `is new in Headscale ${change.added}: Headscale ${version} doesn't know it and ignores it (${change.advice})`,
    };
  return {};
}

const isSet = (value: unknown) => value !== undefined && value !== null;

/** The config keys this version refuses (problems) and reads with a warning or ignores (warnings), each at its key. */
export function configVersionFindings(
  config: JsonMap,
  version: HeadscaleVersion,
): { problems: Finding[]; warnings: Finding[] } {
  const problems: Finding[] = [];
  const warnings: Finding[] = [];
  for (const change of CONFIG_KEY_CHANGES) {
    const at = change.key.split('.');
    if (!isSet(valueAtPath(config, at))) continue;
    const note = configKeyNote(change, version);
    if (note.problem) problems.push({ at, message: note.problem });
    if (note.warning) warnings.push({ at, message: note.warning });
  }
  return { problems, warnings };
}

/**
 * What this version does with a config key that comes from the environment (secretEnv): Headscale
 * reads `HEADSCALE_<KEY>` as the key itself (viper's AutomaticEnv), so a refused key is refused there
 * too.
 */
export function environmentKeyNote(key: string, version: HeadscaleVersion): { problem?: string; warning?: string } {
  const change = CONFIG_KEY_CHANGES.find((c) => key === c.key || key.startsWith(`${c.key}.`));
  return change ? configKeyNote(change, version) : {};
}

/** Policy features that a version adds; older versions refuse a policy using them. */
export type PolicyFeature =
  | 'grants'
  | 'nodeAttrs'
  | 'tests'
  | 'sshTests'
  | 'randomizeClientPort'
  | 'sshCheck'
  | 'dangerAll'
  | 'wildcardIsTailnet'
  | 'icmpIsV4'
  | 'ipv6IcmpName';

/**
 * The version each policy feature arrived in. Policy v2 refuses unknown fields (hscontrol/policy/v2,
 * policyJSONOpts: RejectUnknownMembers), so a section new in 0.29 stops an older Headscale: 0.27.1
 * refused randomizeClientPort (juanfont/headscale issue 2901). 0.29 (CHANGELOG.md, PRs 2180, 3036,
 * 1850, 3248): grants, nodeAttrs, tests, sshTests, randomizeClientPort, autogroup:danger-all, the
 * protocol name ipv6-icmp (0.28's Protocol.validate knows only the number 58), and SSH "check" at
 * work (0.28 parses the action and a Prometheus-style checkPeriod, but has no check flow); `*`
 * became the tailnet's ranges and `proto: icmp` ICMPv4 only.
 */
const POLICY_FEATURES: Readonly<Record<PolicyFeature, HeadscaleVersion>> = {
  grants: '0.29',
  nodeAttrs: '0.29',
  tests: '0.29',
  sshTests: '0.29',
  randomizeClientPort: '0.29',
  sshCheck: '0.29',
  dangerAll: '0.29',
  wildcardIsTailnet: '0.29',
  icmpIsV4: '0.29',
  ipv6IcmpName: '0.29',
};

/** Whether this version has the policy feature. */
export function hasPolicyFeature(version: HeadscaleVersion, feature: PolicyFeature): boolean {
  return isAtLeast(version, POLICY_FEATURES[feature]);
}

/** The message for a policy feature this version lacks. */
export function missingPolicyFeature(version: HeadscaleVersion, feature: PolicyFeature): string {
  return `is new in Headscale ${POLICY_FEATURES[feature]}: Headscale ${version} refuses a policy using it (use a ${POLICY_FEATURES[feature]} image, or remove it)`;
}
