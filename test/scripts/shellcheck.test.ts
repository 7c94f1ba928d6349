/**
 * Static checks of every shell script of the project: the scripts of src/scripts and hack, and
 * the shell stubs of test/scripts/stubs and test/hack/stubs. Scripts are found by name (*.sh) or,
 * for the stubs, by a #!/bin/sh line, so that new ones are checked without a change here. Each is
 * checked as the shell its #! line names: bash for the scripts that ask for it, else POSIX sh.
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
  ...[STUBS_DIR, path.join(ROOT, 'test/hack/stubs')].flatMap((dir) =>
    filesUnder(dir).filter((file) => fs.readFileSync(file, 'utf8').startsWith('#!/bin/sh')),
  ),
]
  .map((file) => path.relative(ROOT, file))
  .sort();

test('finds the scripts', () => {
  expect(shellScripts).toEqual(
    expect.arrayContaining([
      'hack/kind-smoke.sh',
      'src/scripts/ensure-client-key.sh',
      'src/scripts/tailscale-client.sh',
      'test/hack/stubs/kind',
      'test/hack/stubs/kubectl',
    ]),
  );
});

test('shellcheck is installed', () => {
  const version = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) {
    throw new Error('shellcheck is not installed: install it (apt-get install shellcheck) to check the shell scripts');
  }
});

/** The shell a script's #! line names: bash when it asks for bash, else sh. */
function shellOf(script: string): 'bash' | 'sh' {
  const firstLine = fs.readFileSync(path.join(ROOT, script), 'utf8').split('\n', 1)[0];
  return /^#!\s*\S*\/(env\s+)?bash\b/.test(firstLine) ? 'bash' : 'sh';
}

describe.each(shellScripts)('%s', (script) => {
  const shell = shellOf(script);

  test('passes shellcheck', () => {
    const result = spawnSync('shellcheck', [`--shell=${shell}`, '--external-sources', script], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (result.error) throw new Error(`shellcheck could not run (apt-get install shellcheck): ${result.error.message}`);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test(`parses with ${shell} -n`, () => {
    const result = spawnSync(shell, ['-n', script], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
