import { parseCidr } from '../core/cidr';
import { describeValue, type Finding } from '../core/errors';
import { listenAddressProblem, parseGoDuration } from './go-syntax';
import { configKeyDefault, type HeadscaleVersion, isAtLeast } from './headscale-versions';
import { isJsonMap, type JsonMap } from '../core/json-map';
import { expandDottedKeys } from './viper-keys';

/**
 * Whether `headscale serve` starts with a config.yaml: Headscale's own start-up checks, ported
 * function by function from its source at v0.29.2 (and v0.26.1, v0.27.1, v0.28.0 where they
 * differ), each citing file:line at its tag. The config is read as Headscale reads it: through
 * spf13/viper v1.21 (keys lower-cased, dotted keys nested, defaults count as set, a value in the
 * way of a nested key hides it) and spf13/cast v1.10 (a duration without a unit is nanoseconds).
 */

/**
 * The files the config names, as the pod that runs Headscale has them. Without it, every file the
 * config names is taken to exist and to be a file, and every directory to be writable: what the
 * chart's pod gives the files it mounts.
 */
export interface StartupFiles {
  exists(path: string): boolean;
  isDirectory(path: string): boolean;
}

const ASSUME_FILES_PRESENT: StartupFiles = { exists: () => true, isDirectory: () => false };

/** viper's lookups on one config file for one Headscale version. */
interface Viper {
  readonly version: HeadscaleVersion;
  /** The raw value (the file's, else the version's default), or undefined (viper's nil). */
  find(key: string): unknown;
  isSet(key: string): boolean;
  string(key: string): string;
  bool(key: string): boolean;
  int(key: string): number;
  /** Nanoseconds. */
  duration(key: string): number;
  stringSlice(key: string): string[];
}

function viperOf(config: JsonMap, version: HeadscaleVersion): Viper {
  const file = expandDottedKeys(config, { lowercase: true });
  // viper.go, find: the file's value; a value (not a map) on the way hides the key and its default
  // (isPathShadowedInDeepMap); a null is no value, so the default applies.
  const find = (key: string): unknown => {
    let node: unknown = file;
    for (const part of key.split('.')) {
      if (node === null || node === undefined) break;
      if (!isJsonMap(node)) return undefined;
      node = node[part];
    }
    return node ?? configKeyDefault(key, version);
  };
  return {
    version,
    find,
    isSet: (key) => find(key) !== undefined,
    string: (key) => castString(find(key)),
    bool: (key) => castBool(find(key)),
    int: (key) => castInt(find(key)),
    duration: (key) => castDuration(find(key)),
    stringSlice: (key) => castStringSlice(find(key)),
  };
}

/** spf13/cast ToString: scalars as Go formats them; anything else is an error, read as "". */
function castString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** spf13/cast ToBool: strconv.ParseBool's spellings; anything else is false. */
function castBool(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value);
  return false;
}

/** spf13/cast ToInt: numbers truncated, strings by strconv.ParseInt with base 0; anything else is 0. */
function castInt(value: unknown): number {
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'string') return 0;
  const text = value.replace(/\.0*$/, '');
  const match = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/.exec(text);
  if (!match) return 0;
  const digits = match[2].replace(/^0(?=[0-7])/, '0o');
  return (match[1] === '-' ? -1 : 1) * Number(digits);
}

/**
 * spf13/cast ToDuration, in nanoseconds: a number is nanoseconds; a string with a unit letter goes
 * to time.ParseDuration, one without is nanoseconds; what does not parse is 0.
 */
function castDuration(value: unknown): number {
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value !== 'string') return 0;
  return parseGoDuration(/[nsuµmh]/.test(value) ? value : `${value}ns`) ?? 0;
}

/** spf13/cast ToStringSlice: a list's items as strings, a string split on white space. */
function castStringSlice(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(castString);
  if (typeof value === 'string') return value.split(/\s+/).filter((word) => word !== '');
  return [];
}

/** Go's time.Duration.String: `1m5s`, `500ms`, `10ns`, `0s`. */
export function formatGoDuration(nanoseconds: number): string {
  const sign = nanoseconds < 0 ? '-' : '';
  const ns = Math.abs(nanoseconds);
  if (ns === 0) return '0s';
  if (ns < 1e3) return `${sign}${ns}ns`;
  if (ns < 1e6) return `${sign}${ns / 1e3}µs`;
  if (ns < 1e9) return `${sign}${ns / 1e6}ms`;
  const hours = Math.floor(ns / 3600e9);
  const minutes = Math.floor((ns % 3600e9) / 60e9);
  const seconds = (ns % 60e9) / 1e9;
  return `${sign}${hours ? `${hours}h` : ''}${hours || minutes ? `${minutes}m` : ''}${seconds}s`;
}

const SECOND = 1e9;

/** A finding: what is wrong at the key, and Headscale's own message when it exits. */
const exits = (key: string, why: string, headscaleSays: string): Finding => ({
  at: key.split('.'),
  message: `${why}: Headscale exits at start-up ("${headscaleSays}")`,
});

type StartupCheck = (viper: Viper, files: StartupFiles) => Finding[];

// ---- hscontrol/types/config.go, validateServerConfig (config.go:517-671, v0.29.2) ----

/** Old keys and the keys that replaced them: depr.fatalIfNewKeyIsNotUsed (config.go:528-537, v0.29.2; :354-363, v0.26.1). */
const RENAMED_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['policy.path', 'acl_policy_path'],
  ['dns.magic_dns', 'dns_config.magic_dns'],
  ['dns.base_domain', 'dns_config.base_domain'],
  ['dns.override_local_dns', 'dns_config.override_local_dns'],
  ['dns.nameservers.global', 'dns_config.nameservers'],
  ['dns.nameservers.split', 'dns_config.restricted_nameservers'],
  ['dns.search_domains', 'dns_config.domains'],
  ['dns.extra_records', 'dns_config.extra_records'],
];

/** Keys refused whatever their value: depr.fatal (config.go:538-543, v0.29.2; :364-369, v0.26.1). */
const REMOVED_KEYS = [
  'dns.use_username_in_magic_dns',
  'dns_config.use_username_in_magic_dns',
  'oidc.strip_email_domain',
  'oidc.map_legacy_users',
];

const deprecatedKeys: StartupCheck = (viper) => [
  ...RENAMED_KEYS.filter(([current, old]) => viper.isSet(old) && !viper.isSet(current)).map(([current, old]) =>
    exits(
      old,
      `was renamed ${current}, and is refused while ${current} is not set`,
      `The "${old}" configuration key is deprecated. Please use "${current}" instead. "${old}" has been removed.`,
    ),
  ),
  ...REMOVED_KEYS.filter((key) => viper.isSet(key)).map((key) =>
    exits(key, 'was removed, and is refused whatever its value', `The "${key}" configuration key has been removed`),
  ),
  // config.go:550 (v0.29.2): depr.fatalWithHint.
  ...(isAtLeast(viper.version, '0.29') && viper.isSet('randomize_client_port')
    ? [
        exits(
          'randomize_client_port',
          'moved into the policy as randomizeClientPort in Headscale 0.29',
          'The "randomize_client_port" configuration key has been removed',
        ),
      ]
    : []),
  // config.go:559 (v0.29.2): depr.fatalIfSet("oidc.expiry", "node.expiry").
  ...(isAtLeast(viper.version, '0.29') && viper.isSet('oidc.expiry')
    ? [
        exits(
          'oidc.expiry',
          'was replaced by node.expiry in Headscale 0.29',
          'The "oidc.expiry" configuration key has been removed. Please use "node.expiry" instead.',
        ),
      ]
    : []),
];

/** config.go:561 and validatePKCEMethod, config.go:351 (v0.29.2): checked only while the undocumented oidc.enabled is true. */
const pkceMethod: StartupCheck = (viper) =>
  viper.bool('oidc.enabled') && !['plain', 'S256'].includes(viper.string('oidc.pkce.method'))
    ? [
        exits(
          'oidc.pkce.method',
          `expected "plain" or "S256" (got ${describeValue(viper.find('oidc.pkce.method'))})`,
          "pkce.method must be either 'plain' or 'S256'",
        ),
      ]
    : [];

/** config.go:570 (v0.29.2). */
const extraRecordsOnce: StartupCheck = (viper) =>
  viper.isSet('dns.extra_records') && viper.isSet('dns.extra_records_path')
    ? [
        exits(
          'dns.extra_records',
          "can't be combined with dns.extra_records_path",
          'dns.extra_records and dns.extra_records_path are mutually exclusive',
        ),
      ]
    : [];

/** config.go:576-579 (v0.29.2). */
const letsEncryptOrFiles: StartupCheck = (viper) =>
  viper.string('tls_letsencrypt_hostname') !== '' &&
  (viper.string('tls_cert_path') !== '' || viper.string('tls_key_path') !== '')
    ? [
        exits(
          'tls_letsencrypt_hostname',
          "can't be combined with tls_cert_path or tls_key_path",
          'set either tls_letsencrypt_hostname or tls_cert_path/tls_key_path, not both',
        ),
      ]
    : [];

/** config.go:581 (v0.29.2); before 0.28 also `!viper.IsSet("noise")` (config.go:390, v0.26.1), which an empty path implies. */
const noiseKeyPath: StartupCheck = (viper) =>
  viper.string('noise.private_key_path') === ''
    ? [
        exits(
          'noise.private_key_path',
          'is required: Headscale keeps its Noise key there',
          'headscale now requires a new `noise.private_key_path` field',
        ),
      ]
    : [];

/** config.go:593 (v0.29.2). */
const challengeType: StartupCheck = (viper) =>
  ['HTTP-01', 'TLS-ALPN-01'].includes(viper.string('tls_letsencrypt_challenge_type'))
    ? []
    : [
        exits(
          'tls_letsencrypt_challenge_type',
          `expected HTTP-01 or TLS-ALPN-01 (got ${describeValue(viper.find('tls_letsencrypt_challenge_type'))})`,
          'the only supported values for tls_letsencrypt_challenge_type are HTTP-01 and TLS-ALPN-01',
        ),
      ];

/** config.go:598 (v0.29.2): a case-sensitive prefix test. */
const serverUrlScheme: StartupCheck = (viper) =>
  /^https?:\/\//.test(viper.string('server_url'))
    ? []
    : [
        exits(
          'server_url',
          `expected a URL starting with https:// or http:// (got ${describeValue(viper.find('server_url'))})`,
          'server_url must start with https:// or http://',
        ),
      ];

const MINIMUM_INACTIVITY = 65 * SECOND;

/**
 * config.go:603-614 and resolveEphemeralInactivityTimeout, config.go:481 (v0.29.2): the new key,
 * which has a default, wins over the old one unless it is "". Before 0.29 only
 * ephemeral_node_inactivity_timeout is read (config.go:395, v0.26.1).
 */
const ephemeralTimeout: StartupCheck = (viper) => {
  const current = 'node.ephemeral.inactivity_timeout';
  const old = 'ephemeral_node_inactivity_timeout';
  let key = old;
  if (isAtLeast(viper.version, '0.29'))
    key = viper.isSet(current) && viper.string(current) !== '' ? current : viper.isSet(old) ? old : current;
  const timeout = viper.duration(key);
  if (timeout > MINIMUM_INACTIVITY) return [];
  const named = isAtLeast(viper.version, '0.29') ? current : old;
  return [
    exits(
      key,
      `must be more than 65s, Headscale's keepalive and a margin (read as ${formatGoDuration(timeout)}${describeUnitless(viper.find(key))})`,
      `${named} (${isAtLeast(viper.version, '0.29') ? formatGoDuration(timeout) : viper.string(old)}) is set too low, must be more than ${formatGoDuration(MINIMUM_INACTIVITY)}`,
    ),
  ];
};

/** Why a duration reads as it does, when it has no unit or does not parse. */
function describeUnitless(value: unknown): string {
  if (typeof value === 'number' || (typeof value === 'string' && /^[-+]?[0-9.]+$/.test(value)))
    return `: ${describeValue(value)} has no unit, so Headscale reads nanoseconds`;
  if (typeof value === 'string' && castDuration(value) === 0 && !/^[-+]?0+[a-zµ]*$/.test(value))
    return `: ${describeValue(value)} is no Go duration, so Headscale reads 0`;
  return '';
}

/** config.go:616 (v0.29.2). */
const overrideNeedsNameservers: StartupCheck = (viper) =>
  viper.bool('dns.override_local_dns') && viper.stringSlice('dns.nameservers.global').length === 0
    ? [
        exits(
          'dns.nameservers.global',
          'needs a nameserver while dns.override_local_dns is true (its default)',
          'dns.nameservers.global must be set when dns.override_local_dns is true',
        ),
      ]
    : [];

/** config.go:622-648 (v0.29.2): checked while probing is on (an interval above zero). */
const haProbes: StartupCheck = (viper) => {
  if (!isAtLeast(viper.version, '0.29')) return [];
  const interval = viper.duration('node.routes.ha.probe_interval');
  if (interval <= 0) return [];
  const timeout = viper.duration('node.routes.ha.probe_timeout');
  const unit = (key: string) => describeUnitless(viper.find(key));
  const findings: Finding[] = [];
  if (interval < 2 * SECOND)
    findings.push(
      exits(
        'node.routes.ha.probe_interval',
        `must be at least 2s, or 0 to turn probing off (read as ${formatGoDuration(interval)}${unit('node.routes.ha.probe_interval')})`,
        `node.routes.ha.probe_interval (${formatGoDuration(interval)}) must be >= 2s`,
      ),
    );
  if (timeout < SECOND)
    findings.push(
      exits(
        'node.routes.ha.probe_timeout',
        `must be at least 1s (read as ${formatGoDuration(timeout)}${unit('node.routes.ha.probe_timeout')})`,
        `node.routes.ha.probe_timeout (${formatGoDuration(timeout)}) must be >= 1s`,
      ),
    );
  if (timeout >= interval)
    findings.push(
      exits(
        'node.routes.ha.probe_timeout',
        `must be less than node.routes.ha.probe_interval (${formatGoDuration(timeout)} is not less than ${formatGoDuration(interval)}; the defaults are 5s and 10s)`,
        `node.routes.ha.probe_timeout (${formatGoDuration(timeout)}) must be less than node.routes.ha.probe_interval (${formatGoDuration(interval)})`,
      ),
    );
  return findings;
};

/** config.go:650-663 (v0.29.2), new in 0.28 (config.go:485-499, v0.28.0). */
const tuningBatches: StartupCheck = (viper) => {
  if (!isAtLeast(viper.version, '0.28')) return [];
  const size = viper.int('tuning.node_store_batch_size');
  const timeout = viper.duration('tuning.node_store_batch_timeout');
  return [
    ...(size <= 0
      ? [
          exits(
            'tuning.node_store_batch_size',
            `must be above zero (read as ${size})`,
            `tuning.node_store_batch_size must be positive, got ${size}`,
          ),
        ]
      : []),
    ...(timeout <= 0
      ? [
          exits(
            'tuning.node_store_batch_timeout',
            `must be a duration above zero (read as ${formatGoDuration(timeout)}${describeUnitless(viper.find('tuning.node_store_batch_timeout'))})`,
            `tuning.node_store_batch_timeout must be positive, got ${formatGoDuration(timeout)}`,
          ),
        ]
      : []),
  ];
};

// ---- hscontrol/types/config.go, LoadServerConfig (config.go:1103-1313, v0.29.2) ----

/** prefixV4 and prefixV6, config.go:1018-1055 (v0.29.2): netip.ParsePrefix, of either family; "" is none. */
const prefixes: StartupCheck = (viper) => {
  const findings = ([4, 6] as const).flatMap((family) => {
    const key = `prefixes.v${family}`;
    const text = viper.string(key);
    return text === '' || parseCidr(text)
      ? []
      : [
          exits(
            key,
            `expected a prefix such as ${family === 4 ? '100.64.0.0/10' : 'fd7a:115c:a1e0::/48'} (got ${describeValue(viper.find(key))})`,
            `parsing IPv${family} prefix from config`,
          ),
        ];
  });
  // config.go:1126 (v0.29.2).
  if (viper.string('prefixes.v4') === '' && viper.string('prefixes.v6') === '')
    findings.push(
      exits(
        'prefixes',
        'needs v4 or v6: nodes get their addresses from them',
        'no IPv4 or IPv6 prefix configured, minimum one prefix is required',
      ),
    );
  // config.go:1151-1167 (v0.29.2): case-sensitive.
  const allocation = viper.string('prefixes.allocation');
  if (allocation !== 'sequential' && allocation !== 'random')
    findings.push(
      exits(
        'prefixes.allocation',
        `expected "sequential" or "random" (got ${describeValue(viper.find('prefixes.allocation'))})`,
        `invalid prefix allocation strategy: ${JSON.stringify(allocation)}`,
      ),
    );
  return findings;
};

/** trustedProxies, config.go:1059-1080 (v0.29.2): netip.ParsePrefix, and no /0. */
const trustedProxies: StartupCheck = (viper) => {
  if (!isAtLeast(viper.version, '0.29')) return [];
  return viper.stringSlice('trusted_proxies').flatMap((text, index) => {
    const prefix = parseCidr(text);
    if (!prefix)
      return [
        exits(
          'trusted_proxies',
          `expected a prefix such as 10.0.0.0/8 at [${index}] (got ${describeValue(text)})`,
          `trusted_proxies[${index}] ${JSON.stringify(text)}`,
        ),
      ];
    if (prefix.prefixLength > 0) return [];
    return [
      exits(
        'trusted_proxies',
        `trusts every peer at [${index}] (${text}), so any client could claim any address`,
        `trusted_proxies[${index}] ${JSON.stringify(text)}: 0.0.0.0/0 and ::/0 are not allowed`,
      ),
    ];
  });
};

/** dns, config.go:880-889 (v0.29.2): the records are decoded into a list of tailcfg.DNSRecord. */
const extraRecordsDecode: StartupCheck = (viper) => {
  const records = viper.find('dns.extra_records');
  if (records === undefined || (Array.isArray(records) && records.every(isJsonMap))) return [];
  return [
    exits(
      'dns.extra_records',
      `expected a list of records ({name, type, value}) (got ${describeValue(records)})`,
      'unmarshalling dns extra records',
    ),
  ];
};

/** derpConfig, config.go:708 and :733 (v0.29.2): only derp.paths can carry the embedded region. */
const derpServerSettings: StartupCheck = (viper) => {
  if (!viper.bool('derp.server.enabled')) return [];
  const findings: Finding[] = [];
  if (viper.string('derp.server.stun_listen_addr') === '')
    findings.push(
      exits(
        'derp.server.stun_listen_addr',
        'is required while derp.server.enabled is true: expected a UDP address such as 0.0.0.0:3478',
        'derp.server.stun_listen_addr must be set if derp.server.enabled is true',
      ),
    );
  if (!viper.bool('derp.server.automatically_add_embedded_derp_region') && viper.stringSlice('derp.paths').length === 0)
    findings.push(
      exits(
        'derp.server.automatically_add_embedded_derp_region',
        'is false, so the embedded region must be in a DERP map file of derp.paths (derp.urls do not count)',
        'Disabling derp.server.automatically_add_embedded_derp_region requires to configure the derp server in derp.paths',
      ),
    );
  return findings;
};

/** databaseConfig, config.go:819-827 (v0.29.2): sqlite becomes sqlite3; nothing else, in no other spelling. */
const databaseType: StartupCheck = (viper) => {
  const type = viper.string('database.type');
  return ['sqlite', 'sqlite3', 'postgres'].includes(type)
    ? []
    : [
        exits(
          'database.type',
          `expected sqlite or postgres (got ${describeValue(viper.find('database.type'))})`,
          `invalid database type ${JSON.stringify(type)}, must be sqlite, sqlite3 or postgres`,
        ),
      ];
};

/** config.go:1181-1189 (v0.29.2): one source of the client secret, and its file is read at start-up. */
const oidcClientSecret: StartupCheck = (viper, files) => {
  const path = viper.string('oidc.client_secret_path');
  if (path === '') return [];
  if (viper.string('oidc.client_secret') !== '')
    return [
      exits(
        'oidc.client_secret_path',
        "can't be combined with oidc.client_secret",
        'oidc_client_secret and oidc_client_secret_path are mutually exclusive',
      ),
    ];
  return readableFile(files, path)
    ? []
    : [exits('oidc.client_secret_path', `names no readable file (${path})`, `open ${path}`)];
};

/**
 * isSafeServerURL, config.go:1323-1350, called while dns.base_domain is set (config.go:1203,
 * v0.29.2): the server's host must not be the base domain, nor end in its labels. The suffix test
 * splits url.Host, port included, so `host:443` or a trailing dot passes.
 */
const serverUrlOutsideBaseDomain: StartupCheck = (viper) => {
  const baseDomain = viper.string('dns.base_domain');
  const serverUrl = viper.string('server_url');
  if (baseDomain === '') return [];
  if (!goUrlParses(serverUrl))
    return [exits('server_url', `is no URL Go's url.Parse takes (got ${describeValue(serverUrl)})`, 'parse')];
  const host = goUrlHost(serverUrl);
  if (host === undefined) return [];
  const hostname = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:[^:]*$/, '');
  if (hostname === baseDomain)
    return [
      exits(
        'server_url',
        `has the host ${hostname}, which is dns.base_domain: MagicDNS would take over the server's name`,
        'server_url cannot use the same domain as base_domain',
      ),
    ];
  const serverParts = host.split('.');
  const baseParts = baseDomain.split('.');
  if (serverParts.length <= baseParts.length) return [];
  const underBase = baseParts.every(
    (_, i) => serverParts[serverParts.length - 1 - i] === baseParts[baseParts.length - 1 - i],
  );
  return underBase
    ? [
        exits(
          'server_url',
          `has the host ${hostname}, under dns.base_domain ${baseDomain}: MagicDNS would take over the server's name`,
          'server_url cannot be part of base_domain',
        ),
      ]
    : [];
};

/** url.Host of an absolute URL (`scheme://host/...`), or undefined for one without `//`. */
function goUrlHost(url: string): string | undefined {
  const match = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)/.exec(url);
  return match ? match[1].replace(/^[^@]*@/, '') : undefined;
}

/** dnsToTailcfgDNS, config.go:964 (v0.29.2). */
const magicDnsDomain: StartupCheck = (viper) =>
  viper.bool('dns.magic_dns') && viper.string('dns.base_domain') === ''
    ? [
        exits(
          'dns.base_domain',
          'is required while dns.magic_dns is true (its default): expected a domain such as tailnet.example.com',
          'dns.base_domain must be set when using MagicDNS (dns.magic_dns)',
        ),
      ]
    : [];

// ---- hscontrol/app.go, NewHeadscale and Serve (v0.29.2), hscontrol/db, hscontrol/derp ----

/** util.AbsolutePathFromConfigPath (hscontrol/util/file.go:26): Headscale reads config.yaml from /etc/headscale. */
const absolute = (path: string) => (path === '' || path.startsWith('/') ? path : `/etc/headscale/${path}`);

const readableFile = (files: StartupFiles, path: string) =>
  files.exists(absolute(path)) && !files.isDirectory(absolute(path));

/** readOrCreatePrivateKey, app.go:1101-1145 (v0.29.2): a missing file is created; a directory or "" can't be. */
const keyFileProblem = (files: StartupFiles, path: string) =>
  path === '' || files.isDirectory(absolute(path)) ? 'reading private key file' : undefined;

/** app.go:130 (v0.29.2). */
const noiseKeyFile: StartupCheck = (viper, files) => {
  const path = viper.string('noise.private_key_path');
  const problem = path === '' ? undefined : keyFileProblem(files, path);
  return problem
    ? [
        exits(
          'noise.private_key_path',
          `is a directory (${path}): expected a file path such as /var/lib/headscale/noise_private.key`,
          `reading or creating Noise protocol private key: ${problem}`,
        ),
      ]
    : [];
};

/** app.go:238-250 (v0.29.2): the embedded DERP server's key, in a file of its own. */
const derpKeyFile: StartupCheck = (viper, files) => {
  if (!viper.bool('derp.server.enabled')) return [];
  const path = viper.string('derp.server.private_key_path');
  const problem = keyFileProblem(files, path);
  if (problem)
    return [
      exits(
        'derp.server.private_key_path',
        `${path === '' ? 'is required' : `is a directory (${path})`} while derp.server.enabled is true: expected a file path on the data volume such as /var/lib/headscale/derp_server_private.key`,
        `reading or creating DERP server private key: ${problem}`,
      ),
    ];
  return absolute(path) === absolute(viper.string('noise.private_key_path'))
    ? [
        exits(
          'derp.server.private_key_path',
          `is noise.private_key_path (${path}): the DERP server needs a key of its own, such as /var/lib/headscale/derp_server_private.key`,
          'DERP server private key and noise private key are the same',
        ),
      ]
    : [];
};

/**
 * app.go:177-193 and hscontrol/oidc.go:88 (v0.29.2): with an issuer, Headscale fetches its
 * discovery document and, while only_start_if_oidc_is_available is true (its default), exits when
 * it can't. An issuer that is no http(s) URL can never be fetched; others are assumed reachable.
 */
const oidcIssuer: StartupCheck = (viper) => {
  const issuer = viper.string('oidc.issuer');
  if (issuer === '' || !viper.bool('oidc.only_start_if_oidc_is_available') || /^https?:\/\/[^/?#]+/.test(issuer))
    return [];
  return [
    exits(
      'oidc.issuer',
      `expected an https:// URL such as https://idp.example.com (got ${describeValue(issuer)}), or set oidc.only_start_if_oidc_is_available: false`,
      'creating OIDC provider from issuer config',
    ),
  ];
};

/**
 * The database (hscontrol/db/db.go:902-951, v0.29.2): SQLite's settings are validated before it
 * is opened (hscontrol/db/sqliteconfig/config.go:334-349, v0.29.2; new in 0.27, so 0.26 opens an
 * empty path as a throwaway database). PostgreSQL is assumed reachable.
 */
const sqliteSettings: StartupCheck = (viper) => {
  if (!['sqlite', 'sqlite3'].includes(viper.string('database.type')) || !isAtLeast(viper.version, '0.27')) return [];
  const findings: Finding[] = [];
  if (viper.string('database.sqlite.path') === '')
    findings.push(
      exits(
        'database.sqlite.path',
        'is required while database.type is sqlite: expected a file on the data volume such as /var/lib/headscale/db.sqlite',
        'path cannot be empty',
      ),
    );
  const checkpoint = viper.int('database.sqlite.wal_autocheckpoint');
  if (viper.bool('database.sqlite.write_ahead_log') && checkpoint < -1)
    findings.push(
      exits(
        'database.sqlite.wal_autocheckpoint',
        `must be -1 (the driver's default) or more (got ${checkpoint})`,
        'wal_autocheckpoint must be >= -1',
      ),
    );
  return findings;
};

/** hscontrol/db/policy.go:63-74 (v0.29.2): in file mode a policy path must be readable; "" means no policy. */
const policyFile: StartupCheck = (viper, files) => {
  const path = viper.string('policy.path');
  if (viper.string('policy.mode') !== 'file' || path === '' || readableFile(files, path)) return [];
  return [exits('policy.path', `names no readable file (${path})`, 'loading policy')];
};

/**
 * The DERP map at start-up (app.go:642-653, v0.29.2; hscontrol/derp/derp.go): each of derp.paths is
 * read, each of derp.urls that url.Parse takes is fetched (assumed to answer), and the embedded
 * region is added while automatically_add_embedded_derp_region is true; an empty map is refused.
 */
const derpMap: StartupCheck = (viper, files) => {
  const findings: Finding[] = viper
    .stringSlice('derp.paths')
    .filter((path) => !readableFile(files, path))
    .map((path) => exits('derp.paths', `names no readable file (${path})`, 'getting DERPMap'));
  const urls = viper.stringSlice('derp.urls').filter((url) => goUrlParses(url));
  const unfetchable = urls.filter((url) => !/^https?:\/\/[^/?#]+/i.test(url));
  if (unfetchable.length > 0)
    findings.push(
      exits('derp.urls', `can't be fetched: ${unfetchable.join(', ')} (expected http(s) URLs)`, 'getting DERPMap'),
    );
  const embedded =
    viper.bool('derp.server.enabled') && viper.bool('derp.server.automatically_add_embedded_derp_region');
  if (urls.length === 0 && viper.stringSlice('derp.paths').length === 0 && !embedded)
    findings.push(
      exits(
        'derp',
        'needs a DERP map: derp.urls, derp.paths or the embedded server (derp.server.enabled)',
        'initial DERPMap is empty',
      ),
    );
  return findings;
};

/** Whether Go's url.Parse takes the text (go/src/net/url/url.go): no control characters, no scheme-less ":" first, a valid host and port. */
function goUrlParses(url: string): boolean {
  if ([...url].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) return false;
  if (url.startsWith(':')) return false;
  const host = goUrlHost(url);
  if (host === undefined) return true;
  if (/[\s<>"{}|\\^`]/.test(host)) return false;
  const port = /^(?:\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(host)?.[1];
  return port === undefined || /^[0-9]*$/.test(port);
}

/** hscontrol/derp/server/derp_server.go:358 (v0.29.2): the STUN listener, net.ListenPacket("udp", ...). */
const stunListener: StartupCheck = (viper) => {
  const address = viper.string('derp.server.stun_listen_addr');
  if (!viper.bool('derp.server.enabled') || address === '') return [];
  const problem = goListenProblem(address);
  return problem
    ? [
        exits(
          'derp.server.stun_listen_addr',
          `${problem} (a UDP address such as 0.0.0.0:3478)`,
          'failed to open STUN listener',
        ),
      ]
    : [];
};

/** What net.Listen refuses in an address: host:port, the port a number or a service name. */
function goListenProblem(address: string): string | undefined {
  if (/^(\[[^\]]*\]|[^[\]:]*):0$/.test(address)) return undefined;
  return listenAddressProblem(address, { portNames: true });
}

/** app.go:667-673 (v0.29.2): the extra records file is read at start-up. */
const extraRecordsFile: StartupCheck = (viper, files) => {
  const path = viper.string('dns.extra_records_path');
  return path === '' || readableFile(files, path)
    ? []
    : [exits('dns.extra_records_path', `names no readable file (${path})`, 'setting up extrarecord manager')];
};

/** Linux's sun_path holds 108 bytes, the terminating NUL included (unix(7)). */
const MAX_SOCKET_PATH_BYTES = 107;

/** app.go:700-727 (v0.29.2): the CLI's unix socket is bound, then its mode set. */
const unixSocket: StartupCheck = (viper) => {
  const path = viper.string('unix_socket');
  if (path === '')
    return [
      exits(
        'unix_socket',
        'is required: expected a path such as /var/run/headscale/headscale.sock',
        'changing gRPC socket permission',
      ),
    ];
  const bytes = new TextEncoder().encode(path).length;
  return bytes > MAX_SOCKET_PATH_BYTES
    ? [
        exits(
          'unix_socket',
          `is ${bytes} bytes long, more than the ${MAX_SOCKET_PATH_BYTES} a unix socket path may have`,
          'setting up gRPC socket',
        ),
      ]
    : [];
};

/**
 * getTLSSettings, app.go:1040-1096 (v0.29.2): without Let's Encrypt, a certificate path turns TLS
 * on and its key pair is loaded (a key path alone is ignored).
 */
const certificateFiles: StartupCheck = (viper, files) => {
  if (viper.string('tls_letsencrypt_hostname') !== '') return [];
  const cert = viper.string('tls_cert_path');
  if (cert === '') return [];
  const key = viper.string('tls_key_path');
  if (key === '')
    return [
      exits(
        'tls_key_path',
        `is required while tls_cert_path is set (${cert}): Headscale loads the certificate with its key`,
        'configuring TLS settings',
      ),
    ];
  return [
    ['tls_cert_path', cert],
    ['tls_key_path', key],
  ]
    .filter(([, path]) => !readableFile(files, path))
    .map(([name, path]) => exits(name, `names no readable file (${path})`, 'configuring TLS settings'));
};

/**
 * The TCP listeners, in Serve's order (app.go:788-866, v0.29.2): the remote gRPC listener with TLS
 * or grpc_allow_insecure, the HTTP listener, and the metrics listener unless its address is "".
 * Each must parse, and none may take a port another has on an overlapping address.
 */
const listeners: StartupCheck = (viper) => {
  const tls =
    viper.string('tls_letsencrypt_hostname') !== '' ||
    (viper.string('tls_cert_path') !== '' && viper.string('tls_key_path') !== '');
  const keys = [
    ...(tls || viper.bool('grpc_allow_insecure') ? ['grpc_listen_addr'] : []),
    'listen_addr',
    ...(viper.string('metrics_listen_addr') === '' ? [] : ['metrics_listen_addr']),
  ];
  const bound: Array<{ key: string; host: string; port: string }> = [];
  return keys.flatMap((key) => {
    const address = viper.string(key);
    const problem = address === '' ? undefined : goListenProblem(address);
    if (problem) return [exits(key, problem, 'binding to TCP address')];
    const split = /^(\[[^\]]*\]|[^[\]:]*):(.*)$/.exec(address);
    const host = split?.[1] ?? '';
    const port = split?.[2] ?? '0';
    const wildcard = (h: string) => ['', '0.0.0.0', '[::]'].includes(h);
    const clash = bound.find(
      (other) => port !== '0' && other.port === port && (other.host === host || wildcard(host) || wildcard(other.host)),
    );
    bound.push({ key, host, port });
    return clash
      ? [exits(key, `takes port ${port}, which ${clash.key} listens on already`, 'binding to TCP address')]
      : [];
  });
};

/** Go's time.NewTicker panics on a duration of zero or less: non-positive interval for NewTicker. */
const TICKER_PANIC = 'non-positive interval for NewTicker';

/**
 * Tickers started with Headscale: the map batcher's (hscontrol/mapper/batcher.go:43, v0.29.2;
 * hscontrol/notifier/notifier.go:345, v0.26.1) every tuning.batch_change_delay, and the DERP map
 * refresh while derp.auto_update_enabled and update_frequency is not 0 (app.go:288, v0.29.2).
 */
const tickers: StartupCheck = (viper) => {
  const findings: Finding[] = [];
  const delay = viper.duration('tuning.batch_change_delay');
  if (delay <= 0)
    findings.push(
      exits(
        'tuning.batch_change_delay',
        `must be a duration above zero (read as ${formatGoDuration(delay)}${describeUnitless(viper.find('tuning.batch_change_delay'))})`,
        TICKER_PANIC,
      ),
    );
  const frequency = viper.duration('derp.update_frequency');
  if (viper.bool('derp.auto_update_enabled') && frequency < 0)
    findings.push(
      exits('derp.update_frequency', `must not be negative (got ${formatGoDuration(frequency)})`, TICKER_PANIC),
    );
  return findings;
};

/** Headscale's start-up checks, in the order it runs them. */
const STARTUP_CHECKS: readonly StartupCheck[] = [
  deprecatedKeys,
  pkceMethod,
  extraRecordsOnce,
  letsEncryptOrFiles,
  noiseKeyPath,
  challengeType,
  serverUrlScheme,
  ephemeralTimeout,
  overrideNeedsNameservers,
  haProbes,
  tuningBatches,
  prefixes,
  trustedProxies,
  extraRecordsDecode,
  derpServerSettings,
  databaseType,
  oidcClientSecret,
  serverUrlOutsideBaseDomain,
  magicDnsDomain,
  noiseKeyFile,
  sqliteSettings,
  policyFile,
  oidcIssuer,
  derpKeyFile,
  stunListener,
  derpMap,
  extraRecordsFile,
  unixSocket,
  certificateFiles,
  listeners,
  tickers,
];

/**
 * What stops `headscale serve` of this version with this config.yaml (its whole content, as a map),
 * each at its key: every finding is a reason Headscale exits at start-up, or panics. Empty when it
 * starts. Network fetches (DERP map URLs, OIDC discovery) are assumed to succeed; the files it
 * names are looked up in `files` (by default, all present).
 */
export function configFileFindings(
  config: JsonMap,
  version: HeadscaleVersion,
  files: StartupFiles = ASSUME_FILES_PRESENT,
): Finding[] {
  const viper = viperOf(config, version);
  return STARTUP_CHECKS.flatMap((check) => check(viper, files));
}

/**
 * The checks the values rules run on the config.yaml the chart writes (values/headscale-config.ts),
 * beside their own rules, which name the values that set a key.
 */
const CHECKS_BY_NAME = {
  haProbes,
  tuningBatches,
  trustedProxies,
  certificateFiles,
  derpServerSettings,
  derpKeyFile,
  tickers,
  unixSocket,
  stunListener,
  oidcIssuer,
} as const;

/** The findings of some of Headscale's start-up checks, by name, with every file the config names present. */
export function startupFindingsOf(
  config: JsonMap,
  version: HeadscaleVersion,
  checks: ReadonlyArray<keyof typeof CHECKS_BY_NAME>,
): Finding[] {
  const viper = viperOf(config, version);
  return checks.flatMap((name) => CHECKS_BY_NAME[name](viper, ASSUME_FILES_PRESENT));
}
