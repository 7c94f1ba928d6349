import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { authKeySecretName, CLIENT_CA_DIR, clientEnvironment, clientName, clientStateSecretBase } from '../render/client';
import { clientAdvertisesRoutes } from '../render/policy';
import { commonLabels, imageReference, Release, selectorLabels } from '../render/release';
import { scriptText } from '../render/scripts';
import type { HeadscaleValues } from '../values/schema';
import { DisruptionBudget } from './disruption-budget';
import { Container, EnvVar, KubeDaemonSet, KubeDeployment, nonEmpty, PodSpec } from './kube';
import { secretRules, ServiceAccountWithRole } from './rbac';

export interface TailscaleClientProps {
  readonly release: Release;
  /** Parsed values (see `parseValues`). */
  readonly values: HeadscaleValues;
}

/** Where the client's pod mounts the preauth key Secret (key `authkey`). */
export const AUTHKEY_DIR = '/etc/client-auth';

/**
 * The in-cluster tailscaled client: a Deployment (one replica) or, with `client.daemonset`, a
 * DaemonSet on the host network; its ServiceAccount and Role (tailscaled keeps its state in a
 * Secret through the API) and its disruption budget. It joins with the key that the
 * {@link PreauthKey} job writes.
 */
export class TailscaleClient extends Construct {
  /** When `client.daemonset` is false. */
  public readonly deployment?: ApiObject;
  /** When `client.daemonset`. */
  public readonly daemonSet?: ApiObject;
  public readonly identity: ServiceAccountWithRole;
  /** When `client.podDisruptionBudget.enabled`. */
  public readonly disruptionBudget?: DisruptionBudget;

  constructor(scope: Construct, id: string, props: TailscaleClientProps) {
    super(scope, id);
    const { release, values } = props;
    const { client } = values;
    const name = clientName(release);
    const labels = commonLabels(release, 'client');

    // A DaemonSet's state Secrets are named per node at run time, so its rule can't list them.
    this.identity = new ServiceAccountWithRole(this, 'Identity', {
      name,
      namespace: release.namespace,
      labels: commonLabels(release),
      rules: secretRules(client.daemonset ? undefined : [clientStateSecretBase(release)]),
    });

    // Forwarding for routes needs two sysctls: a privileged init container sets them and exits,
    // so the long-running container needs no privilege. Nodes already forward (DaemonSet mode).
    const forwarding: Container[] = clientAdvertisesRoutes(values) && !client.daemonset
      ? [{
        name: 'enable-forwarding',
        image: imageReference(client.image),
        imagePullPolicy: client.image.pullPolicy,
        command: ['sysctl', '-w', 'net.ipv4.ip_forward=1', 'net.ipv6.conf.all.forwarding=1'],
        securityContext: { privileged: true },
      }]
      : [];

    const nodeName: EnvVar[] = client.daemonset ? [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }] : [];
    const tls = values.tls.secretName;
    const podSpec: PodSpec = {
      serviceAccountName: name,
      automountServiceAccountToken: true,
      ...(client.daemonset
        ? { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet', tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }] }
        : {}),
      initContainers: nonEmpty(forwarding),
      containers: [{
        name: 'tailscale',
        image: imageReference(client.image),
        imagePullPolicy: client.image.pullPolicy,
        command: ['/bin/sh', '-c', scriptText('tailscale-client.sh')],
        env: [...nodeName, { name: 'AUTHKEY_FILE', value: `${AUTHKEY_DIR}/authkey` }, ...clientEnvironment(values, release)],
        securityContext: { capabilities: { add: client.daemonset ? ['NET_ADMIN', 'NET_RAW'] : ['NET_ADMIN'] } },
        volumeMounts: [
          { name: 'dev-net-tun', mountPath: '/dev/net/tun' },
          { name: 'client-auth', mountPath: AUTHKEY_DIR, readOnly: true },
          ...(tls ? [{ name: 'server-ca', mountPath: CLIENT_CA_DIR, readOnly: true }] : []),
        ],
      }],
      volumes: [
        { name: 'dev-net-tun', hostPath: { path: '/dev/net/tun', type: 'CharDevice' } },
        { name: 'client-auth', secret: { secretName: authKeySecretName(release), optional: true } },
        ...(tls ? [{ name: 'server-ca', secret: { secretName: tls, items: [{ key: 'ca.crt', path: 'ca.crt' }], optional: true } }] : []),
      ],
    };
    const metadata = { name, labels };
    const podSelector = selectorLabels(release, 'client');
    const spec = { selector: { matchLabels: podSelector }, template: { metadata: { labels }, spec: podSpec } };

    if (client.daemonset) {
      this.daemonSet = new KubeDaemonSet(this, 'DaemonSet', { metadata, spec });
    } else {
      // Two pods sharing one state Secret would fight over the node's identity: never run two.
      this.deployment = new KubeDeployment(this, 'Deployment', { metadata, spec: { replicas: 1, strategy: { type: 'Recreate' }, ...spec } });
    }

    if (client.podDisruptionBudget.enabled) {
      this.disruptionBudget = new DisruptionBudget(this, 'DisruptionBudget', {
        name,
        labels,
        matchLabels: podSelector,
        ...client.podDisruptionBudget,
      });
    }
  }
}
