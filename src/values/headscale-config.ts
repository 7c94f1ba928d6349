import { z } from 'zod';
import { cidrContains, type Cidr, type IpVersion, parseCidr, parseIp } from '../core/cidr';
import { describeValue, type Finding } from '../core/errors';
import { dnsNameProblem, GO_DURATION_EXAMPLES, listenAddressProblem, parseGoDuration, urlProblem } from './go-syntax';
import { startupFindingsOf } from './headscale-config-file';
import { type HeadscaleVersion, NEWEST_HEADSCALE_VERSION } from './headscale-versions';
import { isJsonMap, type JsonMap, valueAtPath } from '../core/json-map';
import { schemaAt, unlistedKeys } from './schema-walk';
import { builtWhenGiven } from './sections';
import { expandDottedKeys } from './viper-keys';
import { unknownKeyMessage } from '../core/suggest';
import { reportFindings, reportProblem } from './zod-issues';

/**
 * Headscale's config.yaml (Headscale 0.26 to 0.29): the keys it reads, their types, and the rules
 * that make it exit at start-up. The `config` value is a patch over the chart's defaults, so every
 * key is optional and `null` deletes a default; keys Headscale does not know pass (with a warning:
 * Headscale ignores them). Keys that only some versions read or refuse are typed here and checked
 * against the server's version in chart/features/server.ts, from the table in headscale-versions.ts.
 */

/** A check of one value: what is wrong with it, or undefined. */
type ValueCheck<T> = (value: T) => string | undefined;

/**
 * `schema` with its description, as `.describe()` gives it but without the copy `.describe()`
 * makes to leave the original undescribed: `schema` is new here, and the config's hundreds of
 * keys made those copies a tenth of the values schema's start.
 */
function described<T extends z.ZodType>(schema: T, description: string): T {
  z.globalRegistry.add(schema, { description });
  return schema;
}

/** A key of the patch: optional, and `null` deletes the chart's default. */
function key<T extends z.ZodType>(schema: T, description: string) {
  return described(schema.nullable().optional(), description);
}

/**
 * A map of keys; keys it does not list pass, with a warning (Headscale ignores them). Its keys'
 * schemas are built when a config gives the map.
 */
function section<T extends z.ZodRawShape>(description: string, shape: () => T) {
  return described(
    builtWhenGiven(() => z.looseObject(shape()).nullable()),
    description,
  );
}

/** A key that an earlier Headscale version removed; Headscale refuses to start while it is set. */
function removed(replacement: string) {
  return z
    .unknown()
    .superRefine(
      reportProblem((value) =>
        value === undefined || value === null
          ? undefined
          : `was removed from Headscale and stops it at start-up: ${replacement}`,
      ),
    )
    .optional()
    .describe(`Removed: ${replacement}`);
}

const fromSecretEnv = (configKey: string) =>
  `take it from a Secret with secretEnv: [{ key: ${configKey}, secretName: ..., secretKey: ... }]`;

/** The config keys that hold secrets, with where to take each from instead. */
const SECRET_KEYS: Readonly<Record<string, string>> = {
  'oidc.client_secret': `${fromSecretEnv('oidc.client_secret')}, or mount the Secret with extraVolumes and set oidc.client_secret_path`,
  'database.postgres.pass': fromSecretEnv('database.postgres.pass'),
  'cli.api_key': fromSecretEnv('cli.api_key'),
};

const secretMessage = (configKey: string) => `would put a secret in the config ConfigMap: ${SECRET_KEYS[configKey]}`;

/** A key that holds a secret (one of {@link SECRET_KEYS}), refused inline: a ConfigMap is no place for it. */
function secret(configKey: string, description: string) {
  return key(
    z.string().superRefine(reportProblem((value) => (value === '' ? undefined : secretMessage(configKey)))),
    description,
  );
}

/**
 * The address Headscale serves HTTP on: host:port with a port number, which the container port
 * follows (see derive/headscale-config.ts).
 */
const httpListenAddress: ValueCheck<string> = (value) => listenAddressProblem(value, { portNames: false });

/** An optional listener's address: host:port (the port may be a service name, as Go resolves it), or '' (off). */
const optionalListenAddress: ValueCheck<string> = (value) =>
  value === '' ? undefined : listenAddressProblem(value, { portNames: true });

/**
 * Headscale refuses a server_url without http:// or https:// (hscontrol/types/config.go,
 * validateServerConfig: "server_url is missing a scheme"), and one Go's url.Parse refuses when it
 * compares it with dns.base_domain (LoadServerConfig, isSafeServerURL).
 */
const serverUrlProblem: ValueCheck<string> = (value) => {
  if (value === '') return undefined;
  if (!/^https?:\/\//.test(value))
    return `needs a scheme: expected an http:// or https:// URL, such as https://headscale.example.com, or "" to derive it (got ${describeValue(value)})`;
  return urlProblem(value, ['http', 'https'], 'https://headscale.example.com');
};

/**
 * A MagicDNS domain: node names are `<node>.<base_domain>`, and Headscale holds DNS names to
 * lowercase letters, digits, hyphens and dots (hscontrol/util/dns.go, CheckForFQDNRules).
 */
const domainProblem: ValueCheck<string> = (value) =>
  dnsNameProblem(value) ??
  (value === value.toLowerCase()
    ? undefined
    : `must be lowercase, as Headscale writes DNS names (got ${describeValue(value)}; expected ${JSON.stringify(value.toLowerCase())})`);

/**
 * A resolver given to nodes: an IP address, or a DNS-over-HTTPS (https://) or DNS-over-TLS
 * (tls://) URL. Headscale leaves out, with only a warning, what is neither
 * (hscontrol/types/config.go, globalResolvers and splitResolvers), so nodes would get no resolver
 * from it; Tailscale's resolver (types/dnstype, Resolver.Addr) takes these forms.
 */
const nameserverProblem: ValueCheck<string> = (value) => {
  if (parseIp(value)) return undefined;
  if (/^[a-z]+:\/\//i.test(value)) return urlProblem(value, ['https', 'tls'], 'https://dns.quad9.net/dns-query');
  return `expected an IP address such as 9.9.9.9, or a DNS-over-HTTPS URL such as https://dns.quad9.net/dns-query: Headscale drops anything else, and nodes get no resolver from it (got ${describeValue(value)})`;
};

/**
 * The public address of the embedded DERP node, of one family: tailscale's DERPNode takes an
 * address, "" (resolve the host name) or "none" (don't use that family), and silently drops the
 * family for anything else (tailscale/tailscale tailcfg/derpmap.go), so a mistyped address is refused.
 */
const derpNodeAddress =
  (version: IpVersion): ValueCheck<string> =>
  (value) =>
    value === '' || value === 'none' || parseIp(value)?.version === version
      ? undefined
      : `expected an IPv${version} address such as ${version === 4 ? '203.0.113.7' : '2001:db8::7'}, "none" or "" (got ${describeValue(value)}): tailscale clients ignore anything else`;

/** A DERP map URL: Headscale fetches it over HTTP(S) (hscontrol/derp/derp.go, loadDERPMapFromURL). */
const derpUrlProblem: ValueCheck<string> = (value) =>
  urlProblem(value, ['http', 'https'], 'https://controlplane.tailscale.com/derpmap/default');

/** A DERP map file: Headscale reads it at start-up (hscontrol/derp/derp.go, loadDERPMapFromPath). */
const absolutePathProblem: ValueCheck<string> = (value) =>
  /^\/\S*$/.test(value)
    ? undefined
    : `expected an absolute path without spaces, such as /etc/headscale/derp.yaml (got ${describeValue(value)})`;

/** The address ranges Tailscale clients use; Headscale warns about prefixes outside them. */
const TAILSCALE_RANGES: Record<IpVersion, { readonly text: string; readonly cidr: Cidr }> = {
  4: { text: '100.64.0.0/10', cidr: parseCidr('100.64.0.0/10')! },
  6: { text: 'fd7a:115c:a1e0::/48', cidr: parseCidr('fd7a:115c:a1e0::/48')! },
};

function addressPrefix(version: IpVersion): ValueCheck<string> {
  return (value) => {
    if (value === '') return undefined;
    const cidr = parseCidr(value);
    if (cidr?.version === version) return undefined;
    return `expected an IPv${version} prefix such as ${TAILSCALE_RANGES[version].text}, or "" for no IPv${version} addresses (got ${describeValue(value)})`;
  };
}

/**
 * A duration in seconds as Headscale's configuration library reads it (viper's GetDuration, through
 * spf13/cast's ToDurationE): a number, or a string without unit letters, is nanoseconds; any other
 * string goes to Go's time.ParseDuration (`90s`, `1h30m`). Undefined when it is none.
 */
export function durationSeconds(value: string | number): number | undefined {
  if (typeof value === 'number') return value / 1e9;
  const nanoseconds = parseGoDuration(/[nsuµmh]/.test(value) ? value : `${value}ns`);
  return nanoseconds === undefined ? undefined : nanoseconds / 1e9;
}

/**
 * A duration that must be above zero: Go's time.NewTicker panics on anything else (the DERP map's
 * refresh, derp.update_frequency), and a zero timeout gives up at once (cli.timeout).
 */
const positiveDuration: ValueCheck<string | number> = (value) => {
  const unitless = unitProblem(value);
  if (unitless) return unitless;
  const seconds = durationSeconds(value);
  return seconds !== undefined && seconds > 0
    ? undefined
    : `expected a duration above zero, ${GO_DURATION_EXAMPLES} (got ${describeValue(value)})`;
};

/**
 * A duration Headscale reads with viper's GetDuration: written with a unit. Without one (`10`,
 * `"500"`) Headscale reads nanoseconds, which no one means; 0 needs none.
 */
const unitProblem: ValueCheck<string | number> = (value) =>
  value !== 0 && value !== '0' && (typeof value === 'number' || /^[-+]?[0-9.]+$/.test(value))
    ? `has no unit, so Headscale reads it as ${value} nanoseconds: write the unit, such as "${value}s" or "${value}ms"`
    : undefined;

const durationWithUnit: ValueCheck<string | number> = (value) => {
  const unitless = unitProblem(value);
  if (unitless) return unitless;
  return durationSeconds(value) === undefined
    ? `expected ${GO_DURATION_EXAMPLES} (got ${describeValue(value)}), which Headscale would read as 0`
    : undefined;
};

const duration = (description: string, check: ValueCheck<string | number> = durationWithUnit) =>
  key(z.union([z.string(), z.number()]).superRefine(reportProblem(check)), description);

/** The minimum Headscale accepts: its keepalive (60s) and a margin. */
const EPHEMERAL_TIMEOUT_MINIMUM_SECONDS = 65;

const ephemeralTimeoutIsLongEnough: ValueCheck<string | number> = (value) => {
  const seconds = durationSeconds(value);
  if (seconds === undefined) return `expected a duration such as 30m or 120s (got ${describeValue(value)})`;
  if (seconds > EPHEMERAL_TIMEOUT_MINIMUM_SECONDS) return undefined;
  const unitless = typeof value === 'number' || /^[0-9]+$/.test(value);
  return `must be more than ${EPHEMERAL_TIMEOUT_MINIMUM_SECONDS}s (got ${describeValue(value)}${unitless ? ', which Headscale reads as nanoseconds; add a unit, as in "30m"' : ''})`;
};

/**
 * A reverse proxy's prefix: Headscale 0.29 takes trusted_proxies as a list of CIDRs (PR 3268) and
 * honours X-Forwarded-For, X-Real-IP and True-Client-IP only from peers inside them.
 */
const trustedProxyProblem: ValueCheck<string> = (value) =>
  parseCidr(value) ? undefined : `expected a prefix such as 10.0.0.0/8 or 192.0.2.10/32 (got ${describeValue(value)})`;

const strings = () => z.array(z.string());
const checkedStrings = (check: ValueCheck<string>) => z.array(z.string().superRefine(reportProblem(check)));

/** Record types Headscale serves as extra DNS records: Tailscale's MagicDNS answers A and AAAA only. */
const EXTRA_RECORD_TYPES: Readonly<Record<string, IpVersion>> = { A: 4, AAAA: 6 };

/**
 * What is wrong with an extra DNS record (`{name, type, value}`): Headscale hands the records to
 * Tailscale's MagicDNS (tailcfg.DNSRecord), which answers A and AAAA records only (Headscale's
 * docs/ref/dns.md, "Setting extra DNS records"); the value must be an address of the type's family
 * and the name a DNS name.
 */
export function extraRecordFindings(record: { name: string; type: string; value: string }): Finding[] {
  const findings: Finding[] = [];
  const nameProblem = domainProblem(record.name.replace(/\.$/, ''));
  if (nameProblem) findings.push({ at: ['name'], message: nameProblem });
  const version = EXTRA_RECORD_TYPES[record.type];
  if (version === undefined)
    findings.push({
      at: ['type'],
      message: `expected "A" or "AAAA": Tailscale's MagicDNS serves no other extra record type (got ${describeValue(record.type)})`,
    });
  else if (parseIp(record.value)?.version !== version)
    findings.push({
      at: ['value'],
      message: `expected an IPv${version} address for a${version === 4 ? 'n A' : 'n AAAA'} record, such as ${version === 4 ? '100.64.0.10' : 'fd7a:115c:a1e0::a'} (got ${describeValue(record.value)})`,
    });
  return findings;
}

/** A map's value at `key`, matched case-insensitively as Go's YAML and JSON readers match struct fields. */
function field(map: JsonMap, key: string): unknown {
  const found = Object.keys(map).find((name) => name.toLowerCase() === key);
  return found === undefined ? undefined : map[found];
}

/**
 * What is wrong with the shape of a DERP map (tailscale's tailcfg.DERPMap, which Headscale reads
 * from derp.paths with Go's YAML reader, hscontrol/derp/derp.go): `regions` maps integer region
 * IDs to regions, each region's `nodes` is a list of nodes, and the numbers are integers.
 */
export function derpMapFindings(content: JsonMap): Finding[] {
  if (Object.keys(content).length === 0) return [];
  const regionsKey = Object.keys(content).find((name) => name.toLowerCase() === 'regions');
  const regions = regionsKey === undefined ? undefined : content[regionsKey];
  if (!isJsonMap(regions))
    return [
      {
        at: regionsKey === undefined ? [] : [regionsKey],
        message: `expected regions: a map of region IDs to regions, such as { regions: { 900: { regionid: 900, regioncode: home, nodes: [...] } } } (got ${regionsKey === undefined ? 'no regions' : describeValue(regions)})`,
      },
    ];
  return Object.entries(regions).flatMap(([id, region]): Finding[] => {
    const at = [regionsKey!, id];
    if (!/^[0-9]{1,9}$/.test(id))
      return [{ at, message: `expected an integer region ID as the key, such as 900 (got ${JSON.stringify(id)})` }];
    if (!isJsonMap(region)) return [{ at, message: `expected a region (a map), got ${describeValue(region)}` }];
    const findings: Finding[] = [];
    const regionId = field(region, 'regionid');
    if (regionId !== undefined && regionId !== Number(id))
      findings.push({ at, message: `has regionid ${describeValue(regionId)}, expected ${id}, its key` });
    const nodes = field(region, 'nodes');
    if (nodes !== undefined && !(Array.isArray(nodes) && nodes.every(isJsonMap)))
      findings.push({ at: [...at, 'nodes'], message: `expected a list of nodes (maps), got ${describeValue(nodes)}` });
    return findings;
  });
}

/** The keys under the config patch that Headscale reads as a known key, written in another case. */
function caseFindings(given: unknown): Finding[] {
  // Dotted keys in another case (`"OIDC.Issuer"`) too, at the nested key Headscale reads.
  const patch = isJsonMap(given) ? expandDottedKeys(given) : given;
  return unlistedKeys(configPatchObject, patch).flatMap(({ at, known }) => {
    const written = String(at[at.length - 1]);
    const meant = known.find((name) => name === written.toLowerCase());
    if (meant === undefined) return [];
    const path = [...at.slice(0, -1).map(String), meant].join('.');
    const consequence =
      SECRET_KEYS[path] && isSet(valueAtPath(patch, at)) ? secretMessage(path) : `write it as ${meant}`;
    return [
      { at, message: `is read by Headscale as ${path}, since it reads config keys case-insensitively: ${consequence}` },
    ];
  });
}

/**
 * Keys written with dots (`"oidc.client_secret": ...`), checked as the keys Headscale reads them as
 * (values/viper-keys.ts): a secret written so is refused as the secret it is.
 */
function dottedKeyFindings(patch: JsonMap, at: readonly string[] = []): Finding[] {
  return Object.entries(patch).flatMap(([name, value]): Finding[] => {
    if (!name.includes('.')) return isJsonMap(value) ? dottedKeyFindings(value, [...at, name]) : [];
    const readAs = [...at, ...name.split('.')].map((part) => part.toLowerCase());
    const schema = schemaAt(configPatchObject, readAs) as z.ZodType | undefined;
    const result = schema?.safeParse(value);
    if (!result || result.success) return [];
    return result.error.issues.map((issue) => ({
      at: [...at, name, ...issue.path],
      message: `is read by Headscale as ${readAs.join('.')}: ${issue.message}`,
    }));
  });
}

/** The `config` patch: Headscale's known keys with their types. Unknown keys pass (Headscale ignores them). */
const configPatchObject = z.looseObject({
  server_url: key(
    z.string().superRefine(reportProblem(serverUrlProblem)),
    'The URL clients use to reach Headscale, scheme included; must not be dns.base_domain or under it. Empty: derived from the ingress or the Service.',
  ),
  listen_addr: key(
    z.string().superRefine(reportProblem(httpListenAddress)),
    'Address Headscale serves HTTP on; the container port follows its port. Unset: 0.0.0.0 and service.port.',
  ),
  metrics_listen_addr: key(
    z.string().superRefine(reportProblem(optionalListenAddress)),
    'Address of the /metrics endpoint; 0.0.0.0:9090 to scrape it from another pod, "" to turn it off.',
  ),
  grpc_listen_addr: key(
    z.string().superRefine(reportProblem(optionalListenAddress)),
    'Address of the gRPC API for remote CLI clients (needs TLS or grpc_allow_insecure).',
  ),
  grpc_allow_insecure: key(z.boolean(), 'Serve the gRPC API without TLS.'),
  noise: section('The Noise protocol (TS2021).', () => ({
    private_key_path: key(z.string(), 'Where Headscale keeps its Noise private key; required.'),
  })),
  prefixes: section('Address ranges of the tailnet; at least one of v4 and v6.', () => ({
    v4: key(
      z.string().superRefine(reportProblem(addressPrefix(4))),
      'IPv4 prefix nodes get addresses from ("" for none).',
    ),
    v6: key(
      z.string().superRefine(reportProblem(addressPrefix(6))),
      'IPv6 prefix nodes get addresses from ("" for none).',
    ),
    allocation: key(z.enum(['sequential', 'random']), 'How addresses are picked.'),
  })),
  derp: section('DERP relays.', () => ({
    server: section('The embedded DERP server.', () => ({
      enabled: key(z.boolean(), 'Run the embedded DERP server (needs stun_listen_addr and UDP straight to the pod).'),
      region_id: key(
        z
          .number()
          .int()
          .superRefine(
            reportProblem((value: number) =>
              value > 0
                ? undefined
                : `expected a region ID above zero, such as 999 (got ${value}): tailscale clients need one`,
            ),
          ),
        'Region ID of the embedded server, above zero. Unset: 999.',
      ),
      region_code: key(z.string(), 'Region code of the embedded server. Unset: headscale.'),
      region_name: key(z.string(), 'Region name of the embedded server. Unset: Headscale Embedded DERP.'),
      verify_clients: key(z.boolean(), "Let only this tailnet's nodes use the embedded server."),
      stun_listen_addr: key(z.string(), 'UDP address of the STUN listener; required when the server is enabled.'),
      private_key_path: key(
        z.string(),
        "Where the DERP server keeps its private key, not the Noise key's file. Unset: derp_server_private.key on the data volume.",
      ),
      stun: section('The STUN listener.', () => ({
        enabled: key(z.boolean(), 'Read by no code: the STUN listener runs whenever the server does.'),
      })),
      automatically_add_embedded_derp_region: key(
        z.boolean(),
        'Add the embedded server to the DERP map; false needs it in derp.paths.',
      ),
      ipv4: key(
        z.string().superRefine(reportProblem(derpNodeAddress(4))),
        'Public IPv4 address advertised for the embedded server (the STUN load balancer\'s); "none" turns IPv4 off.',
      ),
      ipv6: key(
        z.string().superRefine(reportProblem(derpNodeAddress(6))),
        'Public IPv6 address advertised for the embedded server; "none" turns IPv6 off.',
      ),
    })),
    urls: key(checkedStrings(derpUrlProblem), 'DERP maps fetched over HTTP(S).'),
    paths: key(checkedStrings(absolutePathProblem), 'DERP map files (derpMap.enabled sets this).'),
    auto_update_enabled: key(z.boolean(), 'Refresh the DERP maps periodically.'),
    update_frequency: key(
      z.union([z.string(), z.number()]).superRefine(reportProblem(positiveDuration)),
      'How often the DERP maps are refreshed (a duration above zero).',
    ),
  })),
  disable_check_updates: key(z.boolean(), 'Do not check for new Headscale versions.'),
  ephemeral_node_inactivity_timeout: key(
    z.union([z.string(), z.number()]).superRefine(reportProblem(ephemeralTimeoutIsLongEnough)),
    'Time after which an inactive ephemeral node is deleted; more than 65s. Deprecated from Headscale 0.29: node.ephemeral.inactivity_timeout.',
  ),
  node: section('Nodes (Headscale 0.29+).', () => ({
    expiry: key(
      z.union([z.string(), z.number()]),
      'Default key expiry of nodes registered without a tag, such as 180d; "0" for none (replaces oidc.expiry).',
    ),
    routes: section('Subnet routes.', () => ({
      ha: section('Health probes of routers announcing the same route (Headscale 0.29+).', () => ({
        probe_interval: duration('How often routers are probed, at least 2s; 0 turns probing off (default 10s).'),
        probe_timeout: duration('How long a probe may take, at least 1s and less than probe_interval (default 5s).'),
      })),
    })),
    ephemeral: section('Ephemeral nodes.', () => ({
      inactivity_timeout: key(
        z.union([z.string(), z.number()]).superRefine(reportProblem(ephemeralTimeoutIsLongEnough)),
        'Time after which an inactive ephemeral node is deleted; more than 65s.',
      ),
    })),
  })),
  trusted_proxies: key(
    checkedStrings(trustedProxyProblem),
    'Prefixes of the reverse proxies whose forwarded client addresses Headscale believes (Headscale 0.29+).',
  ),
  database: section('The database.', () => ({
    type: key(z.enum(['sqlite', 'sqlite3', 'postgres']), 'Database type.'),
    debug: key(z.boolean(), 'Log database queries.'),
    gorm: section('ORM settings.', () => ({
      prepare_stmt: key(z.boolean(), 'Use prepared statements.'),
      parameterized_queries: key(z.boolean(), 'Use parameterized queries.'),
      skip_err_record_not_found: key(z.boolean(), 'Do not log "record not found".'),
      slow_threshold: key(z.number().int(), 'Threshold of a slow query, in milliseconds.'),
    })),
    sqlite: section('SQLite settings.', () => ({
      path: key(z.string(), 'The database file (on the data volume).'),
      write_ahead_log: key(z.boolean(), "Use SQLite's write-ahead log (needs block storage, one writer)."),
      wal_autocheckpoint: key(z.number().int(), 'WAL frames before an automatic checkpoint; 0 turns it off.'),
    })),
    postgres: section('PostgreSQL settings.', () => ({
      host: key(z.string(), 'Host, or the directory of a unix socket.'),
      port: key(z.number().int().min(1).max(65535), 'Port.'),
      name: key(z.string(), 'Database name.'),
      user: key(z.string(), 'User.'),
      pass: secret('database.postgres.pass', 'Password: never inline; set it with secretEnv.'),
      max_open_conns: key(z.number().int(), 'Maximum open connections.'),
      max_idle_conns: key(z.number().int(), 'Maximum idle connections.'),
      conn_max_idle_time_secs: key(z.number().int(), 'Seconds an idle connection is kept.'),
      ssl: key(z.union([z.boolean(), z.string()]), 'true, false or an sslmode such as verify-full.'),
    })),
  })),
  acme_url: key(z.string(), 'ACME directory URL.'),
  acme_email: key(z.string(), 'Email registered with the ACME provider.'),
  tls_letsencrypt_hostname: key(
    z.string(),
    "Get a Let's Encrypt certificate for this host; not with tls_cert_path/tls_key_path.",
  ),
  tls_letsencrypt_cache_dir: key(z.string(), "Where Let's Encrypt certificates are kept."),
  tls_letsencrypt_challenge_type: key(z.enum(['HTTP-01', 'TLS-ALPN-01']), 'ACME challenge type.'),
  tls_letsencrypt_listen: key(z.string(), 'Address of the HTTP-01 challenge listener.'),
  tls_cert_path: key(z.string(), 'Certificate Headscale serves (tls.secretName sets it).'),
  tls_key_path: key(z.string(), 'Key of that certificate (tls.secretName sets it).'),
  log: section('Logging.', () => ({
    level: key(z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'panic', 'disabled']), 'Log level.'),
    format: key(z.enum(['text', 'json']), 'Log format.'),
  })),
  policy: section('The ACL policy.', () => ({
    mode: key(z.enum(['file', 'database']), 'Where the policy lives: a file (policy.path) or the database.'),
    path: key(z.string(), "The policy file; policy.enabled or the client's routes set it."),
  })),
  dns: section('DNS and MagicDNS.', () => ({
    magic_dns: key(z.boolean(), "Give nodes names under base_domain (Headscale's default: true; needs base_domain)."),
    base_domain: key(
      z.string().superRefine(reportProblem((value: string) => (value === '' ? undefined : domainProblem(value)))),
      "Domain of node names, a lowercase DNS name; must not contain server_url's host.",
    ),
    override_local_dns: key(
      z.boolean(),
      "Make nodes use nameservers.global (Headscale's default: true; needs nameservers.global).",
    ),
    nameservers: section('Resolvers given to nodes.', () => ({
      global: key(checkedStrings(nameserverProblem), 'Resolvers for every name: IPs, or DoH (https://) URLs.'),
      split: key(
        z.record(z.string().superRefine(reportProblem(domainProblem)), checkedStrings(nameserverProblem)),
        'Resolvers by domain.',
      ),
    })),
    search_domains: key(checkedStrings(domainProblem), 'Search domains given to nodes.'),
    extra_records: key(
      z.array(
        z
          .looseObject({
            name: z.string().describe('Record name.'),
            type: z.string().describe('Record type (A or AAAA).'),
            value: z.string().describe('Record value.'),
          })
          .superRefine(reportFindings(extraRecordFindings)),
      ),
      'DNS records served to nodes; not with extra_records_path (extraDnsRecords.enabled sets it).',
    ),
    extra_records_path: key(z.string(), 'A JSON file of DNS records (extraDnsRecords.enabled sets it).'),
    use_username_in_magic_dns: removed('remove it (node names no longer carry the user)'),
  })),
  unix_socket: key(z.string(), "The CLI's unix socket (in runtime.socketDir)."),
  unix_socket_permission: key(z.string(), 'Permissions of the unix socket, such as "0770".'),
  oidc: section('OpenID Connect login.', () => ({
    enabled: key(z.boolean(), 'Undocumented: while true, Headscale checks pkce.method at start-up.'),
    only_start_if_oidc_is_available: key(z.boolean(), 'Refuse to start while the issuer is unreachable.'),
    issuer: key(z.string(), 'Issuer URL.'),
    client_id: key(z.string(), 'Client ID.'),
    client_secret: secret('oidc.client_secret', 'Client secret: never inline; use secretEnv or client_secret_path.'),
    client_secret_path: key(z.string(), 'A file holding the client secret (a mounted Secret); not with client_secret.'),
    expiry: key(
      z.union([z.string(), z.number()]),
      'How long an OIDC login lasts, such as 180d; 0 for ever. Refused from Headscale 0.29: node.expiry.',
    ),
    use_expiry_from_token: key(z.boolean(), "Use the token's expiry instead of expiry."),
    scope: key(strings(), 'Scopes requested.'),
    extra_params: key(z.record(z.string(), z.string()), 'Extra parameters of the authorization request.'),
    allowed_domains: key(strings(), 'Email domains allowed to log in.'),
    allowed_groups: key(strings(), 'Groups allowed to log in.'),
    allowed_users: key(strings(), 'Users allowed to log in.'),
    email_verified_required: key(z.boolean(), 'Refuse users whose email is not verified.'),
    pkce: section('PKCE.', () => ({
      enabled: key(z.boolean(), 'Use PKCE.'),
      method: key(z.enum(['plain', 'S256']), 'PKCE method.'),
    })),
    strip_email_domain: removed('remove it (user names keep their domain since Headscale 0.26)'),
    map_legacy_users: removed('remove it (legacy user mapping ended with Headscale 0.26)'),
  })),
  logtail: section("Tailscale's client logging.", () => ({
    enabled: key(z.boolean(), 'Let nodes send logs to Tailscale Inc.'),
  })),
  randomize_client_port: key(
    z.boolean(),
    'Nodes prefer a random WireGuard port. Refused from Headscale 0.29: the policy key randomizeClientPort.',
  ),
  taildrop: section('File sharing between nodes (Headscale 0.28+).', () => ({
    enabled: key(z.boolean(), 'Allow Taildrop.'),
  })),
  auto_update: section('Automatic updates of the Tailscale clients (Headscale 0.29+).', () => ({
    enabled: key(z.boolean(), 'Let nodes update themselves.'),
  })),
  cli: section('Settings of the headscale CLI.', () => ({
    address: key(z.string(), 'Remote gRPC address.'),
    api_key: secret('cli.api_key', 'API key: never inline; use secretEnv.'),
    timeout: key(
      z.union([z.string(), z.number()]).superRefine(reportProblem(positiveDuration)),
      'Request timeout (a duration above zero).',
    ),
    insecure: key(z.boolean(), 'Skip TLS verification.'),
  })),
  tuning: section("Headscale's undocumented tuning settings.", () => ({
    notifier_send_timeout: duration('Timeout of a send to a node (default 800ms).'),
    batch_change_delay: duration('How long changes are gathered before they are sent, above zero (default 800ms).'),
    node_mapsession_buffered_chan_size: key(z.number().int(), 'Buffer of a map session (default 30).'),
    batcher_workers: key(z.number().int(), 'Workers sending map updates (Headscale 0.27+; 0: by CPU count).'),
    register_cache_cleanup: duration('How often the registration cache is cleaned (Headscale 0.27 and 0.28).'),
    register_cache_expiration: duration('How long a pending registration is kept (Headscale 0.27+).'),
    register_cache_max_entries: key(z.number().int(), 'Pending registrations kept at most (Headscale 0.29+).'),
    node_store_batch_size: key(
      z.number().int(),
      'Node store writes per batch, above zero (Headscale 0.28+; default 100).',
    ),
    node_store_batch_timeout: duration(
      'Longest wait for a node store batch, above zero (Headscale 0.28+; default 500ms).',
    ),
  })),
  acl_policy_path: removed('use policy.path (policy.enabled sets it)'),
  dns_config: removed('its keys moved under dns (dns.magic_dns, dns.base_domain, dns.nameservers.global, ...)'),
});

/**
 * The `config` patch, and its keys compared as Headscale compares them: its configuration library
 * (spf13/viper) lower-cases every key it reads, so `Client_Secret` is `client_secret`; a known key
 * in another case is refused, lest it escape the checks of the key it stands for.
 */
export const headscaleConfigPatchSchema = configPatchObject
  .superRefine(reportFindings(caseFindings))
  .superRefine(reportFindings((patch: JsonMap) => dottedKeyFindings(patch)))
  .transform((patch): JsonMap => expandDottedKeys(patch));

export type HeadscaleConfigPatch = z.input<typeof headscaleConfigPatchSchema>;

/** The warning for a config key that Headscale does not know (it ignores it), with the closest known key. */
export function unknownConfigKeyMessage(key: string, known: readonly string[]): string {
  return unknownKeyMessage(key, known, " of Headscale's config, which Headscale ignores");
}

/**
 * The config that Headscale starts with, for the start-up rules: config.yaml as the chart writes
 * it (but for a derived server_url, which depends on the release), and where keys come from when
 * the user did not write them in `config`.
 */
export interface ConfigUnderCheck {
  readonly config: JsonMap;
  /** The server's Headscale version; the newest the checks know when unset. */
  readonly version?: HeadscaleVersion;
  /** Config keys (dotted) that another values key sets, with that values key (`dns.extra_records_path` → `extraDnsRecords.enabled`). */
  readonly setBy: ReadonlyMap<string, string>;
}

/** A start-up rule of Headscale: what stops it, at the config key (relative to `config`). */
type ConfigRule = (check: ConfigUnderCheck) => Finding[];

/** The value at a dotted config key (`dns.base_domain`). */
export function configValue(config: JsonMap, key: string): unknown {
  return valueAtPath(config, key.split('.'));
}

const isSet = (value: unknown) => value !== undefined && value !== null;
const nonEmpty = (value: unknown) => isSet(value) && value !== '' && !(Array.isArray(value) && value.length === 0);
/** A boolean that Headscale defaults to `fallback` when it is absent. */
const flag = (value: unknown, fallback: boolean) => (typeof value === 'boolean' ? value : fallback);

/** How a message names a config key: `config.<key>`, or the values key that sets it. */
function named(check: ConfigUnderCheck, path: string): string {
  const setter = check.setBy.get(path);
  return setter ? `${setter} (which sets ${path})` : `config.${path}`;
}

const at = (path: string) => path.split('.');

const noiseKeyIsSet: ConfigRule = ({ config }) =>
  nonEmpty(configValue(config, 'noise.private_key_path'))
    ? []
    : [
        {
          at: at('noise.private_key_path'),
          message:
            'is required: Headscale keeps its Noise key there (expected a path such as /var/lib/headscale/noise_private.key)',
        },
      ];

const aPrefixIsSet: ConfigRule = ({ config }) =>
  nonEmpty(configValue(config, 'prefixes.v4')) || nonEmpty(configValue(config, 'prefixes.v6'))
    ? []
    : [{ at: ['prefixes'], message: 'needs v4 or v6 (got neither): Headscale gives nodes their addresses from them' }];

/** What is wrong with `serverUrl` beside `baseDomain`: its host must be neither the MagicDNS domain nor under it. */
export function serverUrlOutsideBaseDomain(serverUrl: string, baseDomain: string): string | undefined {
  if (!baseDomain) return undefined;
  let host: string;
  try {
    host = new URL(serverUrl).hostname.toLowerCase();
  } catch {
    return undefined; // the scheme check reports a URL that does not parse
  }
  const domain = baseDomain.toLowerCase().replace(/\.$/, '');
  if (host !== domain && !host.endsWith(`.${domain}`)) return undefined;
  return `${JSON.stringify(serverUrl)} is ${host === domain ? 'dns.base_domain itself' : 'under dns.base_domain'} ${JSON.stringify(baseDomain)}: MagicDNS would take over the server's name and clients could not reach it (expected a host outside ${baseDomain})`;
}

const serverUrlIsOutsideBaseDomain: ConfigRule = ({ config }) => {
  const serverUrl = configValue(config, 'server_url');
  const baseDomain = configValue(config, 'dns.base_domain');
  if (typeof serverUrl !== 'string' || typeof baseDomain !== 'string') return [];
  const message = serverUrlOutsideBaseDomain(serverUrl, baseDomain);
  return message ? [{ at: ['server_url'], message }] : [];
};

const magicDnsHasBaseDomain: ConfigRule = ({ config }) =>
  flag(configValue(config, 'dns.magic_dns'), true) && !nonEmpty(configValue(config, 'dns.base_domain'))
    ? [
        {
          at: at('dns.base_domain'),
          message:
            "is required while dns.magic_dns is true (Headscale's default): expected a domain such as tailnet.example.com, or set dns.magic_dns: false",
        },
      ]
    : [];

const overrideLocalDnsHasNameservers: ConfigRule = ({ config }) =>
  flag(configValue(config, 'dns.override_local_dns'), true) && !nonEmpty(configValue(config, 'dns.nameservers.global'))
    ? [
        {
          at: at('dns.nameservers.global'),
          message:
            "needs a nameserver while dns.override_local_dns is true (Headscale's default): expected a list such as [1.1.1.1], or set dns.override_local_dns: false",
        },
      ]
    : [];

const extraRecordsInlineOrFromFile: ConfigRule = (check) =>
  isSet(configValue(check.config, 'dns.extra_records')) && nonEmpty(configValue(check.config, 'dns.extra_records_path'))
    ? [
        {
          at: at('dns.extra_records'),
          message: `can't be combined with ${named(check, 'dns.extra_records_path')}: Headscale refuses to start with both (move the records to extraDnsRecords.records, or remove one)`,
        },
      ]
    : [];

const letsEncryptOrCertificate: ConfigRule = (check) => {
  if (!nonEmpty(configValue(check.config, 'tls_letsencrypt_hostname'))) return [];
  const paths = ['tls_cert_path', 'tls_key_path'].filter((path) => nonEmpty(configValue(check.config, path)));
  if (paths.length === 0) return [];
  const setters = [...new Set(paths.map((path) => check.setBy.get(path)))];
  // The certificate's paths come from tls.secretName together, or from config.
  const conflict =
    setters.length === 1 && setters[0]
      ? `${setters[0]} (which sets ${paths.join(' and ')})`
      : paths.map((path) => named(check, path)).join(' and ');
  return [
    {
      at: ['tls_letsencrypt_hostname'],
      message: `can't be combined with ${conflict}: Headscale takes a certificate from Let's Encrypt or from files, not both`,
    },
  ];
};

const derpHasASource: ConfigRule = (check) => {
  const { config } = check;
  const embedded =
    flag(configValue(config, 'derp.server.enabled'), false) &&
    flag(configValue(config, 'derp.server.automatically_add_embedded_derp_region'), true);
  if (embedded || nonEmpty(configValue(config, 'derp.urls')) || nonEmpty(configValue(config, 'derp.paths'))) return [];
  return [
    {
      at: ['derp'],
      message:
        'needs a DERP map: derp.urls, derp.paths (derpMap.enabled sets it) or the embedded server with automatically_add_embedded_derp_region',
    },
  ];
};

const oidcSecretInlineOrFromFile: ConfigRule = (check) =>
  nonEmpty(configValue(check.config, 'oidc.client_secret_path')) &&
  (nonEmpty(configValue(check.config, 'oidc.client_secret')) || check.setBy.has('oidc.client_secret'))
    ? [
        {
          at: at('oidc.client_secret_path'),
          message: `can't be combined with ${named(check, 'oidc.client_secret')}: Headscale takes the client secret from one of them`,
        },
      ]
    : [];

/**
 * The database the type names needs its settings: SQLite a file (an empty path opens a throwaway
 * database, lost at every restart), PostgreSQL a host, a database name and a user
 * (hscontrol/db/db.go:956-961, v0.29.2, writes `host=%s dbname=%s user=%s`: without a host the
 * driver dials the pod itself, and an empty value takes the next parameter as its value).
 */
const databaseHasItsSettings: ConfigRule = ({ config }) => {
  const type = configValue(config, 'database.type');
  const required =
    type === 'postgres'
      ? ['database.postgres.host', 'database.postgres.name', 'database.postgres.user']
      : type === 'sqlite' || type === 'sqlite3'
        ? ['database.sqlite.path']
        : [];
  return required
    .filter((path) => !nonEmpty(configValue(config, path)))
    .map((path) => ({
      at: at(path),
      message: `is required while database.type is ${JSON.stringify(type)}: Headscale opens the database from it`,
    }));
};

/**
 * PostgreSQL's connection string is built by formatting `key=value` pairs joined by spaces
 * (hscontrol/db/db.go:956-982, v0.29.2: host, dbname, user, then sslmode unless ssl is a boolean),
 * and the driver (pgx) splits it at white space and reads quotes and backslashes: a value with one
 * of them, or an empty one, would add or change parameters (`user: "x password=y"`).
 */
const postgresValuesStayValues: ConfigRule = ({ config }) => {
  if (configValue(config, 'database.type') !== 'postgres') return [];
  const ssl = configValue(config, 'database.postgres.ssl');
  const keys = ['host', 'name', 'user', ...(typeof ssl === 'string' && !GO_BOOLEANS.has(ssl) ? ['ssl'] : [])];
  return keys.flatMap((name) => {
    const path = `database.postgres.${name}`;
    const value = configValue(config, path);
    const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    if (!/[\s'\\]/.test(text)) return []; // an empty one is refused by databaseHasItsSettings
    return [
      {
        at: at(path),
        message: `has white space, a quote or a backslash (got ${describeValue(value)}): Headscale writes it into PostgreSQL's connection string unquoted, where it would add or change parameters (such as password=)`,
      },
    ];
  });
};

/** The spellings Go's strconv.ParseBool takes. */
const GO_BOOLEANS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

/**
 * Headscale's own start-up checks (values/headscale-config-file.ts) that the rules above don't
 * cover, on the config the chart writes, with every file it names present.
 */
const headscaleChecksPass: ConfigRule = ({ config, version }) =>
  startupFindingsOf(config, version ?? NEWEST_HEADSCALE_VERSION, [
    'haProbes',
    'tuningBatches',
    'trustedProxies',
    'certificateFiles',
    'derpServerSettings',
    'derpKeyFile',
    'tickers',
    'unixSocket',
    'stunListener',
    'oidcIssuer',
  ]);

const STARTUP_RULES: readonly ConfigRule[] = [
  databaseHasItsSettings,
  noiseKeyIsSet,
  aPrefixIsSet,
  serverUrlIsOutsideBaseDomain,
  magicDnsHasBaseDomain,
  overrideLocalDnsHasNameservers,
  extraRecordsInlineOrFromFile,
  letsEncryptOrCertificate,
  derpHasASource,
  oidcSecretInlineOrFromFile,
  postgresValuesStayValues,
  headscaleChecksPass,
];

/** What would stop Headscale at start-up with this config, each at its key (relative to `config`). */
export function startupFindings(check: ConfigUnderCheck): Finding[] {
  return STARTUP_RULES.flatMap((rule) => rule(check));
}

/** What Headscale starts with but warns about: prefixes outside the ranges Tailscale clients use. */
export function startupWarnings({ config }: ConfigUnderCheck): Finding[] {
  return ([4, 6] as const).flatMap((version) => {
    const path = `prefixes.v${version}`;
    const value = configValue(config, path);
    const cidr = typeof value === 'string' ? parseCidr(value) : undefined;
    const range = TAILSCALE_RANGES[version];
    if (!cidr || cidrContains(range.cidr, cidr)) return [];
    return [
      {
        at: at(path),
        message: `${JSON.stringify(value)} is outside ${range.text}: Headscale starts with a warning, and Tailscale clients may not route it`,
      },
    ];
  });
}
