/**
 * What `npm pack` puts in the package, from the file list of `npm pack --dry-run --json
 * --ignore-scripts` (without --ignore-scripts, `prepare` would build lib/ first), and what the
 * shipped code needs installed. The list is made from lib/ as it is, so lib/ must be built
 * (`npm run build`, or `npm run synth`, which builds) before these tests run.
 */
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const LIB = join(ROOT, 'lib');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** Files a build leaves in lib/: lib/main.js too, so that leaving it out is tested. */
const BUILT = ['index.js', 'index.d.ts', 'bin/cdk8s-headscale.js', 'bin/cli.bundle.js', 'main.js'];

let packed: string[];
beforeAll(() => {
  const missing = BUILT.filter((file) => !existsSync(join(LIB, file)));
  if (missing.length > 0) {
    throw new Error(
      `lib/ is not built (no ${missing.map((file) => `lib/${file}`).join(', ')}): run \`npm run build\` before the tests`,
    );
  }
  const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  if (result.error || result.status !== 0)
    throw new Error(`npm pack --dry-run failed: ${result.error?.message ?? result.stderr}`);
  packed = JSON.parse(result.stdout)[0].files.map((file: { path: string }) => file.path);
});

describe('the package', () => {
  test('holds the built library and the top-level documents, nothing else', () => {
    const outside = packed.filter(
      (file) => !file.startsWith('lib/') && !['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'].includes(file),
    );
    expect(outside).toEqual([]);
    expect(packed).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']));
  });

  test("leaves out the repository's own synth app", () => {
    expect(packed).not.toContain('lib/main.js');
    expect(packed).not.toContain('lib/main.d.ts');
  });

  test('holds the entry points package.json names', () => {
    const entryPoints = [
      pkg.main,
      pkg.types,
      pkg.exports['.'].types,
      pkg.exports['.'].default,
      ...Object.values<string>(pkg.bin),
    ];
    expect(packed).toEqual(expect.arrayContaining(entryPoints.map((file) => file.replace(/^\.\//, ''))));
    expect(pkg.exports['.'].types.replace(/^\.\//, '')).toBe(pkg.types);
  });

  test("holds the command's bundle and the code cache the build made of it, as CHANGELOG.md says", () => {
    expect(packed).toContain('lib/bin/cli.bundle.js');
    expect(packed.filter((file) => /^lib\/bin\/cli\.bundle\.\d+\.cache$/.test(file))).toHaveLength(1);
    expect(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')).toContain('The package carries a code cache');
  });

  test('holds the data the library reads at run time (the Kubernetes schemas), as the build copies it', () => {
    const data = readdirSync(join(ROOT, 'src', 'kubernetes')).filter((file) => file.endsWith('.json'));
    expect(data).toEqual(['crd-schemas.json', 'kubernetes-schemas.json']);
    expect(packed).toEqual(expect.arrayContaining(data.map((file) => `lib/kubernetes/${file}`)));
  });

  test('holds the scripts the manifests carry', () => {
    const scripts = readdirSync(join(ROOT, 'src', 'scripts')).filter((file) => file.endsWith('.sh'));
    expect(scripts.length).toBeGreaterThan(0);
    expect(packed).toEqual(expect.arrayContaining(scripts.map((file) => `lib/scripts/${file}`)));
  });

  test('holds no sources, tests, tooling or build state', () => {
    expect(packed.filter((file) => /^(src|test|hack|examples|docs|imports|dist|\.ci)\//.test(file))).toEqual([]);
    expect(packed.filter((file) => /\.tsbuildinfo$|\.test\.[jt]s$|(^|\/)tsconfig[^/]*\.json$/.test(file))).toEqual([]);
  });
});

describe('the version', () => {
  const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
  const sections = changelog.split(/^(?=## )/m).slice(1);

  test("is the CHANGELOG's first section, and the README's tarball", () => {
    expect(sections[0].split('\n')[0]).toBe(`## [${pkg.version}]`);
    const tarballs = [...readFileSync(join(ROOT, 'README.md'), 'utf8').matchAll(/cdk8s-headscale-([\d.]+)\.tgz/g)];
    expect(tarballs.length).toBeGreaterThan(0);
    expect(tarballs.map((match) => match[1])).toEqual(tarballs.map(() => pkg.version));
  });

  test("lists each release's changes in Keep a Changelog's order", () => {
    const ORDER = ['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'];
    for (const section of sections) {
      const kinds = [...section.matchAll(/^### (.*)$/gm)].map((match) => match[1]);
      expect([section.split('\n')[0], kinds]).toEqual([
        section.split('\n')[0],
        ORDER.filter((kind) => kinds.includes(kind)),
      ]);
    }
  });
});

describe('the dependencies', () => {
  test('cdk8s and constructs are peers, with the oldest releases hack/check-consumer.sh checks as minimums', () => {
    const script = readFileSync(join(ROOT, 'hack', 'check-consumer.sh'), 'utf8');
    const oldest = (name: string) => script.match(new RegExp(`^${name}=(\\S+)$`, 'm'))?.[1];
    expect(pkg.peerDependencies).toEqual({
      cdk8s: `^${oldest('OLDEST_CDK8S')}`,
      constructs: `^${oldest('OLDEST_CONSTRUCTS')}`,
    });
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(['cdk8s', 'constructs']));
  });

  test("users get no cdk8s, constructs or cdk8s-plus-28 of the package's own", () => {
    expect(Object.keys(pkg.dependencies).filter((name) => /^(cdk8s|cdk8s-plus-\d+|constructs)$/.test(name))).toEqual(
      [],
    );
  });

  /**
   * What the build bundles: the CLI, and the Kubernetes models in the module that checks manifests.
   * A bundle holds what it needs (and names packages in strings of code it generates, not in requires).
   */
  const BUNDLES = ['lib/bin/cli.bundle.js', 'lib/kubernetes/manifest-schema.js'];

  /** The packages the shipped files (the bundles aside) name in require() or import. */
  function importedPackages(pattern: RegExp, extension: string): Map<string, string[]> {
    const byPackage = new Map<string, string[]>();
    for (const file of packed.filter((name) => name.endsWith(extension) && !BUNDLES.includes(name))) {
      for (const match of readFileSync(join(ROOT, file), 'utf8').matchAll(pattern)) {
        const specifier = match[1] ?? match[2];
        if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
        const name = specifier
          .split('/')
          .slice(0, specifier.startsWith('@') ? 2 : 1)
          .join('/');
        byPackage.set(name, [...(byPackage.get(name) ?? []), file]);
      }
    }
    return byPackage;
  }

  const installed = () => new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]);

  test('the shipped JavaScript requires only dependencies and peer dependencies', () => {
    const required = importedPackages(/\brequire\(\s*["']([^"']+)["']\s*\)/g, '.js');
    expect(required.size).toBeGreaterThan(0);
    expect([...required.keys()].filter((name) => !installed().has(name))).toEqual([]);
  });

  test('the shipped declarations import only dependencies and peer dependencies', () => {
    const imported = importedPackages(/\bfrom\s+["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g, '.d.ts');
    expect([...imported.keys()].filter((name) => !installed().has(name))).toEqual([]);
  });
});
