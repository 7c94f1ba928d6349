import { readFileSync } from 'node:fs';
import { HeadscaleChart, type HeadscaleChartProps } from './chart/chart';
import { HeadscaleApp } from './fast/app';
import type { ValuesProblem } from './core/errors';
import { headscaleVersionOfRender } from './derive/previous-render';

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

/**
 * Values that state the Headscale version the release runs now (`upgrade.fromVersion`), read from
 * the previous render in `file` (the one a new render replaces), so that a render Headscale would
 * refuse to start on the database is refused; `{}` when the file can't be read or names no version.
 * Values layered over them set `upgrade.fromVersion` themselves.
 */
export function runningVersionValues(file: string): { upgrade?: { fromVersion: string } } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // No previous render (or none that can be read, which the write reports): nothing is known.
    return {};
  }
  const version = headscaleVersionOfRender(text);
  return version ? { upgrade: { fromVersion: version } } : {};
}
