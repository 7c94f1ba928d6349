import { parseValues } from '../../src/chart/parse-values';
import { ingressTls, serverServesTls } from '../../src/derive/server-tls';
import type { HeadscaleValuesInput } from '../../src/values/schema';

const hosts = [{ host: 'vpn.example.org' }, { host: 'alt.example.org' }];

describe("tls.secretName's meaning, as chart 0.2.0's", () => {
  const derive = (input: HeadscaleValuesInput) => {
    const values = parseValues(input);
    return { serves: serverServesTls(values), ingressTls: ingressTls(values) };
  };

  it('has Headscale serve TLS itself without an ingress', () => {
    expect(derive({ tls: { secretName: 'hs-tls' } })).toEqual({ serves: true, ingressTls: [] });
  });

  it("makes it the ingress's certificate for every host with an ingress, and Headscale serves plain HTTP", () => {
    expect(derive({ tls: { secretName: 'hs-tls' }, ingress: { enabled: true, hosts } })).toEqual({
      serves: false,
      ingressTls: [{ hosts: ['vpn.example.org', 'alt.example.org'], secretName: 'hs-tls' }],
    });
  });

  it('leaves the ingress its own ingress.tls when given', () => {
    const own = [{ secretName: 'vpn-tls', hosts: ['vpn.example.org'] }];
    expect(derive({ tls: { secretName: 'hs-tls' }, ingress: { enabled: true, hosts, tls: own } })).toEqual({
      serves: false,
      ingressTls: own,
    });
  });

  it('gives neither without tls.secretName', () => {
    expect(derive({})).toEqual({ serves: false, ingressTls: [] });
    expect(derive({ ingress: { enabled: true, hosts } })).toEqual({ serves: false, ingressTls: [] });
  });
});
