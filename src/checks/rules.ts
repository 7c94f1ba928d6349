import { isDeepStrictEqual } from 'node:util';
import { authKeySecretName, clientStateSecret } from '../derive/client';
import { configFromValues } from '../derive/headscale-config';
import { headplaneConfig } from '../derive/headplane';
import { headplaneConfigFindings } from '../values/headplane-config';
import { clientAdvertisesRoutes, CLIENT_TAG, CLIENT_USER, policyDocument, policyNeeded } from '../derive/policy';
import { serverPorts } from '../derive/ports';
import type { Release } from '../derive/release';
import { clientTransport, derivedServerUrl, ingressUrl } from '../derive/urls';
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
import { type PolicyDocument, policyFindings } from '../values/policy';
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

const DEFAULT_ROUTES = ['0.0.0.0/0', '::/0'];

/**
 * The chart's exit node is its default route: the policy (and the exit node's approval in it) is
 * generated from client.advertiseRoutes, and README documents 0.0.0.0/0 or ::/0 there.
 */
const exitNodeAdvertisesADefaultRoute: Rule = ({ client }) =>
  client.enabled && client.exitNode && !client.advertiseRoutes.some((route) => DEFAULT_ROUTES.includes(route))
    ? [
        {
          path: 'client.exitNode',
          message: `needs 0.0.0.0/0 or ::/0 in client.advertiseRoutes (got ${JSON.stringify(client.advertiseRoutes)})`,
        },
      ]
    : [];

/** Kubernetes refuses a PodDisruptionBudget with both limits. */
const disruptionBudgetsHaveOneLimit: Rule = (values) =>
  [
    { key: 'podDisruptionBudget', budget: values.podDisruptionBudget },
    { key: 'client.podDisruptionBudget', budget: values.client.podDisruptionBudget },
    { key: 'ui.podDisruptionBudget', budget: values.ui.podDisruptionBudget },
  ]
    .filter(({ budget }) => budget.minAvailable !== undefined && budget.maxUnavailable !== undefined)
    .map(({ key }) => ({
      path: `${key}.maxUnavailable`,
      message: `can't be combined with ${key}.minAvailable: Kubernetes takes one of them (remove one)`,
    }));

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
];

/** config.yaml as the chart writes it (but for a derived server_url), and the keys set elsewhere. */
function configUnderCheck(values: HeadscaleValues): ConfigUnderCheck {
  const config = configFromValues(values);
  const given = values.config ?? {};
  const setBy = new Map<string, string>(
    DERIVED_CONFIG_KEYS.filter(([key]) => !isDeepStrictEqual(configValue(config, key), configValue(given, key))),
  );
  values.secretEnv.forEach((entry, index) => setBy.set(entry.key, `secretEnv[${index}]`));
  return { config, setBy };
}

/** Headscale's start-up rules, on the config the chart writes. */
const headscaleStartsWithTheConfig: Rule = (_, config) =>
  config ? startupFindings(config).map((finding) => problemAt(['config'], finding)) : [];

/** The policy file the chart writes (the user's, with the client's approvals) passes Headscale's checks. */
const policyPassesHeadscaleChecks: Rule = (values) => {
  const writtenHere = values.policy.enabled ? values.policy.configMap.create : policyNeeded(values);
  if (!writtenHere) return [];
  return policyFindings(policyDocument(values) as PolicyDocument).map((finding: Finding) =>
    problemAt(['policy', 'content'], finding),
  );
};

/** Userspace networking gives the nodes no tailnet routes, which is what the DaemonSet is for. */
const daemonSetRunsInKernelMode: Rule = ({ client }) =>
  client.enabled && client.daemonset && client.userspace === true
    ? [
        {
          path: 'client.userspace',
          message:
            "can't be true with client.daemonset: userspace networking gives the nodes no tailnet routes, which is what the DaemonSet is for (use a Deployment, or leave client.userspace unset)",
        },
      ]
    : [];

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

const RULES: readonly Rule[] = [
  keyTagsAreOwned,
  headplaneOidcIsComplete,
  listenAddressIsOnServicePort,
  daemonSetRunsInKernelMode,
  existingConfigMapsAreNamed,
  ingressHasAHost,
  exitNodeAdvertisesADefaultRoute,
  disruptionBudgetsHaveOneLimit,
  secretEnvKeysAreUnique,
  headscaleStartsWithTheConfig,
  policyPassesHeadscaleChecks,
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
const clientReachesHeadscaleOverTls: Rule = (values) =>
  values.client.enabled && clientTransport(values) === 'plain-http'
    ? [
        {
          path: 'client.enabled',
          message:
            'logs the client in over plain HTTP, as nothing gives Headscale TLS: tailscale clients from 1.78 on redial on port 443 with TLS after a recent connection, so the client fails to reconnect after a quick restart (tailscale/tailscale issue 15008). Give it TLS: ingress.tls (server_url becomes https), an https config.server_url, or tls.secretName',
        },
      ]
    : [];

/** Chart 0.2.0's TLS sidecar is not deployed: the client reaches Headscale's TLS without it. */
const internalTlsIsMapped: Rule = (values) => {
  if (values.client.internalTls === undefined) return [];
  const transport = clientTransport(values);
  const how =
    transport === 'server-tls'
      ? 'Headscale serves TLS itself (tls.secretName) and the client trusts its ca.crt'
      : transport === 'public-https'
        ? 'the client logs in to the https server_url'
        : 'nothing gives Headscale TLS yet (see the warning on client.enabled)';
  return [
    {
      path: 'client.internalTls',
      message: `is chart 0.2.0's TLS sidecar, which is not deployed: ${how}; no sidecar or image is needed`,
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
  const { networkPolicy, ingress, service } = values;
  const external = ingress.enabled
    ? 'ingress.enabled is true'
    : service.type === 'LoadBalancer' || service.type === 'NodePort'
      ? `service.type is ${service.type}`
      : undefined;
  return networkPolicy.enabled && networkPolicy.httpFrom.length === 0 && external
    ? [
        {
          path: 'networkPolicy.httpFrom',
          message: `is empty while ${external}: only the in-cluster client and UI reach Headscale; add the ingress controller's pods (or the load balancer's addresses)`,
        },
      ]
    : [];
};

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
  headplaneCookieNeedsHttps,
  databasePolicyIgnoresTheFile,
  routesNeedApprovalsInExistingPolicy,
  prefixesOutsideTailscaleRanges,
  secretEnvKeysHeadscaleKnows,
  clientReachesHeadscaleOverTls,
  internalTlsIsMapped,
  socketHasAVolume,
  networkPolicyLetsTheIngressIn,
];

/**
 * The cross-field checks of parsed values: the problems that make them invalid, and the warnings
 * about what is likely a mistake but renders, and Headscale starts with.
 */
export function crossFieldChecks(values: HeadscaleValues): { problems: ValuesProblem[]; warnings: ValuesProblem[] } {
  const config = values.configMap.create ? configUnderCheck(values) : undefined;
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
  return [
    ...derivedServerUrlProblems(values, release),
    ...keySecretsAreTheirOwn(values, release),
    ...headplaneConfigProblems(values, release),
  ];
}

/** The typed values that Headplane's config.yaml takes these settings from. */
const HEADPLANE_VALUE_KEYS: Readonly<Record<string, string>> = {
  'server.port': 'headplane.port',
  'oidc.issuer': 'headplane.oidc.issuer',
  'oidc.client_id': 'headplane.oidc.clientId',
};

/** Headplane's config.yaml passes Headplane's loader; a finding names the value it came from. */
function headplaneConfigProblems(values: HeadscaleValues, release: Release): ValuesProblem[] {
  if (!values.headplane.enabled) return [];
  return headplaneConfigFindings(headplaneConfig(values, release)).map((finding) => {
    const path = finding.at.join('.');
    const given = finding.at.reduce<unknown>(
      (node, key) =>
        typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined,
      values.headplane.config,
    );
    return {
      path: given === undefined && HEADPLANE_VALUE_KEYS[path] ? HEADPLANE_VALUE_KEYS[path] : `headplane.config.${path}`,
      message: finding.message,
    };
  });
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

function derivedServerUrlProblems(values: HeadscaleValues, release: Release): ValuesProblem[] {
  if (!values.configMap.create || values.config?.server_url) return [];
  const derived = derivedServerUrl(values, release);
  const baseDomain = configValue(values.config ?? {}, 'dns.base_domain');
  const message = typeof baseDomain === 'string' ? serverUrlOutsideBaseDomain(derived, baseDomain) : undefined;
  return message
    ? [
        {
          path: 'config.server_url',
          message: `is empty, so it is derived from ${ingressUrl(values) ? 'ingress.hosts[0]' : 'the Service'}, and ${message}`,
        },
      ]
    : [];
}
