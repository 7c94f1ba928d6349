/**
 * Kubernetes quantities (`500m`, `1Gi`, `1e3`, `0.5`), as the API server parses them:
 * a signed decimal number and at most one suffix, binary (`Ki` ... `Ei`), decimal (`n`, `u`,
 * `m`, `k`, `M`, `G`, `T`, `P`, `E`) or a decimal exponent (`e3`, `E-2`).
 */

const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;

const MULTIPLIERS: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** The quantity's value as a number (approximate for very large or precise ones), or undefined when it is none. */
export function parseQuantity(quantity: string | number): number | undefined {
  if (typeof quantity === 'number') return Number.isFinite(quantity) ? quantity : undefined;
  const match = QUANTITY.exec(quantity);
  if (!match) return undefined;
  const [, number, suffix] = match;
  if (!suffix) return Number(number);
  if (/^[eE][+-]?[0-9]/.test(suffix)) return Number(`${number}${suffix}`);
  return Number(number) * MULTIPLIERS[suffix];
}

/** An example for messages. */
export const QUANTITY_EXAMPLES = 'such as 500m, 2, 256Mi or 1Gi';
