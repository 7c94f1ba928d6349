import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { CLIENT_CA_DIR, clientEnvironment } from '../derive/client';
import type { Labels } from '../derive/release';
import { scriptText } from '../derive/scripts';
import { CLIENT_IMAGE, IMAGE_PULL_POLICY } from '../values/defaults';
import { DisruptionBudgetLimits, standaloneLabels, standaloneSelector } from './common';
import { DisruptionBudget } from './disruption-budget';
import { Container, EnvVar, KubeDaemonSet, KubeDeployment, nonEmpty, PodSpec, Volume, VolumeMount, ImagePullPolicy } from './kube';
import { secretRules, ServiceAccountWithRole } from './rbac';

/** A key of a Secret. */
export interface SecretKeySelector {
  readonly name: string;
  /** @default - as the property says */
  readonly key?: string;
}

export interface TailscaleClientProps {
  /** The Headscale URL the client logs in to, e.g. `https://headscale.example.com`. */
  readonly loginServer: string;
  /**
   * The Secret holding the preauth key the client joins with (an existing one, or the one a
   * {@link PreauthKeyJob} writes). The pod starts before the Secret exists and waits for it.
   * `key` defaults to `authkey`.
   */
  readonly authKeySecret: SecretKeySelector;
  /**
   * A Secret holding the CA that signed the login server's certificate, for a server whose
   * certificate no public CA signed. `key` defaults to `ca.crt`.
   * @default - the system's CAs only
   */
  readonly caSecret?: SecretKeySelector;
  /**
   * The name of the Deployment or DaemonSet, its ServiceAccount, Role and RoleBinding and the
   * PodDisruptionBudget.
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
   * connectivity, instead of one client as a Deployment.
   * @default false
   */
  readonly daemonSet?: boolean;
  /** @default 'tailscale/tailscale:stable' */
  readonly image?: string;
  /** @default 'IfNotPresent' */
  readonly imagePullPolicy?: ImagePullPolicy;
  /** The hostname on the tailnet; in DaemonSet mode, followed by `-<node name>`. @default - the name */
  readonly hostname?: string;
  /** The Secret tailscaled keeps its state in; in DaemonSet mode, followed by `-<node name>`. @default '<name>-state' */
  readonly stateSecret?: string;
  /** `--accept-dns`. @default - the flag left out */
  readonly acceptDns?: boolean;
  /** `--accept-routes`. @default - the flag left out */
  readonly acceptRoutes?: boolean;
  /**
   * Routes (CIDRs) the client advertises, making it a subnet router. A Deployment gets an init
   * container that turns on IP forwarding.
   * @default []
   */
  readonly advertiseRoutes?: readonly string[];
  /** Advertise the client as an exit node. @default false */
  readonly exitNode?: boolean;
  /** false creates no budget. @default { maxUnavailable: 1 } */
  readonly disruptionBudget?: DisruptionBudgetLimits | false;
}

/** Where the client's pod mounts the preauth key Secret. */
export const AUTHKEY_DIR = '/etc/client-auth';

/**
 * The tailscaled client: a Deployment (one replica) or a DaemonSet on the host network; its
 * ServiceAccount and Role (tailscaled keeps its state in a Secret through the API) and its
 * disruption budget. It works with any Headscale (or Tailscale) login server: in this app, or
 * elsewhere.
 */
export class TailscaleClient extends Construct {
  /** Unless `daemonSet`. */
  public readonly deployment?: ApiObject;
  /** When `daemonSet`. */
  public readonly daemonSet?: ApiObject;
  public readonly identity: ServiceAccountWithRole;
  /** Unless `disruptionBudget` is false. */
  public readonly disruptionBudget?: DisruptionBudget;
  /** The labels that find the client's pods. */
  public readonly selector: Labels;

  constructor(scope: Construct, id: string, props: TailscaleClientProps) {
    super(scope, id);
    const name = props.name ?? 'tailscale';
    const daemonSet = props.daemonSet ?? false;
    const labels = props.labels ?? standaloneLabels('tailscale', name);
    const workloadLabels = { ...labels, ...(props.workloadLabels ?? { 'app.kubernetes.io/component': 'client' }) };
    const podSelector = props.selector ?? standaloneSelector('tailscale', name, 'client');
    this.selector = podSelector;
    const image = props.image ?? `${CLIENT_IMAGE.repository}:${CLIENT_IMAGE.tag}`;
    const imagePullPolicy = props.imagePullPolicy ?? IMAGE_PULL_POLICY;
    const stateSecret = props.stateSecret ?? `${name}-state`;
    const advertiseRoutes = props.advertiseRoutes ?? [];

    // A DaemonSet's state Secrets are named per node at run time, so its rule can't list them.
    this.identity = new ServiceAccountWithRole(this, 'Identity', {
      name,
      labels,
      rules: secretRules(daemonSet ? undefined : [stateSecret]),
    });

    // Forwarding for routes needs two sysctls: a privileged init container sets them and exits,
    // so the long-running container needs no privilege. Nodes already forward (DaemonSet mode).
    const forwarding: Container[] = advertiseRoutes.length > 0 && !daemonSet
      ? [{
        name: 'enable-forwarding',
        image,
        imagePullPolicy,
        command: ['sysctl', '-w', 'net.ipv4.ip_forward=1', 'net.ipv6.conf.all.forwarding=1'],
        securityContext: { privileged: true },
      }]
      : [];

    const nodeName: EnvVar[] = daemonSet ? [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }] : [];
    const { caSecret } = props;
    const mounts: VolumeMount[] = [
      { name: 'dev-net-tun', mountPath: '/dev/net/tun' },
      { name: 'client-auth', mountPath: AUTHKEY_DIR, readOnly: true },
    ];
    const volumes: Volume[] = [
      { name: 'dev-net-tun', hostPath: { path: '/dev/net/tun', type: 'CharDevice' } },
      { name: 'client-auth', secret: { secretName: props.authKeySecret.name, optional: true } },
    ];
    if (caSecret) {
      mounts.push({ name: 'server-ca', mountPath: CLIENT_CA_DIR, readOnly: true });
      volumes.push({ name: 'server-ca', secret: { secretName: caSecret.name, items: [{ key: caSecret.key ?? 'ca.crt', path: 'ca.crt' }], optional: true } });
    }
    const environment = clientEnvironment({
      stateSecret,
      hostname: props.hostname ?? name,
      perNode: daemonSet,
      loginServer: props.loginServer,
      acceptDns: props.acceptDns,
      acceptRoutes: props.acceptRoutes,
      advertiseRoutes,
      exitNode: props.exitNode ?? false,
      trustsCa: caSecret !== undefined,
    });
    const podSpec: PodSpec = {
      serviceAccountName: name,
      automountServiceAccountToken: true,
      ...(daemonSet
        ? { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet', tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }] }
        : {}),
      initContainers: nonEmpty(forwarding),
      containers: [{
        name: 'tailscale',
        image,
        imagePullPolicy,
        command: ['/bin/sh', '-c', scriptText('tailscale-client.sh')],
        env: [...nodeName, { name: 'AUTHKEY_FILE', value: `${AUTHKEY_DIR}/${props.authKeySecret.key ?? 'authkey'}` }, ...environment],
        securityContext: { capabilities: { add: daemonSet ? ['NET_ADMIN', 'NET_RAW'] : ['NET_ADMIN'] } },
        volumeMounts: mounts,
      }],
      volumes,
    };
    const metadata = { name, labels: workloadLabels };
    const spec = { selector: { matchLabels: podSelector }, template: { metadata: { labels: workloadLabels }, spec: podSpec } };

    if (daemonSet) {
      this.daemonSet = new KubeDaemonSet(this, 'DaemonSet', { metadata, spec });
    } else {
      // Two pods sharing one state Secret would fight over the node's identity: never run two.
      this.deployment = new KubeDeployment(this, 'Deployment', { metadata, spec: { replicas: 1, strategy: { type: 'Recreate' }, ...spec } });
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
