import { find, kinds, render } from '../support/render';
import { problems } from '../support/problems';

const selector = (component: string) => ({
  matchLabels: {
    'app.kubernetes.io/name': 'headscale',
    'app.kubernetes.io/instance': 'headscale',
    'app.kubernetes.io/component': component,
  },
});
const ingressController = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } };
const policies = (values: Parameters<typeof render>[0]) =>
  kinds(render(values)).filter((k) => k.startsWith('NetworkPolicy/'));

describe('networkPolicy.enabled', () => {
  it('renders no NetworkPolicy unless enabled', () => {
    expect(policies({ ui: { enabled: true } })).toEqual([]);
  });

  it("lets the in-cluster client and UI and httpFrom in to Headscale's HTTP port, and nothing else unless extraIngress says", () => {
    const metrics = {
      ports: [{ port: 9090, protocol: 'TCP' as const }],
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
    };
    const objects = render({
      ui: { enabled: true },
      networkPolicy: { enabled: true, httpFrom: [ingressController], extraIngress: [metrics] },
    });
    expect(kinds(objects).filter((k) => k.startsWith('NetworkPolicy/'))).toEqual([
      'NetworkPolicy/headscale',
      'NetworkPolicy/headscale-client',
      'NetworkPolicy/headscale-client-job',
      'NetworkPolicy/headscale-ui',
    ]);
    expect(find(objects, 'NetworkPolicy', 'headscale').spec).toEqual({
      podSelector: selector('server'),
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [ingressController, { podSelector: selector('client') }, { podSelector: selector('ui') }],
          ports: [{ port: 'http', protocol: 'TCP' }],
        },
        metrics,
      ],
    });
    expect(find(objects, 'NetworkPolicy', 'headscale-ui').spec).toEqual({
      podSelector: selector('ui'),
      policyTypes: ['Ingress'],
      ingress: [{ from: [ingressController], ports: [{ port: 'http', protocol: 'TCP' }] }],
    });
  });

  it('never writes a rule without sources, which would let everyone in', () => {
    expect(
      find(render({ client: { enabled: false }, networkPolicy: { enabled: true } }), 'NetworkPolicy', 'headscale').spec
        .ingress,
    ).toEqual([]);
    expect(
      find(render({ ui: { enabled: true }, networkPolicy: { enabled: true } }), 'NetworkPolicy', 'headscale-ui').spec
        .ingress,
    ).toEqual([]);
  });

  it('lets WireGuard in to the client, whose peers connect from anywhere, and leaves out a DaemonSet on the host network', () => {
    expect(find(render({ networkPolicy: { enabled: true } }), 'NetworkPolicy', 'headscale-client').spec).toEqual({
      podSelector: selector('client'),
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'UDP' }] }],
    });
    expect(policies({ client: { daemonset: true }, networkPolicy: { enabled: true } })).not.toContain(
      'NetworkPolicy/headscale-client',
    );
  });

  it('lets nothing in to the key job, finds its pods by their own component label, and limits its egress to networkPolicy.keyJobEgress', () => {
    const apiServer = {
      to: [{ ipBlock: { cidr: '172.18.0.2/32' } }],
      ports: [{ port: 6443, protocol: 'TCP' as const }],
    };
    const objects = render({
      client: { job: { cronjob: { enabled: true } } },
      networkPolicy: { enabled: true, keyJobEgress: [apiServer] },
    });
    expect(find(objects, 'NetworkPolicy', 'headscale-client-job').spec).toEqual({
      podSelector: selector('preauth-key'),
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: [apiServer],
    });
    const podLabels = [
      objects.find((o) => o.kind === 'Job')!.spec.template,
      find(objects, 'CronJob', 'headscale-ensure-client-key').spec.jobTemplate.spec.template,
    ].map((t) => t.metadata.labels);
    for (const labels of podLabels) expect(labels).toMatchObject(selector('preauth-key').matchLabels);
    expect(
      find(render({ networkPolicy: { enabled: true } }), 'NetworkPolicy', 'headscale-client-job').spec.policyTypes,
    ).toEqual(['Ingress']);
  });

  it('checks its fragments against the Kubernetes schema, naming the key path', () => {
    expect(
      problems({
        networkPolicy: {
          httpFrom: [{ ipBlock: { except: ['10.0.0.0/8'] } }],
          keyJobEgress: [{ ports: [{ protocol: 'ICMP' }] }],
        },
      }),
    ).toEqual([
      'networkPolicy.httpFrom[0].ipBlock.cidr: is required',
      'networkPolicy.keyJobEgress[0].ports[0].protocol: expected "SCTP", "TCP" or "UDP" (got "ICMP")',
    ]);
  });
});
