import type { TailscaleClientProps } from '../components/client';
import type { HeadplaneProps } from '../components/headplane';
import type { ServiceIngressProps } from '../components/ingress';
import type { EnvVar, Volume, VolumeMount } from '../components/kube';
import type { HeadscaleNetworkPoliciesProps } from '../components/network-policy';
import type { PreauthKeyJobProps } from '../components/preauth-key-job';
import type { HeadscaleServerProps } from '../components/server';
import type { HeadscaleUiProps } from '../components/ui';
import { authKeySecretName, clientName, clientStateSecret, keyJobName, provisioningJobName } from '../derive/client';
import { headplaneConfig, headplaneName, HEADPLANE_PORT_NAME, HEADPLANE_ROUTE } from '../derive/headplane';
import { headscaleConfig } from '../derive/headscale-config';
import { serverFiles } from '../derive/mounted-files';
import { serverPorts } from '../derive/ports';
import { clientAdvertisesRoutes, CLIENT_TAG, CLIENT_USER } from '../derive/policy';
import {
  commonLabels,
  imageReference,
  objectName,
  objectNamePrefix,
  type Release,
  selectorLabels,
  serverServiceAccountName,
} from '../derive/release';
import { secretEnvironment } from '../derive/secret-env';
import { uiConfigFile, uiHeadscaleUrl, uiIngressRoute, uiName } from '../derive/ui';
import { clientLoginServer } from '../derive/urls';
import type { HeadscaleValues } from '../values/schema';

/**
 * The values mapped to the components' props: the one place where the chart's values meet the
 * components. Names and labels are the chart's (see derive/release.ts).
 */
export interface ChartComponents {
  readonly server: HeadscaleServerProps;
  /** With `ingress.enabled`. */
  readonly ingress?: ServiceIngressProps;
  /** With `ui.enabled`. */
  readonly ui?: HeadscaleUiProps;
  /** With `client.enabled`. */
  readonly client?: TailscaleClientProps;
  /** With `client.enabled`, `users` or `preauthKeys`. */
  readonly preauthKey?: PreauthKeyJobProps;
  /** With `networkPolicy.enabled`. */
  readonly networkPolicies?: HeadscaleNetworkPoliciesProps;
  /** With `headplane.enabled`: Headplane, which the chart adds to the server's pod. */
  readonly headplane?: HeadplaneProps;
}

export function chartComponents(values: HeadscaleValues, release: Release): ChartComponents {
  return {
    server: serverProps(values, release),
    ingress: values.ingress.enabled ? ingressProps(values, release) : undefined,
    ui: values.ui.enabled ? uiProps(values, release) : undefined,
    client: values.client.enabled ? clientProps(values, release) : undefined,
    preauthKey: keyJobNeeded(values) ? preauthKeyProps(values, release) : undefined,
    networkPolicies: values.networkPolicy.enabled ? networkPolicyProps(values, release) : undefined,
    headplane: values.headplane.enabled ? headplaneProps(values, release) : undefined,
  };
}

/** `unset` in the values leaves a flag out. */
function flag(setting: boolean | 'unset'): boolean | undefined {
  return setting === 'unset' ? undefined : setting;
}

function serverProps(values: HeadscaleValues, release: Release): HeadscaleServerProps {
  const { persistence } = values;
  const ports = serverPorts(values);
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
    ...serverFiles(values, release),
    port: ports.service,
    containerPort: ports.container,
    serviceType: values.service.type,
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
  };
}

function ingressProps(values: HeadscaleValues, release: Release): ServiceIngressProps {
  const { ingress } = values;
  return {
    name: release.fullname,
    labels: commonLabels(release),
    serviceName: release.fullname,
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
    serverServiceAccountName: serverServiceAccountName(release, values.serviceAccount),
    serverTlsVolume: values.tls.secretName ? 'tls' : undefined,
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
    // TLS wherever the values give it (see derive/urls.ts); the chart hard-codes http and port 8080.
    loginServer: clientLoginServer(values, release),
    authKeySecret: { name: authKeySecretName(release) },
    caSecret: values.tls.secretName ? { name: values.tls.secretName } : undefined,
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
export function keyJobNeeded(values: HeadscaleValues): boolean {
  return values.client.enabled || values.users.length > 0 || values.preauthKeys.length > 0 || values.headplane.enabled;
}

function preauthKeyProps(values: HeadscaleValues, release: Release): PreauthKeyJobProps {
  const { job } = values.client;
  // With the client, the chart's names; without it, names of the job's own.
  const names = values.client.enabled
    ? {
        name: keyJobName(release),
        objectNames: {
          scriptConfigMap: objectName(release, '-client-job-script'),
          // The Job's name ends in `-` and a hash of 8 characters.
          jobPrefix: objectNamePrefix(release, '-create-client-secret', 9),
          cronJob: objectName(release, '-ensure-client-key'),
        },
      }
    : { name: provisioningJobName(release) };
  return {
    ...names,
    labels: commonLabels(release),
    serverSelector: selectorLabels(release, 'server'),
    selector: selectorLabels(release, 'preauth-key'),
    authKeySecret: values.client.enabled ? authKeySecretName(release) : undefined,
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
  };
}

function networkPolicyProps(values: HeadscaleValues, release: Release): HeadscaleNetworkPoliciesProps {
  const { networkPolicy, client } = values;
  return {
    labels: commonLabels(release),
    server: { name: release.fullname, selector: selectorLabels(release, 'server') },
    ui: values.ui.enabled ? { name: uiName(release), selector: selectorLabels(release, 'ui') } : undefined,
    // A DaemonSet on the host network is outside any NetworkPolicy.
    client:
      client.enabled && !client.daemonset
        ? { name: clientName(release), selector: selectorLabels(release, 'client') }
        : undefined,
    keyJob: keyJobNeeded(values)
      ? {
          name: client.enabled ? keyJobName(release) : provisioningJobName(release),
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
      ...networkPolicy.extraIngress,
    ],
  };
}
