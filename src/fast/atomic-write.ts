import { randomBytes } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `text` to `file` as a whole or not at all: into a new file beside it (same folder, so
 * the same file system), renamed over `file` once every byte is written. A write that fails (a
 * full disk) leaves the previous `file` as it was and removes the new one.
 */
export function writeFileAtomic(file: string, text: string): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temporary, 'wx');
  try {
    try {
      const data = Buffer.from(text, 'utf8');
      for (let written = 0; written < data.length;) written += writeSync(fd, data, written);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
