import { durationSeconds, startupFindings } from '../../src/values/headscale-config';
import { parseValues } from '../../src/chart/parse-values';
import type { HeadscaleValuesInput } from '../../src/values/schema';
import { render } from '../support/render';
import { problems, warnings } from '../support/problems';

describe("the types of Headscale's config keys", () => {
  it("accepts the chart's defaults and a full config of Headscale's keys", () => {
    expect(() => parseValues({})).not.toThrow();
    expect(
      warnings({
        config: {
          server_url: 'https://vpn.example.org',
          listen_addr: '0.0.0.0:8080',
          metrics_listen_addr: '0.0.0.0:9090',
          grpc_listen_addr: ':50443',
          grpc_allow_insecure: false,
          prefixes: { v4: '100.64.0.0/10', v6: 'fd7a:115c:a1e0::/48', allocation: 'random' },
          database: {
            type: 'postgres',
            postgres: { host: 'db', port: 5432, name: 'hs', user: 'hs', ssl: 'verify-full' },
          },
          derp: {
            server: { enabled: true, stun_listen_addr: '0.0.0.0:3478', region_id: 999 },
            auto_update_enabled: true,
            update_frequency: '24h',
          },
          node: { expiry: '180d', ephemeral: { inactivity_timeout: '30m' } },
          trusted_proxies: ['10.0.0.0/8', '192.0.2.10/32'],
          tls_letsencrypt_challenge_type: 'TLS-ALPN-01',
          log: { level: 'debug', format: 'json' },
          policy: { mode: 'database' },
          dns: {
            magic_dns: true,
            base_domain: 'tailnet.example.org',
            nameservers: { global: ['9.9.9.9'], split: { 'corp.example': ['10.0.0.53'] } },
            search_domains: ['corp.example'],
          },
          oidc: {
            issuer: 'https://sso.example.org',
            client_id: 'hs',
            client_secret_path: '/etc/oidc/secret',
            email_verified_required: true,
            pkce: { enabled: true, method: 'S256' },
          },
          unix_socket: '/var/run/headscale/headscale.sock',
          taildrop: { enabled: false },
        },
      }),
    ).toEqual([]);
  });

  it('names the key and the value Headscale would refuse', () => {
    expect(
      problems({
        config: {
          server_url: 'vpn.example.org',
          listen_addr: '8080',
          prefixes: { v4: '100.64.0.0/33', v6: '100.64.0.0/10', allocation: 'next' },
          database: { type: 'mysql', sqlite: { write_ahead_log: 'yes' } },
          tls_letsencrypt_challenge_type: 'DNS-01',
          log: { format: 'xml' },
          policy: { mode: 'etcd' },
          oidc: { pkce: { method: 'S512' } },
        },
      }),
    ).toEqual([
      'config.server_url: needs a scheme: expected an http:// or https:// URL, such as https://headscale.example.com, or "" to derive it (got "vpn.example.org")',
      'config.listen_addr: expected host:port such as 0.0.0.0:8080, [::]:8080 or :8080, with a port number (got "8080")',
      'config.prefixes.v4: expected an IPv4 prefix such as 100.64.0.0/10, or "" for no IPv4 addresses (got "100.64.0.0/33")',
      'config.prefixes.v6: expected an IPv6 prefix such as fd7a:115c:a1e0::/48, or "" for no IPv6 addresses (got "100.64.0.0/10")',
      'config.prefixes.allocation: expected "sequential" or "random", got "next"',
      'config.database.type: expected "sqlite", "sqlite3" or "postgres", got "mysql"',
      'config.database.sqlite.write_ahead_log: expected a boolean, got "yes"',
      'config.tls_letsencrypt_challenge_type: expected "HTTP-01" or "TLS-ALPN-01", got "DNS-01"',
      'config.log.format: expected "text" or "json", got "xml"',
      'config.policy.mode: expected "file" or "database", got "etcd"',
      'config.oidc.pkce.method: expected "plain" or "S256", got "S512"',
    ]);
  });

  it('refuses an ephemeral node timeout of 65s or less, and a unitless one, which Headscale reads as nanoseconds', () => {
    expect(problems({ config: { ephemeral_node_inactivity_timeout: '65s' } })).toEqual([
      'config.ephemeral_node_inactivity_timeout: must be more than 65s (got "65s")',
    ]);
    expect(problems({ config: { ephemeral_node_inactivity_timeout: 3600 } })).toEqual([
      'config.ephemeral_node_inactivity_timeout: must be more than 65s (got 3600, which Headscale reads as nanoseconds; add a unit, as in "30m")',
    ]);
    expect(problems({ config: { ephemeral_node_inactivity_timeout: 'soon' } })).toEqual([
      'config.ephemeral_node_inactivity_timeout: expected a duration such as 30m or 120s (got "soon")',
    ]);
    expect(() => parseValues({ config: { ephemeral_node_inactivity_timeout: '1m6s' } })).not.toThrow();
  });

  it('reads Go durations', () => {
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(durationSeconds('1.5s')).toBe(1.5);
    expect(durationSeconds('250ms')).toBeCloseTo(0.25);
    expect(durationSeconds('1d')).toBeUndefined();
    expect(durationSeconds('1h x')).toBeUndefined();
  });

  it('refuses the keys Headscale removed, saying what replaced them', () => {
    expect(
      problems({
        config: {
          acl_policy_path: '/etc/acl.json',
          dns_config: { magic_dns: true },
          oidc: { strip_email_domain: true, map_legacy_users: false },
        },
      }),
    ).toEqual([
      'config.oidc.strip_email_domain: was removed from Headscale and stops it at start-up: remove it (user names keep their domain since Headscale 0.26)',
      'config.oidc.map_legacy_users: was removed from Headscale and stops it at start-up: remove it (legacy user mapping ended with Headscale 0.26)',
      'config.acl_policy_path: was removed from Headscale and stops it at start-up: use policy.path (policy.enabled sets it)',
      'config.dns_config: was removed from Headscale and stops it at start-up: its keys moved under dns (dns.magic_dns, dns.base_domain, dns.nameservers.global, ...)',
    ]);
  });

  it('refuses secrets inline, saying how to take them from a Secret', () => {
    expect(
      problems({
        config: { oidc: { client_secret: 's3cret' }, database: { postgres: { pass: 'pw' } }, cli: { api_key: 'key' } },
      }),
    ).toEqual([
      'config.database.postgres.pass: would put a secret in the config ConfigMap: take it from a Secret with secretEnv: [{ key: database.postgres.pass, secretName: ..., secretKey: ... }]',
      'config.oidc.client_secret: would put a secret in the config ConfigMap: take it from a Secret with secretEnv: [{ key: oidc.client_secret, secretName: ..., secretKey: ... }], or mount the Secret with extraVolumes and set oidc.client_secret_path',
      'config.cli.api_key: would put a secret in the config ConfigMap: take it from a Secret with secretEnv: [{ key: cli.api_key, secretName: ..., secretKey: ... }]',
    ]);
    expect(() => parseValues({ config: { oidc: { client_secret: '' } } })).not.toThrow();
  });

  it('warns about keys Headscale does not know, with the closest known key, and renders them', () => {
    const values: HeadscaleValuesInput = {
      client: { enabled: false },
      config: { dns: { magic_dsn: true }, sever_url: 'x', database: { sqlite: { wal: true } }, my_own_key: 1 },
    };
    expect(warnings(values)).toEqual([
      'config.dns.magic_dsn: unknown key of Headscale\'s config, which Headscale ignores (did you mean "magic_dns"?)',
      'config.sever_url: unknown key of Headscale\'s config, which Headscale ignores (did you mean "server_url"?)',
      "config.database.sqlite.wal: unknown key of Headscale's config, which Headscale ignores",
      "config.my_own_key: unknown key of Headscale's config, which Headscale ignores",
    ]);
    expect(parseValues(values).config).toMatchObject({ my_own_key: 1, dns: { magic_dsn: true } });
  });
});

describe("Headscale's start-up rules", () => {
  it('requires the noise key path and a prefix', () => {
    expect(problems({ config: { noise: null, prefixes: { v4: '', v6: null } } })).toEqual([
      'config.noise.private_key_path: is required: Headscale keeps its Noise key there (expected a path such as /var/lib/headscale/noise_private.key)',
      'config.prefixes: needs v4 or v6 (got neither): Headscale gives nodes their addresses from them',
    ]);
    expect(() => parseValues({ config: { prefixes: { v4: '' } } })).not.toThrow();
  });

  it('keeps server_url outside dns.base_domain', () => {
    expect(
      problems({
        config: { server_url: 'https://hs.tailnet.example.com', dns: { base_domain: 'tailnet.example.com' } },
      }),
    ).toEqual([
      'config.server_url: "https://hs.tailnet.example.com" is under dns.base_domain "tailnet.example.com": MagicDNS would take over the server\'s name and clients could not reach it (expected a host outside tailnet.example.com)',
    ]);
    expect(
      problems({ config: { server_url: 'https://Example.com:443', dns: { base_domain: 'example.com' } } })[0],
    ).toMatch(/^config\.server_url: "https:\/\/Example\.com:443" is dns\.base_domain itself/);
    expect(() =>
      parseValues({ config: { server_url: 'https://hs.example.com', dns: { base_domain: 'tailnet.example.com' } } }),
    ).not.toThrow();
    expect(() =>
      parseValues({ config: { server_url: 'https://notexample.com', dns: { base_domain: 'example.com' } } }),
    ).not.toThrow();
  });

  it('checks a derived server_url once the release is known', () => {
    expect(() => render({ ingress: { enabled: true } })).toThrow(
      'config.server_url: is empty, so it is derived from ingress.hosts[0], and "http://headscale.local" is dns.base_domain itself "headscale.local"',
    );
    expect(() => render({ config: { dns: { base_domain: 'svc.cluster.local' } } })).toThrow(
      'config.server_url: is empty, so it is derived from the Service, and "http://headscale.headscale.svc.cluster.local:8080" is under dns.base_domain',
    );
    expect(() => render({ ingress: { enabled: true, hosts: [{ host: 'vpn.example.com' }] } })).not.toThrow();
  });

  it('requires dns.base_domain for MagicDNS and global nameservers to override local DNS, as Headscale defaults both on', () => {
    expect(problems({ config: { dns: { base_domain: '', nameservers: { global: [] } } } })).toEqual([
      "config.dns.base_domain: is required while dns.magic_dns is true (Headscale's default): expected a domain such as tailnet.example.com, or set dns.magic_dns: false",
      "config.dns.nameservers.global: needs a nameserver while dns.override_local_dns is true (Headscale's default): expected a list such as [1.1.1.1], or set dns.override_local_dns: false",
    ]);
    expect(problems({ config: { dns: { base_domain: null, magic_dns: null } } })[0]).toMatch(
      /^config\.dns\.base_domain: is required/,
    );
    expect(() => parseValues({ config: { dns: null } })).toThrow();
    expect(() =>
      parseValues({
        config: { dns: { magic_dns: false, base_domain: '', override_local_dns: false, nameservers: { global: [] } } },
      }),
    ).not.toThrow();
  });

  it('refuses inline extra_records with a records file, naming extraDnsRecords.enabled when it sets the file', () => {
    expect(
      problems({
        config: { dns: { extra_records: [{ name: 'a.example', type: 'A', value: '100.64.0.1' }] } },
        extraDnsRecords: { enabled: true },
      }),
    ).toEqual([
      "config.dns.extra_records: can't be combined with extraDnsRecords.enabled (which sets dns.extra_records_path): Headscale refuses to start with both (move the records to extraDnsRecords.records, or remove one)",
    ]);
    expect(problems({ config: { dns: { extra_records: [], extra_records_path: '/x.json' } } })).toEqual([
      "config.dns.extra_records: can't be combined with config.dns.extra_records_path: Headscale refuses to start with both (move the records to extraDnsRecords.records, or remove one)",
    ]);
  });

  it("refuses Let's Encrypt with certificate files, naming tls.secretName when it sets them", () => {
    expect(
      problems({ config: { tls_letsencrypt_hostname: 'vpn.example.com' }, tls: { secretName: 'headscale-tls' } }),
    ).toEqual([
      "config.tls_letsencrypt_hostname: can't be combined with tls.secretName (which sets tls_cert_path and tls_key_path): Headscale takes a certificate from Let's Encrypt or from files, not both",
    ]);
    expect(problems({ config: { tls_letsencrypt_hostname: 'vpn.example.com', tls_key_path: '/k' } })).toEqual([
      "config.tls_letsencrypt_hostname: can't be combined with config.tls_key_path: Headscale takes a certificate from Let's Encrypt or from files, not both",
    ]);
  });

  it('requires a STUN address for the embedded DERP server, and some DERP map', () => {
    expect(
      startupFindings({ config: { derp: { server: { enabled: true } } }, setBy: new Map() }).map((f) => f.message),
    ).toContainEqual(
      expect.stringContaining(
        'is required while derp.server.enabled is true: expected a UDP address such as 0.0.0.0:3478',
      ),
    );
    // The chart listens for STUN on 0.0.0.0:3478 unless told otherwise.
    const derpServer = { server_url: 'https://hs.example.com', derp: { server: { enabled: true } } };
    expect(parseValues({ config: derpServer }).config?.derp).toMatchObject({
      server: { enabled: true },
    });
    expect(problems({ config: { derp: { urls: [] } } })).toEqual([
      'config.derp: needs a DERP map: derp.urls, derp.paths (derpMap.enabled sets it) or the embedded server with automatically_add_embedded_derp_region',
    ]);
    expect(() => parseValues({ config: { derp: { urls: [] } }, derpMap: { enabled: true } })).not.toThrow();
  });

  it('refuses the OIDC client secret from two places', () => {
    const secretEnv = [{ key: 'oidc.client_secret', secretName: 'oidc', secretKey: 'secret' }];
    expect(problems({ config: { oidc: { client_secret_path: '/etc/oidc/secret' } }, secretEnv })).toEqual([
      "config.oidc.client_secret_path: can't be combined with secretEnv[0] (which sets oidc.client_secret): Headscale takes the client secret from one of them",
    ]);
  });

  it('leaves a config in an existing ConfigMap to its owner', () => {
    expect(() => parseValues({ configMap: { create: false }, config: null })).not.toThrow();
    expect(() => render({ configMap: { create: false }, ingress: { enabled: true } })).not.toThrow();
  });

  it('warns about prefixes outside the ranges Tailscale clients use', () => {
    expect(
      warnings({ client: { enabled: false }, config: { prefixes: { v4: '10.0.0.0/8', v6: 'fd00::/8' } } }),
    ).toEqual([
      'config.prefixes.v4: "10.0.0.0/8" is outside 100.64.0.0/10: Headscale starts with a warning, and Tailscale clients may not route it',
      'config.prefixes.v6: "fd00::/8" is outside fd7a:115c:a1e0::/48: Headscale starts with a warning, and Tailscale clients may not route it',
    ]);
  });
});
