import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The fast synthesis (the direct YAML writer of yaml-writer.ts, `HeadscaleApp`'s single pass)
 * reproduces what cdk8s and the yaml library do, byte for byte, and the tests prove it against
 * the versions installed with this package. It relies on behaviour that neither library promises
 * (the order `App` takes charts and objects in, the yaml library's quoting rules), so it runs
 * only where both are of a minor version it was proven against; with any other version
 * `HeadscaleApp` synthesizes exactly as cdk8s's `App` does and config files are written by the
 * yaml library.
 */
const PROVEN_MINORS: Readonly<Record<'cdk8s' | 'yaml', readonly string[]>> = {
  cdk8s: ['2.70'],
  yaml: ['2.9'],
};

function minorOf(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

function installedVersion(packageName: string, from?: string): string | undefined {
  try {
    const path = require.resolve(`${packageName}/package.json`, from ? { paths: [from] } : undefined);
    return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** The installed versions the fast synthesis depends on: cdk8s, the yaml cdk8s writes with, and the yaml this package writes with. */
export function installedVersions(): { cdk8s?: string; cdk8sYaml?: string; yaml?: string } {
  const cdk8s = installedVersion('cdk8s');
  const cdk8sDir = cdk8s ? dirname(require.resolve('cdk8s/package.json')) : undefined;
  return { cdk8s, cdk8sYaml: cdk8sDir && installedVersion('yaml', cdk8sDir), yaml: installedVersion('yaml') };
}

/** Whether the versions are ones the fast synthesis was proven against (and cdk8s writes with the same yaml). */
export function provenVersions(versions: ReturnType<typeof installedVersions>): boolean {
  const { cdk8s, cdk8sYaml, yaml } = versions;
  if (!cdk8s || !cdk8sYaml || !yaml || cdk8sYaml !== yaml) return false;
  return PROVEN_MINORS.cdk8s.includes(minorOf(cdk8s)) && PROVEN_MINORS.yaml.includes(minorOf(yaml));
}

/**
 * The versions the CLI's bundle holds, set by its bundler (hack/bundle-cli.js): the bundle runs
 * the cdk8s and yaml it was built with, whatever the installation has.
 */
declare const CDK8S_HEADSCALE_BUNDLED_VERSIONS: ReturnType<typeof installedVersions> | undefined;

let proven: boolean | undefined;

/** Whether this installation runs the fast synthesis; worked out once. */
export function fastSynthesisProven(): boolean {
  proven ??= provenVersions(
    typeof CDK8S_HEADSCALE_BUNDLED_VERSIONS === 'undefined' ? installedVersions() : CDK8S_HEADSCALE_BUNDLED_VERSIONS,
  );
  return proven;
}
