import { problems, warnings } from '../support/problems';
import { find, kinds, render } from '../support/render';

const config = (objects: ReturnType<typeof render>) =>
  find(objects, 'ConfigMap', 'headscale').data['config.yaml'] as string;
const route = { enabled: true, parentRefs: [{ name: 'public', namespace: 'gateways' }], hostnames: ['hs.example.com'] };

describe('httpRoute', () => {
  it('attaches an HTTPRoute to the Gateway, routing every path to the server, and derives an https server_url', () => {
    const objects = render({ httpRoute: { ...route, annotations: { team: 'net' }, labels: { tier: 'edge' } } });
    const http = find(objects, 'HTTPRoute', 'headscale');
    expect(http.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(http.metadata.annotations).toEqual({ team: 'net' });
    expect(http.metadata.labels).toMatchObject({ tier: 'edge', 'app.kubernetes.io/name': 'headscale' });
    expect(http.spec).toEqual({
      parentRefs: [{ name: 'public', namespace: 'gateways' }],
      hostnames: ['hs.example.com'],
      rules: [
        { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'headscale', port: 8080 }] },
      ],
    });
    expect(config(objects)).toContain('server_url: https://hs.example.com');
    expect(kinds(objects).filter((k) => k.startsWith('Ingress/'))).toEqual([]);
  });

  it("routes the UI's path to the UI, as the ingress does, and gives the UI the route's URL", () => {
    const objects = render({ httpRoute: route, ui: { enabled: true } });
    expect(find(objects, 'HTTPRoute', 'headscale').spec.rules).toContainEqual({
      matches: [{ path: { type: 'PathPrefix', value: '/web' } }],
      backendRefs: [{ name: 'headscale-ui', port: 8080 }],
    });
    const ui = find(objects, 'Deployment', 'headscale-ui').spec.template.spec.containers[0];
    expect(ui.env).toContainEqual({ name: 'HEADSCALE_URL', value: 'https://hs.example.com' });
  });

  it("routes Headplane's /admin to Headplane's Service", () => {
    const objects = render({ httpRoute: route, headplane: { enabled: true } });
    expect(find(objects, 'HTTPRoute', 'headscale').spec.rules).toContainEqual({
      matches: [{ path: { type: 'PathPrefix', value: '/admin' } }],
      backendRefs: [{ name: 'headscale-headplane', port: 3000 }],
    });
    expect(find(objects, 'Service', 'headscale-headplane').spec.ports[0].port).toBe(3000);
  });

  it('derives an http server_url when the listener is plain HTTP', () => {
    expect(config(render({ httpRoute: { ...route, https: false } }))).toContain('server_url: http://hs.example.com');
  });

  it('refuses both ingress and httpRoute, and a route without a Gateway', () => {
    expect(problems({ ingress: { enabled: true }, httpRoute: route })).toEqual([
      "httpRoute.enabled: can't be combined with ingress.enabled: expose Headscale through an Ingress or a Gateway API HTTPRoute, not both (turn one off)",
    ]);
    expect(problems({ httpRoute: { enabled: true } })).toEqual([
      'httpRoute.parentRefs: needs at least one Gateway (such as { name: public }) when httpRoute.enabled is true',
    ]);
  });

  it('checks parentRefs against the HTTPRoute schema at synth, at their values key', () => {
    expect(() => render({ httpRoute: { ...route, parentRefs: [{ name: 'public', port: 'https' }] } })).toThrow(
      'httpRoute.parentRefs[0].port: expected an integer (got "https")',
    );
  });
});

describe('grpcRoute', () => {
  it("routes gRPC to the Service's grpc port, attached to the HTTPRoute's Gateway unless given its own", () => {
    const objects = render({
      httpRoute: route,
      grpc: { enabled: true, allowInsecure: true },
      grpcRoute: { enabled: true, hostnames: ['grpc.example.com'] },
    });
    const grpc = find(objects, 'GRPCRoute', 'headscale-grpc');
    expect(grpc.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(grpc.spec).toEqual({
      parentRefs: [{ name: 'public', namespace: 'gateways' }],
      hostnames: ['grpc.example.com'],
      rules: [{ backendRefs: [{ name: 'headscale', port: 50443 }] }],
    });
    const own = render({
      grpc: { enabled: true, allowInsecure: true },
      grpcRoute: { enabled: true, parentRefs: [{ name: 'grpc' }] },
    });
    expect(find(own, 'GRPCRoute', 'headscale-grpc').spec.parentRefs).toEqual([{ name: 'grpc' }]);
  });

  it('needs grpc.enabled and a Gateway', () => {
    expect(problems({ grpcRoute: { enabled: true } })).toEqual([
      'grpcRoute.parentRefs: needs at least one Gateway (or httpRoute.parentRefs) when grpcRoute.enabled is true',
      'grpcRoute.enabled: needs grpc.enabled: the GRPCRoute routes to the gRPC port it adds',
    ]);
  });

  it('checks the GRPCRoute against its schema at synth', () => {
    expect(() =>
      render({
        grpc: { enabled: true, allowInsecure: true },
        grpcRoute: { enabled: true, parentRefs: [{ name: 'grpc', sectionName: 5 }] },
      }),
    ).toThrow('grpcRoute.parentRefs[0].sectionName: expected a string (got 5)');
  });
});

describe('httpRoute with networkPolicy', () => {
  it("warns when nothing lets the Gateway's pods in", () => {
    expect(warnings({ client: { enabled: false }, httpRoute: route, networkPolicy: { enabled: true } })).toEqual([
      "networkPolicy.httpFrom: is empty while httpRoute.enabled is true: only the in-cluster client and UI reach Headscale; add the ingress controller's or the Gateway's pods (or the load balancer's addresses)",
    ]);
  });
});
