#!/usr/bin/env node
// Part of `npm run build`, after tsc: makes lib/ a package that runs on its own.
// - Copies the shell scripts the manifests carry to lib/scripts, where lib/derive/scripts.js and
//   the bundle look for them (src/derive/scripts.ts finds src/scripts the same way).
// - Bundles the CLI (lib/cli.js and everything it loads) into one file, lib/bin/cli.bundle.js:
//   resolving and reading some 300 modules at every start costs more than rendering a release.
//   esbuild-wasm is esbuild compiled to WebAssembly, with no per-platform binary to install.
// - Renders a full-featured release with the bundle, in a Node.js of its own, and keeps what that
//   compiled as the package's code cache, lib/bin/cli.bundle.<V8's tag>.cache, which the installed
//   command reads and never writes (see src/bin/cdk8s-headscale.ts). The cache is for Node.js as
//   users start it: NODE_OPTIONS, whose V8 flags would give the cache another tag, is left out.
//   The command sets a V8 flag when it runs from that cache: this V8 must take it without a word.
const { spawnSync } = require('node:child_process');
const {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} = require('node:fs');
const { dirname, join, sep } = require('node:path');
const esbuild = require('esbuild-wasm');
const { installedVersions } = require('../lib/derive/proven-versions');
const { valuesSchema } = require('../lib/values/schema');
const { sectionDefaults } = require('../lib/values/sections');

const root = join(__dirname, '..');
const scripts = join(root, 'lib', 'scripts');
mkdirSync(scripts, { recursive: true });
for (const name of readdirSync(join(root, 'src', 'scripts')).filter((f) => f.endsWith('.sh'))) {
  copyFileSync(join(root, 'src', 'scripts', name), join(scripts, name));
}

/**
 * What the bundle leaves out of a start. Each module below is replaced, for the importer named,
 * with one that gives the importer what it uses; a dependency that changes its files leaves the
 * bundle as it was, whole.
 * - cdk8s loads child_process (and with it net, streams, ...) for `Yaml.load` of a URL and for
 *   `Helm` charts, which a render never uses: its two modules that take it get it on first use;
 *   so does os, which they and `Testing` take for a temporary directory.
 * - zod's `locales` bring every language's error messages; the bundle keeps English, zod's default.
 * - cdk8s carries its own copy of `yaml`; when it is the version this package uses, the bundle
 *   holds one copy, so a start loads the library once.
 */
const modulesDir = join(root, 'node_modules');
const REPLACED = [
  {
    importers: [join(modulesDir, 'cdk8s', 'lib', 'yaml.js')],
    path: 'child_process',
    contents: "module.exports = { get execFileSync() { return require('node:child_process').execFileSync; } };",
  },
  {
    importers: [join(modulesDir, 'cdk8s', 'lib', 'helm.js')],
    path: './_child_process',
    contents: "exports._child_process = { get spawnSync() { return require('node:child_process').spawnSync; } };",
  },
  {
    importers: ['helm.js', 'testing.js', 'yaml.js'].map((file) => join(modulesDir, 'cdk8s', 'lib', file)),
    path: 'os',
    contents: "module.exports = { get tmpdir() { return require('node:os').tmpdir; } };",
  },
  {
    importers: ['classic/external.cjs', 'core/index.cjs'].map((file) => join(modulesDir, 'zod', 'v4', file)),
    path: '../locales/index.cjs',
    contents:
      "Object.defineProperty(exports, 'en', { enumerable: true, get: () => require('zod/v4/locales/en.cjs').default });",
  },
];
const startUpTrims = {
  name: 'start-up-trims',
  setup(build) {
    build.onResolve({ filter: /./ }, (args) => {
      const at = REPLACED.findIndex((r) => r.importers.includes(args.importer) && r.path === args.path);
      return at >= 0 ? { path: String(at), namespace: 'replaced' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'replaced' }, (args) => ({
      contents: REPLACED[Number(args.path)].contents,
      loader: 'js',
      resolveDir: root,
    }));
    // The custom resources' schemas as JSON.parse of a string, which V8 reads several times as fast
    // as the object literal esbuild would make of their nested maps. The built-in kinds' are a map
    // of strings, whose object literal takes its strings straight from the code cache.
    build.onLoad({ filter: /[\\/]lib[\\/]kubernetes[\\/]crd-schemas\.json$/ }, (args) => ({
      contents: `module.exports = JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(readFileSync(args.path, 'utf8'))))});`,
      loader: 'js',
    }));
    const version = (dir) => require(join(dir, 'package.json')).version;
    const ownYaml = dirname(require.resolve('yaml/package.json'));
    const cdk8sYaml = join(modulesDir, 'cdk8s', 'node_modules', 'yaml');
    if (existsSync(cdk8sYaml) && version(cdk8sYaml) === version(ownYaml)) {
      build.onResolve({ filter: /^yaml$/ }, (args) =>
        args.importer.includes(`${sep}cdk8s${sep}`) ? { path: require.resolve('yaml') } : undefined,
      );
    }
  },
};

/**
 * Escapes what esbuild leaves outside ASCII (it keeps regular expressions as written) as `\uXXXX`,
 * which means the same in strings, regular expressions and identifiers. An ASCII bundle is read as
 * latin1 into a one-byte string (src/bin/cdk8s-headscale.ts): decoding 2 MB of UTF-8 with one
 * character outside ASCII takes longer than a render.
 */
function asciiOnly(file) {
  const source = readFileSync(file, 'utf8');
  const escaped = source.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (escaped !== source) writeFileSync(file, escaped);
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
    // A smaller bundle and code cache to read at every start; no message the CLI prints names a class or function.
    minifyIdentifiers: true,
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [startUpTrims],
    // The bundle holds the cdk8s and yaml installed now: their versions decide its fast synthesis (src/derive/proven-versions.ts).
    // The values' sections' defaults, so that a run builds no section its values file leaves out
    // (src/values/sections.ts).
    define: {
      CDK8S_HEADSCALE_BUNDLED_VERSIONS: JSON.stringify(installedVersions()),
      CDK8S_HEADSCALE_SECTION_DEFAULTS: JSON.stringify(
        Object.fromEntries(sectionDefaults(valuesSchema).map(({ path, json }) => [path, json])),
      ),
    },
    // Only installedVersions() resolves it, which the definition above leaves unused in the bundle.
    external: ['cdk8s/package.json'],
  })
  .then(() => {
    asciiOnly(join(bin, 'cli.bundle.js'));
    chmodSync(command, 0o755);
    for (const name of readdirSync(bin).filter((f) => /^cli\.bundle\b.*\.cache$/.test(f))) rmSync(join(bin, name));
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const { YOUNG_GENERATION_FLAG } = require(command);
    const flag = spawnSync(
      process.execPath,
      ['-e', `require('node:v8').setFlagsFromString(${JSON.stringify(YOUNG_GENERATION_FLAG)})`],
      { encoding: 'utf8', env },
    );
    if (flag.status !== 0 || flag.stdout !== '' || flag.stderr !== '')
      throw new Error(
        `this Node.js's V8 does not take ${YOUNG_GENERATION_FLAG} silently: ${flag.stdout}${flag.stderr}`,
      );
    const warm = spawnSync(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(command)}).writePackageCache(process.argv.slice(1))`,
        'template',
        '-f',
        join(root, 'hack', 'bench', 'full.values.yaml'),
      ],
      { stdio: ['ignore', 'ignore', 'inherit'], env },
    );
    if (warm.status !== 0) throw new Error(`the bundled CLI failed to make its code cache (exit ${warm.status})`);
  })
  .catch((error) => {
    console.error(`bundle-cli: ${error.message}`);
    process.exit(1);
  });
