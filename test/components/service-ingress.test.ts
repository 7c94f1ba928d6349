import { ServiceIngress } from '../../src/components/service-ingress';
import { synthComponents } from '../support/components';
import { find, kinds } from '../support/render';

const required = {
  name: 'headscale',
  labels: { team: 'vpn' },
  serviceName: 'headscale',
  rules: [{ host: 'headscale.example.com', paths: [{ path: '/', pathType: 'Prefix' as const }] }],
};

describe('ServiceIngress', () => {
  it("with the required props only: each path to the Service's http port, in the cluster's default class", () => {
    const objects = synthComponents((chart) => new ServiceIngress(chart, 'ingress', required));
    expect(kinds(objects)).toEqual(['Ingress/headscale']);
    const ingress = find(objects, 'Ingress', 'headscale');
    expect(ingress.metadata).toEqual({ name: 'headscale', namespace: 'vpn', labels: { team: 'vpn' } });
    expect(ingress.spec).toEqual({
      rules: [
        {
          host: 'headscale.example.com',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'headscale', port: { name: 'http' } } } },
            ],
          },
        },
      ],
    });
  });

  it("with every prop: the default port name, a path's own port, class, annotations and TLS", () => {
    const objects = synthComponents(
      (chart) =>
        new ServiceIngress(chart, 'ingress', {
          ...required,
          servicePortName: 'https',
          rules: [
            {
              host: 'headscale.example.com',
              paths: [
                { path: '/', pathType: 'Prefix' },
                { path: '/metrics', pathType: 'Exact', servicePortName: 'metrics' },
              ],
            },
          ],
          className: 'nginx',
          annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
          tls: [{ secretName: 'headscale-tls', hosts: ['headscale.example.com'] }],
        }),
    );
    const ingress = find(objects, 'Ingress', 'headscale');
    expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.tls).toEqual([{ secretName: 'headscale-tls', hosts: ['headscale.example.com'] }]);
    expect(
      ingress.spec.rules[0].http.paths.map((p: { pathType: string; backend: object }) => [p.pathType, p.backend]),
    ).toEqual([
      ['Prefix', { service: { name: 'headscale', port: { name: 'https' } } }],
      ['Exact', { service: { name: 'headscale', port: { name: 'metrics' } } }],
    ]);
  });
});
