import { parse } from 'yaml';
import { warnings } from '../support/problems';
import { problems } from '../support/problems';
import { parseValues } from '../../src/chart/parse-values';
import { find, render } from '../support/render';

const config = (objects: ReturnType<typeof render>) =>
  parse(find(objects, 'ConfigMap', 'headscale').data['config.yaml'] as string) as Record<string, unknown>;

describe('grpc.enabled', () => {
  it('is off by default', () => {
    expect(config(render())).not.toHaveProperty('grpc_listen_addr');
  });

  it("serves gRPC over Headscale's own TLS with tls.secretName, on a Service port named grpc", () => {
    const objects = render({ grpc: { enabled: true }, tls: { secretName: 'hs-tls' } });
    expect(config(objects)).toMatchObject({
      grpc_listen_addr: '0.0.0.0:50443',
      tls_cert_path: '/etc/headscale/tls/tls.crt',
    });
    expect(config(objects)).not.toHaveProperty('grpc_allow_insecure');
    expect(find(objects, 'Service', 'headscale').spec.ports).toContainEqual({
      name: 'grpc',
      port: 50443,
      targetPort: 'grpc',
      protocol: 'TCP',
    });
    const container = find(objects, 'Deployment', 'headscale').spec.template.spec.containers[0];
    expect(container.ports).toContainEqual({ name: 'grpc', containerPort: 50443, protocol: 'TCP' });
  });

  it('serves plaintext gRPC without TLS only with grpc.allowInsecure, which Headscale needs to start the listener', () => {
    expect(config(render({ grpc: { enabled: true, allowInsecure: true, port: 50051 } }))).toMatchObject({
      grpc_listen_addr: '0.0.0.0:50051',
      grpc_allow_insecure: true,
    });
    expect(warnings({ client: { enabled: false }, grpc: { enabled: true, allowInsecure: true } })).toEqual([]);
    const refusal =
      'grpc.enabled: needs TLS or grpc.allowInsecure: true: Headscale has no certificate of its own, so its gRPC (API keys included) would be plaintext on the pod network. Give Headscale TLS (tls.secretName without an ingress), or set grpc.allowInsecure: true when a grpcRoute or grpc.ingress terminates TLS in front';
    expect(problems({ grpc: { enabled: true } })).toEqual([refusal]);
    expect(
      problems({
        grpc: { enabled: true, ingress: { enabled: true, host: 'g.example.com' } },
        config: { grpc_allow_insecure: false },
      }),
    ).toEqual([refusal]);
    // Asked for in config.yaml itself, or TLS that config.yaml gives: accepted.
    expect(() => parseValues({ grpc: { enabled: true }, config: { grpc_allow_insecure: true } })).not.toThrow();
    expect(() =>
      parseValues({ grpc: { enabled: true }, config: { tls_letsencrypt_hostname: 'hs.example.com' } }),
    ).not.toThrow();
    // With TLS, allowInsecure changes nothing.
    expect(
      config(render({ grpc: { enabled: true, allowInsecure: true }, tls: { secretName: 'hs-tls' } })),
    ).not.toHaveProperty('grpc_allow_insecure');
  });

  it('refuses grpc.port apart from the port of config.grpc_listen_addr', () => {
    expect(
      problems({
        grpc: { enabled: true, allowInsecure: true, port: 50051 },
        config: { grpc_listen_addr: '0.0.0.0:50443' },
      }),
    ).toEqual([
      'config.grpc_listen_addr: listens on port 50443 (got "0.0.0.0:50443") while grpc.port is 50051: set one of them (the other follows it), or the same port in both',
    ]);
  });
});

describe('tls.certificate', () => {
  it("has cert-manager issue tls.secretName for the Service's cluster names and the names given", () => {
    const certificate = find(
      render({
        tls: {
          secretName: 'hs-tls',
          certificate: {
            enabled: true,
            issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' },
            dnsNames: ['hs.example.com'],
          },
        },
      }),
      'Certificate',
      'headscale',
    );
    expect(certificate.apiVersion).toBe('cert-manager.io/v1');
    expect(certificate.spec).toEqual({
      secretName: 'hs-tls',
      dnsNames: ['headscale.headscale.svc.cluster.local', 'headscale.headscale.svc', 'hs.example.com'],
      issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer', group: 'cert-manager.io' },
    });
  });

  it('needs the Secret and the issuer named', () => {
    expect(problems({ tls: { certificate: { enabled: true } } })).toEqual([
      'tls.secretName: is required with tls.certificate.enabled: the Secret cert-manager writes and Headscale (or, with an ingress, the ingress) serves TLS from',
      'tls.certificate.issuerRef.name: is required with tls.certificate.enabled: the Issuer or ClusterIssuer that signs the certificate',
    ]);
  });
});

describe('grpc.ingress', () => {
  it("routes the gRPC host to the Service's grpc port, telling ingress-nginx the backend speaks gRPC", () => {
    const objects = render({
      grpc: {
        enabled: true,
        allowInsecure: true,
        ingress: { enabled: true, host: 'grpc.example.com', tls: [{ secretName: 'grpc-tls' }] },
      },
    });
    const ingress = find(objects, 'Ingress', 'headscale-grpc');
    expect(ingress.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/backend-protocol': 'GRPC' });
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ secretName: 'grpc-tls' }],
      rules: [
        {
          host: 'grpc.example.com',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'headscale', port: { name: 'grpc' } } } },
            ],
          },
        },
      ],
    });
    expect(
      warnings({
        client: { enabled: false },
        grpc: { enabled: true, allowInsecure: true, ingress: { enabled: true, host: 'g.example.com' } },
      }),
    ).toEqual([]);
  });

  it("speaks GRPCS to Headscale's own TLS, and leaves other classes' annotations to the values", () => {
    const tls = render({
      tls: { secretName: 'hs-tls' },
      grpc: { enabled: true, ingress: { enabled: true, host: 'grpc.example.com' } },
    });
    expect(find(tls, 'Ingress', 'headscale-grpc').metadata.annotations).toEqual({
      'nginx.ingress.kubernetes.io/backend-protocol': 'GRPCS',
    });
    const traefik = render({
      grpc: {
        enabled: true,
        allowInsecure: true,
        ingress: { enabled: true, className: 'traefik', host: 'grpc.example.com' },
      },
    });
    expect(find(traefik, 'Ingress', 'headscale-grpc').metadata.annotations).toBeUndefined();
  });

  it('needs grpc.enabled and a host, and names its own keys at synth', () => {
    expect(problems({ grpc: { ingress: { enabled: true, host: 'g.example.com' } } })).toEqual([
      'grpc.ingress.enabled: needs grpc.enabled: the Ingress routes to the gRPC port it adds',
    ]);
    expect(problems({ grpc: { enabled: true, allowInsecure: true, ingress: { enabled: true } } })).toEqual([
      'grpc.ingress.host: is required when grpc.ingress.enabled is true',
    ]);
    expect(() =>
      render({
        grpc: {
          enabled: true,
          allowInsecure: true,
          ingress: { enabled: true, host: 'g.example.com', annotations: { 'a b': 'c' } },
        },
      }),
    ).toThrow('grpc.ingress.annotations');
  });
});
