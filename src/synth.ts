import { App } from 'cdk8s';
import { HeadscaleChart, HeadscaleChartProps } from './chart';

/** Renders one release to multi-document YAML, in memory: nothing is written. */
export function synthHeadscale(props: HeadscaleChartProps): string {
  const app = new App({ outdir: 'dist' });
  new HeadscaleChart(app, props.releaseName ?? 'headscale', props);
  return app.synthYaml();
}
