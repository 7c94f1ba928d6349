import { LITESTREAM_METRICS_PORT_NAME } from '../../components/litestream-sidecar';
import { clientName } from '../../derive/client';
import { internalTlsEnabled } from '../../derive/internal-tls';
import { grpcPort, metricsPort, stunPort } from '../../derive/ports';
import { type Release, commonLabels, selectorLabels } from '../../derive/release';
import type { HeadscaleValues } from '../../values/schema';
import type { NetworkPolicyIngressRule, NetworkPolicyPeer } from '../../components/kube';
import type { HeadscaleNetworkPoliciesProps } from '../../components/headscale-network-policies';
import { headplaneName } from '../../derive/headplane';
import { uiName } from '../../derive/ui';
import { keyJobNeeded, keyJobObjectName } from './key-job';
import type { Rule } from '../rules';

// The NetworkPolicies: their props and the rule that keeps the ingress let in.

export function networkPolicyProps(values: HeadscaleValues, release: Release): HeadscaleNetworkPoliciesProps {
  const { networkPolicy, client } = values;
  return {
    labels: commonLabels(release),
    server: values.server.enabled ? { name: release.fullname, selector: selectorLabels(release, 'server') } : undefined,
    ui:
      values.server.enabled && values.ui.enabled
        ? { name: uiName(release), selector: selectorLabels(release, 'ui') }
        : undefined,
    headplane:
      values.server.enabled && values.headplane.enabled
        ? { name: headplaneName(release), selector: selectorLabels(release, 'headplane') }
        : undefined,
    // A DaemonSet on the host network is outside any NetworkPolicy.
    client:
      client.enabled && !client.daemonset
        ? { name: clientName(release), selector: selectorLabels(release, 'client') }
        : undefined,
    keyJob: keyJobNeeded(values)
      ? {
          name: keyJobObjectName(values, release),
          selector: selectorLabels(release, 'preauth-key'),
        }
      : undefined,
    keyJobEgress: networkPolicy.keyJobEgress.length > 0 ? networkPolicy.keyJobEgress : undefined,
    httpFrom: networkPolicy.httpFrom,
    serverIngress: [
      ...listenerIngress(values),
      // The client logs in through the TLS listener; a DaemonSet on the host network is outside any policy.
      ...(internalTlsEnabled(values) && !client.daemonset
        ? [
            {
              from: [{ podSelector: { matchLabels: selectorLabels(release, 'client') } }],
              ports: [{ port: 'https', protocol: 'TCP' as const }],
            },
          ]
        : []),
      ...(networkPolicy.extraIngress as NetworkPolicyIngressRule[]),
    ],
  };
}

/**
 * The server's listeners beyond HTTP that a NetworkPolicy lets in: metrics (Headscale's and
 * Litestream's) from `metricsFrom`; gRPC from `httpFrom` (the ingress controller or Gateway);
 * STUN from anywhere, as clients reach it from outside the cluster. A port nobody may reach gets
 * no rule.
 */
function listenerIngress(values: HeadscaleValues): NetworkPolicyIngressRule[] {
  const { metricsFrom, httpFrom } = values.networkPolicy;
  const from = (peers: readonly unknown[]) => peers as NetworkPolicyPeer[];
  return [
    ...(metricsPort(values) !== undefined && metricsFrom.length > 0
      ? [
          {
            from: from(metricsFrom),
            ports: [
              { port: 'metrics', protocol: 'TCP' as const },
              // Litestream's metrics, beside Headscale's in the server's pod.
              ...(values.backup.enabled ? [{ port: LITESTREAM_METRICS_PORT_NAME, protocol: 'TCP' as const }] : []),
            ],
          },
        ]
      : []),
    ...(grpcPort(values) !== undefined && httpFrom.length > 0
      ? [{ from: from(httpFrom), ports: [{ port: 'grpc', protocol: 'TCP' as const }] }]
      : []),
    ...(stunPort(values) !== undefined ? [{ ports: [{ port: 'stun', protocol: 'UDP' as const }] }] : []),
  ];
}

/** The ingress controller (or a load balancer) reaches Headscale only when httpFrom lets it in. */
export const networkPolicyLetsTheIngressIn: Rule = (values) => {
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
