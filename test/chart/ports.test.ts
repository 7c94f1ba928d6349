import YAML from 'yaml';
import { find, render } from '../support/render';
import { problems } from '../support/problems';
import type { HeadscaleValuesInput } from '../../src/values/schema';
import { parseValues } from '../../src/chart/parse-values';
import { serverPorts } from '../../src/derive/ports';

/** The server's ports as rendered: where Headscale listens, the container port, the Service and its target, the probes. */
function ports(values: HeadscaleValuesInput) {
  const objects = render({ client: { enabled: false }, ...values });
  const container = find(objects, 'Deployment', 'headscale').spec.template.spec.containers[0];
  const service = find(objects, 'Service', 'headscale').spec.ports[0];
  const config = YAML.parse(find(objects, 'ConfigMap', 'headscale').data['config.yaml']);
  return {
    listenAddr: config.listen_addr,
    serverUrl: config.server_url,
    containerPort: container.ports[0],
    service: { port: service.port, targetPort: service.targetPort },
    probes: [container.livenessProbe.httpGet.port, container.readinessProbe.httpGet.port],
  };
}

describe("Headscale's listen_addr and the server's ports", () => {
  it("show the Service's port as service.port in the parsed values, and render alike when it is given as shown", () => {
    const cases: Array<[HeadscaleValuesInput, number]> = [
      [{}, 8080],
      [{ service: { port: 9001 } }, 9001],
      [{ config: { listen_addr: '0.0.0.0:9000' } }, 9000],
      [{ tls: { secretName: 'headscale-tls' } }, 443],
    ];
    for (const [values, port] of cases) {
      const parsed = parseValues(values);
      expect([values, parsed.service.port]).toEqual([values, port]);
    }
    // The derived port stays derived: with tls.secretName, Headscale still listens on 8080 behind 443.
    expect(serverPorts(parseValues({ tls: { secretName: 'headscale-tls' } }))).toEqual({
      service: 443,
      container: 8080,
      listenAddr: '0.0.0.0:8080',
    });
    expect(ports({ service: { port: 8080 } })).toEqual(ports({}));
    expect(ports({ config: { listen_addr: '0.0.0.0:9000' }, service: { port: 9000 } })).toEqual(
      ports({ config: { listen_addr: '0.0.0.0:9000' } }),
    );
  });

  it('are 0.0.0.0:8080 and 8080 everywhere by default, as the chart renders them', () => {
    expect(ports({})).toEqual({
      listenAddr: '0.0.0.0:8080',
      serverUrl: 'http://headscale.headscale.svc.cluster.local:8080',
      containerPort: { name: 'http', containerPort: 8080, protocol: 'TCP' },
      service: { port: 8080, targetPort: 'http' },
      probes: ['http', 'http'],
    });
  });

  it('follow service.port when listen_addr is unset: Headscale listens where the probes look', () => {
    expect(ports({ service: { port: 9090 } })).toEqual({
      listenAddr: '0.0.0.0:9090',
      serverUrl: 'http://headscale.headscale.svc.cluster.local:9090',
      containerPort: { name: 'http', containerPort: 9090, protocol: 'TCP' },
      service: { port: 9090, targetPort: 'http' },
      probes: ['http', 'http'],
    });
  });

  it('follow config.listen_addr when service.port is unset', () => {
    expect(ports({ config: { listen_addr: ':9090' } })).toEqual({
      listenAddr: ':9090',
      serverUrl: 'http://headscale.headscale.svc.cluster.local:9090',
      containerPort: { name: 'http', containerPort: 9090, protocol: 'TCP' },
      service: { port: 9090, targetPort: 'http' },
      probes: ['http', 'http'],
    });
  });

  it('accept both set to one port, and a null listen_addr as unset', () => {
    expect(ports({ service: { port: 9090 }, config: { listen_addr: '[::]:9090' } })).toMatchObject({
      listenAddr: '[::]:9090',
      containerPort: { containerPort: 9090 },
      service: { port: 9090 },
    });
    expect(ports({ service: { port: 9090 }, config: { listen_addr: null } }).listenAddr).toBe('0.0.0.0:9090');
  });

  it('refuse service.port and config.listen_addr set to different ports', () => {
    expect(problems({ service: { port: 9090 }, config: { listen_addr: '0.0.0.0:8080' } })).toEqual([
      'config.listen_addr: listens on port 8080 (got "0.0.0.0:8080") while service.port is 9090: Headscale listens where the container port and the probes look, so set one of them (the other follows it), or the same port in both',
    ]);
  });

  it("expose 443, named https, when Headscale serves TLS itself, mapped to Headscale's unprivileged 8080", () => {
    const objects = render({ client: { enabled: false }, tls: { secretName: 'hs-tls' } });
    expect(find(objects, 'Service', 'headscale').spec.ports).toEqual([
      { name: 'https', port: 443, targetPort: 'http', protocol: 'TCP' },
    ]);
    expect(ports({ tls: { secretName: 'hs-tls' } })).toMatchObject({
      listenAddr: '0.0.0.0:8080',
      serverUrl: 'https://headscale.headscale.svc.cluster.local:443',
      containerPort: { name: 'http', containerPort: 8080, protocol: 'TCP' },
      service: { port: 443, targetPort: 'http' },
    });
    expect(ports({ tls: { secretName: 'hs-tls' }, service: { port: 8443 } }).service.port).toBe(8443);
    // 443 given, as the parsed values show it, is the same Service in front of Headscale's 8080.
    expect(ports({ tls: { secretName: 'hs-tls' }, service: { port: 443 } })).toMatchObject({
      listenAddr: '0.0.0.0:8080',
      containerPort: { name: 'http', containerPort: 8080, protocol: 'TCP' },
      service: { port: 443, targetPort: 'http' },
    });
  });

  it('render the parsed values as the values they were parsed from', () => {
    for (const values of [{}, { tls: { secretName: 'hs-tls' } }, { config: { listen_addr: '0.0.0.0:9000' } }]) {
      expect(render(parseValues(values))).toEqual(render(values));
    }
  });

  it('route the ingress to the http port, as Headscale behind an ingress serves plain HTTP even with tls.secretName', () => {
    const objects = render({
      tls: { secretName: 'hs-tls' },
      ingress: { enabled: true, hosts: [{ host: 'vpn.example.com' }] },
    });
    const backend = find(objects, 'Ingress', 'headscale').spec.rules[0].http.paths[0].backend;
    expect(backend).toEqual({ service: { name: 'headscale', port: { name: 'http' } } });
    expect(
      ports({ tls: { secretName: 'hs-tls' }, ingress: { enabled: true, hosts: [{ host: 'vpn.example.com' }] } }),
    ).toMatchObject({
      listenAddr: '0.0.0.0:8080',
      service: { port: 8080, targetPort: 'http' },
    });
  });
});
