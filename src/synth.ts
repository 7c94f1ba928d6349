import { HeadscaleApp } from './app';
import { HeadscaleChart, HeadscaleChartProps } from './chart';
import type { ValuesProblem } from './values/errors';

/** A rendered release: its manifests, and the warnings about its values. */
export interface HeadscaleRender {
  /** Multi-document YAML. */
  readonly yaml: string;
  /** What in the values is likely a mistake but still renders, one per key path. */
  readonly warnings: readonly ValuesProblem[];
}

/** Renders one release to multi-document YAML, in memory, with the warnings about its values: nothing is written. */
export function renderHeadscale(props: HeadscaleChartProps): HeadscaleRender {
  const app = new HeadscaleApp({ outdir: 'dist' });
  const chart = new HeadscaleChart(app, props.releaseName ?? 'headscale', props);
  return { yaml: app.synthYaml(), warnings: chart.warnings };
}

/** Renders one release to multi-document YAML, in memory: nothing is written. */
export function synthHeadscale(props: HeadscaleChartProps): string {
  return renderHeadscale(props).yaml;
}
