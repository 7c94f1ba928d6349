import { ApiObject, App, JsonPatch } from 'cdk8s';
import { HeadscaleChart, type HeadscaleChartProps, type Labels } from 'cdk8s-headscale';
import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';

export interface LockedDownHeadscaleProps extends HeadscaleChartProps {
  /** Namespace of the ingress controller. @default 'ingress-nginx' */
  readonly ingressControllerNamespace?: string;
  /** Labels of the ingress controller's pods. @default ingress-nginx's controller labels */
  readonly ingressControllerLabels?: Labels;
  /** PriorityClass of the server pod. @default 'system-cluster-critical' */
  readonly priorityClassName?: string;
}

/**
 * HeadscaleChart with two additions of its own: a NetworkPolicy that lets only the ingress
 * controller (and the in-cluster client) reach the server, and a patch of the emitted server
 * Deployment that gives its pod a priority class.
 */
export class LockedDownHeadscale extends HeadscaleChart {
  public readonly serverNetworkPolicy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: LockedDownHeadscaleProps = {}) {
    super(scope, id, props);
    // Present unless the values turn the server off (server.enabled: false, a client only).
    const server = this.server;
    if (!server) throw new Error('LockedDownHeadscale locks down a server: keep server.enabled');

    const allowed: k8s.NetworkPolicyPeer[] = [
      {
        namespaceSelector: {
          matchLabels: { 'kubernetes.io/metadata.name': props.ingressControllerNamespace ?? 'ingress-nginx' },
        },
        podSelector: {
          matchLabels: props.ingressControllerLabels ?? {
            'app.kubernetes.io/name': 'ingress-nginx',
            'app.kubernetes.io/component': 'controller',
          },
        },
      },
    ];
    // The in-cluster client logs in through the server's Service. (As a DaemonSet it runs on the
    // host network and its traffic comes from the nodes' addresses: add an ipBlock for them.)
    if (this.client) allowed.push({ podSelector: { matchLabels: this.client.selector } });

    // Kubelet probes come from the node and are not subject to the policy.
    this.serverNetworkPolicy = new k8s.KubeNetworkPolicy(this, 'ServerNetworkPolicy', {
      metadata: { name: `${this.release.fullname}-server`, labels: server.labels },
      spec: {
        podSelector: { matchLabels: server.selector },
        policyTypes: ['Ingress'],
        ingress: [{ from: allowed, ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromString('http') }] }],
      },
    });

    // The values have no key for it, so patch the emitted object.
    ApiObject.of(server.deployment).addJsonPatch(
      JsonPatch.add('/spec/template/spec/priorityClassName', props.priorityClassName ?? 'system-cluster-critical'),
    );
  }
}

export const EXAMPLE_PROPS: LockedDownHeadscaleProps = {
  releaseName: 'headscale',
  namespace: 'headscale',
  values: {
    ingress: {
      enabled: true,
      hosts: [{ host: 'headscale.example.com', paths: [{ path: '/', pathType: 'Prefix' }] }],
      tls: [{ secretName: 'headscale-tls', hosts: ['headscale.example.com'] }],
    },
  },
};

export function buildApp(outdir?: string): App {
  const app = new App({ outdir });
  new LockedDownHeadscale(app, 'headscale', EXAMPLE_PROPS);
  return app;
}

if (require.main === module) buildApp().synth();
