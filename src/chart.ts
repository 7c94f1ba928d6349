import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { preparedChartManifests } from './app';
import { TailscaleClient } from './constructs/client';
import { ServiceIngress } from './constructs/ingress';
import { PreauthKey } from './constructs/preauth-key';
import { HeadscaleServer } from './constructs/server';
import { HeadscaleUi } from './constructs/ui';
import { commonLabels, deriveRelease, Release } from './render/release';
import { manifestProblems } from './values/k8s-schema';
import { parseValuesWithWarnings } from './values/parse';
import { releaseProblems } from './values/rules';
import { ManifestError, ValuesError, ValuesProblem } from './values/errors';
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
 * ask, its ingress, the in-cluster tailscaled client with its preauth key job, and the web UI.
 * Throws a `ValuesError` listing every problem when the values are invalid. At synth, every
 * object it holds (patches included) is checked against the Kubernetes schema; a `ManifestError`
 * lists what is wrong, object by object.
 */
export class HeadscaleChart extends Chart {
  /** The parsed values, every default applied. */
  public readonly values: HeadscaleValues;
  /** What in the values is likely a mistake but still renders (keys Headscale ignores, ...), one per key path. */
  public readonly warnings: readonly ValuesProblem[];
  public readonly release: Release;
  public readonly server: HeadscaleServer;
  /** When `ingress.enabled`. */
  public readonly ingress?: ServiceIngress;
  /** When `ui.enabled`. */
  public readonly ui?: HeadscaleUi;
  /** When `client.enabled`. */
  public readonly client?: TailscaleClient;
  /** When `client.enabled`: the job that gives the client its preauth key. */
  public readonly preauthKey?: PreauthKey;

  constructor(scope: Construct, id: string, props: HeadscaleChartProps = {}) {
    const namespace = props.namespace ?? 'default';
    super(scope, id, { namespace, disableResourceNameHashes: true });
    ({ values: this.values, warnings: this.warnings } = parseValuesWithWarnings(props.values ?? {}));
    this.release = deriveRelease(props.releaseName ?? 'headscale', namespace, this.values);
    const { values, release } = this;
    const problems = releaseProblems(values, release);
    if (problems.length > 0) throw new ValuesError(problems);

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

    if (values.ui.enabled) this.ui = new HeadscaleUi(this, 'Ui', { release, values });

    if (values.client.enabled) {
      this.client = new TailscaleClient(this, 'Client', { release, values });
      this.preauthKey = new PreauthKey(this, 'PreauthKey', { release, values });
    }
  }

  /**
   * The chart's manifests, each checked against the Kubernetes schema (patches included). cdk8s
   * calls this once per chart at synth; a validation hook instead would run once per chart for
   * every chart of the app. Throws a {@link ManifestError} listing every object and field that
   * is wrong.
   */
  public override toJson(): any[] {
    const manifests = preparedChartManifests(this) ?? super.toJson();
    const problems = manifestProblems(manifests);
    if (problems.length > 0) throw new ManifestError(problems);
    return manifests;
  }
}
