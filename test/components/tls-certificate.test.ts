import { TlsCertificate } from '../../src/components/tls-certificate';
import { synthComponents } from '../support/components';
import { find, kinds } from '../support/render';

const required = {
  name: 'headscale',
  labels: { team: 'vpn' },
  secretName: 'headscale-tls',
  dnsNames: ['headscale.example.com'],
  issuerRef: { name: 'ca' },
};

describe('TlsCertificate', () => {
  it('with the required props only: a Certificate from an Issuer of its namespace', () => {
    const objects = synthComponents((chart) => new TlsCertificate(chart, 'cert', required));
    expect(kinds(objects)).toEqual(['Certificate/headscale']);
    const certificate = find(objects, 'Certificate', 'headscale');
    expect(certificate.metadata.labels).toEqual({ team: 'vpn' });
    expect(certificate.spec).toEqual({
      secretName: 'headscale-tls',
      dnsNames: ['headscale.example.com'],
      issuerRef: { name: 'ca', kind: 'Issuer' },
    });
  });

  it("with every prop: the issuer's kind and group", () => {
    const objects = synthComponents(
      (chart) =>
        new TlsCertificate(chart, 'cert', {
          ...required,
          dnsNames: ['a.example.com', 'b.example.com'],
          issuerRef: { name: 'acme', kind: 'ClusterIssuer', group: 'external.example.com' },
        }),
    );
    expect(find(objects, 'Certificate', 'headscale').spec).toMatchObject({
      dnsNames: ['a.example.com', 'b.example.com'],
      issuerRef: { name: 'acme', kind: 'ClusterIssuer', group: 'external.example.com' },
    });
  });
});
