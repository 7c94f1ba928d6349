import YAML from 'yaml';
import { parseValues } from '../../src/chart/parse-values';
import { renderHeadscale } from '../../src/render';
import { headscaleConfig } from '../../src/derive/headscale-config';
import { headscaleConfigPatchSchema } from '../../src/values/headscale-config';
import { configFileFindings, formatGoDuration } from '../../src/values/headscale-config-file';
import { HEADSCALE_CONFIG_KEYS, HEADSCALE_VERSIONS } from '../../src/values/headscale-versions';
import type { JsonMap } from '../../src/core/json-map';
import { schemaAt } from '../../src/values/schema-walk';
import { expandDottedKeys } from '../../src/values/viper-keys';
import { problems } from '../support/problems';

/** A config.yaml Headscale starts with, as the corpus's base case. */
const BASE: JsonMap = {
  server_url: 'https://headscale.example.com',
  listen_addr: '0.0.0.0:8080',
  metrics_listen_addr: '0.0.0.0:9090',
  noise: { private_key_path: '/var/lib/headscale/noise_private.key' },
  prefixes: { v4: '100.64.0.0/10', v6: 'fd7a:115c:a1e0::/48' },
  derp: { urls: ['https://controlplane.tailscale.com/derpmap/default'] },
  database: { type: 'sqlite', sqlite: { path: '/var/lib/headscale/db.sqlite' } },
  dns: { base_domain: 'tailnet.example.com', nameservers: { global: ['1.1.1.1'] } },
};

const keysRefused = (config: JsonMap, version: (typeof HEADSCALE_VERSIONS)[number]) =>
  configFileFindings({ ...BASE, ...config }, version).map((finding) => finding.at.join('.'));

describe('expandDottedKeys: keys as viper finds them', () => {
  it('nests dotted keys, the literal dotted key winning over the nested one and over a value in its way', () => {
    expect(expandDottedKeys({ 'oidc.client_secret': 'x', oidc: { client_secret: 'y', issuer: 'i' } })).toEqual({
      oidc: { client_secret: 'x', issuer: 'i' },
    });
    expect(expandDottedKeys({ derp: 5, 'derp.server.enabled': true })).toEqual({ derp: { server: { enabled: true } } });
    expect(expandDottedKeys({ derp: { 'server.enabled': true } })).toEqual({ derp: { server: { enabled: true } } });
  });

  it('lower-cases keys only when asked, maps in lists included', () => {
    expect(expandDottedKeys({ 'OIDC.Issuer': 'i' })).toEqual({ OIDC: { Issuer: 'i' } });
    expect(expandDottedKeys({ derp: { urls: ['u'] }, 'derp.urls': null })).toEqual({ derp: { urls: null } });
    expect(expandDottedKeys({ derp: { urls: ['u'] }, 'derp.urls': null }, { lowercase: true })).toEqual({
      derp: { urls: ['u'] },
    });
    expect(
      expandDottedKeys({ 'OIDC.Issuer': 'i', DNS: { Extra_Records: [{ Name: 'a' }] } }, { lowercase: true }),
    ).toEqual({ oidc: { issuer: 'i' }, dns: { extra_records: [{ name: 'a' }] } });
  });
});

describe('configFileFindings across versions', () => {
  it('starts with the base config in every version', () => {
    for (const version of HEADSCALE_VERSIONS) expect(configFileFindings(BASE, version)).toEqual([]);
  });

  it('checks the HA probes and trusted_proxies only from 0.29, the node store batches from 0.28', () => {
    const ha = { node: { routes: { ha: { probe_interval: '1s' } } } };
    expect(keysRefused(ha, '0.29')).toEqual(['node.routes.ha.probe_interval', 'node.routes.ha.probe_timeout']);
    expect(keysRefused(ha, '0.28')).toEqual([]);
    expect(keysRefused({ trusted_proxies: ['::/0'] }, '0.29')).toEqual(['trusted_proxies']);
    expect(keysRefused({ trusted_proxies: ['::/0'] }, '0.28')).toEqual([]);
    const batches = { tuning: { node_store_batch_size: 0 } };
    expect(keysRefused(batches, '0.28')).toEqual(['tuning.node_store_batch_size']);
    expect(keysRefused(batches, '0.27')).toEqual([]);
  });

  it('reads the ephemeral timeout from the key each version reads', () => {
    expect(keysRefused({ ephemeral_node_inactivity_timeout: '30s' }, '0.28')).toEqual([
      'ephemeral_node_inactivity_timeout',
    ]);
    // 0.29 reads node.ephemeral.inactivity_timeout first, whose default is 120s.
    expect(keysRefused({ ephemeral_node_inactivity_timeout: '30s' }, '0.29')).toEqual([]);
  });

  it('refuses randomize_client_port and oidc.expiry from 0.29 only, dns.use_username_in_magic_dns always', () => {
    expect(keysRefused({ randomize_client_port: false, oidc: { expiry: '1d' } }, '0.28')).toEqual([]);
    expect(keysRefused({ randomize_client_port: false, oidc: { expiry: '1d' } }, '0.29')).toEqual([
      'randomize_client_port',
      'oidc.expiry',
    ]);
    expect(keysRefused({ dns: { ...(BASE.dns as JsonMap), use_username_in_magic_dns: false } }, '0.26')).toEqual([
      'dns.use_username_in_magic_dns',
    ]);
  });

  it('validates SQLite settings from 0.27, when Headscale began to', () => {
    const empty = { database: { type: 'sqlite', sqlite: { path: '' } } };
    expect(keysRefused(empty, '0.27')).toEqual(['database.sqlite.path']);
    expect(keysRefused(empty, '0.26')).toEqual([]);
  });

  it('reads dotted keys and keys in another case as Headscale does', () => {
    expect(keysRefused({ 'derp.server.enabled': true }, '0.29')).toEqual([
      'derp.server.stun_listen_addr',
      'derp.server.private_key_path',
    ]);
    expect(keysRefused({ Server_URL: 'headscale.example.com', server_url: undefined }, '0.29')).toEqual(['server_url']);
  });

  it('refuses the DERP key in the noise key file, and a certificate without its key', () => {
    const derp = {
      derp: {
        server: {
          enabled: true,
          stun_listen_addr: '0.0.0.0:3478',
          private_key_path: '/var/lib/headscale/noise_private.key',
        },
      },
    };
    expect(configFileFindings({ ...BASE, ...derp }, '0.29')).toEqual([
      {
        at: ['derp', 'server', 'private_key_path'],
        message: expect.stringContaining('DERP server private key and noise private key are the same'),
      },
    ]);
    expect(keysRefused({ tls_cert_path: '/etc/headscale/tls.crt' }, '0.29')).toEqual(['tls_key_path']);
    expect(keysRefused({ server_url: 'https://head scale.example.com' }, '0.29')).toEqual(['server_url']);
  });

  it("writes durations as Go's time.Duration.String does", () => {
    expect([0, 10, 500e6, 65e9, 5400e9, 1.5e9].map(formatGoDuration)).toEqual([
      '0s',
      '10ns',
      '500ms',
      '1m5s',
      '1h30m0s',
      '1.5s',
    ]);
  });
});

describe('the keys each version reads', () => {
  it('are all known to the values schema, so none is warned about as ignored', () => {
    const unknown = Object.keys(HEADSCALE_CONFIG_KEYS).filter(
      (key) => schemaAt(headscaleConfigPatchSchema, key.split('.')) === undefined,
    );
    expect(unknown).toEqual([]);
  });

  it('give no "ignores" warning for a key Headscale reads', () => {
    const { warnings } = renderHeadscale({
      values: {
        config: {
          auto_update: { enabled: true },
          node: { routes: { ha: { probe_interval: '10s', probe_timeout: '5s' } } },
          derp: { server: { stun: { enabled: true } } },
          oidc: { enabled: false },
          taildrop: { enabled: true },
          tuning: { batcher_workers: 4 },
        },
      },
    });
    expect(warnings.filter((warning) => warning.message.includes('ignores'))).toEqual([]);
  });
});

describe('values refused for what Headscale would do with them', () => {
  it('refuses a secret written as a dotted key, which Headscale reads as the nested key', () => {
    expect(problems({ config: { 'oidc.client_secret': 'hunter2' } })).toEqual([
      expect.stringMatching(
        /^config\["oidc\.client_secret"\]: is read by Headscale as oidc\.client_secret: would put a secret in the config ConfigMap/,
      ),
    ]);
    expect(problems({ config: { database: { 'postgres.pass': 'p' } } })).toHaveLength(1);
    expect(problems({ config: { 'OIDC.issuer': 'https://idp.example.com' } })).toEqual([
      'config.OIDC: is read by Headscale as oidc, since it reads config keys case-insensitively: write it as oidc',
    ]);
  });

  it('applies the version rules and the derivations to dotted keys', () => {
    expect(problems({ config: { 'oidc.expiry': '180d' } })).toEqual([
      expect.stringMatching(/^config\.oidc\.expiry: Headscale 0\.29 refuses this key/),
    ]);
    const values = parseValues({ config: { 'derp.server.enabled': true, server_url: 'https://hs.example.com' } });
    expect(headscaleConfig(values, { name: 'headscale', namespace: 'default' } as never).derp).toMatchObject({
      server: { enabled: true, stun_listen_addr: '0.0.0.0:3478' },
    });
  });

  it('refuses PostgreSQL settings that would add parameters to the connection string', () => {
    const postgres = { type: 'postgres', postgres: { host: 'db', name: 'headscale', user: 'hs password=x' } };
    expect(problems({ config: { database: postgres } })).toEqual([
      expect.stringMatching(/^config\.database\.postgres\.user: has white space, a quote or a backslash/),
    ]);
    expect(
      problems({
        config: { database: { ...postgres, postgres: { ...postgres.postgres, user: 'hs', ssl: "require'" } } },
      }),
    ).toEqual([expect.stringMatching(/^config\.database\.postgres\.ssl: has white space/)]);
    expect(() =>
      parseValues({ config: { database: { ...postgres, postgres: { ...postgres.postgres, user: 'hs' } } } }),
    ).not.toThrow();
  });

  it("refuses what Headscale's own start-up checks refuse", () => {
    expect(problems({ config: { trusted_proxies: ['0.0.0.0/0'] } })).toEqual([
      expect.stringMatching(/^config\.trusted_proxies: trusts every peer/),
    ]);
    expect(problems({ config: { node: { routes: { ha: { probe_interval: '2s' } } } } })).toEqual([
      expect.stringMatching(
        /^config\.node\.routes\.ha\.probe_timeout: must be less than node\.routes\.ha\.probe_interval/,
      ),
    ]);
    expect(problems({ config: { tuning: { node_store_batch_size: 0, batch_change_delay: '0s' } } })).toEqual([
      expect.stringMatching(/^config\.tuning\.node_store_batch_size: must be above zero/),
      expect.stringMatching(/^config\.tuning\.batch_change_delay: must be a duration above zero/),
    ]);
    expect(problems({ config: { tls_cert_path: '/etc/tls/tls.crt' } })).toEqual([
      expect.stringMatching(/^config\.tls_key_path: is required while tls_cert_path is set/),
    ]);
    expect(
      problems({ config: { derp: { server: { enabled: true, automatically_add_embedded_derp_region: false } } } }),
    ).toContainEqual(
      expect.stringMatching(
        /^config\.derp\.server\.automatically_add_embedded_derp_region: is false, so the embedded region/,
      ),
    );
  });

  it('refuses durations without a unit, which Headscale reads as nanoseconds', () => {
    expect(problems({ config: { node: { routes: { ha: { probe_interval: 10 } } } } })).toContainEqual(
      'config.node.routes.ha.probe_interval: has no unit, so Headscale reads it as 10 nanoseconds: write the unit, such as "10s" or "10ms"',
    );
    expect(problems({ config: { derp: { update_frequency: '3600' } } })).toEqual([
      'config.derp.update_frequency: has no unit, so Headscale reads it as 3600 nanoseconds: write the unit, such as "3600s" or "3600ms"',
    ]);
  });
});

describe('the embedded DERP server', () => {
  it('renders a config.yaml Headscale 0.29.2 starts with, its key on the data volume', () => {
    const { yaml } = renderHeadscale({
      values: { config: { derp: { server: { enabled: true } }, server_url: 'https://hs.example.com' } },
    });
    const configMap = YAML.parseAllDocuments(yaml)
      .map((document) => document.toJSON() as JsonMap)
      .find((object) => object.kind === 'ConfigMap' && isConfigYaml(object));
    const config = YAML.parse((configMap!.data as Record<string, string>)['config.yaml']) as JsonMap;
    expect(configFileFindings(config, '0.29')).toEqual([]);
    expect(config.derp).toMatchObject({
      server: {
        enabled: true,
        private_key_path: '/var/lib/headscale/derp_server_private.key',
        region_id: 999,
        region_code: 'headscale',
        stun_listen_addr: '0.0.0.0:3478',
      },
    });
  });

  it('refuses a region ID of zero, which tailscale clients refuse', () => {
    expect(problems({ config: { derp: { server: { enabled: true, region_id: 0 } } } })).toEqual([
      expect.stringMatching(/^config\.derp\.server\.region_id: expected a region ID above zero/),
    ]);
  });
});

function isConfigYaml(object: JsonMap): boolean {
  const data = object.data as Record<string, unknown> | undefined;
  return data !== undefined && 'config.yaml' in data;
}
