import { internalTlsEnabled } from '../derive/internal-tls';
import type { Release } from '../derive/release';
import type { HeadscaleValues } from '../values/schema';
import type { TailscaleClientProps } from '../components/tailscale-client';
import type { HeadplaneProps } from '../components/headplane';
import type { TlsSidecarProps } from '../components/tls-sidecar';
import type { ServiceIngressProps } from '../components/service-ingress';
import type { TlsCertificateProps } from '../components/tls-certificate';
import type { HeadscaleNetworkPoliciesProps } from '../components/headscale-network-policies';
import type { PreauthKeyJobProps } from '../components/preauth-key-job';
import type { ServiceGrpcRouteProps, ServiceHttpRouteProps } from '../components/routes';
import type { HeadscaleServerProps } from '../components/headscale-server';
import type { MetricsServiceMonitorProps } from '../components/metrics-service-monitor';
import type { HeadscaleUiProps } from '../components/headscale-ui';
import type { LitestreamSidecarProps } from '../components/litestream-sidecar';
import type { UpgradeBackupProps } from '../components/upgrade-backup';
import { litestreamProps, upgradeBackupProps } from './features/backup';
import { clientProps } from './features/client';
import { keyJobNeeded, preauthKeyProps } from './features/key-job';
import { serviceMonitorProps } from './features/listeners';
import { networkPolicyProps } from './features/network-policy';
import { certificateProps, grpcIngressProps, grpcRouteProps, httpRouteProps, ingressProps } from './features/routes';
import { serverProps } from './features/server';
import { tlsSidecarProps } from './features/tls-listener';
import { headplaneProps, uiProps } from './features/ui';

/**
 * The values mapped to the components' props: the one place where the chart's values meet the
 * components. Names and labels are the chart's (see derive/release.ts).
 */
export interface ChartComponents {
  /** With `server.enabled`. */
  readonly server?: HeadscaleServerProps;
  /** With `server.enabled` and `ingress.enabled`. */
  readonly ingress?: ServiceIngressProps;
  /** With `server.enabled` and `ui.enabled`. */
  readonly ui?: HeadscaleUiProps;
  /** With `client.enabled`. */
  readonly client?: TailscaleClientProps;
  /**
   * With `server.enabled`, and the client's key (with `client.enabled`, unless `client.authKeySecret.name`
   * names the user's own), `users`, `preauthKeys` or `headplane.enabled`.
   */
  readonly preauthKey?: PreauthKeyJobProps;
  /** With `networkPolicy.enabled`. */
  readonly networkPolicies?: HeadscaleNetworkPoliciesProps;
  /** With `metrics.serviceMonitor.enabled`. */
  readonly serviceMonitor?: MetricsServiceMonitorProps;
  /** With `httpRoute.enabled`. */
  readonly httpRoute?: ServiceHttpRouteProps;
  /** With `grpcRoute.enabled`. */
  readonly grpcRoute?: ServiceGrpcRouteProps;
  /** With `grpc.ingress.enabled`. */
  readonly grpcIngress?: ServiceIngressProps;
  /** With `tls.certificate.enabled`. */
  readonly certificate?: TlsCertificateProps;
  /** With `server.enabled` and `headplane.enabled`: Headplane in a Deployment of its own. */
  readonly headplane?: HeadplaneProps;
  /**
   * With the server, the client and the ingress on and `client.internalTls.enabled`:
   * the TLS listener on the Service's port 443, added to the server's pod.
   */
  readonly tlsSidecar?: TlsSidecarProps;
  /** With `server.enabled` and `backup.enabled`: Litestream in the server's pod, and its restore before Headscale starts. */
  readonly litestream?: LitestreamSidecarProps;
  /**
   * With `server.enabled`, `upgrade.backup.enabled` (the default), `persistence.enabled` and the
   * SQLite database: the copy of the database before a version change.
   */
  readonly upgradeBackup?: UpgradeBackupProps;
}

export function chartComponents(values: HeadscaleValues, release: Release): ChartComponents {
  const server = values.server.enabled;
  return {
    server: server ? serverProps(values, release) : undefined,
    ingress: server && values.ingress.enabled ? ingressProps(values, release) : undefined,
    ui: server && values.ui.enabled ? uiProps(values, release) : undefined,
    client: values.client.enabled ? clientProps(values, release) : undefined,
    preauthKey: keyJobNeeded(values) ? preauthKeyProps(values, release) : undefined,
    networkPolicies: values.networkPolicy.enabled ? networkPolicyProps(values, release) : undefined,
    serviceMonitor: values.metrics.serviceMonitor.enabled ? serviceMonitorProps(values, release) : undefined,
    httpRoute: values.httpRoute.enabled ? httpRouteProps(values, release) : undefined,
    grpcRoute: values.grpcRoute.enabled ? grpcRouteProps(values, release) : undefined,
    grpcIngress: values.grpc.ingress.enabled ? grpcIngressProps(values, release) : undefined,
    certificate: values.tls.certificate.enabled ? certificateProps(values, release) : undefined,
    headplane: values.server.enabled && values.headplane.enabled ? headplaneProps(values, release) : undefined,
    tlsSidecar: internalTlsEnabled(values) ? tlsSidecarProps(values, release) : undefined,
    litestream: server && values.backup.enabled ? litestreamProps(values, release) : undefined,
    upgradeBackup: server ? upgradeBackupProps(values) : undefined,
  };
}
