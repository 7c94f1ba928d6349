import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, App, Chart, Names, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { manifestsYaml } from './render/yaml';

/**
 * A cdk8s `App` that writes the same files and YAML as `App`, faster, for apps of many charts
 * (one `HeadscaleChart` per tenant or environment, say). Use it in place of `App`; any chart works
 * in it.
 *
 * `App` does two things that grow with the app: it re-runs its app-wide passes (every
 * construct's validation, dependency resolution) for each chart it synthesizes, so that N charts
 * cost N² passes; and it writes YAML through a document model that costs more than building the
 * manifests. Here, when the app has no dependencies between constructs or nested charts (which
 * need `App`'s resolution), the app is validated once, each chart serializes its own objects,
 * and the YAML is written by a direct writer with byte-identical output. Otherwise, and for the
 * file-per-resource layouts and construct metadata, it is `App`.
 */
export class HeadscaleApp extends App {
  public override synthYaml(): string {
    if (!this.canSynthesizeDirectly()) return super.synthYaml();
    // Chart by chart, so that each chart's JSON can go before the next is made.
    const charts = this.withAppPrepared(() => this.charts.map((chart) => manifestsYaml(manifestsOf(chart))));
    return charts.filter((yaml) => yaml !== '').join('---\n');
  }

  public override synth(): void {
    const layout = this.yamlOutputType;
    if (this.recordsConstructMetadata() || (layout !== YamlOutputType.FILE_PER_CHART && layout !== YamlOutputType.FILE_PER_APP) || !this.canSynthesizeDirectly()) {
      super.synth();
      return;
    }
    mkdirSync(this.outdir, { recursive: true });
    const files = this.withAppPrepared(() => this.charts.map((chart) => ({ name: Names.toDnsLabel(chart), manifests: manifestsOf(chart) })));
    if (layout === YamlOutputType.FILE_PER_APP) {
      if (files.length > 0) this.write('app', files.flatMap((file) => file.manifests));
    } else {
      for (const file of files) this.write(file.name, file.manifests);
    }
  }

  /** `App` keeps this setting (from its props or CDK8S_RECORD_CONSTRUCT_METADATA) private; it writes the metadata file. */
  private recordsConstructMetadata(): boolean {
    return (this as unknown as { readonly recordConstructMetadata: boolean }).recordConstructMetadata;
  }

  private write(name: string, manifests: readonly unknown[]): void {
    writeFileSync(join(this.outdir, `${name}${this.outputFileExtension}`), manifestsYaml(manifests), { encoding: 'utf8' });
  }

  /**
   * Whether `App`'s dependency resolution would change nothing: no construct depends on another
   * and no chart holds another chart. Then its synthesis is validation plus each chart's objects
   * in dependency order.
   */
  private canSynthesizeDirectly(): boolean {
    return this.node.findAll().every((construct) => construct.node.dependencies.length === 0 && !isChartInChart(construct));
  }

  /** Validates every construct once, as `App` does, then runs `serialize` with the app marked prepared. */
  private withAppPrepared<T>(serialize: () => T): T {
    const errors = this.node.findAll().flatMap((construct) => construct.node.validate().map((error) => `[${construct.node.path}] ${error}`));
    if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
    preparedApps.add(this);
    try {
      return serialize();
    } finally {
      preparedApps.delete(this);
    }
  }
}

function isChartInChart(construct: IConstruct): boolean {
  return construct instanceof Chart && construct.node.scope instanceof Chart;
}

const preparedApps = new WeakSet<App>();

/** A chart's manifests in a prepared app: its own objects when its `toJson` is cdk8s's, else what its `toJson` makes of them. */
function manifestsOf(chart: Chart): any[] {
  return chart.toJson === Chart.prototype.toJson ? ownObjectsJson(chart) : chart.toJson();
}

/**
 * For a chart that overrides `toJson()` (as `HeadscaleChart` does): the JSON of its own objects,
 * without `App`'s app-wide passes, when a `HeadscaleApp` has done them for this synthesis;
 * `undefined` otherwise, and the chart should take `super.toJson()`.
 */
export function preparedChartManifests(chart: Chart): any[] | undefined {
  return preparedApps.has(App.of(chart)) ? ownObjectsJson(chart) : undefined;
}

/**
 * The JSON of the API objects in `chart` (in nested constructs too, not in nested charts). In a
 * prepared app no construct depends on another, and cdk8s's dependency order (a DependencyGraph,
 * whose vertices cost a path each) is then the order of the construct tree.
 */
function ownObjectsJson(chart: Chart): any[] {
  return chart.node
    .findAll()
    .filter((construct: IConstruct): construct is ApiObject => construct instanceof ApiObject && Chart.of(construct) === chart)
    .map((object) => object.toJson());
}
