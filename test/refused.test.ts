import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './support/cli';
import { temporaryDirectory } from './support/temporary';

/**
 * Values files that the API server or Headscale would refuse, each refused by the CLI: exit 1, the
 * key named on stderr, nothing written, no stack trace. Each file says, in comment lines, the rule
 * and its source (`# rule: ...`), the key path the error must name (`# expect: <key path>`), and
 * optionally the release name to render (`# release: <name>`).
 */
const FOLDER = join(__dirname, 'fixtures', 'refused');
const files = readdirSync(FOLDER).filter((file) => file.endsWith('.yaml'));

function comment(text: string, name: string): string | undefined {
  return new RegExp(`^# ${name}: (.*)$`, 'm').exec(text)?.[1].trim();
}

describe('refused values files', () => {
  it('has a collection of at least 60', () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
  });

  it.each(files)('%s is refused at the key it names', (file) => {
    const text = readFileSync(join(FOLDER, file), 'utf8');
    const expected = comment(text, 'expect');
    expect(expected).toBeDefined();
    expect(comment(text, 'rule')).toBeDefined();
    const release = comment(text, 'release');
    const dir = temporaryDirectory('refused');
    const { status, stdout, stderr } = runCli([
      'template',
      ...(release ? [release] : []),
      '-f',
      join(FOLDER, file),
      '--output-dir',
      dir,
    ]);
    expect({ status, stderr }).toMatchObject({ status: 1, stderr: expect.stringContaining(`${expected}`) });
    expect(
      stderr.split('\n').filter((line) => line.startsWith(`${expected}:`) || line.includes(` ${expected}:`)),
    ).not.toEqual([]);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stdout).toBe('');
    expect(readdirSync(dir)).toEqual([]);
  });
});
