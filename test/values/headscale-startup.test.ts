import { parseValues } from '../../src/chart/parse-values';
import { durationSeconds } from '../../src/values/headscale-config';
import { listenAddressProblem, parseGoDuration, urlProblem } from '../../src/values/go-syntax';
import { problems } from '../support/problems';

describe("Go's parsers, as Headscale uses them on its config", () => {
  it('reads durations as time.ParseDuration does (go/src/time/format.go)', () => {
    expect(parseGoDuration('1h30m')).toBe(5400e9);
    expect(parseGoDuration('1.5h')).toBe(5400e9);
    expect(parseGoDuration('.5s')).toBe(0.5e9);
    expect(parseGoDuration('-2m')).toBe(-120e9);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('300µs')).toBe(300e3);
    for (const refused of ['', 'forever', '1d', '10', '1h 30m', 'h', '3000000h', '+'])
      expect(parseGoDuration(refused)).toBeUndefined();
  });

  it("reads config durations as viper's GetDuration does: a string without units is nanoseconds", () => {
    expect(durationSeconds('120')).toBeCloseTo(120e-9);
    expect(durationSeconds(120)).toBeCloseTo(120e-9);
    expect(durationSeconds('2m')).toBe(120);
    expect(durationSeconds('soon')).toBeUndefined();
  });

  it('takes listen addresses as net.SplitHostPort and net.Listen do (go/src/net/ipsock.go)', () => {
    for (const address of ['0.0.0.0:8080', ':8080', '[::]:8080', '[fe80::1%eth0]:80', 'localhost:9090', '127.0.0.1:1'])
      expect(listenAddressProblem(address, { portNames: false })).toBeUndefined();
    expect(listenAddressProblem(':http', { portNames: true })).toBeUndefined();
    for (const address of [
      '$(id):8080',
      '::1:80',
      '0.0.0.0',
      '0.0.0.0:0',
      '0.0.0.0:65536',
      ':http',
      'a b:80',
      '[1.2.3.4]:80',
    ])
      expect(listenAddressProblem(address, { portNames: false })).toBeDefined();
  });

  it("takes URLs as Go's url.Parse and a client do (go/src/net/url/url.go)", () => {
    const ok = (url: string) => urlProblem(url, ['https'], 'https://x.example') === undefined;
    expect(['https://a.example.com/x?y#z', 'https://[::1]:443/', 'https://10.0.0.1:8443'].every(ok)).toBe(true);
    expect(
      [
        'https://a.example.com\n',
        'https://a b.com',
        'http://a.com',
        'https://',
        'https://a.com:0',
        'https://-a.com',
      ].some(ok),
    ).toBe(false);
  });
});

describe("Headscale's start-up rules on the values it reads", () => {
  it('names each refused value at its key, with what Headscale would do', () => {
    expect(
      problems({
        config: {
          server_url: 'https://vpn example.com',
          listen_addr: '$(id):8080',
          dns: {
            base_domain: 'Tailnet.example.com',
            nameservers: {
              global: ['not-an-ip', 'https://dns.quad9.net/dns-query', '2620:fe::fe'],
              split: { 'corp.example': ['x'] },
            },
            search_domains: ['a_b'],
            extra_records: [{ name: 'a.tailnet.example.com', type: 'MX', value: '100.64.0.1' }],
          },
          derp: { urls: ['not a url'], paths: ['derp.yaml'], update_frequency: '0s' },
          cli: { timeout: 'soon' },
        },
      }),
    ).toEqual([
      'config.server_url: has whitespace or a control character, which Go\'s URL parser or a client refuses: expected a http:// or https:// URL such as https://headscale.example.com (got "https://vpn example.com")',
      'config.listen_addr: has a host that is no IP address or DNS name, so Headscale can\'t listen there: expected host:port such as 0.0.0.0:8080, [::]:8080 or :8080, with a port number (got "$(id):8080")',
      'config.derp.urls[0]: has whitespace or a control character, which Go\'s URL parser or a client refuses: expected a http:// or https:// URL such as https://controlplane.tailscale.com/derpmap/default (got "not a url")',
      'config.derp.paths[0]: expected an absolute path without spaces, such as /etc/headscale/derp.yaml (got "derp.yaml")',
      'config.derp.update_frequency: expected a duration above zero, a Go duration: numbers with units ns, us, ms, s, m or h, such as 90s, 30m or 87600h (got "0s")',
      'config.dns.base_domain: must be lowercase, as Headscale writes DNS names (got "Tailnet.example.com"; expected "tailnet.example.com")',
      'config.dns.nameservers.global[0]: expected an IP address such as 9.9.9.9, or a DNS-over-HTTPS URL such as https://dns.quad9.net/dns-query: Headscale drops anything else, and nodes get no resolver from it (got "not-an-ip")',
      'config.dns.nameservers.split["corp.example"][0]: expected an IP address such as 9.9.9.9, or a DNS-over-HTTPS URL such as https://dns.quad9.net/dns-query: Headscale drops anything else, and nodes get no resolver from it (got "x")',
      'config.dns.search_domains[0]: expected a DNS name such as example.com: labels of letters, digits and inner hyphens joined by dots, each at most 63 characters (got "a_b")',
      'config.dns.extra_records[0].type: expected "A" or "AAAA": Tailscale\'s MagicDNS serves no other extra record type (got "MX")',
      'config.cli.timeout: expected a duration above zero, a Go duration: numbers with units ns, us, ms, s, m or h, such as 90s, 30m or 87600h (got "soon")',
    ]);
  });

  it('checks extra records and the DERP map the chart writes: A/AAAA of the right family, integer region IDs', () => {
    expect(
      problems({
        extraDnsRecords: {
          enabled: true,
          records: [
            { name: 'grafana.tailnet.example.com', type: 'AAAA', value: '100.64.0.10' },
            { name: 'bad name', type: 'A', value: '100.64.0.10' },
          ],
        },
        derpMap: { enabled: true, content: { regions: { home: {}, 901: { regionid: 900, nodes: 'x' } } } },
      }),
    ).toEqual([
      'derpMap.content.regions["901"]: has regionid 900, expected 901, its key',
      'derpMap.content.regions["901"].nodes: expected a list of nodes (maps), got "x"',
      'derpMap.content.regions.home: expected an integer region ID as the key, such as 900 (got "home")',
      'extraDnsRecords.records[0].value: expected an IPv6 address for an AAAA record, such as fd7a:115c:a1e0::a (got "100.64.0.10")',
      'extraDnsRecords.records[1].name: expected a DNS name such as example.com: labels of letters, digits and inner hyphens joined by dots, each at most 63 characters (got "bad name")',
    ]);
    expect(problems({ derpMap: { enabled: true, content: { regions: 'lol' } } })).toEqual([
      'derpMap.content.regions: expected regions: a map of region IDs to regions, such as { regions: { 900: { regionid: 900, regioncode: home, nodes: [...] } } } (got "lol")',
    ]);
  });

  it('refuses a preauth key expiration the headscale CLI refuses, or one that expires at once', () => {
    for (const [expiration, reason] of [
      ['forever', 'not a valid duration string: "forever"'],
      ['1.5h', 'unknown unit "." in duration "1.5h"'],
      ['-1h', 'not a valid duration string: "-1h"'],
      ['10', 'not a valid duration string: "10"'],
      ['1h1d', 'not a valid duration string: "1h1d"'],
    ])
      expect(problems({ client: { preauthKeyExpiration: expiration } })).toEqual([
        `client.preauthKeyExpiration: expected a duration as the headscale CLI reads it: whole numbers with units y, w, d, h, m, s or ms, biggest first, such as 90d, 1y or 12h30m (got ${JSON.stringify(expiration)}: ${reason})`,
      ]);
    for (const expiration of ['0', '0s'])
      expect(problems({ client: { preauthKeyExpiration: expiration } })).toEqual([
        `client.preauthKeyExpiration: expected a lifetime above zero: a key that expires at once can't be used (got ${JSON.stringify(expiration)})`,
      ]);
    for (const expiration of ['8760h30m', '365d', '1w', '1y', '10y'])
      expect(parseValues({ client: { preauthKeyExpiration: expiration } }).client.preauthKeyExpiration).toBe(
        expiration,
      );
  });

  it("refuses Headplane's API key expiration by the same rule", () => {
    expect(problems({ headplane: { enabled: true, apiKeyExpiration: '2160h.5' } })).toEqual([
      'headplane.apiKeyExpiration: expected a duration as the headscale CLI reads it: whole numbers with units y, w, d, h, m, s or ms, biggest first, such as 90d, 1y or 12h30m (got "2160h.5": unknown unit "h." in duration "2160h.5")',
    ]);
    expect(parseValues({ headplane: { enabled: true, apiKeyExpiration: '90d' } }).headplane.apiKeyExpiration).toBe(
      '90d',
    );
  });

  it('needs the settings of the database type: a SQLite path, a PostgreSQL host (hscontrol/db/db.go, openDB)', () => {
    expect(problems({ config: { database: { type: 'postgres' } } })).toEqual(
      ['host', 'name', 'user'].map(
        (key) =>
          `config.database.postgres.${key}: is required while database.type is "postgres": Headscale opens the database from it`,
      ),
    );
    expect(problems({ config: { database: { sqlite: { path: '' } } } })).toEqual([
      'config.database.sqlite.path: is required while database.type is "sqlite": Headscale opens the database from it',
    ]);
  });
});

describe('the secret guard', () => {
  it('compares config keys as Headscale does, case-insensitively (spf13/viper lower-cases keys)', () => {
    expect(
      problems({
        config: { oidc: { Client_Secret: 'hunter2' }, Server_URL: 'x', DATABASE: { postgres: { PASS: 'p' } } },
      }),
    ).toEqual([
      'config.oidc.Client_Secret: is read by Headscale as oidc.client_secret, since it reads config keys case-insensitively: would put a secret in the config ConfigMap: take it from a Secret with secretEnv: [{ key: oidc.client_secret, secretName: ..., secretKey: ... }], or mount the Secret with extraVolumes and set oidc.client_secret_path',
      'config.Server_URL: is read by Headscale as server_url, since it reads config keys case-insensitively: write it as server_url',
      'config.DATABASE: is read by Headscale as database, since it reads config keys case-insensitively: write it as database',
    ]);
  });

  it("refuses secrets in the UI's config file, and literal secrets in its environment", () => {
    expect(
      problems({
        ui: {
          enabled: true,
          configMap: {
            enabled: true,
            data: {
              headscale: { url: 'http://hs:8080', api_key: 'hskey-api-x', api_key_path: '/run/secrets/key' },
              server: { cookie_secret: 'abcdefabcdefabcdefabcdefabcdefab' },
              oidc: { client_secret: 'x', client_id: 'id' },
            },
          },
          extraEnv: [
            { name: 'HEADPLANE_OIDC__CLIENT_SECRET', value: 'hunter2' },
            { name: 'X_API_KEY', value: 'k' },
            { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 's', key: 'p' } } },
            { name: 'HEADPLANE_LOAD_ENV_OVERRIDES', value: 'true' },
          ],
        },
      }),
    ).toEqual([
      "ui.extraEnv[0].value: is a literal secret in the UI's Deployment (HEADPLANE_OIDC__CLIENT_SECRET): take it from a Secret with valueFrom.secretKeyRef: { name: ..., key: ... }",
      "ui.extraEnv[1].value: is a literal secret in the UI's Deployment (X_API_KEY): take it from a Secret with valueFrom.secretKeyRef: { name: ..., key: ... }",
      "ui.configMap.data.headscale.api_key: would put a secret in the UI's ConfigMap: mount it from a Secret and name the file in api_key_path, or set it through ui.extraEnv with valueFrom.secretKeyRef",
      "ui.configMap.data.server.cookie_secret: would put a secret in the UI's ConfigMap: mount it from a Secret and name the file in cookie_secret_path, or set it through ui.extraEnv with valueFrom.secretKeyRef",
      "ui.configMap.data.oidc.client_secret: would put a secret in the UI's ConfigMap: mount it from a Secret and name the file in client_secret_path, or set it through ui.extraEnv with valueFrom.secretKeyRef",
    ]);
  });
});
