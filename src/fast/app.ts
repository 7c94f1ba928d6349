import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, App, type AppProps, Chart, DependencyGraph, Names, YamlOutputType } from 'cdk8s';
import { finishChartJson, HeadscaleChart } from '../chart/chart';
import { writeFileAtomic } from './atomic-write';
import { fastSynthesisProven } from '../derive/proven-versions';
import { manifestsYaml } from '../derive/yaml-writer';

/**
 * A cdk8s `App` that writes the same files and YAML as `App`, faster, for apps of many charts
 * (one `HeadscaleChart` per tenant or environment, say). Use it in place of `App`; any chart works
 * in it.
 *
 * `App` does two things that grow with the app: it re-runs its app-wide passes (every
 * construct's validation, dependency resolution) for each chart it synthesizes, so that N charts
 * cost N² passes; and it writes YAML through a document model that costs more than building the
 * manifests. Here, when no construct depends on another and no chart holds another (then
 * `App`'s dependency resolution has nothing to do), the app is validated once, each chart's
 * objects are serialized in the order `App` takes them, and the YAML is written by a direct
 * writer with byte-identical output. Otherwise, for the file-per-resource layouts and construct
 * metadata, and with versions of cdk8s or yaml it was not proven against
 * (derive/proven-versions.ts), it is `App`.
 */
export class HeadscaleApp extends App {
  /** Whether `synth()` writes construct-metadata.json, decided as `App` documents it. */
  private readonly recordsConstructMetadata: boolean;

  /**
   * Defines an app, as `App` does.
   * @param props configuration options
   */
  constructor(props: AppProps = {}) {
    super(props);
    this.recordsConstructMetadata =
      props.recordConstructMetadata ?? process.env.CDK8S_RECORD_CONSTRUCT_METADATA === 'true';
  }

  public override synthYaml(): string {
    const charts = this.validatedIndependentCharts();
    if (!charts) return super.synthYaml();
    // Chart by chart, so that each chart's JSON can go before the next is made.
    return charts
      .map((chart) => manifestsYaml(manifestsOf(chart)))
      .filter((yaml) => yaml !== '')
      .join('---\n');
  }

  public override synth(): void {
    const layout = this.yamlOutputType;
    const fileLayout = layout === YamlOutputType.FILE_PER_CHART || layout === YamlOutputType.FILE_PER_APP;
    const charts = fileLayout && !this.recordsConstructMetadata ? this.validatedIndependentCharts() : undefined;
    if (!charts) {
      super.synth();
      return;
    }
    mkdirSync(this.outdir, { recursive: true });
    if (layout === YamlOutputType.FILE_PER_APP) {
      if (charts.length > 0) this.write('app', charts.flatMap(manifestsOf));
    } else {
      for (const chart of charts) this.write(Names.toDnsLabel(chart), manifestsOf(chart));
    }
  }

  /**
   * The app's charts in `App`'s order, once every construct is validated as `App` validates it;
   * undefined when `App`'s dependency resolution could change the order or the objects (a
   * construct depends on another, a chart holds a chart) or the versions are not proven.
   */
  private validatedIndependentCharts(): Chart[] | undefined {
    if (!fastSynthesisProven()) return undefined;
    const constructs = this.node.findAll();
    const dependent = constructs.some(
      (construct) =>
        construct.node.dependencies.length > 0 || (construct instanceof Chart && construct.node.scope instanceof Chart),
    );
    if (dependent) return undefined;
    const errors = constructs.flatMap((construct) =>
      construct.node.validate().map((error) => `[${construct.node.path}] ${error}`),
    );
    if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
    return this.charts;
  }

  private write(name: string, manifests: readonly unknown[]): void {
    writeFileAtomic(join(this.outdir, `${name}${this.outputFileExtension}`), manifestsYaml(manifests));
  }
}

/**
 * A chart's manifests once the app is validated: its objects' JSON when its `toJson` is cdk8s's,
 * or `HeadscaleChart`'s (then checked as that does); else what its own `toJson` makes of them.
 */
function manifestsOf(chart: Chart): any[] {
  if (chart.toJson === Chart.prototype.toJson) return objectsJson(chart);
  if (chart.toJson === HeadscaleChart.prototype.toJson)
    return finishChartJson(chart as HeadscaleChart, objectsJson(chart));
  return chart.toJson();
}

/** The JSON of the chart's own objects (in nested constructs too), in `App`'s order. */
function objectsJson(chart: Chart): any[] {
  return new DependencyGraph(chart.node)
    .topology()
    .filter((construct): construct is ApiObject => construct instanceof ApiObject && Chart.of(construct) === chart)
    .map((object) => object.toJson());
}
