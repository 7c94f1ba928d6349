import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const SNAPSHOT_DIR = join(__dirname, '..', 'snapshots');

/**
 * Compares a whole render with a committed YAML file, so that a reviewer reads the change as a
 * plain YAML diff. A missing file is written (outside CI); `jest -u` or UPDATE_SNAPSHOTS=1 rewrites it.
 */
export function expectYamlSnapshot(name: string, yaml: string): void {
  const file = join(SNAPSHOT_DIR, `${name}.k8s.yaml`);
  const update =
    process.env.UPDATE_SNAPSHOTS === '1' ||
    (expect.getState() as { snapshotState?: { _updateSnapshot?: string } }).snapshotState?._updateSnapshot === 'all';
  if (update || (!existsSync(file) && !process.env.CI)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, yaml);
    return;
  }
  if (!existsSync(file))
    throw new Error(`snapshot ${file} is missing: run the tests outside CI (or with UPDATE_SNAPSHOTS=1) and commit it`);
  expect(yaml).toBe(readFileSync(file, 'utf8'));
}
