#!/usr/bin/env node
// Part of `npm run build`, after tsc: makes lib/ a package that runs on its own.
// - Copies the shell scripts the manifests carry to lib/scripts, where lib/render/scripts.js and
//   the bundle look for them (src/render/scripts.ts finds src/scripts the same way).
// - Bundles the CLI (lib/cli.js and everything it loads) into one file, lib/bin/cli.bundle.js:
//   resolving and reading some 300 modules at every start costs more than rendering a release.
//   esbuild-wasm is esbuild compiled to WebAssembly, with no per-platform binary to install.
// - Runs the installed command (lib/bin/cdk8s-headscale.js) once on a full-featured release, so
//   that it writes the bundle's code cache (see src/bin/cdk8s-headscale.ts).
const { spawnSync } = require('node:child_process');
const { chmodSync, copyFileSync, mkdirSync, readdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const esbuild = require('esbuild-wasm');

const root = join(__dirname, '..');
const scripts = join(root, 'lib', 'scripts');
mkdirSync(scripts, { recursive: true });
for (const name of readdirSync(join(root, 'src', 'scripts')).filter((f) => f.endsWith('.sh'))) {
  copyFileSync(join(root, 'src', 'scripts', name), join(scripts, name));
}

const bin = join(root, 'lib', 'bin');
const command = join(bin, 'cdk8s-headscale.js');
esbuild
  .build({
    entryPoints: [join(root, 'lib', 'cli.js')],
    outfile: join(bin, 'cli.bundle.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    minifySyntax: true,
    minifyWhitespace: true,
    legalComments: 'none',
    logLevel: 'warning',
  })
  .then(() => {
    chmodSync(command, 0o755);
    rmSync(join(bin, 'cli.bundle.cache'), { force: true });
    const warm = spawnSync(process.execPath, [command, 'template', '-f', join(root, 'hack', 'bench', 'full.values.yaml')], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (warm.status !== 0) throw new Error(`the bundled CLI failed (exit ${warm.status})`);
  })
  .catch((error) => {
    console.error(`bundle-cli: ${error.message}`);
    process.exit(1);
  });
