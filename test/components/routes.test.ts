import { ServiceGrpcRoute, ServiceHttpRoute } from '../../src/components/routes';
import { synthComponents } from '../support/components';
import { find, kinds } from '../support/render';

const common = { name: 'headscale', labels: { team: 'vpn' }, parentRefs: [{ name: 'public' }] };
const every = {
  annotations: { 'example.com/owner': 'vpn' },
  parentRefs: [{ name: 'public', namespace: 'gateways', sectionName: 'https' }],
  hostnames: ['headscale.example.com'],
};

describe('ServiceHttpRoute', () => {
  it('with the required props only: a rule per path prefix, on every hostname of its parents', () => {
    const objects = synthComponents(
      (chart) =>
        new ServiceHttpRoute(chart, 'route', {
          ...common,
          paths: [{ path: '/', serviceName: 'headscale', port: 8080 }],
        }),
    );
    expect(kinds(objects)).toEqual(['HTTPRoute/headscale']);
    const route = find(objects, 'HTTPRoute', 'headscale');
    expect(route.metadata).toEqual({ name: 'headscale', namespace: 'vpn', labels: { team: 'vpn' } });
    expect(route.spec).toEqual({
      parentRefs: [{ name: 'public' }],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          backendRefs: [{ name: 'headscale', port: 8080 }],
        },
      ],
    });
  });

  it('with every prop: annotations, parents and hostnames', () => {
    const objects = synthComponents(
      (chart) =>
        new ServiceHttpRoute(chart, 'route', {
          ...common,
          ...every,
          paths: [{ path: '/web', serviceName: 'headscale-ui', port: 80 }],
        }),
    );
    const route = find(objects, 'HTTPRoute', 'headscale');
    expect(route.metadata.annotations).toEqual(every.annotations);
    expect(route.spec).toMatchObject({ parentRefs: every.parentRefs, hostnames: every.hostnames });
    expect(route.spec.rules[0].backendRefs).toEqual([{ name: 'headscale-ui', port: 80 }]);
  });
});

describe('ServiceGrpcRoute', () => {
  it('with the required props only: every call to the one Service', () => {
    const objects = synthComponents(
      (chart) => new ServiceGrpcRoute(chart, 'route', { ...common, serviceName: 'headscale', port: 50443 }),
    );
    expect(kinds(objects)).toEqual(['GRPCRoute/headscale']);
    expect(find(objects, 'GRPCRoute', 'headscale').spec).toEqual({
      parentRefs: [{ name: 'public' }],
      rules: [{ backendRefs: [{ name: 'headscale', port: 50443 }] }],
    });
  });

  it('with every prop: annotations, parents and hostnames', () => {
    const objects = synthComponents(
      (chart) => new ServiceGrpcRoute(chart, 'route', { ...common, ...every, serviceName: 'headscale', port: 50443 }),
    );
    const route = find(objects, 'GRPCRoute', 'headscale');
    expect(route.metadata.annotations).toEqual(every.annotations);
    expect(route.spec).toMatchObject({ parentRefs: every.parentRefs, hostnames: every.hostnames });
  });
});
