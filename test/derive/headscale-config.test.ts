import { headscaleConfig } from '../../src/derive/headscale-config';
import { deriveRelease } from '../../src/derive/release';
import { parseValues } from '../../src/chart/parse-values';
import type { HeadscaleValuesInput } from '../../src/values/schema';

function configFor(input: HeadscaleValuesInput) {
  const values = parseValues(input);
  return headscaleConfig(values, deriveRelease('headscale', 'vpn', values));
}

const ingress = { enabled: true, hosts: [{ host: 'hs.example.com' }, { host: 'other.example.com' }] };

describe('config.yaml', () => {
  it('rule 1: an empty server_url becomes the first ingress host, https with TLS', () => {
    expect(configFor({ ingress }).server_url).toBe('http://hs.example.com');
    expect(
      configFor({ ingress: { ...ingress, tls: [{ secretName: 'tls', hosts: ['hs.example.com'] }] } }).server_url,
    ).toBe('https://hs.example.com');
  });

  it('rule 2: without ingress, an empty server_url becomes the in-cluster Service URL with service.port', () => {
    expect(configFor({}).server_url).toBe('http://headscale.vpn.svc.cluster.local:8080');
    expect(configFor({ service: { port: 443 } }).server_url).toBe('http://headscale.vpn.svc.cluster.local:443');
  });

  it('keeps a server_url the user gave', () => {
    expect(configFor({ ingress, config: { server_url: 'https://vpn.example.org' } }).server_url).toBe(
      'https://vpn.example.org',
    );
  });

  it('rule 3: extra DNS records set dns.extra_records_path, unless the user set it', () => {
    expect(configFor({}).dns).not.toHaveProperty('extra_records_path');
    expect(
      (configFor({ extraDnsRecords: { enabled: true, path: '/etc/headscale/dns.json' } }).dns as any)
        .extra_records_path,
    ).toBe('/etc/headscale/dns.json');
    expect(
      (
        configFor({ extraDnsRecords: { enabled: true }, config: { dns: { extra_records_path: '/mine.json' } } })
          .dns as any
      ).extra_records_path,
    ).toBe('/mine.json');
  });

  it('rule 4: a DERP map sets derp.paths, unless the user set it, keeping derp.urls', () => {
    expect(configFor({ derpMap: { enabled: true } }).derp).toEqual({
      urls: ['https://controlplane.tailscale.com/derpmap/default'],
      paths: ['/etc/headscale/derp-map.yaml'],
    });
    expect(
      (configFor({ derpMap: { enabled: true }, config: { derp: { paths: ['/a.yaml'] } } }).derp as any).paths,
    ).toEqual(['/a.yaml']);
  });

  it("rule 5: a policy file sets policy.path: the user's path, or the generated policy's", () => {
    expect(configFor({})).not.toHaveProperty('policy');
    expect(configFor({ policy: { enabled: true, path: '/etc/headscale/acl.json' } }).policy).toEqual({
      path: '/etc/headscale/acl.json',
    });
    expect(configFor({ client: { advertiseRoutes: ['10.0.0.0/8'] } }).policy).toEqual({
      path: '/etc/headscale/policy.json',
    });
    expect(configFor({ client: { enabled: false, advertiseRoutes: ['10.0.0.0/8'] } })).not.toHaveProperty('policy');
  });

  it('recreates a section the user deleted when a rule needs it', () => {
    expect(configFor({ config: { derp: null }, derpMap: { enabled: true } }).derp).toEqual({
      paths: ['/etc/headscale/derp-map.yaml'],
    });
  });

  it('does not change the parsed values', () => {
    const values = parseValues({ derpMap: { enabled: true } });
    headscaleConfig(values, deriveRelease('headscale', 'vpn', values));
    expect(values.config!.derp).toEqual({ urls: ['https://controlplane.tailscale.com/derpmap/default'] });
  });
});
