import { App } from 'cdk8s';
import { HeadscaleChart, type HeadscaleValuesInput } from 'cdk8s-headscale';

const HOST = 'headscale.example.com';
/** The public address of the STUN load balancer, advertised in the DERP map. */
const PUBLIC_IPV4 = '203.0.113.7';

/**
 * Headscale behind an existing Gateway (an HTTPS listener for HOST) through Gateway API routes,
 * with its own DERP relay and STUN, Prometheus metrics scraped by a ServiceMonitor, the gRPC API
 * for the remote CLI through a GRPCRoute, the web UI under /web, and NetworkPolicies.
 */
export const VALUES: HeadscaleValuesInput = {
  httpRoute: {
    enabled: true,
    parentRefs: [{ name: 'public', namespace: 'gateway-system' }],
    hostnames: [HOST],
  },
  grpc: { enabled: true, allowInsecure: true },
  grpcRoute: { enabled: true, hostnames: [`grpc.${HOST}`] },
  metrics: {
    enabled: true,
    serviceMonitor: { enabled: true, interval: '30s', labels: { release: 'kube-prometheus-stack' } },
  },
  config: {
    dns: { base_domain: 'tailnet.example.com' },
    derp: {
      server: { enabled: true, region_id: 999, region_code: 'k8s', region_name: 'Kubernetes', ipv4: PUBLIC_IPV4 },
    },
  },
  stun: { expose: 'LoadBalancer', loadBalancerIP: PUBLIC_IPV4 },
  ui: { enabled: true },
  networkPolicy: {
    enabled: true,
    httpFrom: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateway-system' } } }],
    metricsFrom: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
  },
};

export function buildApp(outdir?: string): App {
  const app = new App({ outdir });
  new HeadscaleChart(app, 'headscale', { releaseName: 'headscale', namespace: 'headscale', values: VALUES });
  return app;
}

if (require.main === module) buildApp().synth();
