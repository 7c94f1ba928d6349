import { HeadscaleNetworkPolicies } from '../../src/components/headscale-network-policies';
import type { NetworkPolicyEgressRule, NetworkPolicyIngressRule } from '../../src/components/kube';
import { synthComponents } from '../support/components';
import { find, kinds } from '../support/render';

const target = (name: string) => ({ name, selector: { app: name } });
const from = (name: string) => ({ podSelector: { matchLabels: { app: name } } });
const httpPort = [{ port: 'http', protocol: 'TCP' }];

describe('HeadscaleNetworkPolicies', () => {
  it('with no props (none is required): no NetworkPolicy', () => {
    expect(synthComponents((chart) => new HeadscaleNetworkPolicies(chart, 'policies', {}))).toEqual([]);
  });

  it('with the server alone: its HTTP port reachable by nobody, so no ingress rule', () => {
    const objects = synthComponents(
      (chart) => new HeadscaleNetworkPolicies(chart, 'policies', { server: target('server') }),
    );
    expect(kinds(objects)).toEqual(['NetworkPolicy/server']);
    expect(find(objects, 'NetworkPolicy', 'server')).toMatchObject({
      metadata: { name: 'server', namespace: 'vpn' },
      spec: { podSelector: { matchLabels: { app: 'server' } }, policyTypes: ['Ingress'], ingress: [] },
    });
  });

  it('with every prop: a policy per part, httpFrom and the in-cluster parts to HTTP, egress of the key job', () => {
    const httpFrom = [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }];
    const serverIngress: NetworkPolicyIngressRule[] = [{ ports: [{ port: 3478, protocol: 'UDP' }] }];
    const keyJobEgress: NetworkPolicyEgressRule[] = [
      { to: [{ ipBlock: { cidr: '10.0.0.1/32' } }], ports: [{ port: 6443, protocol: 'TCP' }] },
    ];
    const objects = synthComponents(
      (chart) =>
        new HeadscaleNetworkPolicies(chart, 'policies', {
          server: target('server'),
          ui: target('ui'),
          client: target('client'),
          keyJob: target('key-job'),
          keyJobEgress,
          httpFrom,
          serverIngress,
          labels: { team: 'vpn' },
        }),
    );
    expect(kinds(objects)).toEqual([
      'NetworkPolicy/client',
      'NetworkPolicy/key-job',
      'NetworkPolicy/server',
      'NetworkPolicy/ui',
    ]);
    for (const object of objects) expect(object.metadata.labels).toEqual({ team: 'vpn' });
    expect(find(objects, 'NetworkPolicy', 'server').spec.ingress).toEqual([
      { from: [...httpFrom, from('client'), from('ui')], ports: httpPort },
      ...serverIngress,
    ]);
    expect(find(objects, 'NetworkPolicy', 'ui').spec.ingress).toEqual([{ from: httpFrom, ports: httpPort }]);
    expect(find(objects, 'NetworkPolicy', 'client').spec.ingress).toEqual([{ ports: [{ protocol: 'UDP' }] }]);
    expect(find(objects, 'NetworkPolicy', 'key-job').spec).toEqual({
      podSelector: { matchLabels: { app: 'key-job' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: keyJobEgress,
    });
  });
});
