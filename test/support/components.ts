import { Chart, Testing } from 'cdk8s';
import { PropsError } from '../../src/core/errors';
import { manifestProblems } from '../../src/kubernetes/manifest-schema';
import type { K8sObject } from './render';

/** A plain cdk8s chart of the user's, in namespace `vpn`, without HeadscaleChart or values. */
export function userChart(): Chart {
  return new Chart(Testing.app(), 'app', { namespace: 'vpn' });
}

/** The objects of the components `build` adds to a chart of the user's; fails the test when one breaks its schema. */
export function synthComponents(build: (chart: Chart) => void): K8sObject[] {
  const chart = userChart();
  build(chart);
  const objects = Testing.synth(chart) as K8sObject[];
  expect(manifestProblems(objects)).toEqual([]);
  return objects;
}

/** The problems of the PropsError that building the component throws, as `path: message`. */
export function propsProblems(build: () => unknown): string[] {
  try {
    build();
  } catch (error) {
    if (error instanceof PropsError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  throw new Error('no PropsError was thrown');
}

/** Matches the one problem at `path` (a prop path such as `keys[0].user`). */
export function problemAt(path: string): string[] {
  return [expect.stringMatching(new RegExp(`^${path.replace(/[.[\]]/g, '\\$&')}: `))] as string[];
}
