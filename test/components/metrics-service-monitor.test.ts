import type { RelabelConfig } from '../../src/components/kube';
import { MetricsServiceMonitor } from '../../src/components/metrics-service-monitor';
import { synthComponents } from '../support/components';
import { find, kinds } from '../support/render';

const required = { name: 'headscale', labels: { release: 'prometheus' }, serviceSelector: { app: 'hs' } };

describe('MetricsServiceMonitor', () => {
  it("with the required props only: scrapes /metrics on the Services' port named metrics", () => {
    const objects = synthComponents((chart) => new MetricsServiceMonitor(chart, 'monitor', required));
    expect(kinds(objects)).toEqual(['ServiceMonitor/headscale']);
    const monitor = find(objects, 'ServiceMonitor', 'headscale');
    expect(monitor.metadata.labels).toEqual({ release: 'prometheus' });
    expect(monitor.spec).toEqual({
      selector: { matchLabels: { app: 'hs' } },
      endpoints: [{ port: 'metrics', path: '/metrics' }],
    });
  });

  it('with every prop: port, interval, timeout and both relabelings on the endpoint', () => {
    const relabelings: RelabelConfig[] = [
      { sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node', action: 'replace' },
    ];
    const metricRelabelings: RelabelConfig[] = [{ sourceLabels: ['__name__'], regex: 'go_gc_.*', action: 'drop' }];
    const objects = synthComponents(
      (chart) =>
        new MetricsServiceMonitor(chart, 'monitor', {
          ...required,
          port: 'prom',
          interval: '30s',
          scrapeTimeout: '10s',
          relabelings,
          metricRelabelings,
        }),
    );
    expect(find(objects, 'ServiceMonitor', 'headscale').spec.endpoints).toEqual([
      { port: 'prom', path: '/metrics', interval: '30s', scrapeTimeout: '10s', relabelings, metricRelabelings },
    ]);
  });
});
