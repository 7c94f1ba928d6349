import { App } from 'cdk8s';
import { HeadscaleChart } from 'cdk8s-headscale';

/**
 * Headscale with the chart's defaults: the server with its data claim, and the in-cluster
 * tailscale client with the job that gives it a preauth key.
 */
export function buildApp(outdir?: string): App {
  const app = new App({ outdir });
  new HeadscaleChart(app, 'headscale', { releaseName: 'headscale', namespace: 'headscale' });
  return app;
}

if (require.main === module) buildApp().synth();
