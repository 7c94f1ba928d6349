import { HeadscaleApp, HeadscaleChart } from 'cdk8s-headscale';

/** One Headscale per tenant: its own namespace, its own public host and its own tailnet domain. */
export const TENANTS = [
  { name: 'acme', domain: 'acme.example.com' },
  { name: 'globex', domain: 'globex.example.com' },
  { name: 'initech', domain: 'initech.example.com' },
];

/**
 * A HeadscaleApp writes what cdk8s's App writes (here one file per tenant), faster when there
 * are many charts: see docs/performance.md.
 */
export function buildApp(outdir?: string): HeadscaleApp {
  const app = new HeadscaleApp({ outdir });
  for (const tenant of TENANTS) {
    const host = `headscale.${tenant.domain}`;
    new HeadscaleChart(app, tenant.name, {
      releaseName: 'headscale',
      namespace: `headscale-${tenant.name}`,
      values: {
        ingress: {
          enabled: true,
          className: 'nginx',
          hosts: [{ host, paths: [{ path: '/', pathType: 'Prefix' }] }],
          tls: [{ secretName: 'headscale-tls', hosts: [host] }],
        },
        config: { dns: { base_domain: `tailnet.${tenant.domain}` } },
      },
    });
  }
  return app;
}

if (require.main === module) buildApp().synth();
