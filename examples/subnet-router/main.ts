import { App } from 'cdk8s';
import { HeadscaleChart, type HeadscaleValuesInput } from 'cdk8s-headscale';

/**
 * The in-cluster client as a subnet router for the cluster's Service range and as an exit node.
 * The generated policy auto-approves both for the client's tag, so no one has to approve them
 * by hand. Read the README's warning before advertising 0.0.0.0/0 and ::/0.
 */
export const VALUES: HeadscaleValuesInput = {
  client: {
    advertiseRoutes: ['10.96.0.0/12', '0.0.0.0/0', '::/0'],
    exitNode: true,
    // Resolve names with the pod's own (cluster) DNS rather than the tailnet's.
    acceptDns: false,
  },
};

export function buildApp(outdir?: string): App {
  const app = new App({ outdir });
  new HeadscaleChart(app, 'headscale', { releaseName: 'headscale', namespace: 'headscale', values: VALUES });
  return app;
}

if (require.main === module) buildApp().synth();
