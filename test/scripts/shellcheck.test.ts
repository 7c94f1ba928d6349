/**
 * Static checks of every shell script of the project: the scripts of src/scripts and hack, and
 * the shell stubs of test/scripts/stubs. Scripts are found by name (*.sh) or, for the stubs, by a
 * #!/bin/sh line, so that new ones are checked without a change here.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { STUBS_DIR } from './harness';

const ROOT = path.resolve(__dirname, '../..');

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => fs.statSync(file).isFile());
}

const shellScripts = [
  ...['src/scripts', 'hack'].flatMap((dir) => filesUnder(path.join(ROOT, dir)).filter((file) => file.endsWith('.sh'))),
  ...filesUnder(STUBS_DIR).filter((file) => fs.readFileSync(file, 'utf8').startsWith('#!/bin/sh')),
]
  .map((file) => path.relative(ROOT, file))
  .sort();

test('finds the scripts', () => {
  expect(shellScripts).toEqual(
    expect.arrayContaining(['src/scripts/ensure-client-key.sh', 'src/scripts/tailscale-client.sh']),
  );
});

test('shellcheck is installed', () => {
  const version = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) {
    throw new Error('shellcheck is not installed: install it (apt-get install shellcheck) to check the shell scripts');
  }
});

describe.each(shellScripts)('%s', (script) => {
  test('passes shellcheck', () => {
    const result = spawnSync('shellcheck', ['--shell=sh', '--external-sources', script], { cwd: ROOT, encoding: 'utf8' });
    if (result.error) throw new Error(`shellcheck could not run (apt-get install shellcheck): ${result.error.message}`);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('parses with sh -n', () => {
    const result = spawnSync('sh', ['-n', script], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
