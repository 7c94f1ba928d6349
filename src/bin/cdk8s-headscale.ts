#!/usr/bin/env node
/**
 * The installed command. It runs the CLI bundled into one file (cli.bundle.js, made by
 * hack/bundle-cli.js) through V8's code cache (cli.bundle.cache): compiling the bundle's code
 * costs more than rendering a release, and the cache holds that work, done once. A cache that is
 * missing, or that V8 rejects (another Node.js version), is written anew after the run; where the
 * package can't be written to, the command runs uncached.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';

const bundle = join(__dirname, 'cli.bundle.js');
const cacheFile = join(__dirname, 'cli.bundle.cache');

function readCache(): Buffer | undefined {
  try {
    return readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

const cachedData = readCache();
const script = new Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
const cli = { exports: {} as { main(argv: string[]): number } };
script.runInThisContext().call(cli.exports, cli.exports, Module.createRequire(bundle), cli, bundle, __dirname);
process.exitCode = cli.exports.main(process.argv.slice(2));

if (!cachedData || script.cachedDataRejected) {
  try {
    // Made after the run, the cache holds every function the run compiled, not only the top level.
    writeFileSync(cacheFile, script.createCachedData());
  } catch {
    // A read-only installation runs uncached.
  }
}
