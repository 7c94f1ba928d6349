import YAML from 'yaml';
import { fastSynthesisProven } from './proven-versions';
import { documentWriter } from './yaml-writer';
import { quoteForGoReaders } from './go-yaml-scalars';

/**
 * Configuration files (config.yaml, the DERP map, the UI's configuration): YAML 1.2, keys sorted
 * as Helm's `toYaml` sorts them so that the text (and the checksum that rolls the pod) is stable,
 * no line folding; strings that Go's YAML readers would take for numbers and the like quoted
 * (Headscale reads its config with go-yaml v3).
 */
const CONFIG_OPTIONS = { version: '1.2', sortMapEntries: true, lineWidth: 0 } as const;

export function configYaml(value: unknown): string {
  return fastSynthesisProven() ? directConfigYaml(value) : libraryConfigYaml(value);
}

/** configYaml's text, written by the yaml library; `edit` changes the document before it is written. */
export function libraryConfigYaml(value: unknown, edit: (doc: YAML.Document) => void = () => {}): string {
  const doc = new YAML.Document(value, CONFIG_OPTIONS);
  edit(doc);
  quoteForGoReaders(doc);
  return doc.toString(CONFIG_OPTIONS);
}

/** libraryConfigYaml's text, written without the library's document tree (yaml-writer.ts). */
const directConfigYaml = documentWriter(CONFIG_OPTIONS, (value) => libraryConfigYaml(value));

/** configYamlWithIntegerKeys's writers, by key: each keeps what it learns of the strings it writes. */
const integerKeysWriters = new Map<string, (value: unknown) => string>();

/**
 * A configuration file whose top-level map `key` has integers for keys (the DERP map's
 * `regions`): its keys of digits only are written as integers (`900:`, not `"900":`), which a
 * values file can't express and Headscale requires.
 */
export function configYamlWithIntegerKeys(value: unknown, key: string): string {
  if (!fastSynthesisProven()) return libraryConfigYamlWithIntegerKeys(value, key);
  let write = integerKeysWriters.get(key);
  if (!write) {
    write = documentWriter(CONFIG_OPTIONS, (document) => libraryConfigYamlWithIntegerKeys(document, key), key);
    integerKeysWriters.set(key, write);
  }
  return write(value);
}

/** configYamlWithIntegerKeys's text, written by the yaml library. */
export function libraryConfigYamlWithIntegerKeys(value: unknown, key: string): string {
  return libraryConfigYaml(value, (doc) => {
    const map = doc.get(key);
    if (!YAML.isMap(map)) return;
    for (const pair of map.items) {
      if (YAML.isScalar(pair.key) && /^\d+$/.test(String(pair.key.value)))
        pair.key = doc.createNode(Number(pair.key.value));
    }
  });
}
