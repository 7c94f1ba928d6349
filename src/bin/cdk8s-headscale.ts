#!/usr/bin/env node
/**
 * The installed command. It runs the CLI bundled into one file (cli.bundle.js, made by
 * hack/bundle-cli.js) from V8's code cache of it: compiling the bundle's code costs more than
 * rendering a release, and the cache holds that work, done once. It takes the first of:
 *
 * 1. The package's cache, beside the bundle: made at build time, after a render, by the Node.js
 *    that built the package, and named by V8's `cachedDataVersionTag()` (V8's version, flags and
 *    CPU features), so that any other Node.js, or the same one run with other V8 flags, passes it
 *    by without reading it. The command only ever reads it: the package may be read-only, or
 *    shared by users.
 * 2. The user's cache, in `$XDG_CACHE_HOME/cdk8s-headscale` (`~/.cache/cdk8s-headscale`):
 *    - where Node.js has `module.enableCompileCache` (22.1 and later), Node.js's own compile
 *      cache, kept in that directory;
 *    - else one made here after a run that rendered a release (a cache made after `--help` would
 *      leave a render's functions to compile on every run), named by the package's version, the
 *      Node.js version, V8's tag and a hash of the bundle, so that a changed bundle or Node.js
 *      never reads a stale one. It is written to a temporary file that is then renamed over it, and
 *      checked against a hash of it when read: a run reads a whole cache or none, even with others
 *      writing at the same time.
 *
 * A user's cache that is missing, unreadable or rejected by V8 is written anew after the run; one
 * that can't be written (a read-only home, no HOME) is not, and runs stay uncached. A damaged
 * package cache (V8 rejects it) leaves runs uncached too. `CDK8S_HEADSCALE_NO_CACHE=1`
 * runs without any code cache.
 */
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import Module from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';
import { cachedDataVersionTag, setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

/** What the bundle (lib/cli.js) exports. */
interface Cli {
  main(argv: string[]): number;
  hasRendered(): boolean;
}

const BUNDLE = join(__dirname, 'cli.bundle.js');

/** The package's cache for this Node.js: the file hack/bundle-cli.js writes, through {@link writePackageCache}. */
export function packageCacheFile(): string {
  return join(__dirname, `cli.bundle.${cachedDataVersionTag()}.cache`);
}

/**
 * The V8 flag a run from the package's cache sets: it keeps V8's young generation at its first
 * size. Memory a start touches for the first time costs it a page fault a page, and almost all a
 * start allocates survives: a young generation that doubled at each collection (to 8 MB, twice
 * over) touched ~900 pages more than one that stays small and collects more often, for the same
 * copying: ~8 ms of a full-featured render's ~230 (docs/performance.md). V8 reads it when it next
 * grows the young generation. It is set only on the V8 the package's cache was made by, which
 * hack/bundle-cli.js checks takes it without a word, and only after the cache is read: V8 checks
 * a cache against the flags it was made with, and the build made it without this one.
 */
export const YOUNG_GENERATION_FLAG = '--semi-space-growth-factor=1';

/** The directory of the user's caches, by the XDG base directory rules; undefined when there is no home to keep it in. */
export function userCacheDirectory(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  // The XDG rules ignore a relative path; a cache in a shared directory (/tmp) would be code others could plant.
  const base =
    xdg && isAbsolute(xdg) ? xdg : platform === 'win32' ? env.LOCALAPPDATA : env.HOME && join(env.HOME, '.cache');
  return base && isAbsolute(base) ? join(base, 'cdk8s-headscale') : undefined;
}

// node:crypto is loaded only when a user's cache is read or written: a start from the package's cache needs none.
const sha256 = (data: string | Buffer) =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use
  (require('node:crypto') as typeof import('node:crypto')).createHash('sha256').update(data).digest();

/** The file of the user's cache for this package, Node.js and bundle `source`. */
export function userCacheFile(directory: string, source: string): string {
  return join(
    directory,
    `cli-${packageVersion()}-node${process.versions.node}-${cachedDataVersionTag()}-${sha256(source).toString('hex').slice(0, 16)}.cache`,
  );
}

/**
 * The user's cache as it is kept: the code cache after its SHA-256. V8 checks a code cache's
 * header, not the code: a cache damaged past its header would crash Node.js.
 */
function sealed(codeCache: Buffer): Buffer {
  return Buffer.concat([sha256(codeCache), codeCache]);
}

/** The code cache in a file {@link sealed} made; undefined when the file is not whole. */
function unsealed(file: Buffer | undefined): Buffer | undefined {
  if (!file || file.length <= 32) return undefined;
  const codeCache = file.subarray(32);
  return sha256(codeCache).equals(file.subarray(0, 32)) ? codeCache : undefined;
}

function packageVersion(): string {
  try {
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof version === 'string' ? version.replace(/[^\w.+-]/g, '_') : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The content of `file`; undefined when it is missing, unreadable or empty (V8 takes an empty cache for none, and would never replace it). */
function readIfThere(file: string): Buffer | undefined {
  try {
    const data = readFileSync(file);
    return data.length > 0 ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes `data` to `file` through a temporary file beside it, renamed over it; any error leaves `file` as it was. */
function writeAtomically(file: string, data: Buffer): void {
  const temporary = `${file}.${process.pid}-${Date.now()}.tmp`;
  let created = false;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(temporary, data, { flag: 'wx', mode: 0o600 });
    created = true;
    renameSync(temporary, file);
  } catch {
    try {
      if (created) rmSync(temporary, { force: true });
    } catch {
      // nothing more to do: the run goes on uncached next time
    }
  }
}

/**
 * What the bundle's source is compiled in, as Node.js wraps a CommonJS module: the compiled script
 * is the function that runs the bundle.
 */
const WRAPPER = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'] as const;

/** Reads the open file `fd` into `buffer` from `offset` on, and returns where its content ends. */
function readInto(fd: number, buffer: Buffer, offset: number): number {
  let end = offset;
  for (let read = -1; read !== 0 && end < buffer.length; end += read) {
    read = readSync(fd, buffer, end, buffer.length - end, end - offset);
  }
  return end;
}

/**
 * The bundle's source, wrapped (see {@link WRAPPER}), and the code cache in `cacheFile`, read
 * through one buffer: the wrapped source is copied out of it, as latin1 (hack/bundle-cli.js makes
 * the bundle ASCII, which latin1 reads as UTF-8 would, into a one-byte string, many times faster),
 * before the cache is read into it. Memory a start touches for the first time costs it a page
 * fault a page: a buffer of each file's own, and the copy `Module.wrap` makes of the source, would
 * touch two megabytes more. Without `cacheFile`, the source alone; with one that is missing,
 * unreadable or empty (as {@link readIfThere}), undefined.
 */
function readBundle(): { source: string };
function readBundle(cacheFile: string): { source: string; codeCache: Buffer } | undefined;
function readBundle(cacheFile?: string): { source: string; codeCache?: Buffer } | undefined {
  let cacheFd: number | undefined;
  let bundleFd: number | undefined;
  try {
    let cacheSize = 0;
    if (cacheFile) {
      try {
        cacheFd = openSync(cacheFile, 'r');
        cacheSize = fstatSync(cacheFd).size;
      } catch {
        return undefined;
      }
      if (cacheSize === 0) return undefined;
    }
    bundleFd = openSync(BUNDLE, 'r');
    const sourceSize = WRAPPER[0].length + fstatSync(bundleFd).size + WRAPPER[1].length;
    const buffer = Buffer.allocUnsafeSlow(Math.max(sourceSize, cacheSize));
    buffer.write(WRAPPER[0], 'latin1');
    const bundleEnd = readInto(bundleFd, buffer, WRAPPER[0].length);
    buffer.write(WRAPPER[1], bundleEnd, 'latin1');
    const source = buffer.toString('latin1', 0, bundleEnd + WRAPPER[1].length);
    if (cacheFd === undefined) return { source };
    return { source, codeCache: buffer.subarray(0, readInto(cacheFd, buffer, 0)) };
  } finally {
    if (cacheFd !== undefined) closeSync(cacheFd);
    if (bundleFd !== undefined) closeSync(bundleFd);
  }
}

function compile(source: string, cachedData?: Buffer): Script {
  return new Script(source, { filename: BUNDLE, cachedData });
}

/** Runs the compiled bundle as Node.js runs a CommonJS module, and returns its exports. */
function load(script: Script): Cli {
  const bundle = { exports: {} as Cli };
  script
    .runInThisContext()
    .call(bundle.exports, bundle.exports, Module.createRequire(BUNDLE), bundle, BUNDLE, __dirname);
  return bundle.exports;
}

/** Runs the CLI on `argv` with the first code cache at hand (see above), and returns its exit status. */
export function run(argv: string[], env: NodeJS.ProcessEnv = process.env): number {
  const cached = !env.CDK8S_HEADSCALE_NO_CACHE || env.CDK8S_HEADSCALE_NO_CACHE === '0';
  const withPackageCache = cached ? readBundle(packageCacheFile()) : undefined;
  // V8 rejects the package's cache only when the file is damaged (its name holds what else V8
  // checks); the run is then uncached. The user's cache can't stand in: a second compile of the
  // same source in this process would come from V8's memory, without reading it.
  if (withPackageCache) {
    const script = compile(withPackageCache.source, withPackageCache.codeCache);
    setFlagsFromString(YOUNG_GENERATION_FLAG);
    return load(script).main(argv);
  }

  const directory = cached ? userCacheDirectory(env) : undefined;
  if (!directory) return load(compile(readBundle().source)).main(argv);
  const enableCompileCache = (Module as { enableCompileCache?: (directory: string) => unknown }).enableCompileCache;
  if (typeof enableCompileCache === 'function') {
    try {
      enableCompileCache(directory);
    } catch {
      // runs uncached
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- Node's compile cache serves plain require
    return (require(BUNDLE) as Cli).main(argv);
  }

  const { source } = readBundle();
  const file = userCacheFile(directory, source);
  const userCache = unsealed(readIfThere(file));
  const script = compile(source, userCache);
  const cli = load(script);
  const status = cli.main(argv);
  if ((!userCache || script.cachedDataRejected) && cli.hasRendered()) {
    // Made after the run, the cache holds every function the run compiled, not only the top level.
    writeAtomically(file, sealed(script.createCachedData()));
  }
  return status;
}

/**
 * Makes the package's cache: runs the CLI on `argv`, which must render a release, then writes what
 * the run compiled to {@link packageCacheFile}. hack/bundle-cli.js calls it at build time, in a
 * Node.js of its own.
 */
export function writePackageCache(argv: string[]): void {
  const script = compile(readBundle().source);
  const cli = load(script);
  const status = cli.main(argv);
  if (status !== 0 || !cli.hasRendered())
    throw new Error(`cdk8s-headscale ${argv.join(' ')} rendered nothing (exit ${status})`);
  writeFileSync(packageCacheFile(), script.createCachedData());
}

/**
 * Ends the process with `status` once what it wrote to stdout and stderr is out (at once where
 * they are files, terminals or, on Linux, pipes). Left to end by itself, Node.js would first let
 * V8 finish optimizing the functions the render ran hot, which no one would call again: a third
 * as long as the render itself. Output that could not be written (a full disk) ends it with 1 and
 * a line on stderr; a reader that has gone (`| head`), with 1 alone.
 */
export function exitWhenWritten(status: number): void {
  let failure: NodeJS.ErrnoException | undefined;
  const failed = (error?: NodeJS.ErrnoException | null) => {
    failure ??= error ?? undefined;
  };
  process.stdout.on('error', failed);
  process.stdout.write('', (error) => {
    failed(error);
    if (failure && failure.code !== 'EPIPE')
      process.stderr.write(`error: cannot write the output (${failure.code ?? failure.message})\n`);
    process.stderr.write('', () => process.exit(failure ? 1 : status));
  });
}

if (require.main === module) exitWhenWritten(run(process.argv.slice(2)));
