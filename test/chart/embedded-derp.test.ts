import { problems, warnings } from '../support/problems';
import { find, kinds, render } from '../support/render';
import { problemsOf } from '../support/problems';

const config = (objects: ReturnType<typeof render>) =>
  find(objects, 'ConfigMap', 'headscale').data['config.yaml'] as string;
const ingress = {
  enabled: true,
  hosts: [{ host: 'hs.example.com' }],
  tls: [{ secretName: 'hs-tls', hosts: ['hs.example.com'] }],
};
const derp = (server: Record<string, unknown> = {}) => ({ derp: { server: { enabled: true, ...server } } });

describe('config.derp.server.enabled', () => {
  it('listens for STUN on UDP 3478 and carries it to a UDP container port through a LoadBalancer Service', () => {
    const objects = render({ ingress, config: derp() });
    expect(config(objects)).toContain('stun_listen_addr: 0.0.0.0:3478');
    const container = find(objects, 'Deployment', 'headscale').spec.template.spec.containers[0];
    expect(container.ports).toContainEqual({ name: 'stun', containerPort: 3478, protocol: 'UDP' });
    const stun = find(objects, 'Service', 'headscale-stun');
    expect(stun.spec).toEqual({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      ports: [{ name: 'stun', port: 3478, targetPort: 'stun', protocol: 'UDP' }],
      selector: expect.objectContaining({ 'app.kubernetes.io/component': 'server' }),
    });
    expect(kinds(render({ ingress })).filter((k) => k.endsWith('-stun'))).toEqual([]);
  });

  it('takes the STUN port from stun_listen_addr, and the Service settings from stun', () => {
    const objects = render({
      ingress,
      config: derp({ stun_listen_addr: '0.0.0.0:30478', ipv4: '203.0.113.7' }),
      stun: {
        annotations: { 'lb.example.com/udp': 'true' },
        loadBalancerIP: '203.0.113.7',
        externalTrafficPolicy: 'Cluster',
      },
    });
    const stun = find(objects, 'Service', 'headscale-stun');
    expect(stun.metadata.annotations).toEqual({ 'lb.example.com/udp': 'true' });
    expect(stun.spec).toMatchObject({ loadBalancerIP: '203.0.113.7', externalTrafficPolicy: 'Cluster' });
    expect(stun.spec.ports[0]).toMatchObject({ port: 30478, protocol: 'UDP' });
    expect(config(objects)).toContain('ipv4: 203.0.113.7');
  });

  it('gives a NodePort Service the listening port as its node port, and warns outside the default range', () => {
    const objects = render({
      ingress,
      config: derp({ stun_listen_addr: '0.0.0.0:30478' }),
      stun: { expose: 'NodePort' },
    });
    expect(find(objects, 'Service', 'headscale-stun').spec).toMatchObject({
      type: 'NodePort',
      ports: [{ name: 'stun', port: 30478, nodePort: 30478, targetPort: 'stun', protocol: 'UDP' }],
    });
    expect(warnings({ ingress, client: { enabled: false }, config: derp(), stun: { expose: 'NodePort' } })).toEqual([
      "stun.expose: is NodePort, so the STUN port 3478 is also the node port, outside the default node port range 30000-32767: set config.derp.server.stun_listen_addr to a port in the cluster's range (such as 0.0.0.0:30478), or use LoadBalancer or hostPort",
    ]);
  });

  it('can take the port on the node instead (hostPort), with no Service', () => {
    const objects = render({ ingress, config: derp(), stun: { expose: 'hostPort' } });
    const container = find(objects, 'Deployment', 'headscale').spec.template.spec.containers[0];
    expect(container.ports).toContainEqual({ name: 'stun', containerPort: 3478, protocol: 'UDP', hostPort: 3478 });
    expect(kinds(objects).filter((k) => k.endsWith('-stun'))).toEqual([]);
  });

  it('needs an https server_url, derived or given', () => {
    expect(problemsOf(() => render({ config: derp() }))).toEqual([
      'config.derp.server.enabled: needs an https server_url (got "http://headscale.headscale.svc.cluster.local:8080"): clients reach the embedded DERP server at server_url\'s host over TLS. Give ingress.tls, httpRoute.hostnames (https), tls.secretName, or an https config.server_url',
    ]);
    expect(() => render({ config: { ...derp(), server_url: 'https://hs.example.com' } })).not.toThrow();
  });

  it('refuses a loadBalancerIP that is no IP address', () => {
    expect(problems({ stun: { loadBalancerIP: 'lb.example.com' } })).toEqual([
      'stun.loadBalancerIP: expected an IPv4 or IPv6 address such as 203.0.113.7 (got "lb.example.com")',
    ]);
  });

  it('lets STUN in from anywhere under a NetworkPolicy', () => {
    const objects = render({
      ingress,
      config: derp(),
      networkPolicy: { enabled: true, httpFrom: [{ namespaceSelector: {} }] },
    });
    expect(find(objects, 'NetworkPolicy', 'headscale').spec.ingress).toContainEqual({
      ports: [{ port: 'stun', protocol: 'UDP' }],
    });
  });
});

describe('config.derp.server.ipv4 and ipv6', () => {
  it('take an address of their family, "none" or ""', () => {
    expect(() => render({ ingress, config: derp({ ipv4: 'none', ipv6: '2001:db8::7' }) })).not.toThrow();
    expect(problems({ ingress, config: derp({ ipv4: '2001:db8::7', ipv6: 'derp.example.com' }) })).toEqual([
      'config.derp.server.ipv4: expected an IPv4 address such as 203.0.113.7, "none" or "" (got "2001:db8::7"): tailscale clients ignore anything else',
      'config.derp.server.ipv6: expected an IPv6 address such as 2001:db8::7, "none" or "" (got "derp.example.com"): tailscale clients ignore anything else',
    ]);
  });
});
