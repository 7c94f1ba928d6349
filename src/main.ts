import { existsSync } from 'node:fs';
import { HeadscaleChart } from './chart/chart';
import { HeadscaleApp } from './fast/app';
import { problemLines } from './core/errors';
import { layerAll, readValuesFile } from './values/load';
import { runningVersionValues } from './render';

/**
 * The app `cdk8s synth` runs (see cdk8s.yaml): one release from `values.yaml` in the working
 * directory when there is one, else the defaults, written to dist/headscale.k8s.yaml. A
 * previous dist/headscale.k8s.yaml tells the Headscale version that runs now (upgrade.fromVersion).
 * HEADSCALE_RELEASE and HEADSCALE_NAMESPACE override the release name and namespace.
 */
function synth(): void {
  const given = existsSync('values.yaml') ? readValuesFile('values.yaml') : {};
  // The render this one replaces tells the version that runs now, unless values.yaml states it.
  const values = layerAll([runningVersionValues('dist/headscale.k8s.yaml'), given]);
  const app = new HeadscaleApp();
  new HeadscaleChart(app, 'headscale', {
    releaseName: process.env.HEADSCALE_RELEASE || 'headscale',
    namespace: process.env.HEADSCALE_NAMESPACE || 'default',
    values,
  });
  app.synth();
}

try {
  synth();
} catch (error) {
  const lines = problemLines(error);
  if (!lines) throw error;
  for (const line of lines) process.stderr.write(`${line}\n`);
  process.exitCode = 1;
}
