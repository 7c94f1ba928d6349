import { parseQuantity } from '../../src/kubernetes/quantity';

describe('parseQuantity', () => {
  it.each([
    ['1Gi', 2 ** 30],
    ['256Mi', 256 * 2 ** 20],
    ['500m', 0.5],
    ['2', 2],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['1.', 1],
    ['1e3', 1000],
    ['1E-2', 0.01],
    ['1E', 1e18],
    ['+1k', 1000],
    ['-1', -1],
    [3, 3],
  ])('reads %j as %d', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value);
  });

  it.each(['', 'lots', '1h', '1 Gi', '1gi', '1GB', '1.2.3', 'Gi', '.', '1e', '1Ki1'])(
    'refuses %j, as Kubernetes refuses it',
    (text) => {
      expect(parseQuantity(text)).toBeUndefined();
    },
  );

  it('refuses a number that is not finite', () => {
    expect(parseQuantity(Number.NaN)).toBeUndefined();
    expect(parseQuantity(Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});
