import type { TailscaleClientProps } from '../components/tailscale-client';
import type { HeadplaneProps } from '../components/headplane';
import type { TlsSidecarProps } from '../components/tls-sidecar';
import type { ServiceIngressProps } from '../components/service-ingress';
import type { TlsCertificateProps } from '../components/tls-certificate';
import type {
  EnvVar,
  NetworkPolicyIngressRule,
  NetworkPolicyPeer,
  ParentReference,
  Volume,
  VolumeMount,
} from '../components/kube';
import type { HeadscaleNetworkPoliciesProps } from '../components/headscale-network-policies';
import { policyReloadSidecar } from '../components/policy-reload-sidecar';
import type { PreauthKeyJobProps } from '../components/preauth-key-job';
import type { RoutePath, ServiceGrpcRouteProps, ServiceHttpRouteProps } from '../components/routes';
import { HeadscaleServer, type HeadscaleServerProps, type IHeadscaleServer } from '../components/headscale-server';
import type { IServerSidecar } from '../components/server-sidecar';
import type { MetricsServiceMonitorProps } from '../components/metrics-service-monitor';
import type { HeadscaleUiProps } from '../components/headscale-ui';
import { authKeySecretName, clientName, clientStateSecret, keyJobName, provisioningJobName } from '../derive/client';
import { headplaneConfig, headplaneName, HEADPLANE_PORT_NAME, HEADPLANE_ROUTE } from '../derive/headplane';
import { headscaleConfig, SERVER_TLS_VOLUME } from '../derive/headscale-config';
import {
  internalTlsDnsNames,
  internalTlsEnabled,
  internalTlsSecretName,
  tlsSidecarConfigName,
} from '../derive/internal-tls';
import { type MountedFile, serverFiles } from '../derive/mounted-files';
import { grpcPort, metricsPort, serverPorts, servicePortName, stunPort } from '../derive/ports';
import { clientAdvertisesRoutes, CLIENT_TAG, CLIENT_USER } from '../derive/policy';
import {
  commonLabels,
  imageReference,
  objectName,
  grpcObjectName,
  objectNamePrefix,
  type Release,
  selectorLabels,
  serverServiceAccountName,
  stunServiceName,
} from '../derive/release';
import { secretEnvironment } from '../derive/secret-env';
import { uiConfigFile, uiHeadscaleUrl, uiIngressRoute, uiName } from '../derive/ui';
import { clientCaSecretName, clientLoginServer, clusterServiceUrl } from '../derive/urls';
import { detectHeadscaleVersion } from '../values/headscale-versions';
import type { HeadscaleValues } from '../values/schema';

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
  /** With `headplane.enabled`: Headplane, which the chart adds to the server's pod. */
  readonly headplane?: HeadplaneProps;
  /**
   * With the server, the client and the ingress on, no `tls.secretName` and `client.internalTls.enabled`:
   * the TLS listener on the Service's port 443, added to the server's pod.
   */
  readonly tlsSidecar?: TlsSidecarProps;
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
  };
}

/** The chart's server as the key job, the client and the UIs know it. */
function serverReference(values: HeadscaleValues, release: Release): IHeadscaleServer {
  return HeadscaleServer.fromAttributes({
    url: clusterServiceUrl(values, release),
    selector: selectorLabels(release, 'server'),
    serviceAccountName: serverServiceAccountName(release, values.serviceAccount),
    headscaleVersion: detectHeadscaleVersion(values.image, values.headscaleVersion).version,
  });
}

function tlsSidecarProps(values: HeadscaleValues, release: Release): TlsSidecarProps {
  const { sidecarImage } = values.client.internalTls;
  return {
    name: tlsSidecarConfigName(release),
    labels: commonLabels(release),
    secretName: internalTlsSecretName(release),
    upstreamPort: serverPorts(values).container,
    image: imageReference(sidecarImage),
    imagePullPolicy: sidecarImage.pullPolicy,
  };
}

/** The key job gives the client a key from the Headscale deployed here, unless the user gives the client one. */
function clientKeyFromJob(values: HeadscaleValues): boolean {
  return values.server.enabled && values.client.enabled && !values.client.authKeySecret.name;
}

/** The key job's name: the chart's when it keeps the client's key, else one of its own. */
function keyJobObjectName(values: HeadscaleValues, release: Release): string {
  return clientKeyFromJob(values) ? keyJobName(release) : provisioningJobName(release);
}

/** `unset` in the values leaves a flag out. */
function flag(setting: boolean | 'unset'): boolean | undefined {
  return setting === 'unset' ? undefined : setting;
}

function serverProps(values: HeadscaleValues, release: Release): HeadscaleServerProps {
  const { persistence } = values;
  const ports = serverPorts(values);
  const files = serverFiles(values, release);
  const hotReload = files.policy?.live === true;
  return {
    name: release.fullname,
    labels: commonLabels(release),
    workloadLabels: { 'app.kubernetes.io/component': 'server' },
    podLabels: values.podLabels,
    selector: selectorLabels(release, 'server'),
    // The chart's Deployment selects without the component label, and a selector can't change.
    deploymentSelector: selectorLabels(release),
    podAnnotations: values.podAnnotations,
    image: imageReference(values.image),
    imagePullPolicy: values.image.pullPolicy,
    imagePullSecrets: values.imagePullSecrets.map((secret) => secret.name),
    ...(values.configMap.create
      ? { config: headscaleConfig(values, release) }
      : { existingConfigMap: release.fullname }),
    ...files,
    port: ports.service,
    containerPort: ports.container,
    serviceType: values.service.type,
    metricsPort: metricsPort(values),
    grpcPort: grpcPort(values),
    stun: stunProps(values, release),
    createServiceAccount: values.serviceAccount.create,
    serviceAccountName: serverServiceAccountName(release, values.serviceAccount),
    serviceAccountAnnotations: values.serviceAccount.annotations,
    persistence: persistence.enabled ? persistence : false,
    socketDir: values.runtime.socketDir,
    tlsSecretName: values.tls.secretName || undefined,
    env: secretEnvironment(values),
    livenessProbe: values.livenessProbe ?? false,
    readinessProbe: values.readinessProbe ?? false,
    // Fragments from values are checked against the Kubernetes schema when parsed (see values/k8s-schema.ts).
    resources: values.resources,
    securityContext: values.securityContext ?? {},
    podSecurityContext: values.podSecurityContext ?? {},
    nodeSelector: values.nodeSelector,
    affinity: values.affinity,
    tolerations: values.tolerations,
    extraVolumes: values.extraVolumes as unknown as Volume[],
    extraVolumeMounts: values.extraVolumeMounts as unknown as VolumeMount[],
    disruptionBudget: values.podDisruptionBudget.enabled ? values.podDisruptionBudget : false,
    sidecars: hotReload ? [policyReloadProps(values, files.policy)] : [],
  };
}

/** The policy watcher, as Headscale's user (a rule makes sure securityContext.runAsUser is set). */
function policyReloadProps(values: HeadscaleValues, policy: MountedFile): IServerSidecar {
  const { hotReload } = values.policy;
  const { runAsUser, runAsGroup } = values.securityContext as { runAsUser: number; runAsGroup?: number };
  return policyReloadSidecar({
    policy,
    runAsUser,
    runAsGroup,
    image: imageReference(hotReload.image),
    imagePullPolicy: hotReload.image.pullPolicy,
    resources: hotReload.resources,
  });
}

function ingressProps(values: HeadscaleValues, release: Release): ServiceIngressProps {
  const { ingress } = values;
  return {
    name: release.fullname,
    labels: commonLabels(release),
    serviceName: release.fullname,
    servicePortName: servicePortName(Boolean(values.tls.secretName)),
    className: ingress.className,
    annotations: ingress.annotations,
    tls: ingress.tls,
    // Headplane's path joins each host's, to the Service's port `headplane`.
    rules: values.headplane.enabled
      ? ingress.hosts.map((host) => ({ ...host, paths: [...host.paths, HEADPLANE_ROUTE] }))
      : ingress.hosts,
  };
}

function headplaneProps(values: HeadscaleValues, release: Release): HeadplaneProps {
  const { headplane } = values;
  return {
    name: headplaneName(release),
    labels: commonLabels(release),
    config: headplaneConfig(values, release),
    server: serverReference(values, release),
    serverTlsVolume: values.tls.secretName ? SERVER_TLS_VOLUME : undefined,
    image: imageReference(headplane.image),
    imagePullPolicy: headplane.image.pullPolicy,
    port: headplane.port,
    resources: headplane.resources,
    persistence: headplane.persistence.enabled ? headplane.persistence : false,
    oidcClientSecret: headplane.oidc.enabled
      ? { name: headplane.oidc.clientSecret.secretName, key: headplane.oidc.clientSecret.key }
      : undefined,
  };
}

function uiProps(values: HeadscaleValues, release: Release): HeadscaleUiProps {
  const { ui } = values;
  return {
    name: uiName(release),
    labels: commonLabels(release, 'ui'),
    selector: selectorLabels(release, 'ui'),
    server: serverReference(values, release),
    headscaleUrl: uiHeadscaleUrl(values, release),
    headscaleUrlEnvName: ui.headscaleUrlEnvName,
    image: imageReference(ui.image),
    imagePullPolicy: ui.image.pullPolicy,
    env: ui.extraEnv as unknown as EnvVar[],
    resources: ui.resources,
    containerPort: ui.containerPort,
    port: ui.service.port,
    serviceType: ui.service.type,
    configFile: uiConfigFile(values, release),
    persistence: ui.persistence.enabled ? ui.persistence : false,
    disruptionBudget: ui.podDisruptionBudget.enabled ? ui.podDisruptionBudget : false,
    ingress: uiIngressRoute(values),
  };
}

function clientProps(values: HeadscaleValues, release: Release): TailscaleClientProps {
  const { client } = values;
  const name = clientName(release);
  const caSecretName = clientCaSecretName(values, release);
  return {
    name,
    labels: commonLabels(release),
    workloadLabels: { 'app.kubernetes.io/component': 'client' },
    selector: selectorLabels(release, 'client'),
    daemonSet: client.daemonset,
    userspace: client.userspace,
    image: imageReference(client.image),
    imagePullPolicy: client.image.pullPolicy,
    resources: client.resources,
    // A Headscale elsewhere is known by its URL alone.
    server: values.server.enabled
      ? serverReference(values, release)
      : HeadscaleServer.fromAttributes({ url: client.loginServer }),
    // TLS wherever the values give it (see derive/urls.ts); the chart hard-codes http and port 8080.
    loginServer: clientLoginServer(values, release),
    // The user's own Secret (a Headscale elsewhere), else the one the key job writes.
    authKeySecret: client.authKeySecret.name ? client.authKeySecret : { name: authKeySecretName(release) },
    caSecret: caSecretName ? { name: caSecretName } : undefined,
    // Derived from the fullname, so two releases' clients don't collide (the chart registers every release's client as `headscale-client`).
    hostname: name,
    stateSecret: clientStateSecret(release),
    acceptDns: flag(client.acceptDns),
    acceptRoutes: flag(client.acceptRoutes),
    advertiseRoutes: client.advertiseRoutes,
    exitNode: client.exitNode,
    disruptionBudget: client.podDisruptionBudget.enabled ? client.podDisruptionBudget : false,
  };
}

/** The key job, which the client's key, the declared users and keys and Headplane's Secret share. */
function keyJobNeeded(values: HeadscaleValues): boolean {
  return (
    values.server.enabled &&
    (clientKeyFromJob(values) ||
      values.users.length > 0 ||
      values.preauthKeys.length > 0 ||
      values.headplane.enabled ||
      internalTlsEnabled(values))
  );
}

function preauthKeyProps(values: HeadscaleValues, release: Release): PreauthKeyJobProps {
  const { job } = values.client;
  // With the client, the chart's names; without it, names of the job's own.
  const objectNames = clientKeyFromJob(values)
    ? {
        scriptConfigMap: objectName(release, '-client-job-script'),
        // The Job's name ends in `-` and a hash of 8 characters.
        jobPrefix: objectNamePrefix(release, '-create-client-secret', 9),
        cronJob: objectName(release, '-ensure-client-key'),
      }
    : undefined;
  return {
    name: keyJobObjectName(values, release),
    objectNames,
    labels: commonLabels(release),
    server: serverReference(values, release),
    selector: selectorLabels(release, 'preauth-key'),
    authKeySecret: clientKeyFromJob(values) ? { name: authKeySecretName(release) } : undefined,
    users: values.users,
    keys: values.preauthKeys,
    headplaneSecret: values.headplane.enabled
      ? { name: headplaneName(release), apiKeyExpiration: values.headplane.apiKeyExpiration }
      : undefined,
    user: CLIENT_USER,
    // Routes are approved for the tag (see derive/policy.ts), so only a tagged key gets them approved.
    tags: clientAdvertisesRoutes(values) ? [CLIENT_TAG] : [],
    expiration: values.client.preauthKeyExpiration,
    image: imageReference(job.image),
    imagePullPolicy: job.image.pullPolicy,
    resources: job.resources,
    ttlSecondsAfterFinished: job.ttlSecondsAfterFinished,
    argocdHook: job.argocdHook,
    schedule: job.cronjob.enabled ? job.cronjob.schedule : undefined,
    internalTls: internalTlsEnabled(values)
      ? {
          secretName: internalTlsSecretName(release),
          dnsNames: internalTlsDnsNames(release),
          image: imageReference(values.client.internalTls.sidecarImage),
          imagePullPolicy: values.client.internalTls.sidecarImage.pullPolicy,
        }
      : undefined,
  };
}

function networkPolicyProps(values: HeadscaleValues, release: Release): HeadscaleNetworkPoliciesProps {
  const { networkPolicy, client } = values;
  return {
    labels: commonLabels(release),
    server: values.server.enabled ? { name: release.fullname, selector: selectorLabels(release, 'server') } : undefined,
    ui:
      values.server.enabled && values.ui.enabled
        ? { name: uiName(release), selector: selectorLabels(release, 'ui') }
        : undefined,
    // A DaemonSet on the host network is outside any NetworkPolicy.
    client:
      client.enabled && !client.daemonset
        ? { name: clientName(release), selector: selectorLabels(release, 'client') }
        : undefined,
    keyJob: keyJobNeeded(values)
      ? {
          name: keyJobObjectName(values, release),
          selector: selectorLabels(release, 'preauth-key'),
        }
      : undefined,
    keyJobEgress: networkPolicy.keyJobEgress.length > 0 ? networkPolicy.keyJobEgress : undefined,
    httpFrom: networkPolicy.httpFrom,
    // Headplane's port, in the server's pods, from where Headscale's HTTP port is reached from outside.
    serverIngress: [
      ...(values.headplane.enabled && networkPolicy.httpFrom.length > 0
        ? [{ from: networkPolicy.httpFrom, ports: [{ port: HEADPLANE_PORT_NAME, protocol: 'TCP' as const }] }]
        : []),
      ...listenerIngress(values),
      // The client logs in through the TLS listener; a DaemonSet on the host network is outside any policy.
      ...(internalTlsEnabled(values) && !client.daemonset
        ? [
            {
              from: [{ podSelector: { matchLabels: selectorLabels(release, 'client') } }],
              ports: [{ port: 'https', protocol: 'TCP' as const }],
            },
          ]
        : []),
      ...(networkPolicy.extraIngress as NetworkPolicyIngressRule[]),
    ],
  };
}

/**
 * The server's listeners beyond HTTP that a NetworkPolicy lets in: metrics from `metricsFrom`;
 * gRPC from `httpFrom` (the ingress controller or Gateway); STUN from anywhere, as clients reach
 * it from outside the cluster. A port nobody may reach gets no rule.
 */
function listenerIngress(values: HeadscaleValues): NetworkPolicyIngressRule[] {
  const { metricsFrom, httpFrom } = values.networkPolicy;
  const from = (peers: readonly unknown[]) => peers as NetworkPolicyPeer[];
  return [
    ...(metricsPort(values) !== undefined && metricsFrom.length > 0
      ? [{ from: from(metricsFrom), ports: [{ port: 'metrics', protocol: 'TCP' as const }] }]
      : []),
    ...(grpcPort(values) !== undefined && httpFrom.length > 0
      ? [{ from: from(httpFrom), ports: [{ port: 'grpc', protocol: 'TCP' as const }] }]
      : []),
    ...(stunPort(values) !== undefined ? [{ ports: [{ port: 'stun', protocol: 'UDP' as const }] }] : []),
  ];
}

function stunProps(values: HeadscaleValues, release: Release): HeadscaleServerProps['stun'] {
  const port = stunPort(values);
  if (port === undefined) return undefined;
  const { expose, annotations, loadBalancerIP, externalTrafficPolicy } = values.stun;
  return { serviceName: stunServiceName(release), port, expose, annotations, loadBalancerIP, externalTrafficPolicy };
}

function serviceMonitorProps(values: HeadscaleValues, release: Release): MetricsServiceMonitorProps {
  const { serviceMonitor } = values.metrics;
  return {
    name: release.fullname,
    labels: { ...serviceMonitor.labels, ...commonLabels(release) },
    // The server's Service: the UI's carries these labels too, but no port named metrics.
    serviceSelector: selectorLabels(release),
    interval: serviceMonitor.interval,
    scrapeTimeout: serviceMonitor.scrapeTimeout,
    relabelings: serviceMonitor.relabelings,
    metricRelabelings: serviceMonitor.metricRelabelings,
  };
}

/**
 * The HTTPRoute's paths: everything to the server, and the UI's path to the UI, as the ingresses
 * route them. Another backend (an admin UI, say) adds its path here.
 */
export function httpRoutePaths(values: HeadscaleValues, release: Release): RoutePath[] {
  return [
    { path: '/', serviceName: release.fullname, port: serverPorts(values).service },
    ...(values.ui.enabled
      ? [{ path: values.ui.ingress.path, serviceName: uiName(release), port: values.ui.service.port }]
      : []),
    ...(values.headplane.enabled
      ? [{ path: HEADPLANE_ROUTE.path, serviceName: release.fullname, port: values.headplane.port }]
      : []),
  ];
}

function httpRouteProps(values: HeadscaleValues, release: Release): ServiceHttpRouteProps {
  const { httpRoute } = values;
  return {
    name: release.fullname,
    labels: { ...httpRoute.labels, ...commonLabels(release) },
    annotations: httpRoute.annotations,
    parentRefs: httpRoute.parentRefs as unknown as ParentReference[],
    hostnames: httpRoute.hostnames,
    paths: httpRoutePaths(values, release),
  };
}

function grpcRouteProps(values: HeadscaleValues, release: Release): ServiceGrpcRouteProps {
  const { grpcRoute, httpRoute } = values;
  return {
    name: grpcObjectName(release),
    labels: { ...grpcRoute.labels, ...commonLabels(release) },
    annotations: grpcRoute.annotations,
    parentRefs: (grpcRoute.parentRefs.length > 0
      ? grpcRoute.parentRefs
      : httpRoute.parentRefs) as unknown as ParentReference[],
    hostnames: grpcRoute.hostnames,
    serviceName: release.fullname,
    port: grpcPort(values)!,
  };
}

/**
 * An Ingress to the gRPC port. ingress-nginx speaks HTTP/1 to backends unless told: its
 * backend-protocol annotation makes it gRPC (GRPCS over Headscale's own TLS)
 * (https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#backend-protocol).
 */
function grpcIngressProps(values: HeadscaleValues, release: Release): ServiceIngressProps {
  const { ingress } = values.grpc;
  const className = ingress.className || values.ingress.className;
  const derived: Record<string, string> =
    className === 'nginx'
      ? { 'nginx.ingress.kubernetes.io/backend-protocol': values.tls.secretName ? 'GRPCS' : 'GRPC' }
      : {};
  return {
    name: grpcObjectName(release),
    labels: commonLabels(release),
    serviceName: release.fullname,
    servicePortName: 'grpc',
    className,
    annotations: { ...derived, ...ingress.annotations },
    tls: ingress.tls,
    rules: [{ host: ingress.host, paths: [{ path: '/', pathType: 'Prefix' }] }],
  };
}

/** The Service's cluster names, which the in-cluster client and the UI dial, and the names given. */
function certificateProps(values: HeadscaleValues, release: Release): TlsCertificateProps {
  const { certificate, secretName } = values.tls;
  const service = `${release.fullname}.${release.namespace}.svc`;
  return {
    name: release.fullname,
    labels: commonLabels(release),
    secretName,
    dnsNames: [...new Set([`${service}.cluster.local`, service, ...certificate.dnsNames])],
    issuerRef: certificate.issuerRef,
  };
}
