import { z } from 'zod';
import { parseIp } from '../core/cidr';
import {
  ACCESS_MODES,
  AUTHKEY_KEY,
  CLIENT_IMAGE,
  CLIENT_USERSPACE,
  GRPC_PORT,
  HEADSCALE_CONFIG_DEFAULTS,
  HEADSCALE_PORT,
  IMAGE_PULL_POLICY,
  listenAddressOn,
  type ImageDefault,
  JOB_TTL_SECONDS,
  HEADPLANE_API_KEY_EXPIRATION,
  HEADPLANE_IMAGE,
  HEADPLANE_PORT,
  INTERNAL_TLS_IMAGE,
  KEY_JOB_IMAGE,
  LITESTREAM_IMAGE,
  LITESTREAM_METRICS_PORT,
  LITESTREAM_RESOURCES,
  MAX_UNAVAILABLE,
  LIVE_POLICY_PATH,
  POLICY_PATH,
  POLICY_RELOAD_IMAGE,
  POLICY_RELOAD_RESOURCES,
  METRICS_PORT,
  PREAUTH_KEY_EXPIRATION,
  SERVER_IMAGE,
  SERVER_POD_SECURITY_CONTEXT,
  SERVER_PROBE,
  SERVER_SECURITY_CONTEXT,
  SERVICE_TYPE,
  SOCKET_DIR,
  STORAGE_SIZE,
  UI_DATA_PATH,
  UI_IMAGE,
  UI_PORT,
  UI_URL_ENV,
  UPGRADE_BACKUP_KEEP,
} from './defaults';
import { describeValue, type Finding } from '../core/errors';
import { derpMapFindings, extraRecordFindings, headscaleConfigPatchSchema } from './headscale-config';
import { fromVersionProblem, statedVersionProblem } from './headscale-versions';
import { helmMerge } from './helm-merge';
import { isJsonMap, type JsonMap } from '../core/json-map';
import { coreFragment, networkingFragment } from '../kubernetes/manifest-schema';
import { type NameKind, nameProblem } from '../kubernetes/names';
import { cronScheduleProblem } from '../kubernetes/validation/cron';
import { parentRefsFindings } from '../kubernetes/validation/gateway';
import { networkPolicyPeerFindings, networkPolicyRuleFindings } from '../kubernetes/validation/networking';
import { relabelConfigFindings } from '../kubernetes/validation/prometheus';
import {
  annotationsFindings,
  dns1123SubdomainProblem,
  envVarNameProblem,
  labelsFindings,
} from '../kubernetes/validation/names';
import { ingressHostProblem, ingressPathProblem, podCountProblem } from '../kubernetes/validation/objects';
import {
  affinityFindings,
  envVarFindings,
  podSecurityContextFindings,
  type ProbeKind,
  probeFindings,
  resourcesRulesFindings,
  securityContextFindings,
  tolerationFindings,
  volumeFindings,
  volumeMountFindings,
} from '../kubernetes/validation/pod';
import { policySchema } from './policy';
import { sections } from './sections';
import { preauthKeysSchema, usersSchema } from './provisioning';
import { parseQuantity, QUANTITY_EXAMPLES } from '../kubernetes/quantity';

import { reportFindings, reportProblem } from './zod-issues';

/**
 * The values schema: the one source of truth for the values' types, defaults and documentation.
 * Keys, names and defaults follow the headscale Helm chart's values.yaml (chart 0.1.6), so a
 * chart user's values file works as it is. The values reference (docs/values.md) is generated from it.
 */

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;
const PATH_TYPES = ['Exact', 'Prefix', 'ImplementationSpecific'] as const;
const ACCESS_MODE_NAMES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'] as const;

/** A free-form map, passed through as written. */
const fragment = () => z.record(z.string(), z.unknown());

/**
 * The findings of a Kubernetes fragment: the schema of `kind` (types and unknown fields), then,
 * once the schema passes, the API server's rules for it.
 */
const fragmentFindings =
  (kind: string, rules: (data: JsonMap) => Finding[] = () => []) =>
  (data: JsonMap): Finding[] => {
    const schema = coreFragment(kind)(data);
    return schema.length > 0 ? schema : rules(data);
  };

/** A Kubernetes fragment (a volume, affinity, ...), passed through as written and checked against the Kubernetes schema of `kind` and the API server's rules. */
const kubernetesFragment = (kind: string, rules?: (data: JsonMap) => Finding[]) =>
  fragment().superRefine(reportFindings(fragmentFindings(kind, rules)));

/** A string that must pass one of the API server's rules, when not empty. */
const checkedString = (problem: (value: string) => string | undefined) =>
  z.string().superRefine(reportProblem((value: string) => (value === '' ? undefined : problem(value))));

/** The name of a Kubernetes object (or data key) the user gives; empty means "derive it" or "none". */
const kubernetesName = (kind: NameKind) =>
  z.string().superRefine(reportProblem((name: string) => (name === '' ? undefined : nameProblem(name, kind))));

/** A storage size such as 1Gi: a Kubernetes quantity above zero. */
const storageSize = () =>
  z.string().superRefine(
    reportProblem((size: string) => {
      const value = parseQuantity(size);
      return value !== undefined && value > 0
        ? undefined
        : `expected a storage size above zero, a Kubernetes quantity ${QUANTITY_EXAMPLES} (got ${describeValue(size)})`;
    }),
  );

/** Container resources: requests and limits are quantities (checked here, more strictly than the schema does), the rest as the schema says. */
function resourcesFindings(resources: JsonMap): Finding[] {
  const quantityFindings = (['requests', 'limits'] as const).flatMap((field) => {
    const amounts = resources[field];
    if (!isJsonMap(amounts)) return [];
    return Object.entries(amounts)
      .filter(
        ([, amount]) =>
          (typeof amount !== 'string' && typeof amount !== 'number') ||
          parseQuantity(amount) === undefined ||
          parseQuantity(amount)! < 0,
      )
      .map(([name, amount]) => ({
        at: [field, name],
        message: `expected a Kubernetes quantity ${QUANTITY_EXAMPLES}, not below zero (got ${describeValue(amount)})`,
      }));
  });
  return quantityFindings.length > 0
    ? quantityFindings
    : fragmentFindings('ResourceRequirements', resourcesRulesFindings)(resources);
}

/** Resource requests and limits of every container of one workload (init containers too). */
const resources = (workload: string) =>
  fragment()
    .superRefine(reportFindings(resourcesFindings))
    .default({})
    .describe(`Resource requests and limits of every container of the ${workload} (init containers too).`);

/** A PodDisruptionBudget limit: a number, or a percentage such as "50%". */
const podCount = () =>
  z.union([z.number().int().nonnegative(), z.string().superRefine(reportProblem(podCountProblem))]);

/**
 * The last words of the names of settings that hold secrets, as the UIs name them (Headplane's
 * headscale.api_key, server.cookie_secret, oidc.client_secret, and the like): a setting is secret
 * when its name, in any case, is one of them or ends in `_` and one of them (`HEADPLANE_OIDC__CLIENT_SECRET`).
 * Their `_path` forms (`api_key_path`) name files and pass.
 */
const SECRET_NAME_ENDINGS = [
  'api_key',
  'apikey',
  'auth_key',
  'authkey',
  'client_secret',
  'cookie_secret',
  'secret',
  'password',
  'passwd',
  'pass',
  'token',
  'private_key',
];

function looksSecret(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_NAME_ENDINGS.some((ending) => lower === ending || lower.endsWith(`_${ending}`));
}

/**
 * Secrets written into a web UI's configuration file, which lands in a ConfigMap; `remedy` says
 * where that UI takes the secret named `name` instead.
 */
const configSecretFindings =
  (ui: string, remedy: (name: string) => string) =>
  (data: unknown): Finding[] => {
    const findings = (node: unknown, at: PropertyKey[]): Finding[] => {
      if (Array.isArray(node)) return node.flatMap((item, index) => findings(item, [...at, index]));
      if (!isJsonMap(node)) return [];
      return Object.entries(node).flatMap(([name, value]) =>
        looksSecret(name) && (typeof value === 'string' || typeof value === 'number') && value !== ''
          ? [{ at: [...at, name], message: `would put a secret in ${ui}'s ConfigMap: ${remedy(name)}` }]
          : findings(value, [...at, name]),
      );
    };
    return findings(data, []);
  };

const uiConfigSecretFindings = configSecretFindings(
  'the UI',
  (name) =>
    `mount it from a Secret and name the file in ${name}_path, or set it through ui.extraEnv with valueFrom.secretKeyRef`,
);

/**
 * Headplane's own secrets come from the key job's Secret and headplane.oidc.clientSecret; it has no
 * environment of its own.
 */
const HEADPLANE_SECRET_SOURCES: Readonly<Record<string, string>> = {
  cookie_secret:
    "remove it: the key job keeps Headplane's cookie secret in <fullname>-headplane (server.cookie_secret_path)",
  api_key: "remove it: the key job keeps Headplane's API key in <fullname>-headplane (headscale.api_key_path)",
  headscale_api_key: "remove it: the key job keeps Headplane's API key in <fullname>-headplane",
  client_secret: 'remove it: name the Secret that holds it in headplane.oidc.clientSecret',
};

const headplaneConfigSecretFindings = configSecretFindings(
  'Headplane',
  (name) =>
    HEADPLANE_SECRET_SOURCES[name] ??
    `leave it out: Headplane reads a secret from a file (_path) only for its cookie secret, API key and OIDC client secret, and reads ${name} from the ConfigMap alone`,
);

/** An environment variable of the UI with a secret's name and a literal value, which the Deployment would show to anyone who reads it. */
function uiEnvSecretFindings(env: JsonMap): Finding[] {
  return typeof env.name === 'string' && looksSecret(env.name) && typeof env.value === 'string' && env.value !== ''
    ? [
        {
          at: ['value'],
          message: `is a literal secret in the UI's Deployment (${env.name}): take it from a Secret with valueFrom.secretKeyRef: { name: ..., key: ... }`,
        },
      ]
    : [];
}

/** A map of string to string. */
const stringMap = () => z.record(z.string(), z.string());
/** Labels (and node selectors): keys are qualified names, values label values (ValidateLabels). */
const labels = () => stringMap().superRefine(reportFindings(labelsFindings));
/** Annotations: keys are qualified names, 256 KiB in all (ValidateAnnotations). */
const annotations = () => stringMap().superRefine(reportFindings(annotationsFindings));
/** An image reference's part: validateContainerCommon refuses spaces at either end of the image. */
const imagePart = () =>
  z
    .string()
    .min(1)
    .superRefine(
      reportProblem((part: string) =>
        part === part.trim() ? undefined : `must not have spaces at either end (got ${JSON.stringify(part)})`,
      ),
    );

/**
 * A free-form map with defaults that a values file merges into the way Helm merges values:
 * key by key, lists replace, `null` deletes a default key. `null` for the whole map removes it.
 */
function mergedMap(
  defaults: JsonMap,
  {
    given = fragment(),
    checkMerged = () => [],
    documented = defaults,
  }: { given?: z.ZodType<JsonMap>; checkMerged?: (merged: JsonMap) => Finding[]; documented?: JsonMap } = {},
) {
  return z
    .union([z.null(), given])
    .optional()
    .transform((patch, ctx): JsonMap | undefined => {
      if (patch === null) return undefined;
      const merged = helmMerge(defaults, patch ?? {});
      // The defaults alone pass the check (a test makes sure), so only a merge with the user's patch
      // is checked: the check may load schema code that a render with the defaults never needs.
      if (patch !== undefined) reportFindings(checkMerged)(merged, ctx);
      return merged;
    })
    .meta({ default: documented });
}

const image = ({ repository, tag }: ImageDefault) =>
  z
    .strictObject({
      repository: imagePart().default(repository).describe('Image repository.'),
      tag: imagePart().default(tag).describe('Image tag.'),
      pullPolicy: z.enum(PULL_POLICIES).default(IMAGE_PULL_POLICY).describe('Image pull policy.'),
    })
    .prefault({});

const disruptionBudget = (workload: string) =>
  z
    .strictObject({
      enabled: z.boolean().default(true).describe(`Create a PodDisruptionBudget for the ${workload}.`),
      minAvailable: podCount()
        .optional()
        .describe('Pods that must stay available (a number or a percentage). Not with maxUnavailable.'),
      maxUnavailable: podCount()
        .optional()
        .meta({ default: MAX_UNAVAILABLE })
        .describe(
          'Pods that may be unavailable at once (a number or a percentage); the default applies when minAvailable is not set. Not with minAvailable.',
        ),
    })
    .prefault({})
    // The default of maxUnavailable applies only without minAvailable, so that both set means the user set both.
    .transform((budget) =>
      budget.minAvailable === undefined && budget.maxUnavailable === undefined
        ? { ...budget, maxUnavailable: MAX_UNAVAILABLE }
        : budget,
    );

/** Where one mounted file's ConfigMap comes from: created from values, or an existing one. */
const fileConfigMapShape = (key: string) => ({
  create: z.boolean().default(true).describe('Create the ConfigMap from values; false mounts an existing ConfigMap.'),
  name: kubernetesName('subdomain')
    .default('')
    .describe('ConfigMap name. Required when create is false; defaults to a name derived from the fullname.'),
  key: kubernetesName('data key').min(1).default(key).describe('Key of the file inside the ConfigMap.'),
});
const fileConfigMap = (key: string) => z.strictObject(fileConfigMapShape(key)).prefault({});

const volumeClaimShape = () => ({
  existingClaim: kubernetesName('subdomain')
    .default('')
    .describe('Use this existing PersistentVolumeClaim instead of creating one.'),
  accessModes: z
    .array(z.enum(ACCESS_MODE_NAMES))
    .min(1, 'must have at least one access mode (ValidatePersistentVolumeClaimSpec)')
    .default([...ACCESS_MODES] as Array<(typeof ACCESS_MODE_NAMES)[number]>)
    .describe('Access modes of the created claim.'),
  size: storageSize().default(STORAGE_SIZE).describe('Requested storage of the created claim.'),
  storageClassName: checkedString(dns1123SubdomainProblem)
    .default('')
    .describe('Storage class of the created claim; empty uses the cluster default.'),
});

/** An ingress path and its type (validateHTTPIngressRuleValue). */
const ingressPathFindings = ({ path, pathType }: { path: string; pathType: string }): Finding[] => {
  const problem = ingressPathProblem(path, pathType);
  return problem ? [{ at: ['path'], message: problem }] : [];
};

const ingressTls = () =>
  z.array(
    z.strictObject({
      secretName: kubernetesName('subdomain').optional().describe('Secret holding the certificate.'),
      hosts: z.array(checkedString(ingressHostProblem)).optional().describe('Hosts the certificate covers.'),
    }),
  );

const probe = (kind: ProbeKind) =>
  mergedMap(SERVER_PROBE, { checkMerged: fragmentFindings('Probe', (merged) => probeFindings(merged, kind)) });

/**
 * A `tailscale up` flag the chart writes through `toString`: "unset" leaves it out, a boolean sets
 * it, and so does its text ("true", "false", as `--set-string` gives it), which the chart renders alike.
 */
const tailscaleUpSetting = () =>
  z
    .union([z.literal('unset'), z.boolean(), z.enum(['true', 'false']).transform((text) => text === 'true')])
    .default('unset');

const clientSchema = () =>
  z
    .strictObject(
      sections('client', {
        enabled: z
          .boolean()
          .default(true)
          .describe('Deploy an in-cluster tailscaled client that registers with this Headscale.'),
        daemonset: z
          .boolean()
          .default(false)
          .describe(
            "Run the client as a DaemonSet on the host network, giving every node tailnet connectivity. It changes each node's network stack: read docs/configuration.md (DaemonSet mode) first, and see client.acceptDns.",
          ),
        image: () => image(CLIENT_IMAGE).describe('The tailscale client image.'),
        userspace: z
          .boolean()
          .optional()
          .meta({ default: `${CLIENT_USERSPACE.deployment} (Deployment), ${CLIENT_USERSPACE.daemonSet} (DaemonSet)` })
          .describe(
            'Run tailscaled with userspace networking (--tun=userspace-networking): no /dev/net/tun, no capability, not root, a read-only root filesystem, which the restricted Pod Security level admits. It still advertises routes and serves as an exit node, but no other pod, nor the node, can route to the tailnet through it, and accepted routes reach only the client itself. A DaemonSet that gives nodes tailnet access needs kernel mode (false). See docs/security.md.',
          ),
        acceptDns: tailscaleUpSetting().describe(
          'Pass --accept-dns=<value> to tailscale up; "unset" leaves the flag out. In DaemonSet mode true rewrites the host\'s resolv.conf, which breaks cluster DNS on nodes without systemd-resolved (Talos, for one).',
        ),
        acceptRoutes: tailscaleUpSetting().describe(
          'Pass --accept-routes=<value> to tailscale up; "unset" leaves the flag out.',
        ),
        advertiseRoutes: z
          .array(z.string())
          .default([])
          .describe(
            'Routes (CIDRs, such as 10.96.0.0/12) the client advertises, making it a subnet router; each is auto-approved in the policy. tailscale advertises the default routes only together, as an exit node: 0.0.0.0/0 or ::/0 here makes the client an exit node, advertising both, and exposes every pod and service to the tailnet.',
          ),
        exitNode: z
          .boolean()
          .default(false)
          .describe(
            'Advertise the client as an exit node (tailscale up --advertise-exit-node: the routes 0.0.0.0/0 and ::/0), auto-approved in the policy.',
          ),
        preauthKeyExpiration: z
          .string()
          .default(PREAUTH_KEY_EXPIRATION)
          .describe(
            "Expiration of the preauth key the key job creates. Headscale's own default (1h) would cut the client off once it expires.",
          ),
        job: () =>
          z
            .strictObject({
              image: image(KEY_JOB_IMAGE).describe('Image of the job that provisions the preauth key (needs kubectl).'),
              resources: resources('key Job and CronJob'),
              ttlSecondsAfterFinished: z
                .number()
                .int()
                .nonnegative()
                .default(JOB_TTL_SECONDS)
                .describe(
                  'Seconds a finished key job is kept before Kubernetes deletes it. Re-applying the manifests afterwards runs it again, which is harmless: it only writes a key when the current one is missing or expired.',
                ),
              argocdHook: z
                .boolean()
                .default(false)
                .describe(
                  'Make the key job an Argo CD PostSync hook (recreated on every sync) instead of a plain resource.',
                ),
              cronjob: z
                .strictObject({
                  enabled: z
                    .boolean()
                    .default(false)
                    .describe('Also run the key job on a schedule, renewing the key before it expires.'),
                  schedule: z
                    .string()
                    .superRefine(reportProblem(cronScheduleProblem))
                    .default('0 3 1 * *')
                    .describe('Cron schedule of the key job.'),
                })
                .prefault({}),
            })
            .prefault({}),
        resources: () => resources('client'),
        internalTls: () =>
          z
            .strictObject({
              enabled: z
                .boolean()
                .default(true)
                .describe(
                  "With the server, the client and the ingress all on (chart 0.2.0's mode A): give Headscale a TLS listener on the Service's port 443 (an nginx sidecar), with a private CA and certificate the key job makes once in the Secret <fullname>-internal-tls, and log the client in through it, trusting that CA. Off with client.loginServer or client.caSecretName, which point the client elsewhere. false logs the client in to the https server_url instead, through the ingress.",
                ),
              sidecarImage: image(INTERNAL_TLS_IMAGE).describe(
                'Image of the TLS sidecar, also used by the key job to make the certificate: nginx with the stream module, and openssl.',
              ),
              image: z
                .strictObject({
                  repository: z.string().optional().describe('Image repository of the sidecar.'),
                  tag: z.string().optional().describe('Image tag of the sidecar.'),
                  pullPolicy: z.enum(PULL_POLICIES).optional().describe('Image pull policy of the sidecar.'),
                })
                .optional()
                .describe(
                  "Chart 0.2.0's image of its TLS sidecar (nginx on Alpine, which has no openssl: the chart installs it at start); not used here, sidecarImage is (a warning says so).",
                ),
            })
            .prefault({})
            .describe(
              "The in-cluster client's TLS when an ingress fronts Headscale (chart 0.2.0's client.internalTls). Nothing is installed at run time and no certificate is trusted on first use.",
            ),
        podDisruptionBudget: () => disruptionBudget('client'),
        loginServer: z
          .string()
          .default('')
          .describe(
            "The Headscale URL the client logs in to. Required with server.enabled false (a Headscale elsewhere); with the server on, it replaces the URL derived from the values (server_url when https, else the Service's).",
          ),
        authKeySecret: () =>
          z
            .strictObject({
              name: kubernetesName('subdomain')
                .default('')
                .describe(
                  'An existing Secret holding the preauth key the client joins with; required with server.enabled false. Set, no key job runs: the key is yours to create (headscale preauthkeys create) and renew.',
                ),
              key: kubernetesName('data key')
                .min(1)
                .default(AUTHKEY_KEY)
                .describe('Key of the preauth key in that Secret.'),
            })
            .prefault({}),
        caSecretName: kubernetesName('subdomain')
          .default('')
          .describe(
            "A Secret whose ca.crt the client trusts for the login server's certificate (a private CA), besides the system's CAs. Empty: tls.secretName's ca.crt when the server serves TLS itself, else none.",
          ),
      }),
    )
    .prefault({});

const uiSchema = () =>
  z
    .strictObject(
      sections('ui', {
        enabled: z.boolean().default(false).describe('Deploy a web UI for Headscale.'),
        image: () => image(UI_IMAGE).describe('The UI image.'),
        containerPort: z
          .number()
          .int()
          .min(1)
          .max(65535)
          .default(UI_PORT)
          .describe('Port the UI container listens on.'),
        service: () =>
          z
            .strictObject({
              type: z.enum(SERVICE_TYPES).default(SERVICE_TYPE).describe('Service type of the UI.'),
              port: z.number().int().min(1).max(65535).default(UI_PORT).describe('Service port of the UI.'),
            })
            .prefault({}),
        headscaleUrl: z
          .string()
          .default('')
          .describe(
            'Headscale URL given to the UI. Empty: the ingress URL when ingress is enabled, else the in-cluster Service URL.',
          ),
        headscaleUrlEnvName: z
          .string()
          .superRefine(reportProblem(envVarNameProblem))
          .default(UI_URL_ENV)
          .describe(
            'Name of the environment variable that carries the Headscale URL (headplane uses HEADPLANE_HEADSCALE__URL).',
          ),
        extraEnv: z
          .array(kubernetesFragment('EnvVar', envVarFindings).superRefine(reportFindings(uiEnvSecretFindings)))
          .default([])
          .describe('Extra environment variables of the UI container.'),
        ingress: () =>
          z
            .strictObject({
              host: checkedString(ingressHostProblem)
                .default('')
                .describe('Host of the UI ingress; empty uses the first main ingress host.'),
              path: z.string().default('/web').describe('Path of the UI under the host.'),
              pathType: z.enum(PATH_TYPES).default('ImplementationSpecific').describe('Path type of the UI path.'),
              annotations: annotations().default({}).describe('Annotations merged over the main ingress annotations.'),
              tls: ingressTls().default([]).describe('TLS of the UI ingress; empty uses the main ingress TLS.'),
            })
            .superRefine(reportFindings(ingressPathFindings))
            .prefault({}),
        persistence: () =>
          z
            .strictObject({
              enabled: z.boolean().default(false).describe('Give the UI a persistent volume.'),
              ...volumeClaimShape(),
              mountPath: z.string().default(UI_DATA_PATH).describe('Where the UI volume is mounted.'),
            })
            .prefault({}),
        configMap: () =>
          z
            .strictObject({
              enabled: z.boolean().default(false).describe('Mount a configuration file into the UI container.'),
              ...fileConfigMapShape('config.yaml'),
              path: z.string().default('/app/config.yaml').describe('Where the UI configuration file is mounted.'),
              data: fragment()
                .superRefine(reportFindings(uiConfigSecretFindings))
                .default({})
                .describe(
                  'Content of the UI configuration file, written as YAML. Secrets (api_key, cookie_secret, client_secret, ...) are refused here: use their _path forms with a mounted Secret.',
                ),
            })
            .prefault({}),
        resources: () => resources('UI'),
        podDisruptionBudget: () => disruptionBudget('UI'),
      }),
    )
    .prefault({});

/** A TCP or UDP port number. */
const portNumber = () => z.number().int().min(1).max(65535);

/** Sources (NetworkPolicyPeers) let in to one port of the server. */
const networkPolicyPeers = () =>
  z.array(fragment().superRefine(reportFindings(networkingFragment('NetworkPolicyPeer', networkPolicyPeerFindings))));

/** An IP address, when not empty (a Service's loadBalancerIP). */
const ipAddressProblem = (value: string): string | undefined =>
  parseIp(value) ? undefined : `expected an IPv4 or IPv6 address such as 203.0.113.7 (got ${describeValue(value)})`;

/** Gateway API parents of a route (ParentReferences), checked against the HTTPRoute's schema at synth. */
const parentRefs = (route: string) =>
  z
    .array(fragment())
    .superRefine(reportFindings(parentRefsFindings))
    .default([])
    .describe(
      `The Gateways the ${route} attaches to (Gateway API ParentReferences: name, and namespace, sectionName, port as needed).`,
    );

const metricsSchema = () =>
  z
    .strictObject({
      enabled: z
        .boolean()
        .default(false)
        .describe(
          "Serve Headscale's Prometheus metrics (/metrics) on every pod address: sets config.metrics_listen_addr to 0.0.0.0 and metrics.port, with a container port and a Service port named metrics.",
        ),
      port: portNumber()
        .optional()
        .meta({ default: METRICS_PORT })
        .describe(
          'Port of the metrics listener, the container port and the Service port named metrics. Unset: the port of config.metrics_listen_addr when it is set, else 9090.',
        ),
      serviceMonitor: z
        .strictObject({
          enabled: z
            .boolean()
            .default(false)
            .describe(
              "Create a Prometheus Operator ServiceMonitor (monitoring.coreos.com/v1) that scrapes the Service's metrics port. Needs metrics.enabled and the operator's CRDs.",
            ),
          interval: z
            .string()
            .default('')
            .describe(
              'How often Prometheus scrapes, a Prometheus duration such as 30s or 1m; empty: the Prometheus default.',
            ),
          scrapeTimeout: z
            .string()
            .default('')
            .describe('Timeout of a scrape, a Prometheus duration such as 10s; empty: the Prometheus default.'),
          labels: labels()
            .default({})
            .describe(
              "Extra labels of the ServiceMonitor, such as the one a Prometheus's serviceMonitorSelector needs.",
            ),
          relabelings: z
            .array(fragment().superRefine(reportFindings(relabelConfigFindings)))
            .default([])
            .describe('Relabelings (RelabelConfigs) applied to the target before scraping.'),
          metricRelabelings: z
            .array(fragment().superRefine(reportFindings(relabelConfigFindings)))
            .default([])
            .describe('Relabelings (RelabelConfigs) applied to the scraped samples before they are stored.'),
        })
        .prefault({}),
    })
    .prefault({});

const STUN_EXPOSURES = ['LoadBalancer', 'NodePort', 'hostPort'] as const;

const stunSchema = () =>
  z
    .strictObject({
      expose: z
        .enum(STUN_EXPOSURES)
        .default('LoadBalancer')
        .describe(
          "How STUN (UDP) of the embedded DERP server (config.derp.server.enabled) reaches the pod: a Service of type LoadBalancer or NodePort named <fullname>-stun, or hostPort on the node. The Service's port (and node port) is the listening port, since Headscale advertises that port in the DERP map.",
        ),
      annotations: annotations()
        .default({})
        .describe("Annotations of the STUN Service (a cloud load balancer's settings)."),
      loadBalancerIP: checkedString(ipAddressProblem)
        .default('')
        .describe(
          'Address asked of the load balancer for the STUN Service (stun.expose LoadBalancer); empty: any. Give the same address to config.derp.server.ipv4.',
        ),
      externalTrafficPolicy: z
        .enum(['Local', 'Cluster'])
        .default('Local')
        .describe(
          "externalTrafficPolicy of the STUN Service: Local keeps the client's source address, which STUN reports back to it.",
        ),
    })
    .prefault({});

const grpcSchema = () =>
  z
    .strictObject({
      enabled: z
        .boolean()
        .default(false)
        .describe(
          "Serve Headscale's gRPC API for the remote headscale CLI: sets config.grpc_listen_addr, with a container port and a Service port named grpc. With tls.secretName and no ingress Headscale serves it over TLS; without, it needs grpc.allowInsecure.",
        ),
      allowInsecure: z
        .boolean()
        .default(false)
        .describe(
          'Serve gRPC without TLS when Headscale has none (sets config.grpc_allow_insecure): API keys then cross the pod network in plaintext, for a grpcRoute or grpc.ingress that terminates TLS in front. Without TLS or this, grpc.enabled is refused.',
        ),
      port: portNumber()
        .optional()
        .meta({ default: GRPC_PORT })
        .describe(
          'Port of the gRPC listener and the container and Service port named grpc. Unset: the port of config.grpc_listen_addr when it is set, else 50443.',
        ),
      ingress: z
        .strictObject({
          enabled: z
            .boolean()
            .default(false)
            .describe(
              "An Ingress of its own for gRPC, to the Service's grpc port: the ingress controller terminates TLS for clients and speaks gRPC to the backend (with class nginx, the backend-protocol annotation is set: GRPC, or GRPCS when Headscale serves TLS itself).",
            ),
          className: checkedString(dns1123SubdomainProblem)
            .default('')
            .describe('Ingress class; empty: ingress.className.'),
          host: checkedString(ingressHostProblem).default('').describe('Host of the gRPC ingress; required.'),
          annotations: annotations()
            .default({})
            .describe('Annotations of the gRPC ingress, over the derived backend-protocol annotation.'),
          tls: ingressTls().default([]).describe('TLS of the gRPC ingress (remote CLIs need TLS).'),
        })
        .prefault({}),
    })
    .prefault({});

const routeMetadataShape = (route: string) => ({
  annotations: annotations().default({}).describe(`Annotations of the ${route}.`),
  labels: labels().default({}).describe(`Extra labels of the ${route}.`),
});

const httpRouteSchema = () =>
  z
    .strictObject({
      enabled: z
        .boolean()
        .default(false)
        .describe(
          "Expose the server through a Gateway API HTTPRoute (gateway.networking.k8s.io/v1) attached to an existing Gateway, instead of an Ingress (not with ingress.enabled); the first hostname also sets server_url when it is empty. With ui.enabled, the UI's path (ui.ingress.path) routes to the UI.",
        ),
      parentRefs: parentRefs('HTTPRoute'),
      hostnames: z
        .array(checkedString(ingressHostProblem))
        .default([])
        .describe('Hostnames the HTTPRoute matches; the first one gives the derived server_url.'),
      https: z
        .boolean()
        .default(true)
        .describe(
          "The Gateway's listener serves the hostnames over HTTPS: the server_url derived from hostnames[0] is https (false: http).",
        ),
      ...routeMetadataShape('HTTPRoute'),
    })
    .prefault({});

const grpcRouteSchema = () =>
  z
    .strictObject({
      enabled: z
        .boolean()
        .default(false)
        .describe(
          "Route gRPC (the remote headscale CLI) to the Service's grpc port through a Gateway API GRPCRoute (gateway.networking.k8s.io/v1). Needs grpc.enabled.",
        ),
      parentRefs: parentRefs('GRPCRoute').describe(
        'The Gateways the GRPCRoute attaches to (Gateway API ParentReferences); empty: httpRoute.parentRefs.',
      ),
      hostnames: z
        .array(checkedString(ingressHostProblem))
        .default([])
        .describe('Hostnames the GRPCRoute matches, such as grpc.headscale.example.com.'),
      ...routeMetadataShape('GRPCRoute'),
    })
    .prefault({});

const headplaneSchema = () =>
  z
    .strictObject({
      enabled: z
        .boolean()
        .default(false)
        .describe(
          'Run Headplane, a web UI for Headscale, in a Deployment of its own (<fullname>-headplane, with its Service), served at /admin on the ingress hosts. The key job mints its API key and cookie secret into <fullname>-headplane.',
        ),
      image: image(HEADPLANE_IMAGE).describe(
        "The Headplane image. Its tag's version, 0.6 or 0.7, decides where its config gives the API key and which keys it checks; a tag that is no release the checks know warns. 0.7 needs Headscale 0.27 or later.",
      ),
      port: z
        .number()
        .int()
        .min(1)
        .max(65535)
        .default(HEADPLANE_PORT)
        .describe("Headplane's port (server.port): its container's and its Service's."),
      cookieSecure: z
        .boolean()
        .default(true)
        .describe('Send the session cookie over HTTPS only (server.cookie_secure); false for an ingress without TLS.'),
      configStrict: z
        .boolean()
        .default(false)
        .describe(
          'Let Headplane refuse a Headscale config.yaml with keys it does not know (headscale.config_strict); off, as newer Headscale keys would stop it.',
        ),
      apiKeyExpiration: z
        .string()
        .default(HEADPLANE_API_KEY_EXPIRATION)
        .describe(
          "Lifetime of the Headscale API key minted for Headplane. With client.job.cronjob, a run replaces it once less than twice the schedule's longest gap between runs, plus an hour, is left, and restarts Headplane (which reads the key once, at start); a lifetime no longer than that is refused. Without the CronJob nothing renews it (a warning).",
        ),
      oidc: z
        .strictObject({
          enabled: z.boolean().default(false).describe('Sign in to Headplane with OIDC (needs ingress.enabled).'),
          issuer: z.string().default('').describe('The OIDC issuer URL (https).'),
          clientId: z.string().default('').describe('The OIDC client id.'),
          clientSecret: z
            .strictObject({
              name: kubernetesName('subdomain').default('').describe('The Secret holding the OIDC client secret.'),
              key: kubernetesName('data key').min(1).default('client_secret').describe('Its key.'),
            })
            .prefault({}),
          disableApiKeyLogin: z
            .boolean()
            .default(false)
            .describe('Allow OIDC sign-in only (oidc.disable_api_key_login).'),
          usePkce: z.boolean().default(true).describe('Use PKCE (oidc.use_pkce); the provider must support it.'),
          scope: z.string().default('openid email profile').describe('The OIDC scopes asked for.'),
        })
        .prefault({}),
      config: fragment()
        .superRefine(reportFindings(headplaneConfigSecretFindings))
        .default({})
        .describe(
          'Headplane settings merged over the generated config.yaml (see docs/configuration.md#headplane). Secrets are refused here: the file lands in a ConfigMap.',
        ),
      persistence: z
        .strictObject({
          enabled: z
            .boolean()
            .default(true)
            .describe(
              "Keep Headplane's data (/var/lib/headplane, its users and roles) on a claim; false uses an emptyDir.",
            ),
          ...volumeClaimShape(),
        })
        .prefault({}),
      resources: resources('Headplane'),
    })
    .prefault({});

const backupSchema = () =>
  z
    .strictObject({
      enabled: z
        .boolean()
        .default(false)
        .describe(
          "Replicate Headscale's SQLite database continuously with Litestream, a sidecar in the server pod, to backup.url; and restore it from there before Headscale starts when the data volume has none (a new or lost claim). Needs the SQLite database and persistence.enabled.",
        ),
      url: z
        .string()
        .default('')
        .describe(
          'Where Litestream replicates the database (required): s3://bucket/path (AWS S3, or S3-compatible storage with backup.s3.endpoint), gs://bucket/path, abs://[account@]container/path, sftp://user@host[:port]/path, or file:///path on a volume of backup.extraVolumeMounts. Credentials never go in it: use backup.secretName.',
        ),
      secretName: kubernetesName('subdomain')
        .default('')
        .describe(
          "The Secret of the replica's credentials, by kind: s3 AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; abs LITESTREAM_AZURE_ACCOUNT_KEY or LITESTREAM_AZURE_SAS_TOKEN (environment variables, by secretKeyRef); gs credentials.json, a service account key; sftp ssh-privatekey (mounted files). Empty: the platform's identity (an IAM role or Workload Identity on serviceAccount.annotations). None for file.",
        ),
      s3: z
        .strictObject({
          endpoint: z
            .string()
            .default('')
            .describe(
              'The endpoint of S3-compatible storage (MinIO, R2, ...), as https://minio.example.com:9000; empty for AWS S3.',
            ),
          region: z.string().default('').describe("The bucket's region; empty lets Litestream find it."),
          forcePathStyle: z
            .boolean()
            .optional()
            .describe(
              "Path-style requests, which most S3-compatible storage needs. Unset: Litestream's choice, on with an endpoint.",
            ),
        })
        .prefault({}),
      image: image(LITESTREAM_IMAGE).describe('The Litestream image (0.5).'),
      resources: fragment()
        .superRefine(reportFindings(resourcesFindings))
        .default(LITESTREAM_RESOURCES)
        .describe("Resource requests and limits of Litestream's containers (the restore and the replication)."),
      metricsPort: portNumber()
        .default(LITESTREAM_METRICS_PORT)
        .describe(
          "With metrics.enabled: Litestream's Prometheus metrics port (its config's addr), a container port and a Service port named litestream, which the ServiceMonitor scrapes too.",
        ),
      extraVolumeMounts: z
        .array(kubernetesFragment('VolumeMount', volumeMountFindings))
        .default([])
        .describe("Mounts of Litestream's containers, of volumes of extraVolumes: the directory of a file:// replica."),
    })
    .prefault({});

const upgradeSchema = () =>
  z
    .strictObject({
      backup: z
        .strictObject({
          enabled: z
            .boolean()
            .default(true)
            .describe(
              "Before Headscale starts a version other than the one that started last, copy its SQLite database with sqlite3's online backup to /var/lib/headscale/backups on the data claim (an init container), keeping the newest upgrade.backup.keep copies. Only with persistence.enabled and the SQLite database.",
            ),
          keep: z
            .number()
            .int()
            .min(1)
            .default(UPGRADE_BACKUP_KEEP)
            .describe('How many copies taken before an upgrade stay on the claim; older ones are removed.'),
          image: image(LITESTREAM_IMAGE).describe(
            "The copy's image: a POSIX shell and sqlite3 (Litestream's Debian image has both).",
          ),
          resources: fragment()
            .superRefine(reportFindings(resourcesFindings))
            .default({})
            .describe('Resource requests and limits of the copy.'),
        })
        .prefault({}),
      fromVersion: z
        .string()
        .superRefine(reportProblem(fromVersionProblem))
        .default('')
        .describe(
          'The Headscale version that runs now, before this render (such as 0.28 or v0.28.1): a render that skips a minor version or goes back is then refused, as Headscale refuses to start on the database. The CLI (template --output-dir) and npm run synth read it from the render they replace when it is empty.',
        ),
    })
    .prefault({});

export const valuesSchema = z.strictObject(
  sections('', {
    nameOverride: () =>
      kubernetesName('label')
        .default('')
        .describe('Replaces the chart name ("headscale") in names and the app.kubernetes.io/name label.'),
    fullnameOverride: () =>
      z
        .string()
        // Cut to 63 characters like the chart does, so only the characters are checked.
        .superRefine(
          reportProblem((name: string) => (name === '' ? undefined : nameProblem(name, 'service', Infinity))),
        )
        .default('')
        .describe(
          'Replaces the full name (by default "<release>-headscale", or the release name when it contains "headscale").',
        ),
    image: () => image(SERVER_IMAGE).describe('The Headscale server image.'),
    headscaleVersion: () =>
      z
        .string()
        .superRefine(reportProblem(statedVersionProblem))
        .default('')
        .describe(
          'The Headscale version of the image (0.26 to 0.29), for the config and policy checks; empty reads it from image.tag. Set it when the tag names no version, or pins a digest.',
        ),
    imagePullSecrets: () =>
      z
        .array(
          z.strictObject({
            name: kubernetesName('subdomain').describe('Name of a kubernetes.io/dockerconfigjson Secret.'),
          }),
        )
        .default([])
        .describe('Pull secrets of the server pod.'),
    serviceAccount: () =>
      z
        .strictObject({
          create: z
            .boolean()
            .default(true)
            .describe('Create a ServiceAccount for the server (it gets no API token: the server needs none).'),
          annotations: annotations().default({}).describe('Annotations of the created ServiceAccount.'),
          name: kubernetesName('subdomain')
            .default('')
            .describe('ServiceAccount name; empty uses the fullname when created, else "default".'),
        })
        .prefault({}),
    podAnnotations: () => annotations().default({}).describe('Annotations of the server pod.'),
    podLabels: () => labels().default({}).describe('Extra labels of the server pod.'),
    podSecurityContext: mergedMap(SERVER_POD_SECURITY_CONTEXT, {
      checkMerged: fragmentFindings('PodSecurityContext', podSecurityContextFindings),
    }).describe('Security context of the server pod.'),
    securityContext: mergedMap(SERVER_SECURITY_CONTEXT, {
      checkMerged: fragmentFindings('SecurityContext', securityContextFindings),
    }).describe('Security context of the server container.'),
    service: () =>
      z
        .strictObject({
          type: z.enum(SERVICE_TYPES).default(SERVICE_TYPE).describe('Service type of the server.'),
          port: z
            .number()
            .int()
            .min(1)
            .max(65535)
            .optional()
            .meta({ default: HEADSCALE_PORT })
            .describe(
              'Service port, also the container port named "http" and the port of config.listen_addr. Unset: the port of config.listen_addr when it is set, else 8080; with tls.secretName and no ingress, 443 (named https) in front of Headscale on 8080. The parsed values show the port in use.',
            ),
        })
        .prefault({}),
    ingress: () =>
      z
        .strictObject({
          enabled: z
            .boolean()
            .default(false)
            .describe('Expose the server through an Ingress; the first host also sets server_url when it is empty.'),
          className: checkedString(dns1123SubdomainProblem).default('nginx').describe('Ingress class.'),
          annotations: annotations()
            .default({})
            .describe(
              'Ingress annotations. The ingress must pass WebSocket upgrades with long timeouts (see docs/configuration.md).',
            ),
          hosts: z
            .array(
              z.strictObject({
                host: checkedString(ingressHostProblem).describe('Host name.'),
                paths: z
                  .array(
                    z
                      .strictObject({
                        path: z.string().default('/').describe('Path.'),
                        pathType: z.enum(PATH_TYPES).default('ImplementationSpecific').describe('Path type.'),
                      })
                      .superRefine(reportFindings(ingressPathFindings)),
                  )
                  .default([{ path: '/', pathType: 'ImplementationSpecific' }])
                  .describe('Paths routed to the server.'),
              }),
            )
            .default([{ host: 'headscale.local', paths: [{ path: '/', pathType: 'ImplementationSpecific' }] }])
            .describe('Hosts and paths routed to the server.'),
          tls: ingressTls()
            .default([])
            .describe(
              'TLS entries; any entry makes the derived server_url https. Empty with tls.secretName: one entry of that Secret for every host.',
            ),
        })
        .prefault({}),
    resources: () =>
      fragment()
        .superRefine(reportFindings(resourcesFindings))
        .default({})
        .describe('Resource requests and limits of the server container.'),
    livenessProbe: probe('liveness').describe('Liveness probe of the server container; null removes it.'),
    readinessProbe: probe('readiness').describe('Readiness probe of the server container; null removes it.'),
    nodeSelector: () => labels().default({}).describe('Node selector of the server pod.'),
    affinity: () =>
      kubernetesFragment('Affinity', affinityFindings).default({}).describe('Affinity of the server pod.'),
    tolerations: () =>
      z
        .array(kubernetesFragment('Toleration', tolerationFindings))
        .default([])
        .describe('Tolerations of the server pod.'),
    persistence: () =>
      z
        .strictObject({
          enabled: z
            .boolean()
            .default(true)
            .describe('Keep the database and noise key on a PersistentVolumeClaim mounted at /var/lib/headscale.'),
          ...volumeClaimShape(),
        })
        .prefault({}),
    podDisruptionBudget: () => disruptionBudget('server'),
    runtime: () =>
      z
        .strictObject({
          socketDir: z
            .string()
            .default(SOCKET_DIR)
            .describe("Writable directory (emptyDir) for Headscale's unix socket; empty mounts none."),
        })
        .prefault({}),
    configMap: () =>
      z
        .strictObject({
          create: z
            .boolean()
            .default(true)
            .describe('Create the config.yaml ConfigMap; false expects a ConfigMap named like the fullname.'),
        })
        .prefault({}),
    config: mergedMap(HEADSCALE_CONFIG_DEFAULTS, {
      given: headscaleConfigPatchSchema,
      // listen_addr is derived from service.port unless set (derive/ports.ts): its default as a values file sees it.
      documented: { ...HEADSCALE_CONFIG_DEFAULTS, listen_addr: listenAddressOn(HEADSCALE_PORT) },
    }).describe(
      "Headscale's config.yaml, merged over these defaults. Its keys are typed and checked as Headscale checks them at start-up; keys it does not know give a warning. An empty server_url is derived from the ingress or the Service. Secrets (oidc.client_secret, database.postgres.pass) are refused here: use secretEnv.",
    ),
    secretEnv: () =>
      z
        .array(
          z.strictObject({
            key: z
              .string()
              .superRefine(
                reportProblem((configKey: string) =>
                  /^[a-z0-9_]+(\.[a-z0-9_]+)*$/.test(configKey)
                    ? undefined
                    : `expected a config key path such as oidc.client_secret (got ${describeValue(configKey)})`,
                ),
              )
              .describe('The config key, as in config.yaml: oidc.client_secret, database.postgres.pass, ...'),
            secretName: kubernetesName('subdomain').min(1).describe('The Secret that holds the value.'),
            secretKey: kubernetesName('data key').min(1).describe('The key of the value in the Secret.'),
          }),
        )
        .default([])
        .describe(
          'Config keys that Headscale takes from Secrets instead of config.yaml: each becomes the variable HEADSCALE_<KEY> of the server container (the key in capitals, "." as "_", e.g. HEADSCALE_OIDC_CLIENT_SECRET), from secretKeyRef.',
        ),
    derpMap: () =>
      z
        .strictObject({
          enabled: z.boolean().default(false).describe('Mount a DERP map file and add it to derp.paths.'),
          path: z.string().default('/etc/headscale/derp-map.yaml').describe('Where the DERP map is mounted.'),
          configMap: fileConfigMap('derp-map.yaml'),
          content: fragment()
            .superRefine(reportFindings(derpMapFindings))
            .default({})
            .describe('The DERP map (regions, nodes), written as YAML with integer region keys.'),
        })
        .prefault({}),
    extraDnsRecords: () =>
      z
        .strictObject({
          enabled: z.boolean().default(false).describe('Mount extra DNS records and set dns.extra_records_path.'),
          path: z
            .string()
            .default('/etc/headscale/extra-dns-records.json')
            .describe('Where the records file is mounted.'),
          configMap: fileConfigMap('extra-dns-records.json'),
          records: z
            .array(
              z
                .strictObject({
                  name: z.string().describe('Record name, such as grafana.tailnet.example.com.'),
                  type: z.string().describe('Record type (A or AAAA).'),
                  value: z.string().describe('Record value, such as 100.64.0.10.'),
                })
                .superRefine(reportFindings(extraRecordFindings)),
            )
            .default([])
            .describe('Records ({name, type, value}) written as a JSON array.'),
        })
        .prefault({}),
    policy: () =>
      z
        .strictObject({
          enabled: z.boolean().default(false).describe('Mount an ACL policy file and set policy.path.'),
          path: z
            .string()
            .optional()
            .meta({ default: POLICY_PATH })
            .describe(
              `Where the policy file is mounted. Unset with policy.hotReload.enabled: ${LIVE_POLICY_PATH}, a directory of its own.`,
            ),
          configMap: fileConfigMap('policy.json'),
          content: policySchema
            .default({})
            .describe(
              "The ACL policy (groups, hosts, tagOwners, acls, ssh, autoApprovers), checked as Headscale checks it, and merged with the client's route and exit-node approvals.",
            ),
          hotReload: z
            .strictObject({
              enabled: z
                .boolean()
                .default(false)
                .describe(
                  "Apply policy changes without restarting Headscale: the policy's ConfigMap is mounted as a directory (kubelet updates it in place, so policy.path must be in a directory of its own: unset, it is /etc/headscale/policy/policy.json), the pod template carries no checksum of it, and a sidecar sends Headscale SIGHUP when the file changes. Needs policy.enabled, config.policy.mode file and securityContext.runAsUser; the pod shares its process namespace (see docs/security.md).",
                ),
              image: image(POLICY_RELOAD_IMAGE).describe(
                "The watcher sidecar's image (a POSIX shell with cksum, tr and sleep).",
              ),
              resources: fragment()
                .superRefine(reportFindings(resourcesFindings))
                .default(POLICY_RELOAD_RESOURCES)
                .describe('Resource requests and limits of the watcher sidecar.'),
            })
            .prefault({}),
        })
        // A reloaded policy is mounted as its whole directory: by default one of its own, not config.yaml's.
        .transform(({ path, ...policy }) => ({
          ...policy,
          path: path ?? (policy.hotReload.enabled ? LIVE_POLICY_PATH : POLICY_PATH),
        }))
        .prefault({}),
    extraVolumes: () =>
      z.array(kubernetesFragment('Volume', volumeFindings)).default([]).describe('Extra volumes of the server pod.'),
    extraVolumeMounts: () =>
      z
        .array(kubernetesFragment('VolumeMount', volumeMountFindings))
        .default([])
        .describe('Extra volume mounts of the server container.'),
    tls: () =>
      z
        .strictObject({
          secretName: kubernetesName('subdomain')
            .default('')
            .describe(
              "A kubernetes.io/tls Secret (tls.crt, tls.key, and ca.crt if the CA is private). Without an ingress, Headscale serves HTTPS itself from it, and the in-cluster client logs in over https and trusts ca.crt: the certificate must cover <fullname>.<namespace>.svc.cluster.local. With an ingress (as chart 0.2.0), it is the ingress's certificate for its hosts when ingress.tls is empty, and Headscale behind it serves plain HTTP.",
            ),
          certificate: z
            .strictObject({
              enabled: z
                .boolean()
                .default(false)
                .describe(
                  "Have cert-manager issue the tls.secretName Secret with a Certificate (cert-manager.io/v1) for the Service's cluster names (with an ingress, its hosts) and dnsNames. Needs tls.secretName and the cert-manager CRDs.",
                ),
              issuerRef: z
                .strictObject({
                  name: kubernetesName('subdomain').default('').describe('The Issuer or ClusterIssuer; required.'),
                  kind: z.enum(['Issuer', 'ClusterIssuer']).default('Issuer').describe('Issuer kind.'),
                  group: z.string().default('cert-manager.io').describe('Issuer API group.'),
                })
                .prefault({}),
              dnsNames: z
                .array(checkedString(ingressHostProblem))
                .default([])
                .describe('More names of the certificate, besides <fullname>.<namespace>.svc(.cluster.local).'),
            })
            .prefault({}),
        })
        .prefault({}),
    server: () =>
      z
        .strictObject({
          enabled: z
            .boolean()
            .default(true)
            .describe(
              'Deploy the Headscale server. false renders only the client, joining a Headscale that runs elsewhere: client.loginServer and client.authKeySecret.name are then required, and the keys that configure the server have no effect.',
            ),
        })
        .prefault({}),
    client: clientSchema,
    users: usersSchema,
    preauthKeys: preauthKeysSchema,
    ui: uiSchema,
    headplane: headplaneSchema,
    networkPolicy: () =>
      z
        .strictObject({
          enabled: z
            .boolean()
            .default(false)
            .describe(
              "Create NetworkPolicies that let in only what each part needs (see docs/security.md). Egress stays open but for the key job's, with networkPolicy.keyJobEgress.",
            ),
          httpFrom: networkPolicyPeers()
            .default([])
            .describe(
              "Sources (NetworkPolicyPeers) let in to the HTTP ports of Headscale and the UI besides the in-cluster client and UI: the ingress controller's pods, say { namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: ingress-nginx } } }, or an ipBlock for a load balancer.",
            ),
          extraIngress: z
            .array(
              fragment().superRefine(
                reportFindings(networkingFragment('NetworkPolicyIngressRule', networkPolicyRuleFindings('from'))),
              ),
            )
            .default([])
            .describe(
              'More ingress rules (NetworkPolicyIngressRules) of the server. The metrics port has metricsFrom, the STUN port is open to all with the embedded DERP server, and the gRPC port takes httpFrom.',
            ),
          metricsFrom: networkPolicyPeers()
            .default([])
            .describe(
              "Sources (NetworkPolicyPeers) let in to the metrics port with metrics.enabled: Prometheus's pods, say { namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: monitoring } } }.",
            ),
          keyJobEgress: z
            .array(
              fragment().superRefine(
                reportFindings(networkingFragment('NetworkPolicyEgressRule', networkPolicyRuleFindings('to'))),
              ),
            )
            .default([])
            .describe(
              "Egress rules (NetworkPolicyEgressRules) of the key job, which only talks to the Kubernetes API server: its endpoints' addresses and port (often 6443), as `kubectl get endpoints kubernetes -n default` shows them. Empty leaves the job's egress open, since those addresses differ from cluster to cluster.",
            ),
        })
        .prefault({}),
    metrics: metricsSchema,
    backup: backupSchema,
    upgrade: upgradeSchema,
    stun: stunSchema,
    grpc: grpcSchema,
    httpRoute: httpRouteSchema,
    grpcRoute: grpcRouteSchema,
  }),
);

/** Values as a user writes them: every key optional. */
export type HeadscaleValuesInput = z.input<typeof valuesSchema>;
/** Values after parsing: every default applied. */
export type HeadscaleValues = z.output<typeof valuesSchema>;
