import { Construct } from 'constructs';
import type { Labels } from '../derive/release';
import {
  KubeNetworkPolicy,
  type NetworkPolicyEgressRule,
  type NetworkPolicyIngressRule,
  type NetworkPolicyPeer,
} from './kube';

/** The pods of one part: the NetworkPolicy's name and the labels that find them. */
export interface PolicyTarget {
  /** The NetworkPolicy's name. */
  readonly name: string;
  /** The labels that find the part's pods. */
  readonly selector: Labels;
}

/** The props of {@link HeadscaleNetworkPolicies}: the parts present, each a NetworkPolicy. */
export interface HeadscaleNetworkPoliciesProps {
  /**
   * The server's pods; their port named `http` is Headscale's HTTP port.
   * @default - no server (a client of a Headscale elsewhere)
   * @example
   * {
   *   name: 'headscale',
   *   selector: { 'app.kubernetes.io/name': 'headscale', 'app.kubernetes.io/component': 'server' },
   * }
   */
  readonly server?: PolicyTarget;
  /** The UI's pods; their port named `http` is the UI's. @default - no UI */
  readonly ui?: PolicyTarget;
  /** Headplane's pods; their port named `http` is Headplane's. @default - no Headplane */
  readonly headplane?: PolicyTarget;
  /**
   * The in-cluster client's pods. A DaemonSet on the host network is outside any NetworkPolicy:
   * leave it out.
   * @default - no client
   */
  readonly client?: PolicyTarget;
  /** The preauth key job's pods. @default - no key job */
  readonly keyJob?: PolicyTarget;
  /**
   * The only egress of the key job's pods: the Kubernetes API server's endpoints.
   * @default - egress left open
   * @example [{ to: [{ ipBlock: { cidr: '10.0.0.1/32' } }], ports: [{ port: 6443, protocol: 'TCP' }] }]
   */
  readonly keyJobEgress?: readonly NetworkPolicyEgressRule[];
  /**
   * Sources let in to the HTTP ports of the server, the UI and Headplane: the ingress controller, say.
   * @default []
   * @example [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }]
   */
  readonly httpFrom?: readonly NetworkPolicyPeer[];
  /**
   * More ingress rules of the server (metrics, STUN).
   * @default []
   * @example [{ ports: [{ port: 3478, protocol: 'UDP' }] }]
   */
  readonly serverIngress?: readonly NetworkPolicyIngressRule[];
  /** Labels of every NetworkPolicy. @default {} */
  readonly labels?: Labels;
}

const HTTP_PORT = [{ port: 'http', protocol: 'TCP' as const }];

/**
 * NetworkPolicies that let in only what each part needs: Headscale's HTTP port from the client,
 * the UI, Headplane and `httpFrom`; the UI's and Headplane's HTTP ports from `httpFrom`; WireGuard (UDP) to the client, whose
 * peers connect from anywhere; nothing to the key job, which talks only to the API server. Egress
 * stays open (Headscale fetches DERP maps and talks to OIDC providers and databases; the client
 * reaches peers anywhere) but for the key job's with `keyJobEgress`.
 */
export class HeadscaleNetworkPolicies extends Construct {
  /** With `server`. */
  public readonly server?: KubeNetworkPolicy;
  /** With `ui`: lets in the UI's HTTP port from `httpFrom`. */
  public readonly ui?: KubeNetworkPolicy;
  /** With `headplane`: lets in Headplane's HTTP port from `httpFrom`. */
  public readonly headplane?: KubeNetworkPolicy;
  /** With `client`: lets in WireGuard (any UDP port) from anywhere. */
  public readonly client?: KubeNetworkPolicy;
  /** With `keyJob`: lets nothing in, and with `keyJobEgress` nothing out but to it. */
  public readonly keyJob?: KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: HeadscaleNetworkPoliciesProps) {
    super(scope, id);
    const labels = props.labels ?? {};
    const httpFrom = [...(props.httpFrom ?? [])];
    const policy = (
      target: PolicyTarget,
      ingress: NetworkPolicyIngressRule[],
      egress?: readonly NetworkPolicyEgressRule[],
    ) =>
      new KubeNetworkPolicy(this, target.name, {
        metadata: { name: target.name, labels },
        spec: {
          podSelector: { matchLabels: target.selector },
          policyTypes: egress ? ['Ingress', 'Egress'] : ['Ingress'],
          ingress,
          ...(egress ? { egress: [...egress] } : {}),
        },
      });
    // A rule without sources lets everything in: a port nobody may reach gets no rule at all.
    const httpRule = (from: NetworkPolicyPeer[]): NetworkPolicyIngressRule[] =>
      from.length > 0 ? [{ from, ports: HTTP_PORT }] : [];

    const inCluster = [props.client, props.ui, props.headplane]
      .filter((part) => part !== undefined)
      .map((part) => ({ podSelector: { matchLabels: part.selector } }));
    if (props.server)
      this.server = policy(props.server, [...httpRule([...httpFrom, ...inCluster]), ...(props.serverIngress ?? [])]);
    if (props.ui) this.ui = policy(props.ui, httpRule(httpFrom));
    if (props.headplane) this.headplane = policy(props.headplane, httpRule(httpFrom));
    // Peers connect straight to tailscaled's WireGuard port, which is random: any UDP port.
    if (props.client) this.client = policy(props.client, [{ ports: [{ protocol: 'UDP' }] }]);
    if (props.keyJob) this.keyJob = policy(props.keyJob, [], props.keyJobEgress);
  }
}
