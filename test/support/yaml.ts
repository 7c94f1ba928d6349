import { libraryYaml } from '../../src/derive/yaml-writer';

/**
 * What cdk8s's `Yaml.stringify(...docs)` writes (each document by the `yaml` library, YAML 1.1,
 * joined by `---`), with the strings that Go's YAML readers would misread quoted: the output
 * the library's writer promises.
 */
export function cdk8sYamlQuotedForGo(docs: readonly unknown[]): string {
  return docs.map((doc) => (doc === undefined ? '\n' : libraryYaml(doc))).join('---\n');
}
