import { App } from 'cdk8s';
import { HeadscaleChart, type HeadscaleValuesInput } from 'cdk8s-headscale';

const HOST = 'headscale.example.com';

/**
 * Headscale behind an ingress-nginx Ingress with TLS (the certificate in the Secret
 * `headscale-tls`, from cert-manager or your own), and the web UI on the same host under /web.
 */
export const VALUES: HeadscaleValuesInput = {
  ingress: {
    enabled: true,
    className: 'nginx',
    annotations: {
      // Tailscale clients hold long-lived WebSocket connections to the server.
      'nginx.ingress.kubernetes.io/enable-websocket': 'true',
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
      'nginx.ingress.kubernetes.io/proxy-send-timeout': '3600',
    },
    hosts: [{ host: HOST, paths: [{ path: '/', pathType: 'Prefix' }] }],
    tls: [{ secretName: 'headscale-tls', hosts: [HOST] }],
  },
  config: { dns: { base_domain: 'tailnet.example.com' } },
  ui: { enabled: true },
};

export function buildApp(outdir?: string): App {
  const app = new App({ outdir });
  new HeadscaleChart(app, 'headscale', { releaseName: 'headscale', namespace: 'headscale', values: VALUES });
  return app;
}

if (require.main === module) buildApp().synth();
