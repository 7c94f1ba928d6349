import { HeadscaleChart, type HeadscaleChartProps } from './chart/chart';
import { HeadscaleApp } from './fast/app';
import type { ValuesProblem } from './core/errors';

/** A rendered release: its manifests, and the warnings about its values. */
export interface HeadscaleRender {
  /** Multi-document YAML. */
  readonly yaml: string;
  /** What in the values is likely a mistake but still renders, one per key path. */
  readonly warnings: readonly ValuesProblem[];
}

/**
 * Renders one release to multi-document YAML, in memory, with the warnings about its values
 * (returned, not printed): nothing is written.
 */
export function renderHeadscale(props: Omit<HeadscaleChartProps, 'printWarnings'>): HeadscaleRender {
  const app = new HeadscaleApp({ outdir: 'dist' });
  const chart = new HeadscaleChart(app, props.releaseName ?? 'headscale', { ...props, printWarnings: false });
  return { yaml: app.synthYaml(), warnings: chart.warnings };
}
