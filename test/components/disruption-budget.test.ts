import { DisruptionBudget } from '../../src/components/disruption-budget';
import { MAX_UNAVAILABLE } from '../../src/values/defaults';
import { problemAt, propsProblems, synthComponents, userChart } from '../support/components';
import { find, kinds } from '../support/render';

const required = { name: 'budget', labels: { team: 'vpn' }, matchLabels: { app: 'hs' } };

describe('DisruptionBudget', () => {
  it('with the required props only: a PodDisruptionBudget allowing the default number of pods down', () => {
    const objects = synthComponents((chart) => new DisruptionBudget(chart, 'pdb', required));
    expect(kinds(objects)).toEqual(['PodDisruptionBudget/budget']);
    expect(find(objects, 'PodDisruptionBudget', 'budget')).toMatchObject({
      metadata: { labels: { team: 'vpn' } },
      spec: { selector: { matchLabels: { app: 'hs' } }, maxUnavailable: MAX_UNAVAILABLE },
    });
  });

  it('with every prop: minAvailable alone, or maxUnavailable as given', () => {
    const objects = synthComponents((chart) => {
      new DisruptionBudget(chart, 'min', { ...required, name: 'min', minAvailable: '50%' });
      new DisruptionBudget(chart, 'max', { ...required, name: 'max', maxUnavailable: 2 });
    });
    expect(find(objects, 'PodDisruptionBudget', 'min').spec).toEqual({
      selector: { matchLabels: { app: 'hs' } },
      minAvailable: '50%',
    });
    expect(find(objects, 'PodDisruptionBudget', 'max').spec.maxUnavailable).toBe(2);
  });

  it('refuses both limits at maxUnavailable, and takes either one', () => {
    expect(
      propsProblems(
        () => new DisruptionBudget(userChart(), 'pdb', { ...required, minAvailable: 1, maxUnavailable: 1 }),
      ),
    ).toEqual(problemAt('maxUnavailable'));
    expect(() => new DisruptionBudget(userChart(), 'pdb', { ...required, minAvailable: 1 })).not.toThrow();
  });
});
