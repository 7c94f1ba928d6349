import { Construct } from 'constructs';
import type { Labels } from '../derive/release';
import { KubeServiceMonitor, nonEmpty, type RelabelConfig } from './kube';

export interface MetricsServiceMonitorProps {
  readonly name: string;
  readonly labels: Labels;
  /** Labels that find the Service to scrape (the server's). */
  readonly serviceSelector: Labels;
  /** The Service port scraped, by name. @default 'metrics' */
  readonly port?: string;
  /** A Prometheus duration (`30s`). @default - the Prometheus default */
  readonly interval?: string;
  /** A Prometheus duration (`10s`). @default - the Prometheus default */
  readonly scrapeTimeout?: string;
  /** @default [] */
  readonly relabelings?: readonly RelabelConfig[];
  /** @default [] */
  readonly metricRelabelings?: readonly RelabelConfig[];
}

/**
 * A Prometheus Operator ServiceMonitor (monitoring.coreos.com/v1) that scrapes `/metrics` on one
 * named port of the Services in its namespace that carry `serviceSelector`.
 */
export class MetricsServiceMonitor extends Construct {
  public readonly serviceMonitor: KubeServiceMonitor;

  constructor(scope: Construct, id: string, props: MetricsServiceMonitorProps) {
    super(scope, id);
    this.serviceMonitor = new KubeServiceMonitor(this, 'Resource', {
      metadata: { name: props.name, labels: props.labels },
      spec: {
        selector: { matchLabels: { ...props.serviceSelector } },
        endpoints: [
          {
            port: props.port ?? 'metrics',
            path: '/metrics',
            interval: props.interval || undefined,
            scrapeTimeout: props.scrapeTimeout || undefined,
            relabelings: nonEmpty([...(props.relabelings ?? [])]),
            metricRelabelings: nonEmpty([...(props.metricRelabelings ?? [])]),
          },
        ],
      },
    });
  }
}
