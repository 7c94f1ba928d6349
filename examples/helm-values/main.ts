import { join } from 'node:path';
import { App } from 'cdk8s';
import { HeadscaleChart, readValuesFile } from 'cdk8s-headscale';

/** The Helm values file this example renders, beside this file. */
export const VALUES_FILE = join(__dirname, 'values.yaml');

/**
 * A release rendered from an existing Helm values file. Keep the Helm release's name and
 * namespace, and the objects get the names and selectors the chart gave them.
 */
export function buildApp(outdir?: string): App {
  const app = new App({ outdir });
  new HeadscaleChart(app, 'headscale', {
    releaseName: 'headscale',
    namespace: 'headscale',
    values: readValuesFile(VALUES_FILE),
  });
  return app;
}

if (require.main === module) buildApp().synth();
