import { Construct } from 'constructs';
import { CLIENT_CA_DIR, type ClientState, clientEnvironment } from '../derive/client';
import { type Labels, instanceLabels } from '../derive/release';
import { scriptText } from '../derive/scripts';
import { AUTHKEY_KEY, CLIENT_IMAGE, CLIENT_USERSPACE, IMAGE_PULL_POLICY } from '../values/defaults';
import type { Finding } from '../core/errors';
import { urlProblem } from '../values/go-syntax';
import { nameProblem } from '../kubernetes/names';
import { hostPathProblem } from '../kubernetes/validation/volumes';
import { advertiseRoutesFindings, clientRouteFlags, hostnameFindings } from '../values/tailscale-flags';
import {
  assertValidProps,
  type DisruptionBudgetLimits,
  findingAt,
  findingsUnder,
  namespaceOf,
  standaloneLabels,
} from './common';
import { DisruptionBudget, disruptionBudgetFindings } from './disruption-budget';
import {
  type Container,
  type EnvVar,
  KubeDaemonSet,
  KubeDeployment,
  KubeSecret,
  KubeServiceAccount,
  nonEmpty,
  type PodSecurityContext,
  type PodSpec,
  type Probe,
  type ResourceRequirements,
  type SecurityContext,
  type Volume,
  type VolumeMount,
  type ImagePullPolicy,
} from './kube';
import { namedSecretRule, ServiceAccountWithRole } from './service-account-with-role';
import type { IHeadscaleServer } from './headscale-server';

/** A key of a Secret. */
export interface SecretKeySelector {
  /** The Secret's name, in the namespace of the pod that mounts it. */
  readonly name: string;
  /** The key of the Secret's data that holds the value. @default - as the property says */
  readonly key?: string;
}

/** The props of {@link TailscaleClient}. */
export interface TailscaleClientProps {
  /**
   * The Headscale server the client joins: a {@link HeadscaleServer} of this app, or
   * {@link HeadscaleServer.fromAttributes} for one elsewhere.
   */
  readonly server: IHeadscaleServer;
  /**
   * The URL the client logs in to, when it reaches the server another way than its `url` (through
   * an ingress, a TLS listener), e.g. `https://headscale.example.com`.
   * @default - the server's `url`
   */
  readonly loginServer?: string;
  /**
   * The Secret holding the preauth key the client joins with (an existing one, or the one a
   * {@link PreauthKeyJob} writes). The pod starts before the Secret exists and waits for it.
   * `key` defaults to `authkey`.
   * @example { name: 'tailscale-authkey' }
   */
  readonly authKeySecret: SecretKeySelector;
  /**
   * A Secret holding the CA that signed the login server's certificate, for a server whose
   * certificate no public CA signed. `key` defaults to `ca.crt`.
   * @default - the system's CAs only
   * @example { name: 'headscale-internal-tls', key: 'ca.crt' }
   */
  readonly caSecret?: SecretKeySelector;
  /**
   * The name of the Deployment or DaemonSet, its ServiceAccount (and a Deployment's Role and
   * RoleBinding) and the PodDisruptionBudget.
   * @default 'tailscale'
   */
  readonly name?: string;
  /**
   * Labels of every object.
   * @default - app.kubernetes.io/name `tailscale`, app.kubernetes.io/instance the name, app.kubernetes.io/managed-by `cdk8s`
   */
  readonly labels?: Labels;
  /**
   * Labels added to the workload, its pods and the PodDisruptionBudget.
   * @default - app.kubernetes.io/component `client`
   */
  readonly workloadLabels?: Labels;
  /**
   * The labels the workload selects its pods by. Kubernetes can't change them once deployed.
   * @default - the name, instance and component labels
   */
  readonly selector?: Labels;
  /**
   * Run one client per node as a DaemonSet on the host network, giving every node tailnet
   * connectivity, instead of one client as a Deployment. tailscaled keeps each node's state in
   * `hostStateDir` on the node, so the DaemonSet needs no API access.
   * @default false
   */
  readonly daemonSet?: boolean;
  /**
   * tailscaled with userspace networking (`--tun=userspace-networking`): no TUN device, no
   * capability, not root, a read-only root filesystem (the restricted Pod Security level). It still
   * advertises routes and serves as an exit node; no other pod can route to the tailnet through
   * it. A DaemonSet can't use it: giving nodes tailnet routes needs the kernel's TUN device.
   * @default - true for a Deployment, false for a DaemonSet
   */
  readonly userspace?: boolean;
  /**
   * The Tailscale image the client runs (and the init container that turns on IP forwarding).
   * @default 'tailscale/tailscale:v1.84.0'
   */
  readonly image?: string;
  /** When the kubelet pulls the image. @default 'IfNotPresent' */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Resources of every container of the pod, init containers too.
   * @default {}
   * @example { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } }
   */
  readonly resources?: ResourceRequirements;
  /** The hostname on the tailnet; in DaemonSet mode, followed by `-<node name>`. @default - the name */
  readonly hostname?: string;
  /**
   * The Secret a Deployment's tailscaled keeps its state in. It is created here, empty, so that
   * the client's Role reads and patches this one Secret and creates none.
   * @default '<name>-state'
   */
  readonly stateSecret?: string;
  /** The directory of each node where a DaemonSet's tailscaled keeps its state. @default '/var/lib/cdk8s-headscale/<namespace>/<name>' */
  readonly hostStateDir?: string;
  /** `--accept-dns`. @default - the flag left out */
  readonly acceptDns?: boolean;
  /** `--accept-routes`. @default - the flag left out */
  readonly acceptRoutes?: boolean;
  /**
   * Routes (CIDRs) the client advertises, making it a subnet router. A Deployment in kernel mode
   * gets an init container that turns on IP forwarding.
   * @default []
   * @example ['10.96.0.0/12', '192.168.1.0/24']
   */
  readonly advertiseRoutes?: readonly string[];
  /** Advertise the client as an exit node. @default false */
  readonly exitNode?: boolean;
  /**
   * The PodDisruptionBudget of the client's pods; false creates no budget.
   * @default { maxUnavailable: 1 }
   * @example { maxUnavailable: '50%' }
   */
  readonly disruptionBudget?: DisruptionBudgetLimits | false;
}

/** The client's name, and its hostname on the tailnet, when the props give none. */
const CLIENT_NAME = 'tailscale';

/** Where the client's pod mounts the preauth key Secret. */
export const AUTHKEY_DIR = '/etc/client-auth';
/** Where tailscaled's socket lives. */
const SOCKET_DIR = '/var/run/tailscale';
/**
 * Ready once tailscaled is logged in and connected (`BackendState` Running), so that a
 * disruption budget or a rollout waits for a working client.
 */
const READINESS_PROBE: Probe = {
  exec: {
    command: [
      '/bin/sh',
      '-c',
      `tailscale --socket=${SOCKET_DIR}/tailscaled.sock status --json | grep -q "BackendState.*Running"`,
    ],
  },
  initialDelaySeconds: 15,
  periodSeconds: 10,
  timeoutSeconds: 5,
  failureThreshold: 30,
};
/** Where a DaemonSet's pod mounts its node's state directory. */
const NODE_STATE_DIR = '/var/lib/tailscale';

/**
 * The user of a client in userspace mode: any numeric non-root user works, as tailscaled then
 * writes only to its socket directory, /tmp and its state Secret.
 */
const USERSPACE_USER_ID = 1000;
const USERSPACE_POD_SECURITY_CONTEXT: PodSecurityContext = {
  runAsNonRoot: true,
  runAsUser: USERSPACE_USER_ID,
  runAsGroup: USERSPACE_USER_ID,
  seccompProfile: { type: 'RuntimeDefault' },
};
const USERSPACE_SECURITY_CONTEXT: SecurityContext = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
};

/** What is wrong with a Secret reference: its name and key, as Kubernetes names them. */
export function secretKeySelectorFindings(selector: SecretKeySelector): Finding[] {
  return [
    ...findingAt(['name'], nameProblem(selector.name, 'subdomain')),
    ...(selector.key === undefined ? [] : findingAt(['key'], nameProblem(selector.key, 'data key'))),
  ];
}

/**
 * Everything wrong with a client's props, each at its prop path: what tailscale, tailscaled or
 * Kubernetes would refuse once deployed, found before.
 */
export function tailscaleClientFindings(props: TailscaleClientProps): Finding[] {
  return [
    ...findingAt(
      props.loginServer === undefined ? ['server', 'url'] : ['loginServer'],
      urlProblem(props.loginServer ?? props.server.url, ['http', 'https'], 'https://headscale.example.com'),
    ),
    ...findingsUnder(['authKeySecret'], secretKeySelectorFindings(props.authKeySecret)),
    ...(props.caSecret ? findingsUnder(['caSecret'], secretKeySelectorFindings(props.caSecret)) : []),
    ...(props.name === undefined ? [] : findingAt(['name'], nameProblem(props.name, 'subdomain'))),
    ...(props.stateSecret === undefined ? [] : findingAt(['stateSecret'], nameProblem(props.stateSecret, 'subdomain'))),
    ...(props.hostStateDir === undefined ? [] : findingAt(['hostStateDir'], hostPathProblem(props.hostStateDir))),
    ...findingsUnder(['advertiseRoutes'], advertiseRoutesFindings(props.advertiseRoutes ?? [])),
    ...findingsUnder(
      [props.hostname === undefined ? 'name' : 'hostname'],
      hostnameFindings(props.hostname ?? props.name ?? CLIENT_NAME),
    ),
    ...findingAt(
      ['userspace'],
      props.daemonSet && props.userspace
        ? "can't be true with a DaemonSet: userspace networking gives the nodes no tailnet routes, which is what the DaemonSet is for (use a Deployment, or leave userspace unset)"
        : undefined,
    ),
    ...(props.disruptionBudget
      ? findingsUnder(['disruptionBudget'], disruptionBudgetFindings(props.disruptionBudget))
      : []),
  ];
}

/**
 * The tailscaled client: a Deployment (one replica) or a DaemonSet on the host network, its
 * ServiceAccount and disruption budget. A Deployment keeps tailscaled's state in a Secret created
 * here, through the API, with a Role that reads and patches that Secret only; a DaemonSet keeps it
 * on each node and gets no API token. It works with any Headscale (or Tailscale) login server: in
 * this app, or elsewhere.
 */
export class TailscaleClient extends Construct {
  /** Unless `daemonSet`. */
  public readonly deployment?: KubeDeployment;
  /** When `daemonSet`. */
  public readonly daemonSet?: KubeDaemonSet;
  /** The ServiceAccount the client's pods run as, named `name`. */
  public readonly serviceAccount: KubeServiceAccount;
  /** Unless `daemonSet`: the ServiceAccount with its Role on the state Secret. */
  public readonly identity?: ServiceAccountWithRole;
  /** Unless `daemonSet`: tailscaled's state Secret, created without data. */
  public readonly stateSecret?: KubeSecret;
  /** Unless `disruptionBudget` is false. */
  public readonly disruptionBudget?: DisruptionBudget;
  /** The labels that find the client's pods. */
  public readonly selector: Labels;
  /** Whether tailscaled runs with userspace networking. */
  public readonly userspace: boolean;

  constructor(scope: Construct, id: string, props: TailscaleClientProps) {
    super(scope, id);
    assertValidProps(this, 'TailscaleClient', props, tailscaleClientFindings);
    const name = props.name ?? CLIENT_NAME;
    const daemonSet = props.daemonSet ?? false;
    const userspace = props.userspace ?? (daemonSet ? CLIENT_USERSPACE.daemonSet : CLIENT_USERSPACE.deployment);
    this.userspace = userspace;
    const labels = props.labels ?? standaloneLabels('tailscale', name);
    const workloadLabels = { ...labels, ...(props.workloadLabels ?? { 'app.kubernetes.io/component': 'client' }) };
    const podSelector = props.selector ?? instanceLabels('tailscale', name, 'client');
    this.selector = podSelector;
    const image = props.image ?? `${CLIENT_IMAGE.repository}:${CLIENT_IMAGE.tag}`;
    const imagePullPolicy = props.imagePullPolicy ?? IMAGE_PULL_POLICY;
    const resources = nonEmpty(props.resources ?? {});
    const advertiseRoutes = props.advertiseRoutes ?? [];

    let state: ClientState;
    const mounts: VolumeMount[] = [{ name: 'client-auth', mountPath: AUTHKEY_DIR, readOnly: true }];
    const volumes: Volume[] = [
      { name: 'client-auth', secret: { secretName: props.authKeySecret.name, optional: true } },
    ];
    if (daemonSet) {
      // Node-local state: the DaemonSet already owns the node's network, and needs no API rights.
      const hostStateDir = props.hostStateDir ?? `/var/lib/cdk8s-headscale/${namespaceOf(this)}/${name}`;
      state = { directory: NODE_STATE_DIR };
      mounts.push({ name: 'state', mountPath: NODE_STATE_DIR });
      volumes.push({ name: 'state', hostPath: { path: hostStateDir, type: 'DirectoryOrCreate' } });
      this.serviceAccount = new KubeServiceAccount(this, 'ServiceAccount', {
        metadata: { name, labels },
        automountServiceAccountToken: false,
      });
    } else {
      const stateSecret = props.stateSecret ?? `${name}-state`;
      state = { secret: stateSecret };
      this.stateSecret = new KubeSecret(this, 'State', { metadata: { name: stateSecret, labels }, type: 'Opaque' });
      this.identity = new ServiceAccountWithRole(this, 'Identity', {
        name,
        labels,
        rules: [namedSecretRule(stateSecret, ['get', 'update', 'patch'])],
      });
      this.serviceAccount = this.identity.serviceAccount;
    }
    if (userspace) {
      // The root filesystem is read-only: tailscaled's socket and temporary files get volumes.
      for (const [volumeName, mountPath] of [
        ['run', SOCKET_DIR],
        ['tmp', '/tmp'],
      ]) {
        mounts.push({ name: volumeName, mountPath });
        volumes.push({ name: volumeName, emptyDir: {} });
      }
    } else {
      mounts.unshift({ name: 'dev-net-tun', mountPath: '/dev/net/tun' });
      volumes.unshift({ name: 'dev-net-tun', hostPath: { path: '/dev/net/tun', type: 'CharDevice' } });
    }
    const { caSecret } = props;
    if (caSecret) {
      mounts.push({ name: 'headscale-ca', mountPath: CLIENT_CA_DIR, readOnly: true });
      volumes.push({
        name: 'headscale-ca',
        secret: {
          secretName: caSecret.name,
          items: [{ key: caSecret.key ?? 'ca.crt', path: 'ca.crt' }],
          optional: true,
        },
      });
    }

    // Forwarding for routes (an exit node's too) through the kernel needs two sysctls: a privileged
    // init container sets them and exits, so the long-running container needs no privilege. Nodes
    // already forward (DaemonSet mode), and userspace networking forwards by itself.
    const routeFlags = clientRouteFlags(advertiseRoutes, props.exitNode ?? false);
    const forwards = routeFlags.advertiseRoutes.length > 0 || routeFlags.advertiseExitNode;
    const forwarding: Container[] =
      forwards && !daemonSet && !userspace
        ? [
            {
              name: 'enable-forwarding',
              image,
              imagePullPolicy,
              command: ['sysctl', '-w', 'net.ipv4.ip_forward=1', 'net.ipv6.conf.all.forwarding=1'],
              resources,
              securityContext: { privileged: true },
            },
          ]
        : [];

    const nodeName: EnvVar[] = daemonSet
      ? [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }]
      : [];
    const environment = clientEnvironment({
      state,
      hostname: props.hostname ?? name,
      perNode: daemonSet,
      userspace,
      loginServer: props.loginServer ?? props.server.url,
      acceptDns: props.acceptDns,
      acceptRoutes: props.acceptRoutes,
      advertiseRoutes,
      exitNode: props.exitNode ?? false,
      trustsCa: caSecret !== undefined,
    });
    const podSpec: PodSpec = {
      serviceAccountName: name,
      // Only a Deployment's tailscaled talks to the API (its state Secret).
      automountServiceAccountToken: !daemonSet,
      ...(daemonSet
        ? {
            hostNetwork: true,
            dnsPolicy: 'ClusterFirstWithHostNet',
            tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }],
          }
        : {}),
      securityContext: userspace ? USERSPACE_POD_SECURITY_CONTEXT : undefined,
      initContainers: nonEmpty(forwarding),
      containers: [
        {
          name: 'tailscale',
          image,
          imagePullPolicy,
          command: ['/bin/sh', '-c', scriptText('tailscale-client.sh')],
          env: [
            ...nodeName,
            { name: 'AUTHKEY_FILE', value: `${AUTHKEY_DIR}/${props.authKeySecret.key ?? AUTHKEY_KEY}` },
            ...environment,
          ],
          readinessProbe: READINESS_PROBE,
          resources,
          securityContext: userspace
            ? USERSPACE_SECURITY_CONTEXT
            : { capabilities: { add: daemonSet ? ['NET_ADMIN', 'NET_RAW'] : ['NET_ADMIN'] } },
          volumeMounts: mounts,
        },
      ],
      volumes,
    };
    const metadata = { name, labels: workloadLabels };
    const spec = {
      selector: { matchLabels: podSelector },
      // The pods carry the labels the selector matches, whatever `labels` holds.
      template: { metadata: { labels: { ...workloadLabels, ...podSelector } }, spec: podSpec },
    };

    if (daemonSet) {
      this.daemonSet = new KubeDaemonSet(this, 'DaemonSet', { metadata, spec });
    } else {
      // Two pods sharing one state Secret would fight over the node's identity: never run two.
      this.deployment = new KubeDeployment(this, 'Deployment', {
        metadata,
        spec: { replicas: 1, strategy: { type: 'Recreate' }, ...spec },
      });
    }

    if (props.disruptionBudget !== false) {
      this.disruptionBudget = new DisruptionBudget(this, 'DisruptionBudget', {
        name,
        labels: workloadLabels,
        matchLabels: podSelector,
        ...props.disruptionBudget,
      });
    }
  }
}
