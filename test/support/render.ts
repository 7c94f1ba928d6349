import { Testing } from 'cdk8s';
import { HeadscaleChart, type HeadscaleChartProps } from '../../src/chart/chart';
import type { HeadscaleValuesInput } from '../../src/values/schema';
import { ManifestError } from '../../src/core/errors';

/** A synthesized Kubernetes object, as JSON. */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; [key: string]: any };
  [key: string]: any;
};

export function renderChart(values: HeadscaleValuesInput = {}, props: Omit<HeadscaleChartProps, 'values'> = {}) {
  const chart = new HeadscaleChart(Testing.app(), 'test', {
    releaseName: 'headscale',
    namespace: 'headscale',
    ...props,
    values,
  });
  return { chart, objects: Testing.synth(chart) as K8sObject[] };
}

/** Renders and returns the objects only. */
export function render(
  values: HeadscaleValuesInput = {},
  props: Omit<HeadscaleChartProps, 'values'> = {},
): K8sObject[] {
  return renderChart(values, props).objects;
}

/** The one object of that kind and name; fails the test when there is none. */
export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found)
    throw new Error(`no ${kind}/${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}

export function kinds(objects: K8sObject[]): string[] {
  return objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
}

/** A container's variables that have a literal value, by name. */
export function envValues(container: { env?: Array<{ name: string; value?: string }> }): Record<string, string> {
  return Object.fromEntries((container.env ?? []).flatMap((e) => (e.value === undefined ? [] : [[e.name, e.value]])));
}

/** The problems of the ManifestError a chart's synth throws; fails the test when it throws none or another error. */
export function manifestProblemsOf(chart: HeadscaleChart): readonly string[] {
  try {
    Testing.synth(chart);
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return (error as ManifestError).problems;
  }
  throw new Error('the synth threw no ManifestError');
}
