import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli';

/**
 * Values files that Headscale (or a client of its config) would refuse at start-up, each refused
 * by the CLI before anything is written. Each file names the key path the CLI must report
 * (`# expect: <key path>`) and, in a comment, the Headscale rule and its source.
 */
const FOLDER = join(__dirname, 'fixtures', 'refused');
const FILES = readdirSync(FOLDER).filter((file) => /^headscale-.*\.yaml$/.test(file));

function template(file: string) {
  const outputDir = mkdtempSync(join(tmpdir(), 'refused-'));
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const status = main(['template', '-f', join(FOLDER, file), '--output-dir', outputDir]);
    return { status, stdout, stderr, written: readdirSync(outputDir, { recursive: true }) };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('values files Headscale would refuse', () => {
  it('are at least 25, each naming its key path and its rule', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(25);
    for (const file of FILES) {
      const text = readFileSync(join(FOLDER, file), 'utf8');
      expect(text).toMatch(/^# expect: .+$/m);
      expect(text.split('\n').filter((line) => line.startsWith('#')).length).toBeGreaterThanOrEqual(2);
    }
  });

  it.each(FILES)('%s is refused with its key path, exit 1, nothing written, no stack trace', (file) => {
    const expected = /^# expect: (.+)$/m.exec(readFileSync(join(FOLDER, file), 'utf8'))![1];
    const { status, stdout, stderr, written } = template(file);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(written).toEqual([]);
    expect(stderr.split('\n').some((line) => line.startsWith(`${expected}: `))).toBe(true);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
