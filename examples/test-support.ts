/** What the examples' tests share: an example's YAML, its objects, and a lookup by kind and name. */
import type { App } from 'cdk8s';
import YAML from 'yaml';

export function synthExample(app: App) {
  const yaml = app.synthYaml();
  const objects: any[] = YAML.parseAllDocuments(yaml).map((doc) => doc.toJS());
  /** The object of that kind and name; fails the test when there is none. */
  const find = (kind: string, name: string): any => {
    const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
    if (!found)
      throw new Error(`no ${kind}/${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
    return found;
  };
  return { yaml, objects, find };
}
