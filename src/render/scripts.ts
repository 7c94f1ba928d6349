import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from './checksum';

/** The shell scripts in src/scripts/ (shipped with the package); they take every parameter from the environment. */
export type ScriptName = 'ensure-client-key.sh' | 'tailscale-client.sh';

/**
 * Beside this module's folder: src/scripts for src/render, lib/scripts (copied there by the build)
 * for lib/render and for the bundled CLI in lib/bin.
 */
const SCRIPTS_DIR = join(__dirname, '..', 'scripts');

const cache = new Map<ScriptName, string>();

export function scriptText(name: ScriptName): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(SCRIPTS_DIR, name), 'utf8');
    cache.set(name, text);
  }
  return text;
}

export function scriptChecksum(name: ScriptName): string {
  return sha256(scriptText(name));
}
