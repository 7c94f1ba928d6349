import { Construct } from 'constructs';
import type { Labels } from '../derive/release';
import { KubeServiceMonitor, nonEmpty, type RelabelConfig } from './kube';

/** The props of {@link MetricsServiceMonitor}. */
export interface MetricsServiceMonitorProps {
  /** The ServiceMonitor's name. */
  readonly name: string;
  /** Labels of the ServiceMonitor, which a Prometheus's `serviceMonitorSelector` may select it by. */
  readonly labels: Labels;
  /** Labels that find the Service to scrape (the server's). */
  readonly serviceSelector: Labels;
  /** The Service port scraped, by name. @default 'metrics' */
  readonly port?: string;
  /** More Service ports scraped the same way, by name (a sidecar's metrics). @default [] */
  readonly additionalPorts?: readonly string[];
  /** A Prometheus duration (`30s`). @default - the Prometheus default */
  readonly interval?: string;
  /** A Prometheus duration (`10s`). @default - the Prometheus default */
  readonly scrapeTimeout?: string;
  /**
   * Rules that rewrite the target's labels before the scrape.
   * @default []
   * @example [{ sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node', action: 'replace' }]
   */
  readonly relabelings?: readonly RelabelConfig[];
  /**
   * Rules that rewrite or drop the scraped samples before they are stored.
   * @default []
   * @example [{ sourceLabels: ['__name__'], regex: 'go_gc_.*', action: 'drop' }]
   */
  readonly metricRelabelings?: readonly RelabelConfig[];
}

/**
 * A Prometheus Operator ServiceMonitor (monitoring.coreos.com/v1) that scrapes `/metrics` on
 * named ports of the Services in its namespace that carry `serviceSelector`.
 */
export class MetricsServiceMonitor extends Construct {
  /** The ServiceMonitor, named `name`. */
  public readonly serviceMonitor: KubeServiceMonitor;

  constructor(scope: Construct, id: string, props: MetricsServiceMonitorProps) {
    super(scope, id);
    this.serviceMonitor = new KubeServiceMonitor(this, 'Resource', {
      metadata: { name: props.name, labels: props.labels },
      spec: {
        selector: { matchLabels: { ...props.serviceSelector } },
        endpoints: [props.port ?? 'metrics', ...(props.additionalPorts ?? [])].map((port) => ({
          port,
          path: '/metrics',
          interval: props.interval || undefined,
          scrapeTimeout: props.scrapeTimeout || undefined,
          relabelings: nonEmpty([...(props.relabelings ?? [])]),
          metricRelabelings: nonEmpty([...(props.metricRelabelings ?? [])]),
        })),
      },
    });
  }
}
