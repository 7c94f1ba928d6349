/**
 * The installed command (lib/bin/cdk8s-headscale.js, running the bundled CLI) and its code caches,
 * run as users run it: in a Node.js of its own, from a copy of the built package, with a home of
 * the test's. Builds lib/ first when it is missing or older than what it is built from.
 */
import { execSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { userCacheDirectory } from '../src/bin/cdk8s-headscale';
import { temporaryDirectory } from './support/temporary';

const ROOT = join(__dirname, '..');
const { bin, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  version: string;
};
const COMMAND = join(ROOT, bin['cdk8s-headscale']);
const FULL_VALUES = join(ROOT, 'hack', 'bench', 'full.values.yaml');
const isPackageCache = (name: string) => /^cli\.bundle\..*\.cache$/.test(name);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** Whether lib/ was built after every file it is built from changed. */
function libIsCurrent(): boolean {
  const binDir = join(ROOT, 'lib', 'bin');
  if (!existsSync(join(binDir, 'cli.bundle.js'))) return false;
  const caches = readdirSync(binDir).filter(isPackageCache);
  if (caches.length === 0) return false;
  const built = Math.min(
    ...[join(binDir, 'cli.bundle.js'), ...caches.map((name) => join(binDir, name))].map(
      (file) => statSync(file).mtimeMs,
    ),
  );
  const sources = [
    ...files(join(ROOT, 'src')),
    ...['hack/bundle-cli.js', 'package.json', 'tsconfig.json', 'tsconfig.build.json'].map((file) => join(ROOT, file)),
  ];
  return sources.every((file) => statSync(file).mtimeMs <= built);
}

beforeAll(() => {
  if (libIsCurrent()) return;
  try {
    execSync('npm run build', { cwd: ROOT, stdio: 'pipe', encoding: 'utf8' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run build failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}, 240_000);

const tmp = () => temporaryDirectory('cli-bin');

/** The environment of a run: this one's, with the home and caching settings given (undefined to leave one unset). */
function environment(settings: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    'HOME',
    'XDG_CACHE_HOME',
    'LOCALAPPDATA',
    'NODE_OPTIONS',
    'NODE_COMPILE_CACHE',
    'CDK8S_HEADSCALE_NO_CACHE',
  ])
    delete env[name];
  for (const [name, value] of Object.entries(settings)) if (value !== undefined) env[name] = value;
  return env;
}

function run(
  command: string,
  argv: string[],
  settings: Record<string, string | undefined> = {},
  nodeArgs: string[] = [],
) {
  return spawnSync(process.execPath, [...nodeArgs, command, ...argv], { encoding: 'utf8', env: environment(settings) });
}

/** A copy of the built package (package.json and lib/), as npm installs it. */
function installedCopy(options: { packageCache: 'kept' | 'removed' | 'damaged' }) {
  const dir = join(tmp(), 'node_modules', 'cdk8s-headscale');
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  cpSync(join(ROOT, 'lib'), join(dir, 'lib'), { recursive: true });
  const binDir = join(dir, 'lib', 'bin');
  for (const name of readdirSync(binDir).filter(isPackageCache)) {
    if (options.packageCache === 'removed') rmSync(join(binDir, name));
    if (options.packageCache === 'damaged') writeFileSync(join(binDir, name), 'not a code cache');
  }
  return { dir, command: join(dir, bin['cdk8s-headscale']) };
}

/** Every file under `dir` with its size, modification time and content: what running the command must leave as it was. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    files(dir).map((file) => {
      const { size, mtimeMs } = statSync(file);
      return [
        relative(dir, file),
        `${size} ${mtimeMs} ${createHash('sha256').update(readFileSync(file)).digest('hex')}`,
      ];
    }),
  );
}

/** The files in the user's cache directory (none when it doesn't exist). */
const cacheFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);
const USER_CACHE = new RegExp(
  `^cli-${version.replace(/\./g, '\\.')}-node${process.versions.node.replace(/\./g, '\\.')}-\\d+-[0-9a-f]{16}\\.cache$`,
);

describe('the installed command', () => {
  /** What the unbundled CLI prints for the default values: the manifests, and the warnings about the values. */
  let expected: string;
  let warnings: string;
  beforeAll(() => {
    ({ stdout: expected, stderr: warnings } = run(join(ROOT, 'lib', 'cli.js'), ['template']));
  });

  it('renders what the CLI renders, with the documented exit codes', () => {
    const render = run(COMMAND, ['template', 'headscale', '-n', 'headscale', '-f', FULL_VALUES]);
    expect([render.status, render.stderr]).toEqual([0, '']);
    const unbundled = run(join(ROOT, 'lib', 'cli.js'), ['template', 'headscale', '-n', 'headscale', '-f', FULL_VALUES]);
    expect(render.stdout).toBe(unbundled.stdout);
    expect(run(COMMAND, ['template', '--set', 'service.port=x']).status).toBe(1);
    expect(run(COMMAND, ['nonsense'])).toMatchObject({
      status: 2,
      stderr: 'error: unknown command "nonsense"; run "cdk8s-headscale --help" for usage\n',
    });
  });

  it("bundles the custom resources' schemas: a render with them, and a wrong field refused at its key, as unbundled", () => {
    const argv = [
      'template',
      '--set',
      'metrics.enabled=true',
      '--set',
      'metrics.serviceMonitor.enabled=true',
      '--set',
      'metrics.serviceMonitor.relabelings[0].sourceLabels[0]=service.name',
      '--set',
      'metrics.serviceMonitor.relabelings[0].targetLabel=service',
      '--set',
      'grpc.enabled=true',
      '--set',
      'grpc.allowInsecure=true',
      '--set',
      'grpcRoute.enabled=true',
      '--set',
      'httpRoute.enabled=true',
      '--set',
      'httpRoute.parentRefs[0].name=public',
      '--set',
      'httpRoute.hostnames[0]=hs.example.com',
      '--set',
      'tls.secretName=hs-tls',
      '--set',
      'tls.certificate.enabled=true',
      '--set',
      'tls.certificate.issuerRef.name=ca',
    ];
    const render = run(COMMAND, argv);
    // Headscale serves TLS itself behind the HTTPRoute: the one warning asks for a BackendTLSPolicy.
    expect([render.status, render.stderr]).toEqual([
      0,
      expect.stringMatching(/^warning: tls\.secretName: makes Headscale serve TLS itself[^\n]*\n$/),
    ]);
    for (const kind of ['ServiceMonitor', 'HTTPRoute', 'GRPCRoute', 'Certificate'])
      expect(render.stdout).toContain(`kind: ${kind}\n`);
    expect(render.stdout).toContain('- service.name\n');
    expect(render.stdout).toBe(run(join(ROOT, 'lib', 'cli.js'), argv).stdout);
    const wrong = run(COMMAND, [...argv, '--set', 'httpRoute.parentRefs[0].port=https']);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('httpRoute.parentRefs[0].port: expected an integer (got "https")');
    const unknownAction = run(COMMAND, [...argv, '--set', 'metrics.serviceMonitor.relabelings[0].action=Shout']);
    expect(unknownAction.status).toBe(1);
    expect(unknownAction.stderr).toMatch(
      /metrics\.serviceMonitor\.relabelings\[0\]\.action: expected "replace", .*\(got "Shout"\)/,
    );
  });

  it('reads an ASCII bundle, whose escaped characters mean what they meant', () => {
    expect(readFileSync(join(ROOT, 'lib', 'bin', 'cli.bundle.js')).every((byte) => byte < 0x80)).toBe(true);
    // Go's durations take µs (U+00B5) and μs (U+03BC): the bundle's regular expressions hold them escaped.
    const argv = [
      'template',
      '--set',
      'config.node.ephemeral.inactivity_timeout=70000000µs',
      '--set',
      'config.derp.update_frequency=86400000000μs',
    ];
    const render = run(COMMAND, argv);
    expect(render.status).toBe(0);
    expect(render.stdout).toContain('inactivity_timeout: 70000000µs');
    expect(render.stdout).toContain('update_frequency: 86400000000μs');
    expect(render.stdout).toBe(run(join(ROOT, 'lib', 'cli.js'), argv).stdout);
    const refused = ['template', '--set', 'ingress.enabled=true', '--set', 'ingress.hosts[0].host=hé.example.com'];
    const outcome = ({ status, stdout, stderr }: ReturnType<typeof run>) => ({ status, stdout, stderr });
    const bundled = outcome(run(COMMAND, refused));
    expect(bundled).toEqual(outcome(run(join(ROOT, 'lib', 'cli.js'), refused)));
    expect(bundled).toMatchObject({ status: 1, stderr: expect.stringContaining('"hé.example.com"') });
  });

  it('ends with 1 when its output cannot be written: a line for a full disk, none for a reader gone', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const render = spawnSync(process.execPath, [COMMAND, 'template', '-f', FULL_VALUES], {
        stdio: ['ignore', full, 'pipe'],
        encoding: 'utf8',
        env: environment({}),
      });
      expect(render.status).toBe(1);
      // After the values' warnings, one line: no stack trace.
      expect(render.stderr.split('\n').filter((line) => !line.startsWith('warning: '))).toEqual([
        'error: cannot write the output (ENOSPC)',
        '',
      ]);
    } finally {
      closeSync(full);
    }
    const child = spawn(process.execPath, [COMMAND, 'template'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: environment({}),
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await new Promise((resolve) => child.on('close', resolve));
    expect(status).toBe(1);
    expect(stderr.split('\n').filter((line) => !line.startsWith('warning: '))).toEqual(['']);
  });

  it("prints the package's version and the help", () => {
    for (const flag of ['--version', '-v'])
      expect(run(COMMAND, [flag])).toMatchObject({ status: 0, stdout: `${version}\n`, stderr: '' });
    expect(run(COMMAND, ['template', '--help'])).toMatchObject({
      status: 0,
      stdout: expect.stringContaining('--set-string KEY=VALUE'),
      stderr: '',
    });
  });

  it("runs from the package's own code cache and writes nothing, in the package or the home", () => {
    const { dir, command } = installedCopy({ packageCache: 'kept' });
    const home = tmp();
    const before = snapshot(dir);
    expect(run(command, ['template'], { HOME: home })).toMatchObject({ status: 0, stdout: expected, stderr: warnings });
    expect(snapshot(dir)).toEqual(before);
    // A rejected package cache would have left one of the user's, as the next test shows.
    expect(files(home)).toEqual([]);
  });

  it("without a package cache for this Node.js, keeps one of the user's, made after a render, and reads it", () => {
    const { dir, command } = installedCopy({ packageCache: 'removed' });
    const home = tmp();
    const cacheDir = join(home, '.cache', 'cdk8s-headscale');
    const before = snapshot(dir);
    // A run that renders nothing would make a cache without the render's functions: none is kept.
    expect(run(command, ['--version'], { HOME: home })).toMatchObject({ status: 0, stdout: `${version}\n` });
    expect(cacheFiles(cacheDir)).toEqual([]);
    expect(run(command, ['template'], { HOME: home })).toMatchObject({ status: 0, stdout: expected, stderr: warnings });
    const [cache, ...others] = cacheFiles(cacheDir);
    expect([cache, others]).toEqual([expect.stringMatching(USER_CACHE), []]);
    const written = statSync(join(cacheDir, cache));
    expect(written.size).toBeGreaterThan(100_000);
    // The next run takes it as it is: V8 accepts it, so it is not written again.
    expect(run(command, ['template', '-f', FULL_VALUES], { HOME: home }).status).toBe(0);
    expect(statSync(join(cacheDir, cache))).toMatchObject({ ino: written.ino, mtimeMs: written.mtimeMs });
    expect(snapshot(dir)).toEqual(before);
  });

  it("keeps the user's cache in $XDG_CACHE_HOME when it is an absolute path", () => {
    const { command } = installedCopy({ packageCache: 'removed' });
    const [home, xdg] = [tmp(), tmp()];
    expect(run(command, ['template'], { HOME: home, XDG_CACHE_HOME: xdg }).status).toBe(0);
    expect(cacheFiles(join(xdg, 'cdk8s-headscale'))).toEqual([expect.stringMatching(USER_CACHE)]);
    expect(files(home)).toEqual([]);
    expect(run(command, ['template'], { HOME: home, XDG_CACHE_HOME: 'relative/cache' }).status).toBe(0);
    expect(cacheFiles(join(home, '.cache', 'cdk8s-headscale'))).toEqual([expect.stringMatching(USER_CACHE)]);
  });

  it("takes a damaged cache of the user's for none, and replaces it", () => {
    const { dir, command } = installedCopy({ packageCache: 'removed' });
    const home = tmp();
    const cacheDir = join(home, '.cache', 'cdk8s-headscale');
    const before = snapshot(dir);
    expect(run(command, ['template'], { HOME: home })).toMatchObject({ status: 0, stdout: expected, stderr: warnings });
    const [cache] = cacheFiles(cacheDir);
    expect(cache).toMatch(USER_CACHE);
    const whole = readFileSync(join(cacheDir, cache));
    // The last one keeps V8's header and loses the code, which V8 itself doesn't check: run, it would crash Node.js.
    for (const damage of [
      Buffer.from('not a code cache'),
      Buffer.alloc(0),
      whole.subarray(0, 5000),
      Buffer.concat([whole.subarray(0, 100), Buffer.alloc(whole.length - 100)]),
    ]) {
      writeFileSync(join(cacheDir, cache), damage);
      expect(run(command, ['template'], { HOME: home })).toMatchObject({
        status: 0,
        stdout: expected,
        stderr: warnings,
      });
      expect(readFileSync(join(cacheDir, cache)).length).toBeGreaterThan(100_000);
    }
    expect(cacheFiles(cacheDir)).toEqual([cache]);
    expect(snapshot(dir)).toEqual(before);
  });

  it('runs uncached from a damaged package cache, writing nothing', () => {
    const { dir, command } = installedCopy({ packageCache: 'damaged' });
    const home = tmp();
    const before = snapshot(dir);
    expect(run(command, ['template'], { HOME: home })).toMatchObject({ status: 0, stdout: expected, stderr: warnings });
    expect(files(home)).toEqual([]);
    expect(snapshot(dir)).toEqual(before);
  });

  it("runs uncached where no cache can be kept: no home, a home it can't write, or caching turned off", () => {
    const { dir, command } = installedCopy({ packageCache: 'removed' });
    const before = snapshot(dir);
    const notADirectory = join(tmp(), 'file');
    writeFileSync(notADirectory, '');
    const home = tmp();
    for (const settings of [
      {},
      { HOME: notADirectory },
      { XDG_CACHE_HOME: notADirectory },
      { HOME: home, CDK8S_HEADSCALE_NO_CACHE: '1' },
    ]) {
      expect([settings, run(command, ['template'], settings)]).toEqual([
        settings,
        expect.objectContaining({ status: 0, stdout: expected, stderr: warnings }),
      ]);
    }
    expect(files(home)).toEqual([]);
    expect(snapshot(dir)).toEqual(before);
  });

  it('leaves a whole cache when several runs write it at once', async () => {
    const { command } = installedCopy({ packageCache: 'removed' });
    const home = tmp();
    const runs = [0, 1, 2].map(
      () =>
        new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, [command, 'template'], {
            env: environment({ HOME: home }),
            stdio: 'ignore',
          });
          child.on('close', resolve);
        }),
    );
    expect(await Promise.all(runs)).toEqual([0, 0, 0]);
    const cacheDir = join(home, '.cache', 'cdk8s-headscale');
    const [cache, ...others] = cacheFiles(cacheDir);
    expect([cache, others]).toEqual([expect.stringMatching(USER_CACHE), []]);
    const written = statSync(join(cacheDir, cache));
    expect(run(command, ['template'], { HOME: home })).toMatchObject({ status: 0, stdout: expected });
    expect(statSync(join(cacheDir, cache))).toMatchObject({ ino: written.ino, mtimeMs: written.mtimeMs });
  }, 30_000);

  it("hands the user's cache to Node.js where it has module.enableCompileCache (22.1 and later)", () => {
    // On an older Node.js, a stand-in records the directory it is given.
    const dir = tmp();
    const preload = join(dir, 'compile-cache.js');
    const record = join(dir, 'enabled');
    writeFileSync(
      preload,
      `require('node:module').enableCompileCache = (dir) => { require('node:fs').appendFileSync(${JSON.stringify(record)}, dir + '\\n'); return { status: 0, directory: dir }; };\n`,
    );
    const home = tmp();
    const withoutPackageCache = installedCopy({ packageCache: 'removed' });
    expect(run(withoutPackageCache.command, ['template'], { HOME: home }, ['--require', preload])).toMatchObject({
      status: 0,
      stdout: expected,
      stderr: warnings,
    });
    expect(readFileSync(record, 'utf8')).toBe(`${join(home, '.cache', 'cdk8s-headscale')}\n`);
    // Node.js writes that cache, not the command: the stand-in writes none.
    expect(files(home)).toEqual([]);
    // The package's own cache still comes first.
    const withPackageCache = installedCopy({ packageCache: 'kept' });
    expect(run(withPackageCache.command, ['template'], { HOME: home }, ['--require', preload])).toMatchObject({
      status: 0,
      stdout: expected,
    });
    expect(readFileSync(record, 'utf8').split('\n')).toHaveLength(2);
  });
});

describe('userCacheDirectory', () => {
  it('follows the XDG base directory rules', () => {
    expect(userCacheDirectory({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' }, 'linux')).toBe(
      '/x/cache/cdk8s-headscale',
    );
    expect(userCacheDirectory({ XDG_CACHE_HOME: 'cache', HOME: '/home/u' }, 'linux')).toBe(
      '/home/u/.cache/cdk8s-headscale',
    );
    expect(userCacheDirectory({ HOME: '/home/u' }, 'darwin')).toBe('/home/u/.cache/cdk8s-headscale');
    expect(userCacheDirectory({ XDG_CACHE_HOME: '', HOME: '' }, 'linux')).toBeUndefined();
    expect(userCacheDirectory({ HOME: 'relative' }, 'linux')).toBeUndefined();
    expect(userCacheDirectory({}, 'linux')).toBeUndefined();
  });

  it('takes LOCALAPPDATA on Windows', () => {
    expect(userCacheDirectory({ LOCALAPPDATA: join(tmpdir(), 'AppData'), HOME: '/home/u' }, 'win32')).toBe(
      join(tmpdir(), 'AppData', 'cdk8s-headscale'),
    );
  });
});
