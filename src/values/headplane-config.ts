import { describeValue, type Finding } from '../core/errors';
import { urlProblem } from './go-syntax';
import { isJsonMap, type JsonMap } from '../core/json-map';
import { unknownKeyMessage } from '../core/suggest';

/**
 * The rules Headplane's config loader applies to /etc/headplane/config.yaml, by Headplane version,
 * ported from its code: app/server/config/load.ts (loadConfig, loadConfigKeyPaths) and
 * app/server/config/config-schema.ts (the arktype schema) at v0.6.3 and v0.7.0-beta.4. The file
 * is read against the partial schema (load.ts:69-76 at v0.6.3, 72-79 at v0.7.0-beta.4), every
 * `HEADPLANE_*` environment variable is merged over it (load.ts:88-119 at v0.6.3, 91-122 at
 * v0.7.0-beta.4: always, since 0.6.2; `HEADPLANE_LOAD_ENV_OVERRIDES` only warns that it is
 * deprecated), each `<secret>_path` is read into `<secret>`, and the result must pass the full
 * schema, which drops the keys it does not declare (`onDeepUndeclaredKey("delete")`).
 */

/** The Headplane versions the rules know, oldest first: the minor versions of their releases. */
export const HEADPLANE_VERSIONS = ['0.6', '0.7'] as const;
export type HeadplaneVersion = (typeof HEADPLANE_VERSIONS)[number];

/** What one version's loader does with a config. */
interface HeadplaneConfigRules {
  /** The releases whose code the rules were read from; others of the same minor version are assumed to match. */
  readonly releases: readonly string[];
  /** The keys each section declares; the loader drops any other. */
  readonly keys: Readonly<Record<'server' | 'headscale' | 'oidc' | 'integration', readonly string[]>>;
  /** Secrets it also reads from the file that `<key>_path` names (pathSupportedKeys). */
  readonly secretFiles: readonly string[];
  /** Where it takes the API key it calls Headscale's API with. */
  readonly apiKey: 'headscale.api_key' | 'oidc.headscale_api_key';
  /** The `oidc` keys without a default, which OIDC needs. */
  readonly oidcRequired: readonly string[];
  /** Keys it reads with a deprecation warning, and what to do instead. */
  readonly deprecated: Readonly<Record<string, string>>;
  /** Paths it lowercases (`string.lower`, a morph to lower case in arktype). */
  readonly lowercased: readonly string[];
}

const SERVER_KEYS = [
  'host',
  'port',
  'base_url',
  'data_path',
  'info_secret',
  'cookie_secret',
  'cookie_secure',
  'cookie_domain',
  'cookie_max_age',
];
const OIDC_KEYS = [
  'enabled',
  'issuer',
  'client_id',
  'client_secret',
  'headscale_api_key',
  'use_pkce',
  'redirect_uri',
  'disable_api_key_login',
  'scope',
  'profile_picture_source',
  'extra_params',
  'authorization_endpoint',
  'token_endpoint',
  'userinfo_endpoint',
  'token_endpoint_auth_method',
  'strict_validation',
];
const HEADSCALE_KEYS = ['url', 'public_url', 'config_path', 'config_strict', 'dns_records_path', 'tls_cert_path'];
// config-schema.ts:150-155 (v0.6.3), 191-196 (v0.7.0-beta.4).
const INTEGRATIONS = ['docker', 'kubernetes', 'proc', 'agent'];
const LOWERCASED = [
  'server.data_path',
  'server.cookie_domain',
  'headscale.config_path',
  'headscale.dns_records_path',
  'headscale.tls_cert_path',
];
const REDIRECT_URI_DEPRECATED =
  'is deprecated (Headplane warns that 0.7.0 removes it): Headplane redirects to server.base_url + /admin/oidc/callback';
const NO_EFFECT = 'is deprecated and has no effect (Headplane warns)';

export const HEADPLANE_CONFIG_RULES: Readonly<Record<HeadplaneVersion, HeadplaneConfigRules>> = {
  '0.6': {
    // The loader and the schema of 0.6.2 are those of 0.6.3; 0.6.0 and 0.6.1 had others (env.ts, schema.ts).
    releases: ['0.6.2', '0.6.3'],
    keys: {
      server: SERVER_KEYS, // config-schema.ts:17-28 (v0.6.3)
      headscale: HEADSCALE_KEYS, // config-schema.ts:43-52 (v0.6.3)
      oidc: [...OIDC_KEYS, 'user_storage_file'], // config-schema.ts:67-105 (v0.6.3)
      integration: INTEGRATIONS,
    },
    // config-schema.ts:10-15 (v0.6.3): no headscale.api_key yet.
    secretFiles: [
      'server.cookie_secret',
      'oidc.client_secret',
      'oidc.headscale_api_key',
      'integration.agent.pre_authkey',
    ],
    apiKey: 'oidc.headscale_api_key',
    // config-schema.ts:69-72 (v0.6.3): the API key is the OIDC section's, and required there.
    oidcRequired: ['issuer', 'client_id', 'client_secret', 'headscale_api_key'],
    deprecated: {
      'oidc.redirect_uri': REDIRECT_URI_DEPRECATED, // config-schema.ts:74-91 (v0.6.3)
      'oidc.strict_validation': NO_EFFECT, // config-schema.ts:104 (v0.6.3)
    },
    // config-schema.ts:21, 26, 48, 50, 51, 103 (v0.6.3).
    lowercased: [...LOWERCASED, 'oidc.user_storage_file'],
  },
  '0.7': {
    releases: ['0.7.0-beta.4'],
    keys: {
      server: [...SERVER_KEYS, 'tls_cert_path', 'tls_key_path'], // config-schema.ts:34-51 (v0.7.0-beta.4)
      headscale: [...HEADSCALE_KEYS, 'api_key'], // config-schema.ts:69-79 (v0.7.0-beta.4)
      // config-schema.ts:95-142 (v0.7.0-beta.4).
      oidc: [
        ...OIDC_KEYS,
        'subject_claims',
        'allow_weak_rsa_keys',
        'end_session_endpoint',
        'post_logout_redirect_uri',
        'use_end_session',
      ],
      integration: INTEGRATIONS,
    },
    // config-schema.ts:10-15 (v0.7.0-beta.4).
    secretFiles: ['server.cookie_secret', 'headscale.api_key', 'oidc.client_secret', 'oidc.headscale_api_key'],
    apiKey: 'headscale.api_key',
    // config-schema.ts:97-99 (v0.7.0-beta.4); the API key is checked apart (context.ts:121-123).
    oidcRequired: ['issuer', 'client_id', 'client_secret'],
    deprecated: {
      // config-schema.ts:100-105 (v0.7.0-beta.4), read only when headscale.api_key is not (context.ts:31).
      'oidc.headscale_api_key': 'is deprecated (Headplane warns): give the API key in headscale.api_key_path',
      'oidc.redirect_uri': REDIRECT_URI_DEPRECATED, // config-schema.ts:107-124 (v0.7.0-beta.4)
      'oidc.strict_validation': NO_EFFECT, // config-schema.ts:141 (v0.7.0-beta.4)
      'integration.agent.pre_authkey': NO_EFFECT, // config-schema.ts:177 (v0.7.0-beta.4)
      'integration.agent.cache_path': NO_EFFECT, // config-schema.ts:178 (v0.7.0-beta.4)
    },
    // config-schema.ts:38, 43, 75, 77, 78 (v0.7.0-beta.4).
    lowercased: LOWERCASED,
  },
};

const NEWEST_HEADPLANE_VERSION: HeadplaneVersion = '0.7';
const KNOWN_RELEASES = HEADPLANE_VERSIONS.flatMap((version) => HEADPLANE_CONFIG_RULES[version].releases);

/**
 * The version whose rules apply to a Headplane image tag, and a warning when the tag is no release
 * the rules were read from.
 */
export interface DetectedHeadplaneVersion {
  readonly version: HeadplaneVersion;
  readonly warning?: string;
}

/**
 * The Headplane version of an image tag (`0.7.0-beta.4`, `v0.6.3`, `0.6.3@sha256:...`): the rules
 * of its minor version, or of the nearest one the rules know, with a warning unless the tag is one
 * of the releases they were read from.
 */
export function detectHeadplaneVersion(tag: string): DetectedHeadplaneVersion {
  const release = tag.split('@')[0].replace(/^v/, '');
  const match = /^([0-9]+)\.([0-9]+)\.[0-9]+(-[0-9A-Za-z.-]+)?$/.exec(release);
  const known = `they know ${KNOWN_RELEASES.join(', ')}`;
  if (!match)
    return {
      version: NEWEST_HEADPLANE_VERSION,
      warning: `${JSON.stringify(tag)} names no Headplane release, so Headplane's config is written and checked as Headplane ${NEWEST_HEADPLANE_VERSION}'s (${known}): use a release tag`,
    };
  const [major, minor] = [Number(match[1]), Number(match[2])];
  const [newestMajor, newestMinor] = NEWEST_HEADPLANE_VERSION.split('.').map(Number);
  const version =
    HEADPLANE_VERSIONS.find((known) => known === `${major}.${minor}`) ??
    (major > newestMajor || (major === newestMajor && minor > newestMinor)
      ? NEWEST_HEADPLANE_VERSION
      : HEADPLANE_VERSIONS[0]);
  return KNOWN_RELEASES.includes(release)
    ? { version }
    : {
        version,
        warning: `is Headplane ${release}, whose config loader these checks were not read from (${known}): its config is written and checked as Headplane ${version}'s`,
      };
}

/** The Headplane version of an image reference (`ghcr.io/tale/headplane:0.7.0-beta.4`). */
export function headplaneVersionOfImage(image: string): HeadplaneVersion {
  const reference = image.split('@')[0];
  const name = reference.slice(reference.lastIndexOf('/') + 1);
  const colon = name.indexOf(':');
  return detectHeadplaneVersion(colon < 0 ? '' : name.slice(colon + 1)).version;
}

const SECTIONS = ['debug', 'server', 'headscale', 'oidc', 'integration'] as const;

/**
 * Integrations that reach Headscale's process or container to make it reload the config Headplane
 * edits: its Kubernetes integration through the pod's shared process namespace
 * (integration/kubernetes.ts:121-129), /proc on the same host (integration/proc.ts:34-49), the
 * Docker socket (integration/docker.ts:14 at v0.6.3, 56 at v0.7.0-beta.4). Headplane runs here in
 * a pod of its own, and Headscale's config is a read-only ConfigMap.
 */
const REFUSED_INTEGRATIONS: Readonly<Record<string, string>> = {
  kubernetes: "finds Headscale's process through a process namespace shared with Headscale's pod",
  proc: "finds Headscale's process in /proc, on the same host",
  docker: "restarts Headscale's container through the Docker socket",
};

function at(config: JsonMap, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (isJsonMap(node) ? node[key] : undefined), config);
}

/** A secret's value, inline or from its file. */
const given = (config: JsonMap, secret: string) =>
  at(config, secret) !== undefined || at(config, `${secret}_path`) !== undefined;

/** What the loader of that Headplane version refuses in a config.yaml, each finding at its key path in the file. */
export function headplaneConfigFindings(config: JsonMap, version: HeadplaneVersion): Finding[] {
  const rules = HEADPLANE_CONFIG_RULES[version];
  const findings: Finding[] = [];
  const add = (path: string, message: string) => findings.push({ at: path.split('.'), message });

  for (const section of Object.keys(config))
    if (!(SECTIONS as readonly string[]).includes(section)) add(section, unknownKeyMessage(section, SECTIONS));

  const port = at(config, 'server.port');
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
    add('server.port', `expected a port number, 1-65535 (got ${describeValue(port)})`);
  for (const path of ['server.cookie_secret_path', 'headscale.url'])
    if (typeof at(config, path) !== 'string' || at(config, path) === '')
      add(path, `is required by Headplane (got ${describeValue(at(config, path))})`);
  for (const path of ['debug', 'server.cookie_secure', 'headscale.config_strict']) {
    const value = at(config, path);
    if (value !== undefined && typeof value !== 'boolean')
      add(path, `expected true or false (got ${describeValue(value)})`);
  }
  for (const path of ['headscale.url', 'headscale.public_url', 'server.base_url']) {
    const value = at(config, path);
    const problem =
      typeof value === 'string' && value !== ''
        ? urlProblem(value, ['http', 'https'], 'https://headscale.example.com')
        : undefined;
    if (problem) add(path, problem);
  }
  for (const path of rules.secretFiles)
    if (at(config, path) !== undefined && at(config, `${path}_path`) !== undefined)
      // load.ts:219-223 (v0.6.3), 214-218 (v0.7.0-beta.4): CONFLICTING_SECRET_PATH_FIELD.
      add(path, `and ${path.split('.').pop()}_path are both set; Headplane takes one or the other`);
  for (const path of rules.lowercased) {
    const value = at(config, path);
    if (typeof value === 'string' && value !== value.toLowerCase())
      add(
        path,
        `has capital letters, and Headplane ${version} lowercases this path (string.lower in its config schema), so it would read ${JSON.stringify(value.toLowerCase())}: use a path in lower case`,
      );
  }

  if (rules.apiKey !== 'headscale.api_key')
    for (const key of ['headscale.api_key', 'headscale.api_key_path'])
      if (at(config, key) !== undefined)
        add(
          key,
          `is not read by Headplane ${version}, which takes Headscale's API key from ${rules.apiKey} or ${rules.apiKey}_path (config-schema.ts, pathSupportedKeys)`,
        );

  for (const [integration, how] of Object.entries(REFUSED_INTEGRATIONS)) {
    const section = at(config, `integration.${integration}`);
    if (section !== undefined && !(isJsonMap(section) && section.enabled === false))
      add(
        `integration.${integration}`,
        `is refused: this integration ${how}, to make Headscale reload the config file Headplane edits; here Headplane runs in a pod of its own and Headscale's config is a read-only ConfigMap, changed through the values (config, policy)`,
      );
  }

  if (at(config, 'oidc') !== undefined) {
    const issuer = at(config, 'oidc.issuer');
    const problem =
      typeof issuer === 'string' ? urlProblem(issuer, ['https'], 'https://accounts.example.com') : 'is required';
    if (problem) add('oidc.issuer', problem);
    if (typeof at(config, 'oidc.client_id') !== 'string' || at(config, 'oidc.client_id') === '')
      add('oidc.client_id', 'is required with OIDC');
    for (const key of rules.oidcRequired.filter((key) => key !== 'issuer' && key !== 'client_id'))
      if (!given(config, `oidc.${key}`))
        add(`oidc.${key}_path`, `is required by Headplane ${version} with OIDC (or oidc.${key})`);
    // context.ts:31 and 121-123 (v0.7.0-beta.4): without an API key, OIDC stays off.
    if (
      rules.apiKey === 'headscale.api_key' &&
      at(config, 'oidc.enabled') !== false &&
      !given(config, 'headscale.api_key') &&
      !given(config, 'oidc.headscale_api_key')
    )
      add(
        'headscale.api_key_path',
        `is required by Headplane ${version} with OIDC, which stays off without an API key`,
      );
  }
  return findings;
}

/** What the loader of that Headplane version reads with a warning, or drops, each at its key path in the file. */
export function headplaneConfigWarnings(config: JsonMap, version: HeadplaneVersion): Finding[] {
  const rules = HEADPLANE_CONFIG_RULES[version];
  const findings: Finding[] = [];
  const secretFileKeys = new Set(rules.secretFiles.map((secret) => `${secret}_path`));
  for (const [section, keys] of Object.entries(rules.keys)) {
    const node = config[section];
    if (!isJsonMap(node)) continue;
    const known = [
      ...keys,
      ...rules.secretFiles
        .map((secret) => secret.split('.'))
        .filter((parts) => parts.length === 2 && parts[0] === section)
        .map(([, key]) => `${key}_path`),
    ];
    for (const key of Object.keys(node)) {
      if (known.includes(key)) continue;
      // headscale.api_key on a version that reads the key elsewhere is refused (headplaneConfigFindings).
      if (section === 'headscale' && (key === 'api_key' || key === 'api_key_path')) continue;
      findings.push({ at: [section, key], message: `${unknownKeyMessage(key, known)}: Headplane ${version} drops it` });
    }
  }
  for (const [path, message] of Object.entries(rules.deprecated))
    for (const key of [path, `${path}_path`])
      if (at(config, key) !== undefined && (key === path || secretFileKeys.has(key)))
        findings.push({ at: key.split('.'), message });
  return findings;
}
