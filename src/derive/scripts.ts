import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from './checksum';

/** The shell scripts in src/scripts/ (shipped with the package); they take every parameter from the environment. */
export type ScriptName =
  'ensure-client-key.sh' | 'internal-tls-cert.sh' | 'policy-reload.sh' | 'tailscale-client.sh' | 'upgrade-backup.sh';

/**
 * Beside this module's folder: src/scripts for src/derive, lib/scripts (copied there by the build)
 * for lib/derive and for the bundled CLI in lib/bin.
 */
const SCRIPTS_DIR = join(__dirname, '..', 'scripts');

/** Each script's text and checksum, read once: every release carries them. */
const scripts = new Map<ScriptName, { readonly text: string; readonly checksum: string }>();

function script(name: ScriptName) {
  let found = scripts.get(name);
  if (!found) {
    const text = readFileSync(join(SCRIPTS_DIR, name), 'utf8');
    found = { text, checksum: sha256(text) };
    scripts.set(name, found);
  }
  return found;
}

export function scriptText(name: ScriptName): string {
  return script(name).text;
}

export function scriptChecksum(name: ScriptName): string {
  return script(name).checksum;
}
