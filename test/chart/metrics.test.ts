import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { HeadscaleChart } from '../../src/chart/chart';
import { problems } from '../support/problems';
import { find, kinds, manifestProblemsOf, render } from '../support/render';

const config = (objects: ReturnType<typeof render>) =>
  find(objects, 'ConfigMap', 'headscale').data['config.yaml'] as string;
const monitoring = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } };

describe('metrics.enabled', () => {
  it('is off by default: no listener, no port, no ServiceMonitor', () => {
    const objects = render();
    expect(config(objects)).not.toContain('metrics_listen_addr');
    expect(find(objects, 'Service', 'headscale').spec.ports.map((p: { name: string }) => p.name)).toEqual(['http']);
    expect(kinds(objects).filter((k) => k.startsWith('ServiceMonitor/'))).toEqual([]);
  });

  it('listens on every pod address, with a container port and a Service port named metrics', () => {
    const objects = render({ metrics: { enabled: true } });
    expect(config(objects)).toContain('metrics_listen_addr: 0.0.0.0:9090');
    const container = find(objects, 'Deployment', 'headscale').spec.template.spec.containers[0];
    expect(container.ports).toContainEqual({ name: 'metrics', containerPort: 9090, protocol: 'TCP' });
    expect(find(objects, 'Service', 'headscale').spec.ports).toContainEqual({
      name: 'metrics',
      port: 9090,
      targetPort: 'metrics',
      protocol: 'TCP',
    });
  });

  it('follows metrics.port, or the port of config.metrics_listen_addr, and refuses the two apart or on loopback', () => {
    expect(config(render({ metrics: { enabled: true, port: 9100 } }))).toContain('metrics_listen_addr: 0.0.0.0:9100');
    const given = render({ metrics: { enabled: true }, config: { metrics_listen_addr: '0.0.0.0:9200' } });
    expect(find(given, 'Service', 'headscale').spec.ports).toContainEqual(expect.objectContaining({ port: 9200 }));
    expect(
      problems({ metrics: { enabled: true, port: 9100 }, config: { metrics_listen_addr: '0.0.0.0:9200' } }),
    ).toEqual([
      'config.metrics_listen_addr: listens on port 9200 (got "0.0.0.0:9200") while metrics.port is 9100: set one of them (the other follows it), or the same port in both',
    ]);
    expect(problems({ metrics: { enabled: true }, config: { metrics_listen_addr: '127.0.0.1:9090' } })).toEqual([
      'config.metrics_listen_addr: listens on the loopback address only (got "127.0.0.1:9090"), which metrics.enabled exposes through the Service: listen on 0.0.0.0, or leave it unset',
    ]);
  });

  it('lets networkPolicy.metricsFrom in to the metrics port', () => {
    const objects = render({ metrics: { enabled: true }, networkPolicy: { enabled: true, metricsFrom: [monitoring] } });
    expect(find(objects, 'NetworkPolicy', 'headscale').spec.ingress).toContainEqual({
      from: [monitoring],
      ports: [{ port: 'metrics', protocol: 'TCP' }],
    });
    const closed = render({ metrics: { enabled: true }, networkPolicy: { enabled: true } });
    expect(JSON.stringify(find(closed, 'NetworkPolicy', 'headscale').spec.ingress)).not.toContain('metrics');
  });
});

describe('metrics.serviceMonitor', () => {
  it("scrapes the server Service's metrics port, with the interval, timeout, labels and relabelings given", () => {
    const relabeling = { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' };
    const drop = { action: 'drop', sourceLabels: ['__name__'], regex: 'go_.*' };
    const monitor = find(
      render({
        metrics: {
          enabled: true,
          serviceMonitor: {
            enabled: true,
            interval: '30s',
            scrapeTimeout: '10s',
            labels: { release: 'kube-prometheus-stack' },
            relabelings: [relabeling],
            metricRelabelings: [drop],
          },
        },
      }),
      'ServiceMonitor',
      'headscale',
    );
    expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(monitor.metadata.labels).toMatchObject({
      release: 'kube-prometheus-stack',
      'app.kubernetes.io/name': 'headscale',
    });
    expect(monitor.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'headscale', 'app.kubernetes.io/instance': 'headscale' } },
      endpoints: [
        {
          port: 'metrics',
          path: '/metrics',
          interval: '30s',
          scrapeTimeout: '10s',
          relabelings: [relabeling],
          metricRelabelings: [drop],
        },
      ],
    });
  });

  it('needs metrics.enabled', () => {
    expect(problems({ metrics: { serviceMonitor: { enabled: true } } })).toEqual([
      'metrics.serviceMonitor.enabled: needs metrics.enabled: the ServiceMonitor scrapes the port it adds',
    ]);
  });

  it('is checked against the ServiceMonitor schema at synth, values and patches alike', () => {
    expect(() =>
      render({ metrics: { enabled: true, serviceMonitor: { enabled: true, interval: '30 seconds' } } }),
    ).toThrow('metrics.serviceMonitor.interval: expected a string matching ^(0|(([0-9]+)y)?');
    const chart = new HeadscaleChart(Testing.app(), 'hs', {
      values: { metrics: { enabled: true, serviceMonitor: { enabled: true } } },
    });
    ApiObject.of(chart.serviceMonitor!.serviceMonitor).addJsonPatch(JsonPatch.add('/spec/endpoints/0/interval', 30));
    expect(manifestProblemsOf(chart)).toEqual(['metrics.serviceMonitor.interval: expected a string (got 30)']);
  });
});
