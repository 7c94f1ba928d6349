import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ServiceIngress } from './constructs/ingress';
import { HeadscaleServer } from './constructs/server';
import { commonLabels, deriveRelease, Release } from './render/release';
import { parseValues } from './values/parse';
import type { HeadscaleValues, HeadscaleValuesInput } from './values/schema';

export interface HeadscaleChartProps {
  /**
   * The release name: the base of every object name and the `app.kubernetes.io/instance` label.
   * Keep the Helm release's name to take over its objects.
   * @default 'headscale'
   */
  readonly releaseName?: string;
  /**
   * Namespace of every object.
   * @default 'default'
   */
  readonly namespace?: string;
  /**
   * Values, as in the chart's values.yaml; every key is optional.
   * @default {} (the chart's defaults)
   */
  readonly values?: HeadscaleValuesInput;
}

/**
 * Headscale on Kubernetes, as the headscale Helm chart deploys it: the server and, as the values
 * ask, its ingress. Throws a `ValuesError` listing every problem when the values are invalid.
 */
export class HeadscaleChart extends Chart {
  /** The parsed values, every default applied. */
  public readonly values: HeadscaleValues;
  public readonly release: Release;
  public readonly server: HeadscaleServer;
  /** When `ingress.enabled`. */
  public readonly ingress?: ServiceIngress;

  constructor(scope: Construct, id: string, props: HeadscaleChartProps = {}) {
    const namespace = props.namespace ?? 'default';
    super(scope, id, { namespace, disableResourceNameHashes: true });
    this.values = parseValues(props.values ?? {});
    this.release = deriveRelease(props.releaseName ?? 'headscale', namespace, this.values);
    const { values, release } = this;

    this.server = new HeadscaleServer(this, 'Server', { release, values });

    if (values.ingress.enabled) {
      this.ingress = new ServiceIngress(this, 'Ingress', {
        name: release.fullname,
        labels: commonLabels(release),
        serviceName: release.fullname,
        className: values.ingress.className,
        annotations: values.ingress.annotations,
        tls: values.ingress.tls,
        rules: values.ingress.hosts,
      });
    }
  }
}
