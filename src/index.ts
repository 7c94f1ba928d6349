// The chart, the app and the one-call render.
export { HeadscaleChart } from './chart/chart';
export type { HeadscaleChartProps } from './chart/chart';
export { HeadscaleApp } from './fast/app';
export { renderHeadscale, runningVersionValues } from './render';
export type { HeadscaleRender } from './render';

// The components, each usable on its own.
export { HeadscaleServer } from './components/headscale-server';
export type {
  HeadscaleServerAttributes,
  HeadscaleServerProps,
  IHeadscaleServer,
  ServerListeners,
  ServerPodProps,
  ServerServiceAccountProps,
  StunExposure,
  StunProps,
} from './components/headscale-server';
export type { IServerSidecar } from './components/server-sidecar';
export { TailscaleClient } from './components/tailscale-client';
export type { SecretKeySelector, TailscaleClientProps } from './components/tailscale-client';
export { PreauthKeyJob } from './components/preauth-key-job';
export type { PreauthKeyJobInternalTls, PreauthKeyJobKey, PreauthKeyJobProps } from './components/preauth-key-job';
export { TlsSidecar } from './components/tls-sidecar';
export type { TlsSidecarProps } from './components/tls-sidecar';
export type { HeadscaleUserSpec } from './derive/client';
export { Headplane } from './components/headplane';
export type { HeadplaneProps } from './components/headplane';
export { HeadscaleUi } from './components/headscale-ui';
export type { HeadscaleUiProps, UiIngressProps, UiPodProps } from './components/headscale-ui';
export { ServiceIngress } from './components/service-ingress';
export type { IngressPath, IngressRule, IngressTls, ServiceIngressProps } from './components/service-ingress';
export { ServiceGrpcRoute, ServiceHttpRoute } from './components/routes';
export type { RoutePath, ServiceGrpcRouteProps, ServiceHttpRouteProps } from './components/routes';
export { MetricsServiceMonitor } from './components/metrics-service-monitor';
export type { MetricsServiceMonitorProps } from './components/metrics-service-monitor';
export { TlsCertificate } from './components/tls-certificate';
export type { IssuerReference, TlsCertificateProps } from './components/tls-certificate';
export { HeadscaleNetworkPolicies } from './components/headscale-network-policies';
export type { HeadscaleNetworkPoliciesProps, PolicyTarget } from './components/headscale-network-policies';
export { DisruptionBudget } from './components/disruption-budget';
export type { DisruptionBudgetProps } from './components/disruption-budget';
export { KeptVolumeClaim } from './components/kept-volume-claim';
export type { KeptVolumeClaimProps } from './components/kept-volume-claim';
export { ConfigFile } from './components/config-file';
export type { ConfigFileProps } from './components/config-file';
export { ServiceAccountWithRole } from './components/service-account-with-role';
export type { ServiceAccountWithRoleProps } from './components/service-account-with-role';
export { policyReloadSidecar } from './components/policy-reload-sidecar';
export type { PolicyReloadSidecarProps } from './components/policy-reload-sidecar';
export { LitestreamSidecar } from './components/litestream-sidecar';
export type { LitestreamSidecarProps } from './components/litestream-sidecar';
export { upgradeBackupSidecar } from './components/upgrade-backup';
export type { UpgradeBackupProps } from './components/upgrade-backup';
export type { ComponentServiceProps, DisruptionBudgetLimits, PersistenceProps } from './components/common';
export type { MountedFile } from './derive/mounted-files';

// The emitted objects, typed by their Kubernetes models, and the fragments the props take.
export { KubeApiObject } from './components/kube';
export type {
  AccessMode,
  Affinity,
  Container,
  ContainerPort,
  EnvVar,
  ImagePullPolicy,
  KubeCertificate,
  KubeConfigMap,
  KubeCronJob,
  KubeDaemonSet,
  KubeDeployment,
  KubeGrpcRoute,
  KubeHttpRoute,
  KubeIngress,
  KubeJob,
  KubeNetworkPolicy,
  KubePersistentVolumeClaim,
  KubePodDisruptionBudget,
  KubeProps,
  KubeRole,
  KubeRoleBinding,
  KubeSecret,
  KubeService,
  KubeServiceAccount,
  KubeServiceMonitor,
  NetworkPolicyEgressRule,
  NetworkPolicyIngressRule,
  NetworkPolicyPeer,
  ParentReference,
  PathType,
  PodSecurityContext,
  PolicyRule,
  Probe,
  RelabelConfig,
  ResourceRequirements,
  SecurityContext,
  ServicePort,
  ServiceType,
  Toleration,
  Volume,
  VolumeMount,
} from './components/kube';
export type { Labels, Release } from './derive/release';

// Values: parsing, loading, their types, and the errors.
export { parseValues, parseValuesWithWarnings } from './chart/parse-values';
export type { CheckedValues } from './chart/parse-values';
export { parseValuesYaml, readValuesFile } from './values/load';
export { valuesJsonSchema } from './values/json-schema';
export type { HeadscaleValues, HeadscaleValuesInput } from './values/schema';
export { ManifestError, PropsError, ValuesError } from './core/errors';
export type { ValuesProblem } from './core/errors';
