import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import YAML from 'yaml';
import { UNEXPECTED } from '../src/cli';
import { runCli } from './support/cli';
import { temporaryDirectory } from './support/temporary';

/**
 * Property: whatever values file and --set the command is given, hostile ones included (alias
 * bombs, deep nesting, huge numbers, `__proto__` keys, binary junk, huge list indexes), it ends
 * with exit 0, 1 or 2 and one-line messages, never a stack trace or an unexpected failure, and
 * leaves Object.prototype as it was. FUZZ_SEED picks another sequence; FUZZ_CLI_RUNS more cases.
 */

const RESERVED = ['__proto__', 'constructor', 'prototype'];
const name = fc.oneof(
  fc.constantFrom('config', 'service', 'image', 'podLabels', 'a', ...RESERVED),
  fc.string({ maxLength: 6 }),
);

const aliasBomb = fc
  .record({ width: fc.integer({ min: 2, max: 12 }), depth: fc.integer({ min: 2, max: 9 }) })
  .map(({ width, depth }) => {
    let text = `l0: &l0 [${Array(width).fill('x').join(', ')}]\n`;
    for (let i = 1; i <= depth; i++)
      text += `l${i}: &l${i} [${Array(width)
        .fill(`*l${i - 1}`)
        .join(', ')}]\n`;
    return text;
  });

const deepNesting = fc
  .record({ depth: fc.integer({ min: 1, max: 1000 }), flow: fc.boolean(), key: name })
  .map(({ depth, flow, key }) =>
    flow
      ? `${JSON.stringify(key)}: ${'['.repeat(depth)}1${']'.repeat(depth)}\n`
      : Array.from({ length: Math.min(depth, 300) }, (_, i) => `${' '.repeat(i)}${JSON.stringify(key)}:`).join('\n') +
        ' 1\n',
  );

const hugeNumbers = fc
  .dictionary(
    name,
    fc.constantFrom(
      '1e400',
      '-1e400',
      '99999999999999999999999',
      '0x' + 'f'.repeat(40),
      '.inf',
      '-0',
      '0o644',
      '1_000',
    ),
    { maxKeys: 4 },
  )
  .map((map) =>
    Object.entries(map)
      .map(([k, v]) => `${JSON.stringify(k)}: ${v}`)
      .join('\n'),
  );

const reservedKeys = fc
  .tuple(fc.array(name, { minLength: 0, maxLength: 3 }), fc.constantFrom(...RESERVED), fc.jsonValue({ maxDepth: 2 }))
  .map(([path, reserved, value]) => {
    const keys = [...path, reserved];
    return keys.map((key, i) => `${'  '.repeat(i)}${JSON.stringify(key)}:`).join('\n') + ` ${JSON.stringify(value)}\n`;
  });

const binaryJunk = fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1'));
const randomYaml = fc.jsonValue({ maxDepth: 4 }).map((value) => YAML.stringify(value));
const randomText = fc.string({ unit: fc.constantFrom(...'ab:-[]{}&*!|>\'"%@`#,? \n\t0123456789'), maxLength: 80 });

const valuesFile = fc.oneof(aliasBomb, deepNesting, hugeNumbers, reservedKeys, binaryJunk, randomYaml, randomText);

const setExpression = fc.oneof(
  fc.tuple(name, fc.bigInt({ min: 0n, max: 2n ** 64n })).map(([key, index]) => `${key}[${index}]=x`),
  fc
    .tuple(fc.array(name, { minLength: 1, maxLength: 80 }), fc.string({ maxLength: 5 }))
    .map(([keys, value]) => `${keys.join('.')}=${value}`),
  fc.string({ maxLength: 20 }),
);

const args = fc.tuple(valuesFile, fc.array(setExpression, { maxLength: 2 }));

const SEED = Number(process.env.FUZZ_SEED ?? 1105);
const RUNS = Number(process.env.FUZZ_CLI_RUNS ?? 1000);

it('ends every run with exit 0, 1 or 2 and one-line messages, leaving Object.prototype alone', () => {
  const dir = temporaryDirectory('fuzz-cli');
  const file = join(dir, 'values.yaml');
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
  const statuses = new Set<number>();
  fc.assert(
    fc.property(args, ([text, sets]) => {
      writeFileSync(file, text, 'latin1');
      const { status, stderr } = runCli(['template', '-f', file, ...sets.flatMap((set) => ['--set', set])]);
      statuses.add(status);
      expect([0, 1, 2]).toContain(status);
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(stderr).not.toContain(UNEXPECTED);
      expect(stderr.split('\n').length).toBeLessThanOrEqual(22); // 20 problems, the count, a final newline
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    }),
    { seed: SEED, numRuns: RUNS },
  );
  // Refusals as values and as usage both occur.
  expect([...statuses].sort()).toEqual(expect.arrayContaining([1, 2]));
});
