import { isDeepStrictEqual } from 'node:util';
import { authKeySecretName, clientStateSecret } from '../derive/client';
import { clientAdvertisesRoutes, CLIENT_TAG, CLIENT_USER, policyDocument, policyNeeded } from '../derive/policy';
import { internalTlsEnabled } from '../derive/internal-tls';
import { CONFIG_PATH, splitPath } from '../derive/mounted-files';
import { configFromValues, SERVER_TLS_DIR } from '../derive/headscale-config';
import { embeddedDerpEnabled, grpcPort, metricsPort, serverPorts, stunPort } from '../derive/ports';
import type { Release } from '../derive/release';
import { clientTransport, derivedServerUrl, httpRouteUrl, ingressUrl } from '../derive/urls';
import { AUTHKEY_KEY, INTERNAL_TLS_PORT, INTERNAL_TLS_SERVICE_PORT } from '../values/defaults';
import { type Finding, problemAt, type ValuesProblem } from '../values/errors';
import {
  type ConfigUnderCheck,
  configValue,
  headscaleConfigPatchSchema,
  serverUrlOutsideBaseDomain,
  startupFindings,
  startupWarnings,
  unknownConfigKeyMessage,
} from '../values/headscale-config';
import {
  clientVersionProblem,
  configVersionFindings,
  detectHeadscaleVersion,
  type DetectedVersion,
  FEATURE_SINCE,
  isAtLeast,
  environmentKeyNote,
} from '../values/headscale-versions';
import { type PolicyDocument, policyFindings, policyWarnings } from '../values/policy';
import type { HeadscaleValues } from '../values/schema';
import { knownKeysAt, schemaAt } from '../values/schema-walk';

/**
 * Rules between keys that the schema's per-key types can't express. Each returns the problems it
 * finds, so the user sees all of them at once. Rules on config.yaml get it as the chart writes it,
 * made once for all of them: undefined when an existing ConfigMap replaces it (the user's to check).
 */
type Rule = (values: HeadscaleValues, config: ConfigUnderCheck | undefined) => ValuesProblem[];

/** A file taken from an existing ConfigMap must name that ConfigMap. */
const existingConfigMapsAreNamed: Rule = (values) => {
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

const ingressHasAHost: Rule = (values) =>
  values.ingress.enabled && values.ingress.hosts.length === 0
    ? [{ path: 'ingress.hosts', message: 'needs at least one host when ingress.enabled is true' }]
    : [];

const secretEnvKeysAreUnique: Rule = ({ secretEnv }) =>
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
function configUnderCheck(values: HeadscaleValues): ConfigUnderCheck {
  const config = configFromValues(values);
  const given = values.config ?? {};
  const setBy = new Map<string, string>(
    DERIVED_CONFIG_KEYS.filter(([key]) => !isDeepStrictEqual(configValue(config, key), configValue(given, key))),
  );
  values.secretEnv.forEach((entry, index) => setBy.set(entry.key, `secretEnv[${index}]`));
  return { config, setBy, version: serverVersion(values).version };
}

/** Headscale's start-up rules, on the config the chart writes. */
const headscaleStartsWithTheConfig: Rule = (_, config) =>
  config ? startupFindings(config).map((finding) => problemAt(['config'], finding)) : [];

/** The Headscale version of the server image, which the config and policy checks follow (values/headscale-versions.ts). */
const serverVersion = (values: HeadscaleValues): DetectedVersion =>
  detectHeadscaleVersion(values.image, values.headscaleVersion);

/** Whether the chart writes the policy file (the user's, with the client's approvals). */
const policyWrittenHere = (values: HeadscaleValues) =>
  values.policy.enabled ? values.policy.configMap.create : policyNeeded(values);

/** The policy file the chart writes passes the checks of the server's Headscale version. */
const policyPassesHeadscaleChecks: Rule = (values) => {
  if (!policyWrittenHere(values)) return [];
  return policyFindings(policyDocument(values) as PolicyDocument, serverVersion(values).version).map(
    (finding: Finding) => problemAt(['policy', 'content'], finding),
  );
};

/** headscaleVersion, when set, names the version the tag names. */
const statedVersionAgreesWithTheTag: Rule = (values) => {
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

const configKeysTheVersionAccepts: Rule = (values, config) => configKeyNotes(values, config, 'problem');

/**
 * The in-cluster client registers only when Headscale accepts its version: it refuses clients older
 * than its minimum at registration (values/headscale-versions.ts, clientVersionProblem).
 */
const clientIsRecentEnough: Rule = (values) => {
  if (!values.client.enabled) return [];
  const message = clientVersionProblem(values.client.image.tag, serverVersion(values).version);
  return message ? [{ path: 'client.image.tag', message }] : [];
};

/** Headplane and keys owned by tags alone need a Headscale version that serves them (values/headscale-versions.ts). */
const featuresTheVersionServes: Rule = (values) => {
  const { version } = serverVersion(values);
  const tooOld = (feature: keyof typeof FEATURE_SINCE) => !isAtLeast(version, FEATURE_SINCE[feature]);
  return [
    ...(values.headplane.enabled && tooOld('headplane')
      ? [
          {
            path: 'headplane.enabled',
            message: `needs Headscale ${FEATURE_SINCE.headplane} or later, and the image is Headscale ${version}: upgrade Headscale one minor version at a time first`,
          },
        ]
      : []),
  ];
};

/**
 * `service.port` and `config.listen_addr` both set must name one port: the container port (the
 * Service's target, the probes') is where Headscale listens, and can't follow both.
 */
const listenAddressIsOnServicePort: Rule = (values) => {
  const given = values.service.port;
  const { container, listenAddr } = serverPorts(values);
  return given !== undefined && container !== given
    ? [
        {
          path: 'config.listen_addr',
          message: `listens on port ${container} (got ${JSON.stringify(listenAddr)}) while service.port is ${given}: Headscale listens where the container port and the probes look, so set one of them (the other follows it), or the same port in both`,
        },
      ]
    : [];
};

/** With the server off, the release is the client alone: something must be deployed. */
const somethingIsDeployed: Rule = ({ server, client }) =>
  !server.enabled && !client.enabled
    ? [{ path: 'server.enabled', message: 'is false while client.enabled is false too: nothing would be deployed' }]
    : [];

/** A client of a Headscale elsewhere needs that Headscale's URL and a key from it: nothing here can derive them. */
const externalServerIsNamed: Rule = ({ server, client }) =>
  !server.enabled && client.enabled
    ? [
        ...(client.loginServer
          ? []
          : [
              {
                path: 'client.loginServer',
                message:
                  'is required while server.enabled is false: the URL of the Headscale the client joins, such as https://headscale.example.com',
              },
            ]),
        ...(client.authKeySecret.name
          ? []
          : [
              {
                path: 'client.authKeySecret.name',
                message: `is required while server.enabled is false: an existing Secret holding a preauth key from that Headscale (headscale preauthkeys create), under the key client.authKeySecret.key ("${client.authKeySecret.key}")`,
              },
            ]),
      ]
    : [];

/** The key job writes its Secret's key as `authkey`: another key names a Secret of the user's. */
const authKeyNamesItsSecret: Rule = ({ client }) =>
  client.enabled && !client.authKeySecret.name && client.authKeySecret.key !== AUTHKEY_KEY
    ? [
        {
          path: 'client.authKeySecret.key',
          message: `is ${JSON.stringify(client.authKeySecret.key)} without client.authKeySecret.name: the key job writes the key as "${AUTHKEY_KEY}"; name your own Secret in client.authKeySecret.name, or leave the key unset`,
        },
      ]
    : [];

/** One way in from outside: the two would each derive server_url and route the same paths. */
const ingressOrHttpRoute: Rule = ({ ingress, httpRoute }) =>
  ingress.enabled && httpRoute.enabled
    ? [
        {
          path: 'httpRoute.enabled',
          message:
            "can't be combined with ingress.enabled: expose Headscale through an Ingress or a Gateway API HTTPRoute, not both (turn one off)",
        },
      ]
    : [];

/**
 * policy.hotReload: Headscale re-reads the policy file on SIGHUP in file mode only
 * (juanfont/headscale hscontrol/app.go, Serve), the sidecar signals it as its own user, and the
 * ConfigMap is mounted as a whole directory, which no other mount may share.
 */
const hotReloadHasWhatItNeeds: Rule = (values, config) => {
  const { policy } = values;
  if (!policy.hotReload.enabled) return [];
  const at = 'policy.hotReload.enabled';
  if (!policy.enabled)
    return [
      {
        path: at,
        message:
          'needs policy.enabled: it reloads your policy file (policy.content, or your ConfigMap with policy.configMap.create false)',
      },
    ];
  const problems: ValuesProblem[] = [];
  const mode = configValue(config?.config ?? values.config ?? {}, 'policy.mode');
  if (mode !== undefined && mode !== 'file')
    problems.push({
      path: at,
      message: `needs config.policy.mode "file" (got ${JSON.stringify(mode)}): in database mode the policy is not read from the file`,
    });
  const runAsUser = values.securityContext?.runAsUser;
  if (typeof runAsUser !== 'number' || runAsUser === 0)
    problems.push({
      path: at,
      message: `needs securityContext.runAsUser, a user other than root (got ${JSON.stringify(runAsUser)}): the watcher runs as Headscale's user to signal it without a capability`,
    });
  const { directory } = splitPath(policy.path);
  const shared = otherServerMounts(values).find(
    (mount) =>
      mount.path === directory || mount.path.startsWith(`${directory}/`) || directory.startsWith(`${mount.path}/`),
  );
  if (shared)
    problems.push({
      path: 'policy.path',
      message: `is in ${directory}, which holds ${shared.what} too (${shared.path}): with policy.hotReload.enabled the policy's ConfigMap is mounted as that whole directory, so give the policy a directory of its own, such as /etc/headscale/policy/policy.json`,
    });
  return problems;
};

/** The server container's mounts other than the policy's, with what each is. */
function otherServerMounts(values: HeadscaleValues): Array<{ path: string; what: string }> {
  return [
    { path: CONFIG_PATH, what: 'config.yaml' },
    ...(values.derpMap.enabled ? [{ path: values.derpMap.path, what: 'the DERP map (derpMap.path)' }] : []),
    ...(values.extraDnsRecords.enabled
      ? [{ path: values.extraDnsRecords.path, what: 'the extra DNS records (extraDnsRecords.path)' }]
      : []),
    ...(values.tls.secretName ? [{ path: SERVER_TLS_DIR, what: "the TLS Secret's files" }] : []),
    ...(values.runtime.socketDir ? [{ path: values.runtime.socketDir, what: 'the socket directory' }] : []),
    ...values.extraVolumeMounts.map((mount, index) => ({
      path: String(mount.mountPath),
      what: `extraVolumeMounts[${index}]`,
    })),
  ];
}

/** A rule on the server's keys, which have no effect while server.enabled is false. */
const serverOnly =
  (rule: Rule): Rule =>
  (values, config) =>
    values.server.enabled ? rule(values, config) : [];

/** A route attaches to a Gateway through its parentRefs; without one no Gateway serves it. */
const routesHaveParents: Rule = ({ httpRoute, grpcRoute }) => [
  ...(httpRoute.enabled && httpRoute.parentRefs.length === 0
    ? [
        {
          path: 'httpRoute.parentRefs',
          message: 'needs at least one Gateway (such as { name: public }) when httpRoute.enabled is true',
        },
      ]
    : []),
  ...(grpcRoute.enabled && grpcRoute.parentRefs.length === 0 && httpRoute.parentRefs.length === 0
    ? [
        {
          path: 'grpcRoute.parentRefs',
          message: 'needs at least one Gateway (or httpRoute.parentRefs) when grpcRoute.enabled is true',
        },
      ]
    : []),
];

/** The ServiceMonitor scrapes the metrics port, and the GRPCRoute routes to the gRPC port: each needs its listener. */
const listenersOfTheirConsumers: Rule = (values) => [
  ...(values.metrics.serviceMonitor.enabled && !values.metrics.enabled
    ? [
        {
          path: 'metrics.serviceMonitor.enabled',
          message: 'needs metrics.enabled: the ServiceMonitor scrapes the port it adds',
        },
      ]
    : []),
  ...(values.grpcRoute.enabled && !values.grpc.enabled
    ? [{ path: 'grpcRoute.enabled', message: 'needs grpc.enabled: the GRPCRoute routes to the gRPC port it adds' }]
    : []),
  ...(values.grpc.ingress.enabled && !values.grpc.enabled
    ? [{ path: 'grpc.ingress.enabled', message: 'needs grpc.enabled: the Ingress routes to the gRPC port it adds' }]
    : []),
  ...(values.grpc.enabled && values.grpc.ingress.enabled && !values.grpc.ingress.host
    ? [{ path: 'grpc.ingress.host', message: 'is required when grpc.ingress.enabled is true' }]
    : []),
];

const LOOPBACK = /^(127\.|localhost:|\[::1\]:)/;

/**
 * A listener that a values switch turns on and config.yaml's address both set must name one port,
 * on the pod's addresses: the container and Service ports follow it (as for listen_addr).
 */
const listenersOnTheirPorts: Rule = (values) =>
  [
    { switch: 'metrics', key: 'metrics_listen_addr', given: values.metrics.port, port: metricsPort(values) },
    { switch: 'grpc', key: 'grpc_listen_addr', given: values.grpc.port, port: grpcPort(values) },
  ].flatMap(({ switch: name, key, given, port }) => {
    const address = values.config?.[key];
    if (port === undefined || typeof address !== 'string' || address === '') return [];
    if (LOOPBACK.test(address))
      return [
        {
          path: `config.${key}`,
          message: `listens on the loopback address only (got ${JSON.stringify(address)}), which ${name}.enabled exposes through the Service: listen on 0.0.0.0, or leave it unset`,
        },
      ];
    return given !== undefined && given !== port
      ? [
          {
            path: `config.${key}`,
            message: `listens on port ${port} (got ${JSON.stringify(address)}) while ${name}.port is ${given}: set one of them (the other follows it), or the same port in both`,
          },
        ]
      : [];
  });

/** cert-manager writes the Certificate into tls.secretName, which the server mounts, and needs an issuer. */
const certificateIsNamed: Rule = ({ tls }) =>
  tls.certificate.enabled
    ? [
        ...(tls.secretName
          ? []
          : [
              {
                path: 'tls.secretName',
                message:
                  'is required with tls.certificate.enabled: the Secret cert-manager writes and Headscale serves TLS from',
              },
            ]),
        ...(tls.certificate.issuerRef.name
          ? []
          : [
              {
                path: 'tls.certificate.issuerRef.name',
                message:
                  'is required with tls.certificate.enabled: the Issuer or ClusterIssuer that signs the certificate',
              },
            ]),
      ]
    : [];

/**
 * Headscale refuses a preauth key whose tags its policy does not define (policy v2: "every tag
 * used must be defined in tagOwners", hscontrol/policy/v2), so a key's tags must be in the policy
 * the chart mounts. A policy from an existing ConfigMap, or none, is not checked.
 */
const keyTagsAreOwned: Rule = (values) => {
  if (!policyNeeded(values) || (values.policy.enabled && !values.policy.configMap.create)) return [];
  const tagOwners = policyDocument(values).tagOwners;
  const owned = typeof tagOwners === 'object' && tagOwners !== null ? Object.keys(tagOwners) : [];
  return values.preauthKeys.flatMap((key, index) =>
    key.tags
      .map((tag, tagIndex) => ({ tag, tagIndex }))
      .filter(({ tag }) => !owned.includes(tag))
      .map(({ tag, tagIndex }) => ({
        path: `preauthKeys[${index}].tags[${tagIndex}]`,
        message: `is not in the policy's tagOwners, and Headscale refuses a key with a tag its policy does not define: add "${tag}" to policy.content.tagOwners`,
      })),
  );
};

/** Headplane's OIDC sign-in redirects back to its public URL, the ingress's, with the client secret from a Secret. */
const headplaneOidcIsComplete: Rule = ({ headplane, ingress }) => {
  if (!headplane.enabled || !headplane.oidc.enabled) return [];
  return [
    ...(ingress.enabled
      ? []
      : [
          {
            path: 'headplane.oidc.enabled',
            message: "needs ingress.enabled: OIDC redirects back to Headplane's public URL",
          },
        ]),
    ...(headplane.oidc.clientSecret.secretName
      ? []
      : [{ path: 'headplane.oidc.clientSecret.secretName', message: 'is required with headplane.oidc.enabled' }]),
  ];
};

/**
 * The TLS listener shares the server's pod (one network namespace) and Service: Headscale's port
 * can't be the listener's container port, nor the Service's http port its 443.
 */
const internalTlsPortsAreFree: Rule = (values) => {
  if (!internalTlsEnabled(values)) return [];
  const ports = serverPorts(values);
  const fix =
    "(the client's TLS listener, as an ingress fronts Headscale): choose another port, or set client.internalTls.enabled to false";
  if (ports.container === INTERNAL_TLS_PORT)
    return [
      {
        path: typeof values.config?.listen_addr === 'string' ? 'config.listen_addr' : 'service.port',
        message: `puts Headscale on port ${INTERNAL_TLS_PORT}, where the TLS sidecar listens in the same pod ${fix}`,
      },
    ];
  return ports.service === INTERNAL_TLS_SERVICE_PORT
    ? [
        {
          path: 'service.port',
          message: `puts Headscale's http port on the Service's port ${INTERNAL_TLS_SERVICE_PORT}, which is the TLS sidecar's ${fix}`,
        },
      ]
    : [];
};

const RULES: readonly Rule[] = [
  somethingIsDeployed,
  internalTlsPortsAreFree,
  externalServerIsNamed,
  authKeyNamesItsSecret,
  serverOnly(ingressOrHttpRoute),
  serverOnly(routesHaveParents),
  serverOnly(listenersOfTheirConsumers),
  serverOnly(listenersOnTheirPorts),
  serverOnly(certificateIsNamed),
  serverOnly(keyTagsAreOwned),
  serverOnly(headplaneOidcIsComplete),
  serverOnly(listenAddressIsOnServicePort),
  serverOnly(existingConfigMapsAreNamed),
  serverOnly(ingressHasAHost),
  serverOnly(secretEnvKeysAreUnique),
  serverOnly(headscaleStartsWithTheConfig),
  serverOnly(statedVersionAgreesWithTheTag),
  serverOnly(configKeysTheVersionAccepts),
  serverOnly(policyPassesHeadscaleChecks),
  serverOnly(clientIsRecentEnough),
  serverOnly(featuresTheVersionServes),
  serverOnly(hotReloadHasWhatItNeeds),
];

/** The generated approvals can't reach a policy in an existing ConfigMap. */
const routesNeedApprovalsInExistingPolicy: Rule = (values) =>
  values.policy.enabled && !values.policy.configMap.create && clientAdvertisesRoutes(values)
    ? [
        {
          path: 'policy.configMap.create',
          message: `is false, so the auto-approvals of client.advertiseRoutes can't be added to the policy: add tagOwners "${CLIENT_TAG}": ["${CLIENT_USER}@"] and autoApprovers for the routes${values.client.exitNode ? ' and the exit node' : ''} to that ConfigMap's policy, or approve them by hand`,
        },
      ]
    : [];

const prefixesOutsideTailscaleRanges: Rule = (_, config) =>
  config ? startupWarnings(config).map((finding) => problemAt(['config'], finding)) : [];

const secretEnvKeysHeadscaleKnows: Rule = ({ secretEnv }) =>
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

/** tailscale/tailscale issue 15008: clients from 1.78 on redial control on port 443 with TLS after a recent connection. */
const clientReachesHeadscaleOverTls: Rule = (values) => {
  if (!values.client.enabled || clientTransport(values) !== 'plain-http') return [];
  const issue =
    'tailscale clients from 1.78 on redial on port 443 with TLS after a recent connection, so the client fails to reconnect after a quick restart (tailscale/tailscale issue 15008)';
  return [
    values.client.loginServer
      ? {
          path: 'client.loginServer',
          message: `is plain HTTP (got ${JSON.stringify(values.client.loginServer)}): ${issue}. Give the client the Headscale's https URL`,
        }
      : {
          path: 'client.enabled',
          message: `logs the client in over plain HTTP, as nothing gives Headscale TLS: ${issue}. Give it TLS: ingress.tls (server_url becomes https), an https config.server_url, or tls.secretName`,
        },
  ];
};

/** Chart 0.2.0's sidecar image (nginx on Alpine, openssl installed at start) is not used: say what is. */
const internalTlsIsMapped: Rule = (values) => {
  if (values.client.internalTls.image === undefined) return [];
  const transport = clientTransport(values);
  const how =
    transport === 'internal-tls'
      ? 'the TLS sidecar runs client.internalTls.sidecarImage, which has openssl, and the key job makes its certificate'
      : transport === 'server-tls'
        ? 'Headscale serves TLS itself (tls.secretName) and the client trusts its ca.crt'
        : transport === 'public-https'
          ? 'the client logs in to the https server_url'
          : 'nothing gives Headscale TLS yet (see the warning on client.enabled)';
  return [
    {
      path: 'client.internalTls.image',
      message: `is chart 0.2.0's image of its TLS sidecar, whose Alpine nginx has no openssl (the chart installs it at start), and is not used: ${how}`,
    },
  ];
};

/** With a read-only root filesystem, Headscale can only create its socket in a volume. */
const socketHasAVolume: Rule = (values) =>
  values.runtime.socketDir === '' && values.securityContext?.readOnlyRootFilesystem === true
    ? [
        {
          path: 'runtime.socketDir',
          message:
            "is empty while securityContext.readOnlyRootFilesystem is true: Headscale can't create its unix socket unless config.unix_socket points into a volume of extraVolumes",
        },
      ]
    : [];

/** The ingress controller (or a load balancer) reaches Headscale only when httpFrom lets it in. */
const networkPolicyLetsTheIngressIn: Rule = (values) => {
  const { networkPolicy, ingress, httpRoute, service } = values;
  const external = ingress.enabled
    ? 'ingress.enabled is true'
    : httpRoute.enabled
      ? 'httpRoute.enabled is true'
      : service.type === 'LoadBalancer' || service.type === 'NodePort'
        ? `service.type is ${service.type}`
        : undefined;
  return networkPolicy.enabled && networkPolicy.httpFrom.length === 0 && external
    ? [
        {
          path: 'networkPolicy.httpFrom',
          message: `is empty while ${external}: only the in-cluster client and UI reach Headscale; add the ingress controller's or the Gateway's pods (or the load balancer's addresses)`,
        },
      ]
    : [];
};

/** The tag names no Headscale version the checks know, so they assume one. */
const headscaleVersionIsKnown: Rule = (values) => {
  const { warning } = serverVersion(values);
  return warning ? [warning] : [];
};

const configKeysTheVersionIgnores: Rule = (values, config) => configKeyNotes(values, config, 'warning');

/** What the server's version reads differently in the policy (`*`, proto icmp). */
const policyMeansWhatItSays: Rule = (values, config) => {
  if (!policyWrittenHere(values)) return [];
  const outsidePrefixes = config
    ? startupWarnings(config).map((finding) => String(configValue(config.config, finding.at.join('.'))))
    : [];
  return policyWarnings(policyDocument(values) as PolicyDocument, serverVersion(values).version, outsidePrefixes).map(
    (finding) => problemAt(['policy', 'content'], finding),
  );
};

/** Routes are auto-approved for the key job's tag: a key of the user's gets them approved only with that tag. */
const ownKeyCarriesTheClientTag: Rule = (values) =>
  values.server.enabled && values.client.authKeySecret.name && clientAdvertisesRoutes(values)
    ? [
        {
          path: 'client.authKeySecret.name',
          message: `names your own key, so the policy approves client.advertiseRoutes only if that key carries ${CLIENT_TAG} (headscale preauthkeys create --tags ${CLIENT_TAG}); else approve the routes by hand`,
        },
      ]
    : [];

/**
 * Headscale advertises the STUN listener's port in the DERP map (hscontrol/derp/server/derp_server.go,
 * GenerateRegion), so a NodePort Service uses it as its node port, which most clusters allow only
 * in 30000-32767 (the API server's --service-node-port-range).
 */
const stunNodePortInRange: Rule = (values) => {
  const port = stunPort(values);
  return port !== undefined && values.stun.expose === 'NodePort' && (port < 30000 || port > 32767)
    ? [
        {
          path: 'stun.expose',
          message: `is NodePort, so the STUN port ${port} is also the node port, outside the default node port range 30000-32767: set config.derp.server.stun_listen_addr to a port in the cluster's range (such as 0.0.0.0:30478), or use LoadBalancer or hostPort`,
        },
      ]
    : [];
};

/** Without TLS of its own, Headscale's gRPC (API keys included) is plaintext on the pod network. */
const grpcIsPlaintextWithoutARoute: Rule = (values, config) =>
  values.grpc.enabled &&
  config?.config.grpc_allow_insecure === true &&
  !values.grpcRoute.enabled &&
  !values.grpc.ingress.enabled
    ? [
        {
          path: 'grpc.enabled',
          message:
            'serves gRPC without TLS (grpc_allow_insecure), as Headscale has no certificate (tls.secretName): API keys cross the pod network in plaintext, and remote CLIs need something that terminates TLS in front (grpcRoute.enabled or grpc.ingress.enabled), or tls.secretName',
        },
      ]
    : [];

/** Browsers keep a Secure cookie only over HTTPS: Headplane's sign-in fails at an http:// URL. */
const headplaneCookieNeedsHttps: Rule = (values) =>
  values.headplane.enabled && values.headplane.cookieSecure && ingressUrl(values)?.startsWith('http://')
    ? [
        {
          path: 'headplane.cookieSecure',
          message:
            'is true while the ingress has no TLS: browsers keep the session cookie only over HTTPS, so signing in to Headplane at its http:// URL fails; add ingress.tls, or set headplane.cookieSecure to false',
        },
      ]
    : [];

/** The server's parts that the values turn on, which a release without the server leaves out. */
const serverPartsWithoutServer: Rule = (values) =>
  values.server.enabled
    ? []
    : [
        { path: 'ingress.enabled', on: values.ingress.enabled },
        { path: 'ui.enabled', on: values.ui.enabled },
        { path: 'policy.enabled', on: values.policy.enabled },
        { path: 'derpMap.enabled', on: values.derpMap.enabled },
        { path: 'extraDnsRecords.enabled', on: values.extraDnsRecords.enabled },
        { path: 'headplane.enabled', on: values.headplane.enabled },
        { path: 'users', on: values.users.length > 0 },
        { path: 'preauthKeys', on: values.preauthKeys.length > 0 },
      ]
        .filter(({ on }) => on)
        .map(({ path }) => ({
          path,
          message:
            'has no effect while server.enabled is false: only the client is deployed (configure this on the Headscale it joins)',
        }));

/** In database mode Headscale reads the policy from its database (edited in Headplane or with `headscale policy set`), not the file. */
const databasePolicyIgnoresTheFile: Rule = (values, config) =>
  config && configValue(config.config, 'policy.mode') === 'database' && policyNeeded(values)
    ? [
        {
          path: 'config.policy.mode',
          message: `is database, so Headscale ignores the policy file the chart mounts (${values.policy.enabled ? 'policy.content' : "the client's route approvals"}): put that policy in the database (headscale policy set, or Headplane's Access Control page), or use mode file`,
        },
      ]
    : [];

const WARNING_RULES: readonly Rule[] = [
  serverOnly(headscaleVersionIsKnown),
  serverOnly(configKeysTheVersionIgnores),
  serverOnly(policyMeansWhatItSays),
  serverOnly(stunNodePortInRange),
  serverOnly(grpcIsPlaintextWithoutARoute),
  serverOnly(headplaneCookieNeedsHttps),
  serverOnly(databasePolicyIgnoresTheFile),
  serverOnly(routesNeedApprovalsInExistingPolicy),
  serverOnly(prefixesOutsideTailscaleRanges),
  serverOnly(secretEnvKeysHeadscaleKnows),
  clientReachesHeadscaleOverTls,
  internalTlsIsMapped,
  serverOnly(socketHasAVolume),
  serverOnly(networkPolicyLetsTheIngressIn),
  ownKeyCarriesTheClientTag,
  serverPartsWithoutServer,
];

/**
 * The cross-field checks of parsed values: the problems that make them invalid, and the warnings
 * about what is likely a mistake but renders, and Headscale starts with.
 */
export function crossFieldChecks(values: HeadscaleValues): { problems: ValuesProblem[]; warnings: ValuesProblem[] } {
  const config = values.server.enabled && values.configMap.create ? configUnderCheck(values) : undefined;
  return {
    problems: RULES.flatMap((rule) => rule(values, config)),
    warnings: WARNING_RULES.flatMap((rule) => rule(values, config)),
  };
}

/**
 * Problems that show only once the release is known: an empty server_url is derived from the
 * ingress or the Service, and that URL too must stay outside dns.base_domain.
 */
export function releaseProblems(values: HeadscaleValues, release: Release): ValuesProblem[] {
  if (!values.server.enabled) return [];
  return [
    ...derivedUrlOutsideBaseDomain(values, release),
    ...embeddedDerpIsServedOverHttps(values, release),
    ...keySecretsAreTheirOwn(values, release),
  ];
}

/**
 * The embedded DERP server's node in the DERP map is server_url's host, on its port or 443 for
 * https and 80 for http (hscontrol/derp/server/derp_server.go, GenerateRegion), and tailscale
 * clients speak TLS to a DERP node (its DERPPort is "the DERP HTTPS server", tailscale/tailscale
 * tailcfg/derpmap.go): server_url must be https.
 */
function embeddedDerpIsServedOverHttps(values: HeadscaleValues, release: Release): ValuesProblem[] {
  if (!values.configMap.create || !embeddedDerpEnabled(values)) return [];
  const given = values.config?.server_url;
  const url = typeof given === 'string' && given !== '' ? given : derivedServerUrl(values, release);
  return url.startsWith('https://')
    ? []
    : [
        {
          path: 'config.derp.server.enabled',
          message: `needs an https server_url (got ${JSON.stringify(url)}): clients reach the embedded DERP server at server_url's host over TLS. Give ingress.tls, httpRoute.hostnames (https), tls.secretName, or an https config.server_url`,
        },
      ];
}

/** The key job would overwrite a Secret the chart keeps for something else. */
function keySecretsAreTheirOwn(values: HeadscaleValues, release: Release): ValuesProblem[] {
  const taken = new Map<string, string>([
    ...(values.client.enabled
      ? ([
          [authKeySecretName(release), "the in-cluster client's key"],
          [clientStateSecret(release), "the in-cluster client's state"],
        ] as const)
      : []),
    ...(values.tls.secretName ? ([[values.tls.secretName, 'tls.secretName']] as const) : []),
  ]);
  return values.preauthKeys.flatMap((key, index) => {
    const owner = taken.get(key.secretName);
    return owner
      ? [{ path: `preauthKeys[${index}].secretName`, message: `is the Secret of ${owner}: choose another name` }]
      : [];
  });
}

function derivedUrlOutsideBaseDomain(values: HeadscaleValues, release: Release): ValuesProblem[] {
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
