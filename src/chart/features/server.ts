import { HEADSCALE_PORT, HEADSCALE_TLS_PORT } from '../../values/defaults';
import { isDeepStrictEqual } from 'node:util';
import { serverFiles } from '../../derive/mounted-files';
import { configFromValues, headscaleConfig } from '../../derive/headscale-config';
import { grpcPort, metricsPort, serverPorts } from '../../derive/ports';
import { serverServesTls } from '../../derive/server-tls';
import {
  type Release,
  commonLabels,
  imageReference,
  selectorLabels,
  serverServiceAccountName,
} from '../../derive/release';
import { derivedServerUrl, httpRouteUrl, ingressUrl, clusterServiceUrl } from '../../derive/urls';
import { problemAt, type ValuesProblem } from '../../core/errors';
import {
  type ConfigUnderCheck,
  configValue,
  headscaleConfigPatchSchema,
  serverUrlOutsideBaseDomain,
  startupFindings,
  startupWarnings,
  unknownConfigKeyMessage,
} from '../../values/headscale-config';
import {
  configVersionFindings,
  detectHeadscaleVersion,
  type DetectedVersion,
  environmentKeyNote,
} from '../../values/headscale-versions';
import type { HeadscaleValues } from '../../values/schema';
import { knownKeysAt, schemaAt } from '../../values/schema-walk';
import type { Volume, VolumeMount } from '../../components/kube';
import { HeadscaleServer, type HeadscaleServerProps, type IHeadscaleServer } from '../../components/headscale-server';
import { secretEnvironment } from '../../derive/secret-env';
import { stunProps } from './listeners';
import { policyReloadProps } from './policy';
import type { Rule } from '../rules';

// The server: its props, and the rules on its config.yaml, its ports and its version.

/** The chart's server as the key job, the client and the UIs know it. */
export function serverReference(values: HeadscaleValues, release: Release): IHeadscaleServer {
  return HeadscaleServer.fromAttributes({
    url: clusterServiceUrl(values, release),
    selector: selectorLabels(release, 'server'),
    serviceAccountName: serverServiceAccountName(release, values.serviceAccount),
    headscaleVersion: serverVersion(values).version,
  });
}

export function serverProps(values: HeadscaleValues, release: Release): HeadscaleServerProps {
  const { persistence } = values;
  const ports = serverPorts(values);
  const files = serverFiles(values, release);
  const hotReload = files.policy?.live === true;
  return {
    name: release.fullname,
    labels: commonLabels(release),
    workloadLabels: { 'app.kubernetes.io/component': 'server' },
    selector: selectorLabels(release, 'server'),
    // The chart's Deployment selects without the component label, and a selector can't change.
    deploymentSelector: selectorLabels(release),
    image: imageReference(values.image),
    imagePullPolicy: values.image.pullPolicy,
    ...(values.configMap.create
      ? { config: headscaleConfig(values, release) }
      : { existingConfigMap: release.fullname }),
    ...files,
    service: { type: values.service.type, port: ports.service },
    listeners: {
      http: ports.container,
      metrics: metricsPort(values),
      grpc: grpcPort(values),
      stun: stunProps(values, release),
    },
    serviceAccount: {
      create: values.serviceAccount.create,
      name: serverServiceAccountName(release, values.serviceAccount),
      annotations: values.serviceAccount.annotations,
    },
    persistence: persistence.enabled ? persistence : false,
    socketDir: values.runtime.socketDir,
    tlsSecretName: serverServesTls(values) ? values.tls.secretName : undefined,
    env: secretEnvironment(values),
    livenessProbe: values.livenessProbe ?? false,
    readinessProbe: values.readinessProbe ?? false,
    // Fragments from values are checked against the Kubernetes schema when parsed (see kubernetes/manifest-schema.ts).
    resources: values.resources,
    securityContext: values.securityContext ?? {},
    pod: {
      labels: values.podLabels,
      annotations: values.podAnnotations,
      securityContext: values.podSecurityContext ?? {},
      nodeSelector: values.nodeSelector,
      affinity: values.affinity,
      tolerations: values.tolerations,
      imagePullSecrets: values.imagePullSecrets.map((secret) => secret.name),
      volumes: values.extraVolumes as unknown as Volume[],
    },
    extraVolumeMounts: values.extraVolumeMounts as unknown as VolumeMount[],
    disruptionBudget: values.podDisruptionBudget.enabled ? values.podDisruptionBudget : false,
    sidecars: hotReload ? [policyReloadProps(values, files.policy)] : [],
  };
}

export const secretEnvKeysAreUnique: Rule = ({ secretEnv }) =>
  secretEnv.flatMap((entry, index) => {
    const first = secretEnv.findIndex((other) => other.key === entry.key);
    return first < index
      ? [
          {
            path: `secretEnv[${index}].key`,
            message: `repeats secretEnv[${first}].key (got ${JSON.stringify(entry.key)}): each config key comes from one Secret`,
          },
        ]
      : [];
  });

/** Config keys the chart sets from other values, with the values key that sets them, for messages. */
const DERIVED_CONFIG_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['dns.extra_records_path', 'extraDnsRecords.enabled'],
  ['derp.paths', 'derpMap.enabled'],
  ['tls_cert_path', 'tls.secretName'],
  ['tls_key_path', 'tls.secretName'],
  ['metrics_listen_addr', 'metrics.enabled'],
  ['grpc_listen_addr', 'grpc.enabled'],
  ['grpc_allow_insecure', 'grpc.enabled'],
  ['derp.server.stun_listen_addr', 'config.derp.server.enabled'],
];

/** config.yaml as the chart writes it (but for a derived server_url), and the keys set elsewhere. */
export function configUnderCheck(values: HeadscaleValues): ConfigUnderCheck {
  const config = configFromValues(values);
  const given = values.config ?? {};
  const setBy = new Map<string, string>(
    DERIVED_CONFIG_KEYS.filter(([key]) => !isDeepStrictEqual(configValue(config, key), configValue(given, key))),
  );
  values.secretEnv.forEach((entry, index) => setBy.set(entry.key, `secretEnv[${index}]`));
  return { config, setBy, version: serverVersion(values).version };
}

/** Headscale's start-up rules, on the config the chart writes. */
export const headscaleStartsWithTheConfig: Rule = (_, config) =>
  config ? startupFindings(config).map((finding) => problemAt(['config'], finding)) : [];

/** The Headscale version of the server image, which the config and policy checks follow (values/headscale-versions.ts). */
export const serverVersion = (values: HeadscaleValues): DetectedVersion =>
  detectHeadscaleVersion(values.image, values.headscaleVersion);

/** headscaleVersion, when set, names the version the tag names. */
export const statedVersionAgreesWithTheTag: Rule = (values) => {
  const { problem } = serverVersion(values);
  return problem ? [problem] : [];
};

/** The keys of config.yaml (or of secretEnv) that the server's version refuses, or reads with a warning. */
function configKeyNotes(values: HeadscaleValues, config: ConfigUnderCheck | undefined, kind: 'problem' | 'warning') {
  const { version } = serverVersion(values);
  const fromConfig = config ? configVersionFindings(values.config ?? {}, version) : { problems: [], warnings: [] };
  return [
    ...(kind === 'problem' ? fromConfig.problems : fromConfig.warnings).map((finding) =>
      problemAt(['config'], finding),
    ),
    ...values.secretEnv.flatMap((entry, index) => {
      const message = environmentKeyNote(entry.key, version)[kind];
      return message ? [{ path: `secretEnv[${index}].key`, message: `${JSON.stringify(entry.key)}: ${message}` }] : [];
    }),
  ];
}

export const configKeysTheVersionAccepts: Rule = (values, config) => configKeyNotes(values, config, 'problem');

/**
 * `service.port` and `config.listen_addr` both set must name one port: the container port (the
 * Service's target, the probes') is where Headscale listens, and can't follow both. The one
 * exception is the library's own: 443 in front of Headscale's 8080 when it serves TLS itself.
 */
export const listenAddressIsOnServicePort: Rule = (values) => {
  const given = values.service.port;
  const { container, listenAddr } = serverPorts(values);
  const tlsInFront = serverServesTls(values) && given === HEADSCALE_TLS_PORT && container === HEADSCALE_PORT;
  return given !== undefined && container !== given && !tlsInFront
    ? [
        {
          path: 'config.listen_addr',
          message: `listens on port ${container} (got ${JSON.stringify(listenAddr)}) while service.port is ${given}: Headscale listens where the container port and the probes look, so set one of them (the other follows it), or the same port in both`,
        },
      ]
    : [];
};

/** A file taken from an existing ConfigMap must name that ConfigMap. */
export const existingConfigMapsAreNamed: Rule = (values) => {
  const mounts = [
    { key: 'derpMap', enabled: values.derpMap.enabled, configMap: values.derpMap.configMap },
    { key: 'extraDnsRecords', enabled: values.extraDnsRecords.enabled, configMap: values.extraDnsRecords.configMap },
    { key: 'policy', enabled: values.policy.enabled, configMap: values.policy.configMap },
    { key: 'ui.configMap', enabled: values.ui.enabled && values.ui.configMap.enabled, configMap: values.ui.configMap },
  ];
  return mounts
    .filter((m) => m.enabled && !m.configMap.create && !m.configMap.name)
    .map((m) => ({
      path: m.key === 'ui.configMap' ? 'ui.configMap.name' : `${m.key}.configMap.name`,
      message: 'is required when configMap.create is false (the name of the existing ConfigMap to mount)',
    }));
};

export const prefixesOutsideTailscaleRanges: Rule = (_, config) =>
  config ? startupWarnings(config).map((finding) => problemAt(['config'], finding)) : [];

export const secretEnvKeysHeadscaleKnows: Rule = ({ secretEnv }) =>
  secretEnv.flatMap((entry, index) => {
    const path = entry.key.split('.');
    if (schemaAt(headscaleConfigPatchSchema, path)) return [];
    return [
      {
        path: `secretEnv[${index}].key`,
        message: unknownConfigKeyMessage(
          path[path.length - 1],
          knownKeysAt(headscaleConfigPatchSchema, path.slice(0, -1)),
        ),
      },
    ];
  });

/** With a read-only root filesystem, Headscale can only create its socket in a volume. */
export const socketHasAVolume: Rule = (values) =>
  values.runtime.socketDir === '' && values.securityContext?.readOnlyRootFilesystem === true
    ? [
        {
          path: 'runtime.socketDir',
          message:
            "is empty while securityContext.readOnlyRootFilesystem is true: Headscale can't create its unix socket unless config.unix_socket points into a volume of extraVolumes",
        },
      ]
    : [];

/** The tag names no Headscale version the checks know, so they assume one. */
export const headscaleVersionIsKnown: Rule = (values) => {
  const { warning } = serverVersion(values);
  return warning ? [warning] : [];
};

export const configKeysTheVersionIgnores: Rule = (values, config) => configKeyNotes(values, config, 'warning');

export function derivedUrlOutsideBaseDomain(values: HeadscaleValues, release: Release): ValuesProblem[] {
  if (!values.configMap.create || values.config?.server_url) return [];
  const derived = derivedServerUrl(values, release);
  const baseDomain = configValue(values.config ?? {}, 'dns.base_domain');
  const message = typeof baseDomain === 'string' ? serverUrlOutsideBaseDomain(derived, baseDomain) : undefined;
  return message
    ? [
        {
          path: 'config.server_url',
          message: `is empty, so it is derived from ${ingressUrl(values) ? 'ingress.hosts[0]' : httpRouteUrl(values) ? 'httpRoute.hostnames[0]' : 'the Service'}, and ${message}`,
        },
      ]
    : [];
}

/** With the server off, the release is the client alone: something must be deployed. */
export const somethingIsDeployed: Rule = ({ server, client }) =>
  !server.enabled && !client.enabled
    ? [{ path: 'server.enabled', message: 'is false while client.enabled is false too: nothing would be deployed' }]
    : [];
