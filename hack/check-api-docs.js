#!/usr/bin/env node
// Fails while docs/api/ is not the API reference TypeDoc generates from src/index.ts (run
// `npm run docs:api` to update it). Regenerates the reference into a temporary folder with the
// options of typedoc.json and compares the two trees file by file. A script run by .ci/run rather
// than a jest test: TypeDoc type-checks the whole source, some 10-20 s on two cores.
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, relative } = require('node:path');

const root = join(__dirname, '..');
const committed = join(root, 'docs', 'api');

/** The files under `dir`, as paths relative to it with `/`, sorted. */
function filesUnder(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if (error.code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) =>
      relative(dir, join(entry.parentPath ?? entry.path, entry.name))
        .split('\\')
        .join('/'),
    )
    .sort();
}

/** Regenerates the reference into `scratch` and compares: the exit code. */
function check(scratch) {
  const generated = join(scratch, 'api');
  const typedoc = join(root, 'node_modules', 'typedoc', 'bin', 'typedoc');
  const run = spawnSync(process.execPath, [typedoc, '--out', generated, '--logLevel', 'Error'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    console.error(`check-api-docs: typedoc failed (${run.signal ?? `exit ${run.status}`})`);
    return 1;
  }

  const expected = filesUnder(generated);
  const actual = new Set(filesUnder(committed));
  const stale = [];
  for (const file of expected) {
    if (!actual.has(file)) stale.push(`missing: docs/api/${file}`);
    else if (!readFileSync(join(generated, file)).equals(readFileSync(join(committed, file)))) {
      stale.push(`differs: docs/api/${file}`);
    }
    actual.delete(file);
  }
  for (const file of actual) stale.push(`not generated: docs/api/${file}`);

  if (stale.length > 0) {
    console.error(`docs/api/ is stale (run \`npm run docs:api\` to update it):\n  ${stale.join('\n  ')}`);
    return 1;
  }
  console.log(`docs/api/ is up to date (${expected.length} files)`);
  return 0;
}

const scratch = mkdtempSync(join(tmpdir(), 'api-docs-'));
try {
  process.exitCode = check(scratch);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
