import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { checkRelease, warningsBeyondTheDefaults } from './parse-values';
import { TailscaleClient } from '../components/tailscale-client';
import { TlsCertificate } from '../components/tls-certificate';
import { Headplane } from '../components/headplane';
import { ServiceIngress } from '../components/service-ingress';
import { TlsSidecar } from '../components/tls-sidecar';
import { HeadscaleNetworkPolicies } from '../components/headscale-network-policies';
import { PreauthKeyJob } from '../components/preauth-key-job';
import { ServiceGrpcRoute, ServiceHttpRoute } from '../components/routes';
import { HeadscaleServer } from '../components/headscale-server';
import { MetricsServiceMonitor } from '../components/metrics-service-monitor';
import { HeadscaleUi } from '../components/headscale-ui';
import { LitestreamSidecar } from '../components/litestream-sidecar';
import { upgradeBackupSidecar } from '../components/upgrade-backup';
import type { Release } from '../derive/release';
import { ManifestError, ValuesError, type ValuesProblem, warningLine } from '../core/errors';
import type { KubeObject } from '../kubernetes/validation/objects';
import { manifestProblems } from '../kubernetes/manifest-schema';
import type { HeadscaleValues, HeadscaleValuesInput } from '../values/schema';
import { valuesKeyOf } from './value-keys';

/** The props of {@link HeadscaleChart}; every one is optional. */
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
   * Values, as in the headscale chart's values.yaml; every key is optional.
   * @default {} (the defaults)
   * @example
   * {
   *   ingress: {
   *     enabled: true,
   *     hosts: [{ host: 'headscale.example.com', paths: [{ path: '/', pathType: 'Prefix' }] }],
   *   },
   *   ui: { enabled: true },
   * }
   */
  readonly values?: HeadscaleValuesInput;
  /**
   * Treat warnings about the values (keys Headscale ignores, settings that can't have their full
   * effect) as errors: the chart throws a `ValuesError` listing them. A warning that values with
   * no keys at all get too (the in-cluster client's plain-HTTP login) stays a warning, so that the
   * defaults pass.
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Print the warnings about the values to stderr when the chart is synthesized, one line each
   * (`warning: key.path: ...`). They are in `warnings` either way.
   * @default true
   */
  readonly printWarnings?: boolean;
}

/**
 * Headscale on Kubernetes, as the headscale Helm chart deploys it: the server and, as the values
 * ask, its ingress, the in-cluster tailscaled client with its preauth key job, and the web UI; or,
 * with `server.enabled: false`, the client alone, joining a Headscale that runs elsewhere.
 * Throws a `ValuesError` listing every problem when the values are invalid. At synth, every
 * object it holds (patches included) is checked against the Kubernetes schema; a `ManifestError`
 * lists what is wrong, object by object.
 */
export class HeadscaleChart extends Chart {
  /** The parsed values, every default applied. */
  public readonly values: HeadscaleValues;
  /** What in the values is likely a mistake but still renders (keys Headscale ignores, ...), one per key path. */
  public readonly warnings: readonly ValuesProblem[];
  /** The release's names. */
  public readonly release: Release;
  /** With `server.enabled` (the default); absent for a client of a Headscale elsewhere. */
  public readonly server?: HeadscaleServer;
  /** With `server.enabled` and `ingress.enabled`. */
  public readonly ingress?: ServiceIngress;
  /** With `server.enabled` and `ui.enabled`. */
  public readonly ui?: HeadscaleUi;
  /** With `client.enabled`. */
  public readonly client?: TailscaleClient;
  /**
   * With `server.enabled` and `client.enabled`: the job that gives the client its preauth key,
   * unless `client.authKeySecret.name` names a Secret of the user's.
   */
  public readonly preauthKey?: PreauthKeyJob;
  /** With `networkPolicy.enabled`. */
  public readonly networkPolicies?: HeadscaleNetworkPolicies;
  /** With `metrics.serviceMonitor.enabled`: the Prometheus Operator ServiceMonitor. */
  public readonly serviceMonitor?: MetricsServiceMonitor;
  /** With `httpRoute.enabled`: the Gateway API HTTPRoute. */
  public readonly httpRoute?: ServiceHttpRoute;
  /** With `grpcRoute.enabled`: the Gateway API GRPCRoute. */
  public readonly grpcRoute?: ServiceGrpcRoute;
  /** With `grpc.ingress.enabled`: the Ingress to the gRPC port. */
  public readonly grpcIngress?: ServiceIngress;
  /** With `tls.certificate.enabled`: the cert-manager Certificate of `tls.secretName`. */
  public readonly certificate?: TlsCertificate;
  /** With `server.enabled` and `headplane.enabled`: Headplane's Deployment, Service and their objects. */
  public readonly headplane?: Headplane;
  /**
   * With the server, the client and the ingress on (unless `client.internalTls.enabled` is
   * false): the TLS listener on the Service's port 443, whose
   * container runs in the server's pod; the key job keeps its certificate.
   */
  public readonly tlsSidecar?: TlsSidecar;
  /**
   * With `server.enabled` and `backup.enabled`: Litestream, whose containers run in the server's
   * pod (its restore before Headscale starts), with its config's ConfigMap.
   */
  public readonly litestream?: LitestreamSidecar;

  constructor(scope: Construct, id: string, props: HeadscaleChartProps = {}) {
    const namespace = props.namespace ?? 'default';
    super(scope, id, { namespace, disableResourceNameHashes: true });
    const checked = checkRelease(props.values ?? {}, props.releaseName ?? 'headscale', namespace);
    ({ values: this.values, warnings: this.warnings, release: this.release } = checked);
    const refused = props.strict ? warningsBeyondTheDefaults(this.warnings) : [];
    if (refused.length > 0) throw new ValuesError(refused);
    if (props.printWarnings ?? true) unprintedWarnings.add(this);

    const { components } = checked;
    if (components.tlsSidecar) this.tlsSidecar = new TlsSidecar(this, 'TlsSidecar', components.tlsSidecar);
    if (components.litestream) this.litestream = new LitestreamSidecar(this, 'Litestream', components.litestream);
    if (components.server) {
      this.server = new HeadscaleServer(this, 'Server', components.server);
      if (this.tlsSidecar) this.server.addSidecar(this.tlsSidecar);
      // The restore runs first, so that a restored database is the one copied before an upgrade.
      if (this.litestream) this.server.addSidecar(this.litestream);
      if (components.upgradeBackup) this.server.addSidecar(upgradeBackupSidecar(components.upgradeBackup));
    }
    if (components.ingress) this.ingress = new ServiceIngress(this, 'Ingress', components.ingress);
    if (components.ui) this.ui = new HeadscaleUi(this, 'Ui', components.ui);
    if (components.headplane) this.headplane = new Headplane(this, 'Headplane', components.headplane);
    if (components.client) this.client = new TailscaleClient(this, 'Client', components.client);
    if (components.preauthKey) this.preauthKey = new PreauthKeyJob(this, 'PreauthKey', components.preauthKey);
    if (components.networkPolicies)
      this.networkPolicies = new HeadscaleNetworkPolicies(this, 'NetworkPolicies', components.networkPolicies);
    if (components.serviceMonitor)
      this.serviceMonitor = new MetricsServiceMonitor(this, 'ServiceMonitor', components.serviceMonitor);
    if (components.httpRoute) this.httpRoute = new ServiceHttpRoute(this, 'HttpRoute', components.httpRoute);
    if (components.grpcRoute) this.grpcRoute = new ServiceGrpcRoute(this, 'GrpcRoute', components.grpcRoute);
    if (components.grpcIngress) this.grpcIngress = new ServiceIngress(this, 'GrpcIngress', components.grpcIngress);
    if (components.certificate) this.certificate = new TlsCertificate(this, 'Certificate', components.certificate);
  }

  /**
   * The chart's manifests, each checked against the Kubernetes schema (patches included). cdk8s
   * calls this once per chart at synth; a validation hook instead would run once per chart for
   * every chart of the app. Throws a {@link ManifestError} listing every object and field that
   * is wrong.
   */
  public override toJson(): any[] {
    return finishChartJson(this, super.toJson());
  }
}

/**
 * What `HeadscaleChart.toJson()` does once cdk8s has serialized the chart's objects: checks the
 * manifests and reports the warnings. A synthesis that serializes the objects itself calls it.
 */
export function finishChartJson(chart: HeadscaleChart, manifests: any[]): any[] {
  const problems = manifestProblems(manifests as KubeObject[], (object, field) => valuesKeyOf(chart, object, field));
  if (problems.length > 0) throw new ManifestError(problems);
  if (unprintedWarnings.delete(chart)) {
    for (const warning of chart.warnings) process.stderr.write(`${warningLine(warning)}\n`);
  }
  return manifests;
}

/** Charts whose warnings are printed at their first synth. */
const unprintedWarnings = new WeakSet<HeadscaleChart>();
