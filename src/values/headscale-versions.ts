import { SERVER_IMAGE } from './defaults';
import { describeValue, type Finding } from '../core/errors';
import { type JsonMap, valueAtPath } from '../core/json-map';

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

/** The version an image tag names, its digest (`v0.29.2@sha256:...`) left out. */
export function tagVersion(tag: string): VersionNumber | undefined {
  const at = tag.indexOf('@');
  return parseVersion(at < 0 ? tag : tag.slice(0, at));
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
  const fromTag = tagVersion(image.tag);
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

/** What is wrong with an `upgrade.fromVersion` value: '' (unknown) or a Headscale version number. */
export function fromVersionProblem(value: string): string | undefined {
  return value === '' || parseVersion(value)
    ? undefined
    : `expected the Headscale version that runs now, such as "0.28" or "v0.28.1", or "" when unknown (got ${describeValue(value)})`;
}

/**
 * Whether Headscale `to` starts on a database that `from` last used, as Headscale decides at
 * start (hscontrol/db/versioncheck.go:188-291, v0.29.2; enforced from 0.29 on, and the upgrade
 * notes of every release ask for it): the same minor (a patch up or down) or the next minor;
 * never a skipped minor, a downgrade of the minor, or another major. The message says what to do.
 */
export function upgradePathProblem(from: VersionNumber, to: VersionNumber): string | undefined {
  const [fromMinor, toMinor] = [minorOf(from), minorOf(to)];
  if (from.major !== to.major)
    return `goes from Headscale ${fromMinor} to ${toMinor}, another major version, which Headscale refuses to start on the database`;
  const steps = to.minor - from.minor;
  if (steps > 1)
    return `goes from Headscale ${fromMinor} to ${toMinor}, skipping ${from.major}.${from.minor + 1}: Headscale migrates its database one minor version at a time and refuses to skip one; deploy the newest ${from.major}.${from.minor + 1} release first`;
  if (steps < 0)
    return `goes back from Headscale ${fromMinor} to ${toMinor}: Headscale's migrations run one way and it refuses a database a newer minor version used; to go back, restore the copy taken before the upgrade (see docs/configuration.md#backup-and-upgrades)`;
  return undefined;
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

/** The range of versions that read a config key: from `since` (default 0.26) through `until` (default the newest). */
interface KeyVersions {
  readonly since?: HeadscaleVersion;
  readonly until?: HeadscaleVersion;
}

/** A config key Headscale reads, with its default (viper.SetDefault) in the versions that read it. */
interface ConfigKeyRead extends KeyVersions {
  readonly default?: unknown;
  /** A default only from this version on (derp.update_frequency has none in 0.26). */
  readonly defaultSince?: HeadscaleVersion;
  /** A default only up to this version (ephemeral_node_inactivity_timeout has none from 0.29). */
  readonly defaultUntil?: HeadscaleVersion;
}

/**
 * Every key Headscale's config code reads (viper.Get*, IsSet, UnmarshalKey) or defaults
 * (viper.SetDefault), by version, from hscontrol/types/config.go at v0.26.1, v0.27.1, v0.28.0 and
 * v0.29.2: the defaults in LoadConfig (config.go:262, :266, :324, :376), the reads in
 * validateServerConfig, derpConfig, databaseConfig, dns, LoadCLIConfig and LoadServerConfig.
 * Keys it only checks to refuse them are in CONFIG_KEY_CHANGES. unix_socket_permission is read by
 * hscontrol/util/file.go (GetFileMode).
 */
export const HEADSCALE_CONFIG_KEYS: Readonly<Record<string, ConfigKeyRead>> = {
  server_url: {},
  listen_addr: {},
  metrics_listen_addr: {},
  grpc_listen_addr: { default: ':50443' },
  grpc_allow_insecure: { default: false },
  disable_check_updates: {},
  'noise.private_key_path': {},
  'prefixes.v4': {},
  'prefixes.v6': {},
  'prefixes.allocation': { default: 'sequential' },
  'derp.server.enabled': { default: false },
  'derp.server.region_id': {},
  'derp.server.region_code': {},
  'derp.server.region_name': {},
  // config.go:302 (v0.27.1): new in 0.27.
  'derp.server.verify_clients': { default: true, since: '0.27' },
  // Defaulted but read by no code (config.go:414, v0.29.2): the STUN listener runs whenever the server does.
  'derp.server.stun.enabled': { default: true },
  'derp.server.stun_listen_addr': {},
  'derp.server.private_key_path': {},
  'derp.server.automatically_add_embedded_derp_region': { default: true },
  'derp.server.ipv4': {},
  'derp.server.ipv6': {},
  'derp.urls': {},
  'derp.paths': {},
  'derp.auto_update_enabled': {},
  // config.go:305 (v0.27.1); 0.26 has no default, so the maps are never refreshed unless it is set.
  'derp.update_frequency': { default: '3h', defaultSince: '0.27' },
  // Defaulted at config.go:328 (v0.26.1) to :394 (v0.28.0); 0.29 reads it, deprecated and without a default, while node.ephemeral.inactivity_timeout is "" (config.go:489).
  ephemeral_node_inactivity_timeout: { default: '120s', defaultUntil: '0.28' },
  'node.expiry': { default: '0', since: '0.29' },
  'node.ephemeral.inactivity_timeout': { default: '120s', since: '0.29' },
  'node.routes.ha.probe_interval': { default: '10s', since: '0.29' },
  'node.routes.ha.probe_timeout': { default: '5s', since: '0.29' },
  trusted_proxies: { since: '0.29' },
  'database.type': {},
  'database.debug': {},
  'database.gorm.prepare_stmt': {},
  'database.gorm.parameterized_queries': {},
  'database.gorm.skip_err_record_not_found': {},
  'database.gorm.slow_threshold': {},
  'database.sqlite.path': {},
  'database.sqlite.write_ahead_log': { default: true },
  'database.sqlite.wal_autocheckpoint': { default: 1000 },
  'database.postgres.host': {},
  'database.postgres.port': {},
  'database.postgres.name': {},
  'database.postgres.user': {},
  'database.postgres.pass': {},
  'database.postgres.ssl': { default: false },
  'database.postgres.max_open_conns': { default: 10 },
  'database.postgres.max_idle_conns': { default: 10 },
  'database.postgres.conn_max_idle_time_secs': { default: 3600 },
  acme_url: {},
  acme_email: {},
  tls_letsencrypt_hostname: {},
  tls_letsencrypt_cache_dir: { default: '/var/www/.cache' },
  tls_letsencrypt_challenge_type: { default: 'HTTP-01' },
  tls_letsencrypt_listen: {},
  tls_cert_path: {},
  tls_key_path: {},
  'log.level': { default: 'info' },
  'log.format': { default: 'text' },
  'policy.mode': { default: 'file' },
  'policy.path': {},
  'dns.magic_dns': { default: true },
  'dns.base_domain': { default: '' },
  'dns.override_local_dns': { default: true },
  'dns.nameservers.global': { default: [] },
  'dns.nameservers.split': { default: {} },
  'dns.search_domains': { default: [] },
  'dns.extra_records': {},
  'dns.extra_records_path': {},
  unix_socket: { default: '/var/run/headscale/headscale.sock' },
  unix_socket_permission: { default: '0o770' },
  // Read only by validateServerConfig, to check oidc.pkce.method (config.go:561, v0.29.2).
  'oidc.enabled': {},
  'oidc.only_start_if_oidc_is_available': { default: true },
  'oidc.issuer': {},
  'oidc.client_id': {},
  'oidc.client_secret': {},
  'oidc.client_secret_path': {},
  // config.go:320 (v0.26.1) to :384 (v0.28.0); refused from 0.29 (CONFIG_KEY_CHANGES).
  'oidc.expiry': { default: '180d', until: '0.28' },
  'oidc.use_expiry_from_token': { default: false },
  'oidc.scope': { default: ['openid', 'profile', 'email'] },
  'oidc.extra_params': {},
  'oidc.allowed_domains': {},
  'oidc.allowed_groups': {},
  'oidc.allowed_users': {},
  // config.go:388 (v0.28.0): new in 0.28.
  'oidc.email_verified_required': { default: true, since: '0.28' },
  'oidc.pkce.enabled': { default: false },
  'oidc.pkce.method': { default: 'S256' },
  'logtail.enabled': { default: false },
  // config.go:326 (v0.26.1) to :391 (v0.28.0); refused from 0.29 (CONFIG_KEY_CHANGES).
  randomize_client_port: { default: false, until: '0.28' },
  // config.go:392 (v0.28.0): new in 0.28.
  'taildrop.enabled': { default: true, since: '0.28' },
  // config.go:444 (v0.29.2): new in 0.29.
  'auto_update.enabled': { default: false, since: '0.29' },
  'cli.address': {},
  'cli.api_key': {},
  'cli.timeout': { default: '5s' },
  'cli.insecure': { default: false },
  'tuning.notifier_send_timeout': { default: '800ms' },
  'tuning.batch_change_delay': { default: '800ms' },
  'tuning.node_mapsession_buffered_chan_size': { default: 30 },
  'tuning.batcher_workers': { since: '0.27' },
  'tuning.register_cache_cleanup': { since: '0.27', until: '0.28' },
  'tuning.register_cache_expiration': { since: '0.27' },
  'tuning.register_cache_max_entries': { since: '0.29' },
  // config.go:399-400 (v0.28.0): new in 0.28, defaultNodeStoreBatchSize = 100 (config.go:32).
  'tuning.node_store_batch_size': { default: 100, since: '0.28' },
  'tuning.node_store_batch_timeout': { default: '500ms', since: '0.28' },
};

const readBy = (range: KeyVersions, version: HeadscaleVersion) =>
  isAtLeast(version, range.since ?? OLDEST_HEADSCALE_VERSION) &&
  isAtLeast(range.until ?? NEWEST_HEADSCALE_VERSION, version);

/** Whether this version reads the dotted config key. */
export function readsConfigKey(key: string, version: HeadscaleVersion): boolean {
  const entry = HEADSCALE_CONFIG_KEYS[key];
  return entry !== undefined && readBy(entry, version);
}

/** The default this version gives the dotted config key (viper.SetDefault), or undefined. */
export function configKeyDefault(key: string, version: HeadscaleVersion): unknown {
  const entry = HEADSCALE_CONFIG_KEYS[key];
  if (!entry || !readBy(entry, version)) return undefined;
  if (entry.defaultSince && !isAtLeast(version, entry.defaultSince)) return undefined;
  if (entry.defaultUntil && !isAtLeast(entry.defaultUntil, version)) return undefined;
  return entry.default;
}

/** The version that first reads a config key some version reads, or undefined. */
function firstReadIn(key: string): HeadscaleVersion | undefined {
  const entry = HEADSCALE_CONFIG_KEYS[key];
  return entry ? HEADSCALE_VERSIONS.find((version) => readBy(entry, version)) : undefined;
}

/** A config key that a version refuses or deprecates. */
interface ConfigKeyChange {
  /** The dotted key path. */
  readonly key: string;
  /** From this version on, Headscale refuses to start while the key is set. */
  readonly removed?: HeadscaleVersion;
  /** From this version on, Headscale reads the key but warns that it is deprecated. */
  readonly deprecated?: HeadscaleVersion;
  readonly advice: string;
}

const CONFIG_KEY_CHANGES: readonly ConfigKeyChange[] = [
  // config.go:550 (v0.29.2): depr.fatalWithHint("randomize_client_port", ...).
  {
    key: 'randomize_client_port',
    removed: '0.29',
    advice: 'it moved into the policy as randomizeClientPort (policy.content.randomizeClientPort: true)',
  },
  // config.go:559 (v0.29.2): depr.fatalIfSet("oidc.expiry", "node.expiry"); HEADSCALE_OIDC_EXPIRY is refused as well.
  {
    key: 'oidc.expiry',
    removed: '0.29',
    advice: 'use config.node.expiry, which covers every way of registering',
  },
  // config.go:556 (v0.29.2): depr.warnNoAlias("node.ephemeral.inactivity_timeout", "ephemeral_node_inactivity_timeout").
  {
    key: 'ephemeral_node_inactivity_timeout',
    deprecated: '0.29',
    advice: 'move it to config.node.ephemeral.inactivity_timeout',
  },
  // config.go:538-539 (v0.29.2), :364-365 (v0.26.1): depr.fatal, whatever the value.
  { key: 'dns.use_username_in_magic_dns', removed: '0.26', advice: 'remove it (node names no longer carry the user)' },
  {
    key: 'dns_config.use_username_in_magic_dns',
    removed: '0.26',
    advice: 'remove it (node names no longer carry the user)',
  },
  // config.go:542-543 (v0.29.2), :368-369 (v0.26.1): depr.fatal.
  { key: 'oidc.strip_email_domain', removed: '0.26', advice: 'remove it (user names keep their domain)' },
  { key: 'oidc.map_legacy_users', removed: '0.26', advice: 'remove it (legacy user mapping ended with 0.26)' },
];

/** What to set instead of a key that is new, for versions before it. */
const BEFORE_IT: Readonly<Record<string, string>> = {
  'node.expiry': 'before 0.29, oidc.expiry sets the expiry of OIDC logins',
  'node.ephemeral.inactivity_timeout': 'before 0.29, set ephemeral_node_inactivity_timeout',
  trusted_proxies: 'earlier versions have no such setting',
  'oidc.email_verified_required': 'earlier versions accept unverified emails without storing them',
};

/** What a version does with a config key: refuse it (a problem), or read it with a warning or ignore it (a warning). */
function configKeyNote(key: string, version: HeadscaleVersion): { problem?: string; warning?: string } {
  const change = CONFIG_KEY_CHANGES.find((c) => key === c.key || key.startsWith(`${c.key}.`));
  if (change?.removed && isAtLeast(version, change.removed))
    return { problem: `Headscale ${version} refuses this key and exits at start-up; ${change.advice}` };
  if (change?.deprecated && isAtLeast(version, change.deprecated))
    return { warning: `is deprecated in Headscale ${version}, which still reads it and warns: ${change.advice}` };
  const first = firstReadIn(key);
  if (first === undefined || readsConfigKey(key, version)) return {};
  if (isAtLeast(first, version))
    return {
      warning: `is new in Headscale ${first}: Headscale ${version} doesn't know it and ignores it${BEFORE_IT[key] ? ` (${BEFORE_IT[key]})` : ''}`,
    };
  return { warning: `is no longer read by Headscale ${version}, which ignores it` };
}

const isSet = (value: unknown) => value !== undefined && value !== null;

/** The dotted keys that a version refuses, deprecates or reads, and only some versions do. */
const VERSIONED_KEYS = [
  ...CONFIG_KEY_CHANGES.map((change) => change.key),
  ...Object.keys(HEADSCALE_CONFIG_KEYS).filter(
    (key) => HEADSCALE_CONFIG_KEYS[key].since ?? HEADSCALE_CONFIG_KEYS[key].until,
  ),
];

/**
 * The config keys this version refuses (problems) and reads with a warning or ignores (warnings),
 * each at its key. `config` has its dotted keys expanded (values/viper-keys.ts).
 */
export function configVersionFindings(
  config: JsonMap,
  version: HeadscaleVersion,
): { problems: Finding[]; warnings: Finding[] } {
  const problems: Finding[] = [];
  const warnings: Finding[] = [];
  for (const key of new Set(VERSIONED_KEYS)) {
    const at = key.split('.');
    if (!isSet(valueAtPath(config, at))) continue;
    const note = configKeyNote(key, version);
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
  return configKeyNote(key, version);
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
