import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { Sandbox } from './harness';

/**
 * upgrade-backup.sh against Debian's sqlite3 (apt-get install sqlite3), on real WAL databases:
 * the copy before a version change, none when the version is the same, the newest KEEP copies
 * kept, and a consistent copy while another process writes to the database.
 */
const SCRIPT = 'upgrade-backup.sh';

let sandbox: Sandbox;
const writers: ChildProcess[] = [];

beforeEach(() => {
  sandbox = new Sandbox();
});

afterEach(() => {
  for (const writer of writers.splice(0)) writer.kill('SIGKILL');
  sandbox.remove();
});

test('sqlite3 is installed', () => {
  const version = spawnSync('sqlite3', ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0)
    throw new Error(
      'sqlite3 is not installed: install it (apt-get install sqlite3) to test the copy before an upgrade',
    );
});

function sql(db: string, ...statements: string[]): string {
  const result = spawnSync('sqlite3', [db, ...statements], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`sqlite3 ${db}: ${result.stderr}`);
  return result.stdout.trim();
}

/** A WAL database as Headscale keeps one: rows in `nodes`, and their count in `counter`, changed together. */
function walDatabase(): string {
  const db = sandbox.path('db.sqlite');
  sql(
    db,
    'PRAGMA journal_mode=WAL;',
    'CREATE TABLE nodes(id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE counter(n INTEGER); INSERT INTO counter VALUES (0);',
  );
  return db;
}

const backups = () => sandbox.path('backups');
const copies = () =>
  fs.existsSync(backups())
    ? fs
        .readdirSync(backups())
        .filter((name) => name.endsWith('.sqlite'))
        .sort()
    : [];

function runBackup(version: string, keep = 3) {
  return sandbox.run(SCRIPT, {
    DB_PATH: sandbox.path('db.sqlite'),
    BACKUP_DIR: backups(),
    HEADSCALE_VERSION: version,
    KEEP: String(keep),
  });
}

test('copies the database before a version change and records the version', () => {
  const db = walDatabase();
  sql(db, "INSERT INTO nodes(name) VALUES ('a'); UPDATE counter SET n = n + 1;");
  const result = runBackup('v0.28.0');
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(copies()).toEqual([expect.stringMatching(/^db-\d{8}T\d{6}Z-unknown\.sqlite$/)]);
  expect(fs.readFileSync(`${backups()}/last-version`, 'utf8')).toBe('v0.28.0\n');
  const copy = `${backups()}/${copies()[0]}`;
  expect(sql(copy, 'PRAGMA integrity_check;')).toBe('ok');
  expect(sql(copy, 'SELECT name FROM nodes;')).toBe('a');

  expect(runBackup('v0.29.2').status).toBe(0);
  expect(copies()).toEqual([expect.stringMatching(/-unknown\.sqlite$/), expect.stringMatching(/-v0\.28\.0\.sqlite$/)]);
  expect(fs.readFileSync(`${backups()}/last-version`, 'utf8')).toBe('v0.29.2\n');
});

test('takes no copy when the version is the one recorded', () => {
  walDatabase();
  expect(runBackup('v0.29.2').status).toBe(0);
  const first = copies();
  const result = runBackup('v0.29.2');
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('Headscale v0.29.2 as last time: no copy');
  expect(copies()).toEqual(first);
});

test('records the version without a copy when there is no database yet', () => {
  const result = runBackup('v0.29.2');
  expect(result.status).toBe(0);
  expect(copies()).toEqual([]);
  expect(fs.readFileSync(`${backups()}/last-version`, 'utf8')).toBe('v0.29.2\n');
});

test('keeps the newest KEEP copies', () => {
  walDatabase();
  fs.mkdirSync(backups());
  const older = ['db-20250101T000000Z-v0.26.0.sqlite', 'db-20250601T000000Z-v0.27.0.sqlite'];
  for (const name of older) fs.copyFileSync(sandbox.path('db.sqlite'), `${backups()}/${name}`);
  fs.writeFileSync(`${backups()}/last-version`, 'v0.28.0\n');
  const result = runBackup('v0.29.2', 2);
  expect(result.status).toBe(0);
  expect(result.stdout).toContain(`removing the old copy ${backups()}/${older[0]}`);
  expect(copies()).toEqual([older[1], expect.stringMatching(/^db-\d{8}T\d{6}Z-v0\.28\.0\.sqlite$/)]);
});

test('a tag that is not a file name is made one', () => {
  walDatabase();
  fs.mkdirSync(backups());
  fs.writeFileSync(`${backups()}/last-version`, 'v0.29.2@sha256:ab/c\n');
  expect(runBackup('v0.29.2').status).toBe(0);
  expect(copies()).toEqual([expect.stringMatching(/-v0\.29\.2_sha256_ab_c\.sqlite$/)]);
});

test.each([
  [{ KEEP: '0' }, 'KEEP must be a whole number above zero'],
  [{ KEEP: 'three' }, 'KEEP must be a whole number above zero'],
  [{ HEADSCALE_VERSION: '' }, 'environment variable HEADSCALE_VERSION is required'],
])('refuses %p', (vars, message) => {
  const result = sandbox.run(SCRIPT, {
    DB_PATH: sandbox.path('db.sqlite'),
    BACKUP_DIR: backups(),
    HEADSCALE_VERSION: 'v0.29.2',
    KEEP: '3',
    ...vars,
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain(message);
});

test('a database written to while the copy runs gives a consistent copy', async () => {
  const db = walDatabase();
  // Many small transactions, each adding a row and counting it: a torn copy would disagree.
  const transactions = Array.from(
    { length: 20_000 },
    (_, index) => `BEGIN; INSERT INTO nodes(name) VALUES ('node-${index}'); UPDATE counter SET n = n + 1; COMMIT;`,
  );
  const script = sandbox.writeFile('writes.sql', `PRAGMA busy_timeout=10000;\n${transactions.join('\n')}\n`);
  const writer = spawn('sh', ['-c', 'exec sqlite3 "$1" < "$2"', 'sh', db, script], { stdio: 'ignore' });
  writers.push(writer);
  const ended = new Promise((resolve) => writer.on('exit', resolve));
  await sandbox.waitUntil(
    () => Number(sql(db, 'PRAGMA busy_timeout=10000;', 'SELECT n FROM counter;').split('\n').pop()) > 500,
  );

  const result = runBackup('v0.29.2');
  const stillWriting = writer.exitCode === null;
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(stillWriting).toBe(true);

  const copy = `${backups()}/${copies()[0]}`;
  expect(sql(copy, 'PRAGMA integrity_check;')).toBe('ok');
  const [rows, counted] = sql(copy, 'SELECT (SELECT count(*) FROM nodes), (SELECT n FROM counter);').split('|');
  expect(Number(rows)).toBeGreaterThan(500);
  expect(rows).toBe(counted);
  await ended;
}, 60_000);
