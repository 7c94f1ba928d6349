import { parse } from 'yaml';
import { envValues, find, render } from '../support/render';
import { warnings } from '../support/problems';
import type { HeadscaleValuesInput } from '../../src/values/schema';

// Chart 0.2.0's tls.secretName with an ingress: the ingress terminates TLS, Headscale serves plain HTTP.

const ingress = {
  enabled: true,
  hosts: [{ host: 'vpn.example.org', paths: [{ path: '/', pathType: 'Prefix' as const }] }],
};
const WITH_INGRESS: HeadscaleValuesInput = { tls: { secretName: 'headscale-tls' }, ingress };

const config = (objects: ReturnType<typeof render>) =>
  parse(find(objects, 'ConfigMap', 'headscale').data['config.yaml'] as string) as Record<string, unknown>;

describe('tls.secretName with an ingress', () => {
  it("is the ingress's certificate for its hosts, with an https server_url and Headscale on plain HTTP", () => {
    const objects = render(WITH_INGRESS);
    expect(find(objects, 'Ingress', 'headscale').spec.tls).toEqual([
      { hosts: ['vpn.example.org'], secretName: 'headscale-tls' },
    ]);
    expect(find(objects, 'Ingress', 'headscale').spec.rules[0].http.paths[0].backend.service.port).toEqual({
      name: 'http',
    });
    expect(config(objects)).toMatchObject({ server_url: 'https://vpn.example.org', listen_addr: '0.0.0.0:8080' });
    expect(config(objects)).not.toHaveProperty('tls_cert_path');
    const pod = find(objects, 'Deployment', 'headscale').spec.template.spec;
    expect(pod.volumes.map((v: { name: string }) => v.name)).not.toContain('tls-certs');
    expect(pod.containers[0].readinessProbe.httpGet).not.toHaveProperty('scheme', 'HTTPS');
  });

  it("logs the client in through the TLS listener on the Service's port 443, trusting its private CA, without warnings", () => {
    const objects = render(WITH_INGRESS);
    expect(
      find(objects, 'Service', 'headscale').spec.ports.map((p: { name: string; port: number }) => [p.name, p.port]),
    ).toEqual([
      ['http', 8080],
      ['https', 443],
    ]);
    const client = find(objects, 'Deployment', 'headscale-client').spec.template.spec;
    expect(envValues(client.containers[0]).LOGIN_SERVER).toBe('https://headscale.headscale.svc.cluster.local');
    expect(client.volumes).toContainEqual(
      expect.objectContaining({
        name: 'headscale-ca',
        secret: expect.objectContaining({ secretName: 'headscale-internal-tls' }),
      }),
    );
    expect(warnings(WITH_INGRESS)).toEqual([]);
  });

  it('leaves the ingress its own ingress.tls, with a warning that tls.secretName is not used', () => {
    const own = [{ secretName: 'vpn-tls', hosts: ['vpn.example.org'] }];
    const values = { ...WITH_INGRESS, ingress: { ...ingress, tls: own } };
    const objects = render(values);
    expect(find(objects, 'Ingress', 'headscale').spec.tls).toEqual(own);
    expect(config(objects)).not.toHaveProperty('tls_cert_path');
    expect(warnings(values)).toEqual([
      'tls.secretName: is not used: with an ingress, Headscale serves plain HTTP behind it and the ingress terminates TLS, here with ingress.tls\'s Secrets. Leave ingress.tls empty for the ingress to serve "headscale-tls" for its hosts, or remove tls.secretName',
    ]);
  });

  it('warns about an ingress-nginx annotation that speaks HTTPS to Headscale', () => {
    expect(
      warnings({
        ...WITH_INGRESS,
        ingress: { ...ingress, annotations: { 'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS' } },
      }),
    ).toEqual([
      "ingress.annotations: sets nginx.ingress.kubernetes.io/backend-protocol: HTTPS, but Headscale behind an ingress serves plain HTTP (tls.secretName is the ingress's certificate there): remove the annotation, or the ingress fails to reach them",
    ]);
  });

  it("gives the UI's ingress the same TLS, and the UI the https URL", () => {
    const objects = render({ ...WITH_INGRESS, ui: { enabled: true } });
    expect(find(objects, 'Ingress', 'headscale-ui').spec.tls).toEqual([
      { hosts: ['vpn.example.org'], secretName: 'headscale-tls' },
    ]);
  });

  it("has cert-manager issue the Secret for the ingress's hosts and the names given", () => {
    const certificate = find(
      render({
        ...WITH_INGRESS,
        tls: {
          secretName: 'headscale-tls',
          certificate: {
            enabled: true,
            issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' },
            dnsNames: ['alt.example.org'],
          },
        },
      }),
      'Certificate',
      'headscale',
    );
    expect(certificate.spec.dnsNames).toEqual(['vpn.example.org', 'alt.example.org']);
  });

  it('has the gRPC ingress speak plain gRPC to Headscale', () => {
    const objects = render({
      ...WITH_INGRESS,
      grpc: {
        enabled: true,
        allowInsecure: true,
        ingress: { enabled: true, host: 'grpc.example.org', tls: [{ secretName: 'grpc-tls' }] },
      },
    });
    expect(find(objects, 'Ingress', 'headscale-grpc').metadata.annotations).toEqual({
      'nginx.ingress.kubernetes.io/backend-protocol': 'GRPC',
    });
    expect(config(objects)).toMatchObject({ grpc_allow_insecure: true });
  });
});

describe('tls.secretName without an ingress', () => {
  it('has Headscale serve TLS itself, on the Service port 443 named https', () => {
    const objects = render({ tls: { secretName: 'headscale-tls' } });
    expect(config(objects)).toMatchObject({
      server_url: 'https://headscale.headscale.svc.cluster.local:443',
      tls_cert_path: '/etc/headscale/tls/tls.crt',
    });
    expect(find(objects, 'Service', 'headscale').spec.ports).toEqual([
      { name: 'https', port: 443, targetPort: 'http', protocol: 'TCP' },
    ]);
  });
});

/** The port a Service names, by name or number, and what its container listens with. */
function servicePort(objects: ReturnType<typeof render>, service: string, port: string | number) {
  return find(objects, 'Service', service).spec.ports.find(
    (p: { name: string; port: number }) => p.name === port || p.port === port,
  ) as { name: string; port: number; targetPort: string };
}

describe('protocols on every route under tls.secretName', () => {
  const webUis = {
    headplane: { enabled: true },
    ui: { enabled: true },
    client: { job: { cronjob: { enabled: true } } },
  };
  /** Whether the container behind a Service port speaks TLS: Headscale's own listener when it serves TLS. */
  const speaksTls = (objects: ReturnType<typeof render>, service: string, port: string | number) =>
    service === 'headscale' &&
    config(objects).tls_cert_path !== undefined &&
    servicePort(objects, service, port).name === 'https';

  it('has the ingress speak plain HTTP to Headscale, Headplane and headscale-ui, which all serve it', () => {
    const values = { ...WITH_INGRESS, ...webUis };
    const objects = render(values);
    const backends = ['headscale', 'headscale-ui'].flatMap((name) =>
      find(objects, 'Ingress', name).spec.rules.flatMap(
        (rule: { http: { paths: { backend: { service: { name: string; port: { name: string } } } }[] } }) =>
          rule.http.paths.map((path) => path.backend.service),
      ),
    );
    expect(backends.map((b) => b.name).sort()).toEqual(['headscale', 'headscale-headplane', 'headscale-ui']);
    for (const backend of backends) expect(speaksTls(objects, backend.name, backend.port.name)).toBe(false);
    for (const name of ['headscale', 'headscale-ui'])
      expect(find(objects, 'Ingress', name).metadata.annotations ?? {}).not.toHaveProperty(
        'nginx.ingress.kubernetes.io/backend-protocol',
      );
    expect(warnings(values)).toEqual([]);
  });

  it('warns about an annotation that speaks HTTPS to headscale-ui on its own ingress', () => {
    expect(
      warnings({
        ...WITH_INGRESS,
        ...webUis,
        ui: { enabled: true, ingress: { annotations: { 'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS' } } },
      }),
    ).toEqual([
      'ui.ingress.annotations: sets nginx.ingress.kubernetes.io/backend-protocol: HTTPS, but headscale-ui serves plain HTTP: remove the annotation, or its ingress fails to reach it',
    ]);
    expect(
      warnings({
        ...WITH_INGRESS,
        ...webUis,
        ingress: { ...ingress, annotations: { 'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS' } },
      }),
    ).toContainEqual(
      expect.stringMatching(
        /^ingress\.annotations: .* but Headscale, Headplane, headscale-ui behind an ingress serve plain HTTP/,
      ),
    );
  });

  it("routes Headplane and headscale-ui over HTTP on an HTTPRoute, and warns that the Gateway can't reach Headscale's TLS without a BackendTLSPolicy", () => {
    const values: HeadscaleValuesInput = {
      tls: { secretName: 'headscale-tls' },
      httpRoute: { enabled: true, parentRefs: [{ name: 'gw' }], hostnames: ['vpn.example.org'] },
      ...webUis,
    };
    const objects = render(values);
    const refs = find(objects, 'HTTPRoute', 'headscale').spec.rules.flatMap(
      (rule: { backendRefs: { name: string; port: number }[] }) => rule.backendRefs,
    ) as { name: string; port: number }[];
    expect(refs.map((ref) => [ref.name, speaksTls(objects, ref.name, ref.port)])).toEqual([
      ['headscale', true],
      ['headscale-ui', false],
      ['headscale-headplane', false],
    ]);
    expect(warnings(values)).toContainEqual(
      expect.stringMatching(
        /^tls\.secretName: makes Headscale serve TLS itself, so the HTTPRoute .* add a BackendTLSPolicy/,
      ),
    );
    expect(warnings({ ...values, tls: {} })).not.toContainEqual(expect.stringMatching(/^tls\.secretName/));
  });

  it('has Headplane reach Headscale with the scheme Headscale serves', () => {
    const headplaneUrl = (values: HeadscaleValuesInput) =>
      (
        parse(find(render(values), 'ConfigMap', 'headscale-headplane').data['config.yaml'] as string) as {
          headscale: { url: string; tls_cert_path?: string };
        }
      ).headscale;
    expect(headplaneUrl({ ...WITH_INGRESS, ...webUis })).toEqual(
      expect.objectContaining({ url: 'http://headscale.headscale.svc.cluster.local:8080' }),
    );
    expect(headplaneUrl({ ...WITH_INGRESS, ...webUis })).not.toHaveProperty('tls_cert_path');
    expect(
      headplaneUrl({
        tls: { secretName: 'headscale-tls' },
        httpRoute: { enabled: true, parentRefs: [{ name: 'gw' }], hostnames: ['vpn.example.org'] },
        ...webUis,
      }),
    ).toEqual(
      expect.objectContaining({
        url: 'https://headscale.headscale.svc.cluster.local:443',
        tls_cert_path: '/etc/headscale/tls/ca.crt',
      }),
    );
  });
});

describe('headscale-ui on another origin than Headscale', () => {
  const onItsOwnHost: HeadscaleValuesInput = {
    ...WITH_INGRESS,
    ui: { enabled: true, ingress: { host: 'ui.example.org' } },
  };

  it('warns that the browser needs CORS headers Headscale does not send', () => {
    expect(warnings(onItsOwnHost)).toEqual([
      expect.stringMatching(
        /^ui\.ingress\.host: serves headscale-ui at ui\.example\.org and has it call Headscale at https:\/\/vpn\.example\.org, another origin: .* Headscale sends none/,
      ),
    ]);
  });

  it('names ui.headscaleUrl when it is what points elsewhere', () => {
    expect(warnings({ ...WITH_INGRESS, ui: { enabled: true, headscaleUrl: 'https://hs.example.net' } })).toEqual([
      expect.stringMatching(
        /^ui\.headscaleUrl: serves headscale-ui at vpn\.example\.org and has it call Headscale at https:\/\/hs\.example\.net/,
      ),
    ]);
  });

  it("is quiet on Headscale's host, or when the ingress adds CORS headers", () => {
    expect(warnings({ ...WITH_INGRESS, ui: { enabled: true } })).toEqual([]);
    expect(
      warnings({
        ...onItsOwnHost,
        ingress: { ...ingress, annotations: { 'nginx.ingress.kubernetes.io/enable-cors': 'true' } },
      }),
    ).toEqual([]);
  });
});
