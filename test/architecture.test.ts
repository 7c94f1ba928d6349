import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

/**
 * The layers of src/ and the one direction of imports between them: a module imports its own
 * layer or the layers before it, never one after it. The core (errors, maps, suggestions) knows
 * nothing else; the Kubernetes API's validation knows nothing of Headscale or the values.
 * Components build on the derivations and
 * check their own props; the chart maps values to them and keeps the rules that span them; the
 * fast synthesis comes after the chart, which never imports it.
 */
const LAYERS: ReadonlyArray<readonly string[]> = [
  ['core'],
  ['kubernetes'],
  ['values'],
  ['derive'],
  ['components'],
  ['chart'],
  ['fast'],
  ['render.ts'],
  ['index.ts', 'cli.ts', 'main.ts'],
  ['bin'],
];

const SRC = join(__dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The top-level part of src/ a file belongs to: its folder, or the file itself. */
const partOf = (file: string) => relative(SRC, file).split('/')[0];
const layerOf = (part: string) => LAYERS.findIndex((layer) => layer.includes(part));

function localImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|require\()\s*'(\.[^']*)'/g)].map((match) => match[1]);
  return specifiers.map((specifier) => resolve(dirname(file), specifier));
}

const files = sourceFiles(SRC);

test('every part of src/ has a layer', () => {
  expect(files.map(partOf).filter((part) => layerOf(part) === -1)).toEqual([]);
});

test('imports point from later layers to earlier ones only', () => {
  const wrong = files.flatMap((file) =>
    localImports(file)
      .filter((target) => {
        const [from, to] = [partOf(file), partOf(target)];
        if (from === to) return false;
        return layerOf(to) >= layerOf(from);
      })
      .map((target) => `${relative(SRC, file)} imports ${relative(SRC, target)}`),
  );
  expect(wrong).toEqual([]);
});

test("components take props of their own, not the chart's values", () => {
  const componentsUsingValues = files
    .filter((file) => partOf(file) === 'components')
    .filter((file) => localImports(file).some((target) => relative(SRC, target) === 'values/schema'));
  expect(componentsUsingValues.map((file) => relative(SRC, file))).toEqual([]);
});
