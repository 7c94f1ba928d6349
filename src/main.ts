import { existsSync } from 'node:fs';
import { App } from 'cdk8s';
import { HeadscaleChart } from './chart';
import { formatProblem, ManifestError, ValuesError } from './values/errors';
import { readValuesFile } from './values/load';

/**
 * The app `cdk8s synth` runs (see cdk8s.yaml): one release from `values.yaml` in the working
 * directory when there is one, else the defaults, written to dist/headscale.k8s.yaml.
 * HEADSCALE_RELEASE and HEADSCALE_NAMESPACE override the release name and namespace.
 */
function synth(): void {
  const values = existsSync('values.yaml') ? readValuesFile('values.yaml') : {};
  const app = new App();
  const chart = new HeadscaleChart(app, 'headscale', {
    releaseName: process.env.HEADSCALE_RELEASE || 'headscale',
    namespace: process.env.HEADSCALE_NAMESPACE || 'default',
    values,
  });
  for (const warning of chart.warnings) process.stderr.write(`warning: ${formatProblem(warning)}\n`);
  app.synth();
}

try {
  synth();
} catch (error) {
  if (error instanceof ValuesError) error.problems.forEach((problem) => process.stderr.write(`${formatProblem(problem)}\n`));
  else if (error instanceof ManifestError) error.problems.forEach((problem) => process.stderr.write(`invalid manifest: ${problem}\n`));
  else throw error;
  process.exitCode = 1;
}
