import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, App, Chart, Names, YamlOutputType } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { finishChartJson, HeadscaleChart } from '../chart/chart';
import { useConfigWriter } from '../derive/config-yaml';
import { writeFileAtomic } from './atomic-write';
import { fastSynthesisProven } from './compat';
import { objectJson } from './plain-json';
import { configFileYaml, manifestsYaml } from './yaml-writer';

// Every release's config.yaml, written by the fast writer wherever the package is loaded with the
// versions it was proven against: the same text, made without the library's document tree.
if (fastSynthesisProven()) useConfigWriter(configFileYaml);

/**
 * A cdk8s `App` that writes the same files and YAML as `App`, faster, for apps of many charts
 * (one `HeadscaleChart` per tenant or environment, say). Use it in place of `App`; any chart works
 * in it.
 *
 * `App` does two things that grow with the app: it re-runs its app-wide passes (every
 * construct's validation, dependency resolution) for each chart it synthesizes, so that N charts
 * cost N² passes; and it writes YAML through a document model that costs more than building the
 * manifests. Here, when the app has no dependencies between constructs or nested charts (which
 * need `App`'s resolution), the construct tree is walked once: the app is validated, each chart
 * serializes its own objects, and the YAML is written by a direct writer with byte-identical
 * output. Otherwise, for the file-per-resource layouts and construct metadata, and with versions
 * of cdk8s or yaml it was not proven against (see compat.ts), it is `App`.
 */
export class HeadscaleApp extends App {
  public override synthYaml(): string {
    const plan = fastSynthesisProven() ? directSynthesis(this) : undefined;
    if (!plan) return super.synthYaml();
    // Chart by chart, so that each chart's JSON can go before the next is made.
    const charts = withAppPrepared(plan, () => plan.charts.map((chart) => manifestsYaml(manifestsOf(plan, chart))));
    return charts.filter((yaml) => yaml !== '').join('---\n');
  }

  public override synth(): void {
    const layout = this.yamlOutputType;
    const fileLayout = layout === YamlOutputType.FILE_PER_CHART || layout === YamlOutputType.FILE_PER_APP;
    const plan =
      fileLayout && fastSynthesisProven() && !this.recordsConstructMetadata() ? directSynthesis(this) : undefined;
    if (!plan) {
      super.synth();
      return;
    }
    mkdirSync(this.outdir, { recursive: true });
    const files = withAppPrepared(plan, () =>
      plan.charts.map((chart) => ({ name: Names.toDnsLabel(chart), manifests: manifestsOf(plan, chart) })),
    );
    if (layout === YamlOutputType.FILE_PER_APP) {
      if (files.length > 0)
        this.write(
          'app',
          files.flatMap((file) => file.manifests),
        );
    } else {
      for (const file of files) this.write(file.name, file.manifests);
    }
  }

  /** `App` keeps this setting (from its props or CDK8S_RECORD_CONSTRUCT_METADATA) private; it writes the metadata file. */
  private recordsConstructMetadata(): boolean {
    return (this as unknown as { readonly recordConstructMetadata: boolean }).recordConstructMetadata;
  }

  private write(name: string, manifests: readonly unknown[]): void {
    writeFileAtomic(join(this.outdir, `${name}${this.outputFileExtension}`), manifestsYaml(manifests));
  }
}

/** What a direct synthesis of an app works from, all from one walk of its construct tree. */
interface DirectSynthesis {
  readonly constructs: readonly IConstruct[];
  /**
   * In tree order, which is `App.charts`' order when nothing depends on anything (both put the
   * children whose id is an array index, `0` or `12`, first: constructs keeps children in a plain
   * object).
   */
  readonly charts: readonly Chart[];
  /** Each chart's API objects (in nested constructs too, not in nested charts), in tree order. */
  readonly objectsOf: ReadonlyMap<Chart, readonly ApiObject[]>;
}

/**
 * The plan for synthesizing `app` directly, or undefined when `App`'s dependency resolution could
 * change something: a construct depends on another, or a chart holds another chart.
 */
function directSynthesis(app: App): DirectSynthesis | undefined {
  const constructs = app.node.findAll();
  const charts: Chart[] = [];
  const objectsOf = new Map<Chart, ApiObject[]>();
  for (const construct of constructs) {
    if (construct.node.dependencies.length > 0) return undefined;
    if (construct instanceof Chart) {
      if (construct.node.scope instanceof Chart) return undefined;
      charts.push(construct);
      objectsOf.set(construct, []);
    } else if (construct instanceof ApiObject) {
      objectsOf.get(Chart.of(construct))!.push(construct);
    }
  }
  return { constructs, charts, objectsOf };
}

/** Validates every construct once, as `App` does, then runs `serialize`. */
function withAppPrepared<T>(plan: DirectSynthesis, serialize: () => T): T {
  const errors = plan.constructs.flatMap((construct) =>
    construct.node.validate().map((error) => `[${construct.node.path}] ${error}`),
  );
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  return serialize();
}

/**
 * A chart's manifests once the app is prepared: its own objects when its `toJson` is cdk8s's, or
 * `HeadscaleChart`'s (then checked as that does); else what its own `toJson` makes of them.
 */
function manifestsOf(plan: DirectSynthesis, chart: Chart): any[] {
  if (chart.toJson === Chart.prototype.toJson) return ownObjectsJson(plan, chart);
  if (chart.toJson === HeadscaleChart.prototype.toJson) {
    return finishChartJson(chart as HeadscaleChart, ownObjectsJson(plan, chart));
  }
  return chart.toJson();
}

function ownObjectsJson(plan: DirectSynthesis, chart: Chart): any[] {
  return plan.objectsOf.get(chart)!.map(objectJson);
}
