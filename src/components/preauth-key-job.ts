import { Construct } from 'constructs';
import { keyExpirationProblem } from '../values/cli-duration';
import type { Finding } from '../core/errors';
import { userNameProblem } from '../values/headscale-names';
import { FEATURE_SINCE, type HeadscaleVersion, isAtLeast } from '../values/headscale-versions';
import { nameProblem } from '../kubernetes/names';
import { cronScheduleProblem } from '../kubernetes/validation/cron';
import { CRON_JOB_NAME_LIMIT, objectNameProblem } from '../kubernetes/validation/objects';
import { tagNameProblem } from '../values/policy';
import { sha256 } from '../derive/checksum';
import { type HeadscaleUserSpec, keyJobEnvironment, lifetimeSeconds, type PreauthKeySpec } from '../derive/client';
import { apiKeyRenewBeforeSeconds, formatHours, longestGapSeconds } from '../derive/key-renewal';
import { CLIENT_USER } from '../derive/policy';
import { type Labels, NAME_LIMIT, truncateName, instanceLabels } from '../derive/release';
import { scriptChecksum, scriptText } from '../derive/scripts';
import {
  IMAGE_PULL_POLICY,
  INTERNAL_TLS_IMAGE,
  JOB_TTL_SECONDS,
  KEY_JOB_IMAGE,
  PREAUTH_KEY_EXPIRATION,
} from '../values/defaults';
import { assertValidProps, findingAt, findingsUnder, standaloneLabels } from './common';
import { type SecretKeySelector, secretKeySelectorFindings } from './tailscale-client';
import type { IHeadscaleServer } from './headscale-server';
import {
  type Container,
  type JobSpec,
  KubeConfigMap,
  KubeCronJob,
  KubeJob,
  KubeSecret,
  nonEmpty,
  type PodTemplateSpec,
  type ImagePullPolicy,
  type ResourceRequirements,
  type Volume,
} from './kube';
import { namedSecretRule, ServiceAccountWithRole } from './service-account-with-role';

/** A further preauth key the job keeps in a Secret of its own. */
export interface PreauthKeyJobKey {
  /** The Secret the key is kept in, created here, empty. */
  readonly secretName: string;
  /** The Secret's data key that holds the key. @default 'authkey' */
  readonly key?: string;
  /** The Headscale user that owns the key; it must exist or be in `users`. @default - no user: needs `tags` (Headscale 0.28+) */
  readonly user?: string;
  /** Tags of the key; a tagged key's node gets the tags' auto-approvals. @default [] */
  readonly tags?: readonly string[];
  /** Whether the key can join more than one node. @default true */
  readonly reusable?: boolean;
  /**
   * Whether the nodes that join with the key are ephemeral: Headscale removes them once they have
   * been inactive for its ephemeral node inactivity timeout.
   * @default false
   */
  readonly ephemeral?: boolean;
  /** The key's lifetime; a key closer than a tenth of it to expiry is replaced. @default '87600h' */
  readonly expiration?: string;
}

/** The private CA and serving certificate the job keeps for an in-cluster TLS listener. */
export interface PreauthKeyJobInternalTls {
  /** The Secret (ca.crt, tls.crt, tls.key), created here, empty. */
  readonly secretName: string;
  /** The names of the certificate: the first is its subject. */
  readonly dnsNames: readonly string[];
  /** An image with openssl and a POSIX shell, which makes the certificate. @default 'nginxinc/nginx-unprivileged:1.28.0' */
  readonly image?: string;
  /** When the kubelet pulls the image. @default 'IfNotPresent' */
  readonly imagePullPolicy?: ImagePullPolicy;
}

/** The name of the ServiceAccount, Role and RoleBinding, and the start of the other objects' names. */
const DEFAULT_NAME = 'headscale-preauth-key';

/** The props of {@link PreauthKeyJob}. */
export interface PreauthKeyJobProps {
  /**
   * The Headscale server the job execs `headscale` in: a {@link HeadscaleServer}, or
   * {@link HeadscaleServer.fromAttributes} with the `selector` of its pods in this namespace.
   */
  readonly server: IHeadscaleServer;
  /**
   * The Secret the job keeps a valid preauth key of `user` in (`key` defaults to `authkey`). It is
   * created here, empty, so that the job needs no right to create Secrets: it only reads and
   * patches this one.
   * @default - no such key: only `keys` and `users`
   * @example { name: 'tailscale-authkey' }
   */
  readonly authKeySecret?: SecretKeySelector;
  /**
   * Further keys, each in a Secret of its own, created here, empty, like `authKeySecret`.
   * @default []
   * @example [{ secretName: 'ci-runner-authkey', tags: ['tag:ci'], ephemeral: true }]
   */
  readonly keys?: readonly PreauthKeyJobKey[];
  /**
   * Headscale users to create when missing; one that exists is left as it is, and one removed from
   * this list is not deleted. `user` is created too, with `authKeySecret`.
   * @default []
   * @example [{ name: 'alice', displayName: 'Alice', email: 'alice@example.com' }]
   */
  readonly users?: readonly HeadscaleUserSpec[];
  /**
   * The name of the ServiceAccount, Role and RoleBinding, and the start of the other objects'
   * names: `<name>-script` (the script's ConfigMap), `<name>-<hash of the spec>` (the Job),
   * `<name>-renew` (the CronJob, cut to the 52 characters a CronJob's name may have).
   * @default 'headscale-preauth-key'
   */
  readonly name?: string;
  /**
   * Overrides the derived names of the script's ConfigMap, the Job (before its hash) and the CronJob.
   * @default - derived from the name
   * @example { jobPrefix: 'tailscale-key', cronJob: 'tailscale-key-renew' }
   */
  readonly objectNames?: {
    /** The name of the script's ConfigMap, instead of `<name>-script`. */
    readonly scriptConfigMap?: string;
    /** The start of the Job's name, before `-<hash of the spec>`, instead of `name`. */
    readonly jobPrefix?: string;
    /** The name of the CronJob, instead of `<name>-renew`. */
    readonly cronJob?: string;
  };
  /**
   * Labels of every object.
   * @default - app.kubernetes.io/name `headscale`, app.kubernetes.io/instance the name, app.kubernetes.io/managed-by `cdk8s`
   */
  readonly labels?: Labels;
  /**
   * The labels of the job's pods that NetworkPolicies find them by.
   * @default - the name, instance and component (`preauth-key`) labels
   */
  readonly selector?: Labels;
  /**
   * A Secret (created by its owner, empty) the job keeps Headplane's `cookie_secret` and `api_key`
   * in. With `schedule`, a run replaces the key once less than twice the schedule's longest gap
   * between runs, plus an hour, is left (so that one failed run is survived), and
   * `apiKeyExpiration` must be longer than that; without, once less than a tenth is left.
   * @default - none
   * @example { name: 'headplane', apiKeyExpiration: '2160h', deployment: 'headplane' }
   */
  readonly headplaneSecret?: {
    /** The Secret's name. */
    readonly name: string;
    /** The API key's lifetime, a Go duration (`2160h`). */
    readonly apiKeyExpiration: string;
    /**
     * The Headplane Deployment to restart once the job has written a new key or cookie secret
     * (Headplane reads them once, at start): the job sets an annotation of its pod template to the
     * time of the change, and its Role may get and patch this one Deployment.
     * @default - none: Headplane keeps the old key until its pod restarts
     */
    readonly deployment?: string;
  };
  /** The Headscale user that owns the `authKeySecret` key (created when missing). @default 'headscale-system' */
  readonly user?: string;
  /** Tags of the key; a tagged key's node gets the tags' auto-approvals. @default [] */
  readonly tags?: readonly string[];
  /** The key's lifetime; a key closer than a tenth of it to expiry is replaced. @default '87600h' */
  readonly expiration?: string;
  /** An image with `kubectl` and a POSIX shell. @default 'alpine/k8s:1.30.2' */
  readonly image?: string;
  /** When the kubelet pulls the image. @default 'IfNotPresent' */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Resources of the job's container.
   * @default {}
   * @example { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } }
   */
  readonly resources?: ResourceRequirements;
  /** Seconds a finished Job is kept. @default 86400 */
  readonly ttlSecondsAfterFinished?: number;
  /** Make the Job an Argo CD PostSync hook, recreated on every sync. @default false */
  readonly argocdHook?: boolean;
  /** Also run the job on this cron schedule, renewing the key before it expires. @default - no CronJob */
  readonly schedule?: string;
  /**
   * Keep a private CA and a certificate for these names in a Secret: an init container makes them
   * with openssl when the Secret's set is missing, invalid or expires within 30 days (CA and
   * certificate last 10 years), and the job writes them before it waits for Headscale.
   * @default - none
   * @example
   * {
   *   secretName: 'headscale-internal-tls',
   *   dnsNames: ['headscale.default.svc', 'headscale.default.svc.cluster.local'],
   * }
   */
  readonly internalTls?: PreauthKeyJobInternalTls;
}

const SCRIPT = 'ensure-client-key.sh';
const CERT_SCRIPT = 'internal-tls-cert.sh';
const SCRIPT_DIR = '/scripts';
/** Where the init container finds the Secret's set and leaves a new one. */
const CURRENT_TLS_DIR = '/internal-tls-current';
const NEW_TLS_DIR = '/internal-tls-new';

/** Annotations that make the key job an Argo CD hook, recreated after every sync. */
export const ARGOCD_HOOK_ANNOTATIONS: Readonly<Record<string, string>> = {
  'argocd.argoproj.io/hook': 'PostSync',
  'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
};

/** Everything wrong with the props, each at its prop path. */
export function preauthKeyJobFindings(props: PreauthKeyJobProps): Finding[] {
  const version = props.server.headscaleVersion;
  return [
    ...findingAt(
      ['server', 'selector'],
      props.server.selector === undefined
        ? "is required: the job execs headscale in the server's pods, found by these labels in the job's namespace"
        : undefined,
    ),
    ...(props.authKeySecret ? findingsUnder(['authKeySecret'], secretKeySelectorFindings(props.authKeySecret)) : []),
    ...(props.users ?? []).flatMap((user, index) => findingsUnder(['users', index], userFindings(user, version))),
    ...repeatedFindings(props.users ?? [], 'name', 'users'),
    ...(props.keys ?? []).flatMap((key, index) => findingsUnder(['keys', index], keyFindings(key, version))),
    ...repeatedFindings(props.keys ?? [], 'secretName', 'keys'),
    ...sharedSecretFindings(props),
    ...(props.tags ?? []).flatMap((tag, index) => findingAt(['tags', index], keyTagProblem(tag, version))),
    ...(props.expiration === undefined ? [] : findingAt(['expiration'], keyExpirationProblem(props.expiration))),
    ...(props.headplaneSecret ? headplaneSecretFindings(props.headplaneSecret, props.schedule) : []),
    ...(props.internalTls
      ? findingAt(['internalTls', 'secretName'], nameProblem(props.internalTls.secretName, 'subdomain'))
      : []),
    ...objectNamesFindings(props),
    ...(props.schedule === undefined ? [] : findingAt(['schedule'], cronScheduleProblem(props.schedule))),
  ];
}

/** The script's ConfigMap's name: as `objectNames` gives it, else `<name>-script`. */
function scriptConfigMapName(props: PreauthKeyJobProps, name: string): string {
  return props.objectNames?.scriptConfigMap ?? `${name}-script`;
}

/** The CronJob's name: as `objectNames` gives it, else `<name>-renew`, cut to the length a CronJob's name may have. */
function cronJobName(props: PreauthKeyJobProps, name: string): string {
  return props.objectNames?.cronJob ?? `${truncateName(name, CRON_JOB_NAME_LIMIT - '-renew'.length)}-renew`;
}

/**
 * The objects' names, each as the API server checks its kind's, at the prop that gives it: `name`
 * names the ServiceAccount, Role and RoleBinding (the ServiceAccount's rule, a DNS subdomain, is
 * the strictest of the three) and starts the derived names. The Job's is cut to fit.
 */
function objectNamesFindings(props: PreauthKeyJobProps): Finding[] {
  const name = props.name ?? DEFAULT_NAME;
  const nameProblemOf = (kind: string, objectName: string, given: string | undefined) => {
    const problem = objectNameProblem(kind, objectName);
    return problem && given === undefined ? `gives the ${kind} the name ${objectName}, which ${problem}` : problem;
  };
  const at = (given: string | undefined, key: string) => (given === undefined ? ['name'] : ['objectNames', key]);
  const script = props.objectNames?.scriptConfigMap;
  const cronJob = props.objectNames?.cronJob;
  // A name that is wrong in itself makes the names derived from it wrong too: said once.
  const ownProblem = objectNameProblem('ServiceAccount', name);
  const derivedOrGiven = (given: string | undefined) => given !== undefined || !ownProblem;
  return [
    ...findingAt(['name'], ownProblem),
    ...(derivedOrGiven(script)
      ? findingAt(at(script, 'scriptConfigMap'), nameProblemOf('ConfigMap', scriptConfigMapName(props, name), script))
      : []),
    ...(props.schedule !== undefined && derivedOrGiven(cronJob)
      ? findingAt(at(cronJob, 'cronJob'), nameProblemOf('CronJob', cronJobName(props, name), cronJob))
      : []),
  ];
}

/** Headplane's Secret and Deployment, and an API key that outlives the schedule's gaps between runs. */
function headplaneSecretFindings(
  secret: NonNullable<PreauthKeyJobProps['headplaneSecret']>,
  schedule: string | undefined,
): Finding[] {
  const expirationProblem = keyExpirationProblem(secret.apiKeyExpiration);
  return [
    ...findingAt(['headplaneSecret', 'name'], nameProblem(secret.name, 'subdomain')),
    ...(secret.deployment === undefined
      ? []
      : findingAt(['headplaneSecret', 'deployment'], nameProblem(secret.deployment, 'subdomain'))),
    ...findingAt(
      ['headplaneSecret', 'apiKeyExpiration'],
      expirationProblem ?? apiKeyOutlivesTheScheduleProblem(secret.apiKeyExpiration, schedule),
    ),
  ];
}

/**
 * A key no longer than the time before its end at which the runs replace it would be replaced at
 * every run, or expire between two.
 */
function apiKeyOutlivesTheScheduleProblem(expiration: string, schedule: string | undefined): string | undefined {
  const gap = schedule === undefined ? undefined : longestGapSeconds(schedule);
  if (gap === undefined) return undefined;
  if (gap === Infinity)
    return `can't be renewed: the schedule ${JSON.stringify(schedule)} matches no day, so its CronJob never runs`;
  const lifetime = lifetimeSeconds(expiration);
  const renewBefore = apiKeyRenewBeforeSeconds(lifetime, schedule);
  return lifetime > renewBefore
    ? undefined
    : `is ${expiration}, no longer than the ${formatHours(renewBefore)} before its end at which the schedule ${JSON.stringify(schedule)} replaces the key: twice the longest time between two runs (${formatHours(gap)}) plus an hour, so that a failed run leaves another before it expires; make it longer than ${formatHours(renewBefore)}, or run the schedule more often`;
}

/** A tag as that version's policy takes it, and as the job passes it: in a comma-separated list. */
function keyTagProblem(tag: string, version: HeadscaleVersion): string | undefined {
  return (
    tagNameProblem(tag, version) ??
    (/[\s,]/.test(tag)
      ? `holds a space or a comma, which the key job's list of tags can't carry (got ${JSON.stringify(tag)})`
      : undefined)
  );
}

/** A user `headscale users create` takes on that version; the job passes each setting on one line. */
function userFindings(user: HeadscaleUserSpec, version: HeadscaleVersion): Finding[] {
  const oneLine = (key: 'displayName' | 'email') =>
    findingAt([key], /[\n\r\t]/.test(user[key] ?? '') ? `is one line, without tabs` : undefined);
  return [...findingAt(['name'], userNameProblem(user.name, version)), ...oneLine('displayName'), ...oneLine('email')];
}

/** A key `headscale preauthkeys create` makes on that version, in a Secret Kubernetes takes. */
function keyFindings(key: PreauthKeyJobKey, version: HeadscaleVersion): Finding[] {
  const ownerless = key.user === undefined;
  return [
    ...findingAt(['secretName'], nameProblem(key.secretName, 'subdomain')),
    ...(key.key === undefined ? [] : findingAt(['key'], nameProblem(key.key, 'data key'))),
    ...(ownerless ? [] : findingAt(['user'], userNameProblem(key.user, version))),
    ...findingAt(
      ['user'],
      ownerless && (key.tags ?? []).length === 0
        ? 'is missing: a preauth key needs a user, tags, or both'
        : ownerless && !isAtLeast(version, FEATURE_SINCE.keyWithoutUser)
          ? `is required on Headscale ${version}: a key owned by its tags alone needs Headscale ${FEATURE_SINCE.keyWithoutUser} or later`
          : undefined,
    ),
    ...(key.tags ?? []).flatMap((tag, index) => findingAt(['tags', index], keyTagProblem(tag, version))),
    ...(key.expiration === undefined ? [] : findingAt(['expiration'], keyExpirationProblem(key.expiration))),
  ];
}

/**
 * A Secret the job keeps named by two of its props: the job writes each Secret whole, so the runs
 * would overwrite each other's data (and the internal TLS Secret is of another type).
 */
function sharedSecretFindings(props: PreauthKeyJobProps): Finding[] {
  const owners: Array<{ name: string; at: PropertyKey[]; owner: string }> = [
    ...(props.headplaneSecret
      ? [{ name: props.headplaneSecret.name, at: ['headplaneSecret', 'name'], owner: 'headplaneSecret' }]
      : []),
    ...(props.internalTls
      ? [{ name: props.internalTls.secretName, at: ['internalTls', 'secretName'], owner: 'internalTls' }]
      : []),
    ...(props.authKeySecret
      ? [{ name: props.authKeySecret.name, at: ['authKeySecret', 'name'], owner: 'authKeySecret' }]
      : []),
    ...(props.keys ?? []).map((key, index) => ({ name: key.secretName, at: ['keys', index, 'secretName'], owner: '' })),
  ];
  return owners.flatMap(({ name, at }, index) => {
    const earlier = owners.slice(0, index).find((other) => other.name === name && other.owner !== '');
    return findingAt(at, earlier ? `is the Secret of ${earlier.owner}: choose another name` : undefined);
  });
}

/** A finding for each entry whose `field` repeats an earlier entry's: each names one user, or one Secret. */
function repeatedFindings<Entry, Field extends keyof Entry>(
  entries: readonly Entry[],
  field: Field,
  list: string,
): Finding[] {
  return entries.flatMap((entry, index) =>
    entries.findIndex((other) => other[field] === entry[field]) < index
      ? [
          {
            at: [list, index, field as string],
            message: `repeats ${JSON.stringify(entry[field])}: each must be unique`,
          },
        ]
      : [],
  );
}

/**
 * Creates missing Headscale users and keeps a usable preauth key in each of its Secrets: the
 * Secrets (empty until the job writes them), the script's ConfigMap, a Job that runs it once, and
 * with `schedule` a CronJob that runs it again (renewing a key before it expires); their
 * ServiceAccount and a Role limited to those Secrets' names. The pods meet the restricted Pod
 * Security level. The script (src/scripts/ensure-client-key.sh) execs `headscale` in the
 * server's pod and writes a Secret only when its key is missing or no longer usable.
 *
 * A Helm hook runs once at most under plain `kubectl apply` and most GitOps tools, and a Job's pod
 * template can't change once applied. So the Job is named by a hash of its spec: a changed Job is
 * a new Job, and an unchanged one is left alone. Finished Jobs expire after
 * `ttlSecondsAfterFinished`.
 */
export class PreauthKeyJob extends Construct {
  /** With `authKeySecret`: the Secret holding its key, created without data. */
  public readonly authKeySecret?: KubeSecret;
  /** The Secrets of `keys`, in their order, created without data. */
  public readonly keySecrets: readonly KubeSecret[];
  /** With `internalTls`: its Secret, created without data. */
  public readonly internalTlsSecret?: KubeSecret;
  /** The ConfigMap of the job's script (and, with `internalTls`, of the certificate's script). */
  public readonly scriptConfigMap: KubeConfigMap;
  /**
   * The job's ServiceAccount, with a Role that reads and patches its Secrets, lists pods and execs
   * in them, and with `headplaneSecret.deployment` reads and patches that Deployment.
   */
  public readonly identity: ServiceAccountWithRole;
  /** The Job that runs the script once, named by a hash of its spec. */
  public readonly job: KubeJob;
  /** With `schedule`. */
  public readonly cronJob?: KubeCronJob;
  /** The labels that find the job's pods. */
  public readonly selector: Labels;

  constructor(scope: Construct, id: string, props: PreauthKeyJobProps) {
    super(scope, id);
    assertValidProps(this, 'PreauthKeyJob', props, preauthKeyJobFindings);
    const name = props.name ?? DEFAULT_NAME;
    const labels = props.labels ?? standaloneLabels('headscale', name);
    const image = props.image ?? `${KEY_JOB_IMAGE.repository}:${KEY_JOB_IMAGE.tag}`;

    this.selector = props.selector ?? instanceLabels('headscale', name, 'preauth-key');

    const user = props.user ?? CLIENT_USER;
    const expiration = props.expiration ?? PREAUTH_KEY_EXPIRATION;
    const keys: PreauthKeySpec[] = [
      ...(props.authKeySecret === undefined
        ? []
        : [
            {
              secret: props.authKeySecret.name,
              secretKey: props.authKeySecret.key,
              user,
              tags: props.tags ?? [],
              reusable: true,
              ephemeral: false,
              expiration,
            },
          ]),
      ...(props.keys ?? []).map((key) => ({
        secret: key.secretName,
        secretKey: key.key,
        user: key.user,
        tags: key.tags ?? [],
        reusable: key.reusable ?? true,
        ephemeral: key.ephemeral ?? false,
        expiration: key.expiration ?? PREAUTH_KEY_EXPIRATION,
      })),
    ];
    const users = [...(props.authKeySecret === undefined ? [] : [{ name: user }]), ...(props.users ?? [])];
    const secretNames = [
      ...keys.map((key) => key.secret),
      ...(props.headplaneSecret ? [props.headplaneSecret.name] : []),
      ...(props.internalTls ? [props.internalTls.secretName] : []),
    ];

    // The job writes only the keys' data: the Secrets' metadata stays the manifests'.
    const emptySecret = (id: string, name: string) =>
      new KubeSecret(this, id, { metadata: { name, labels }, type: 'Opaque' });
    if (props.authKeySecret !== undefined) this.authKeySecret = emptySecret('AuthKey', props.authKeySecret.name);
    this.keySecrets = (props.keys ?? []).map((key) => emptySecret(`Key-${key.secretName}`, key.secretName));
    const { internalTls } = props;
    if (internalTls) this.internalTlsSecret = emptySecret('InternalTls', internalTls.secretName);

    this.scriptConfigMap = new KubeConfigMap(this, 'Script', {
      metadata: { name: scriptConfigMapName(props, name), labels },
      data: { [SCRIPT]: scriptText(SCRIPT), ...(internalTls ? { [CERT_SCRIPT]: scriptText(CERT_SCRIPT) } : {}) },
    });

    // The key Secrets exist, so reading and patching them is all the job does with Secrets. Pods
    // can't be named in a rule (their names are random), so listing and exec reach every pod of
    // the namespace: that is as narrow as exec allows.
    this.identity = new ServiceAccountWithRole(this, 'Identity', {
      name,
      labels,
      rules: [
        ...(secretNames.length > 0 ? [namedSecretRule(secretNames, ['get', 'patch'])] : []),
        // The restart after a new API key: the one Deployment's pod template, read and patched.
        ...(props.headplaneSecret?.deployment
          ? [
              {
                apiGroups: ['apps'],
                resources: ['deployments'],
                verbs: ['get', 'patch'],
                resourceNames: [props.headplaneSecret.deployment],
              },
            ]
          : []),
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
        { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
      ],
    });

    const environment = keyJobEnvironment({
      serverSelector: props.server.selector!,
      serverContainer: props.server.containerName,
      users,
      keys,
      headplaneSecret: props.headplaneSecret,
      schedule: props.schedule,
    });
    const restricted = {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    };
    // The Secret's current set, optional as it is empty at first; the init container writes a new
    // set only when that one is missing or expiring, and the script applies what it finds.
    const certInit: Container[] = internalTls
      ? [
          {
            name: 'internal-tls-cert',
            image: internalTls.image ?? `${INTERNAL_TLS_IMAGE.repository}:${INTERNAL_TLS_IMAGE.tag}`,
            imagePullPolicy: internalTls.imagePullPolicy ?? IMAGE_PULL_POLICY,
            command: ['/bin/sh', `${SCRIPT_DIR}/${CERT_SCRIPT}`],
            env: [
              { name: 'DNS_NAMES', value: internalTls.dnsNames.join(',') },
              { name: 'CURRENT_DIR', value: CURRENT_TLS_DIR },
              { name: 'OUT_DIR', value: NEW_TLS_DIR },
            ],
            securityContext: restricted,
            volumeMounts: [
              { name: 'job-script', mountPath: SCRIPT_DIR, readOnly: true },
              { name: 'internal-tls-current', mountPath: CURRENT_TLS_DIR, readOnly: true },
              { name: 'internal-tls-new', mountPath: NEW_TLS_DIR },
              { name: 'tmp', mountPath: '/tmp' },
            ],
          },
        ]
      : [];
    const certVolumes: Volume[] = internalTls
      ? [
          { name: 'internal-tls-current', secret: { secretName: internalTls.secretName, optional: true } },
          { name: 'internal-tls-new', emptyDir: {} },
        ]
      : [];
    const podTemplate = (containerName: string): PodTemplateSpec => ({
      metadata: {
        labels: { ...labels, ...this.selector },
        annotations: {
          [`checksum/${SCRIPT}`]: scriptChecksum(SCRIPT),
          ...(internalTls ? { [`checksum/${CERT_SCRIPT}`]: scriptChecksum(CERT_SCRIPT) } : {}),
        },
      },
      spec: {
        serviceAccountName: name,
        restartPolicy: 'OnFailure',
        securityContext: {
          runAsNonRoot: true,
          runAsUser: 65534,
          runAsGroup: 65534,
          seccompProfile: { type: 'RuntimeDefault' },
        },
        ...(certInit.length > 0 ? { initContainers: certInit } : {}),
        containers: [
          {
            name: containerName,
            image,
            imagePullPolicy: props.imagePullPolicy ?? IMAGE_PULL_POLICY,
            command: ['/bin/sh', `${SCRIPT_DIR}/${SCRIPT}`],
            env: [
              { name: 'NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
              // kubectl keeps its discovery cache under $HOME; the root filesystem is read-only.
              { name: 'HOME', value: '/tmp' },
              ...environment,
              ...(internalTls
                ? [
                    { name: 'INTERNAL_TLS_SECRET', value: internalTls.secretName },
                    { name: 'INTERNAL_TLS_DIR', value: NEW_TLS_DIR },
                  ]
                : []),
            ],
            resources: nonEmpty(props.resources ?? {}),
            securityContext: restricted,
            volumeMounts: [
              { name: 'job-script', mountPath: SCRIPT_DIR, readOnly: true },
              { name: 'tmp', mountPath: '/tmp' },
              ...(internalTls ? [{ name: 'internal-tls-new', mountPath: NEW_TLS_DIR, readOnly: true }] : []),
            ],
          },
        ],
        volumes: [
          { name: 'job-script', configMap: { name: this.scriptConfigMap.name, defaultMode: 0o555 } },
          { name: 'tmp', emptyDir: {} },
          ...certVolumes,
        ],
      },
    });

    const jobSpec: JobSpec = {
      backoffLimit: 10,
      activeDeadlineSeconds: 600,
      ttlSecondsAfterFinished: props.ttlSecondsAfterFinished ?? JOB_TTL_SECONDS,
      template: podTemplate('create-secret'),
    };
    const specHash = sha256(JSON.stringify(jobSpec)).slice(0, 8);
    this.job = new KubeJob(this, 'Job', {
      metadata: {
        // Cut so that the name with its hash fits Kubernetes' 63 characters.
        name: `${truncateName(props.objectNames?.jobPrefix ?? name, NAME_LIMIT - specHash.length - 1)}-${specHash}`,
        labels,
        annotations: props.argocdHook ? { ...ARGOCD_HOOK_ANNOTATIONS } : undefined,
      },
      spec: jobSpec,
    });

    if (props.schedule !== undefined) {
      this.cronJob = new KubeCronJob(this, 'CronJob', {
        metadata: { name: cronJobName(props, name), labels },
        spec: {
          schedule: props.schedule,
          concurrencyPolicy: 'Forbid',
          successfulJobsHistoryLimit: 1,
          failedJobsHistoryLimit: 3,
          jobTemplate: {
            spec: { backoffLimit: 3, activeDeadlineSeconds: 600, template: podTemplate('ensure-client-key') },
          },
        },
      });
    }
  }
}
