import YAML from 'yaml';
import { fileChecksum } from '../../src/derive/mounted-files';
import { deriveRelease } from '../../src/derive/release';
import { uiConfigFile, uiHeadscaleUrl, uiIngressRoute, uiName } from '../../src/derive/ui';
import { parseValues } from '../../src/chart/parse-values';
import type { HeadscaleValuesInput } from '../../src/values/schema';

const release = (values: ReturnType<typeof parseValues>, releaseName = 'prod') =>
  deriveRelease(releaseName, 'vpn', values);
const ingress = {
  enabled: true,
  annotations: { 'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600', 'example.com/owner': 'ops' },
  hosts: [{ host: 'hs.example.com' }, { host: 'other.example.com' }],
};
const mainTls = [{ secretName: 'hs-tls', hosts: ['hs.example.com'] }];

describe('the Headscale URL given to the UI', () => {
  const url = (input: HeadscaleValuesInput) => {
    const values = parseValues(input);
    return uiHeadscaleUrl(values, release(values));
  };

  it('is ui.headscaleUrl when given, even with an ingress', () => {
    expect(url({ ingress: { ...ingress, tls: mainTls }, ui: { headscaleUrl: 'https://vpn.example.org' } })).toBe(
      'https://vpn.example.org',
    );
  });

  it('is the first ingress host, https only when the main ingress has TLS', () => {
    expect(url({ ingress })).toBe('http://hs.example.com');
    expect(url({ ingress: { ...ingress, tls: mainTls } })).toBe('https://hs.example.com');
  });

  it("ignores the UI ingress's own host and TLS: the URL is the server's, not the UI's", () => {
    expect(url({ ingress, ui: { ingress: { host: 'ui.example.com', tls: [{ secretName: 'ui-tls' }] } } })).toBe(
      'http://hs.example.com',
    );
  });

  it("is the server's Service by its short name and port without an ingress", () => {
    expect(url({})).toBe('http://prod-headscale:8080');
    expect(url({ service: { port: 9000 }, fullnameOverride: 'tailnet' })).toBe('http://tailnet:9000');
    expect(url({ ingress: { ...ingress, enabled: false, tls: mainTls } })).toBe('http://prod-headscale:8080');
  });

  it('is the Service by the cluster DNS name its certificate covers, over https, when the server serves TLS', () => {
    expect(url({ tls: { secretName: 'hs-tls' } })).toBe('https://prod-headscale.vpn.svc.cluster.local:443');
  });
});

describe("the UI's configuration file", () => {
  const file = (input: HeadscaleValuesInput) => {
    const values = parseValues(input);
    return uiConfigFile(values, release(values));
  };

  it('is absent unless ui.configMap.enabled', () => {
    expect(file({ ui: { enabled: true, configMap: { data: { theme: 'dark' } } } })).toBeUndefined();
  });

  it('is ui.configMap.data as YAML in <fullname>-ui-config, mounted at ui.configMap.path', () => {
    expect(
      file({
        ui: { configMap: { enabled: true, data: { theme: 'dark', servers: [{ url: 'https://hs.example.com' }] } } },
      }),
    ).toEqual({
      volumeName: 'ui-config',
      checksumName: 'ui-config',
      configMapName: 'prod-headscale-ui-config',
      key: 'config.yaml',
      mountPath: '/app/config.yaml',
      content: 'servers:\n  - url: https://hs.example.com\ntheme: dark\n',
    });
  });

  it('takes the ConfigMap name, key and path from the values', () => {
    const given = file({
      ui: {
        configMap: {
          enabled: true,
          name: 'ui-settings',
          key: 'settings.yaml',
          path: '/etc/headplane/config.yaml',
          data: { a: 1 },
        },
      },
    })!;
    expect([given.configMapName, given.key, given.mountPath]).toEqual([
      'ui-settings',
      'settings.yaml',
      '/etc/headplane/config.yaml',
    ]);
    expect(YAML.parse(given.content!)).toEqual({ a: 1 });
  });

  it('mounts an existing ConfigMap with no content when create is false, its checksum following the reference', () => {
    const existing = file({
      ui: { configMap: { enabled: true, create: false, name: 'ui-settings', data: { ignored: true } } },
    })!;
    expect(existing.content).toBeUndefined();
    expect(existing.configMapName).toBe('ui-settings');
    const otherKey = file({
      ui: { configMap: { enabled: true, create: false, name: 'ui-settings', key: 'other.yaml' } },
    })!;
    expect(fileChecksum(otherKey)).not.toBe(fileChecksum(existing));
  });

  it('keeps its name within 63 characters for a long fullname', () => {
    const values = parseValues({ ui: { configMap: { enabled: true } } });
    const long = uiConfigFile(values, release(values, 'r'.repeat(53)))!;
    expect(long.configMapName).toHaveLength(63);
    expect(long.configMapName).toMatch(/-ui-config$/);
  });
});

describe("the UI's Ingress", () => {
  const route = (input: HeadscaleValuesInput) => uiIngressRoute(parseValues(input));

  it('is absent when the main ingress is disabled', () => {
    expect(route({ ui: { enabled: true, ingress: { host: 'ui.example.com' } } })).toBeUndefined();
  });

  it("routes /web on the main ingress's first host, with its annotations, TLS and class", () => {
    expect(route({ ingress: { ...ingress, tls: mainTls, className: 'traefik' } })).toEqual({
      rules: [{ host: 'hs.example.com', paths: [{ path: '/web', pathType: 'ImplementationSpecific' }] }],
      annotations: ingress.annotations,
      tls: mainTls,
      className: 'traefik',
    });
  });

  it("takes the UI's own host, path and TLS over the main ones", () => {
    const uiTls = [{ secretName: 'ui-tls', hosts: ['ui.example.com'] }];
    const own = route({
      ingress: { ...ingress, tls: mainTls },
      ui: { ingress: { host: 'ui.example.com', path: '/', pathType: 'Prefix', tls: uiTls } },
    })!;
    expect(own.rules).toEqual([{ host: 'ui.example.com', paths: [{ path: '/', pathType: 'Prefix' }] }]);
    expect(own.tls).toEqual(uiTls);
  });

  it("merges the UI's annotations over the main ones, key by key", () => {
    const merged = route({
      ingress,
      ui: {
        ingress: { annotations: { 'example.com/owner': 'ui-team', 'nginx.ingress.kubernetes.io/rewrite-target': '/' } },
      },
    })!;
    expect(merged.annotations).toEqual({
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
      'example.com/owner': 'ui-team',
      'nginx.ingress.kubernetes.io/rewrite-target': '/',
    });
  });

  it('has no TLS when neither ingress has any', () => {
    expect(route({ ingress })!.tls).toEqual([]);
  });
});

it('names the UI objects <fullname>-ui, shortening the fullname to fit 63 characters', () => {
  const values = parseValues({});
  expect(uiName(release(values))).toBe('prod-headscale-ui');
  expect(uiName(release(values, 'r'.repeat(53)))).toBe(`${'r'.repeat(53)}-headsc-ui`);
});
