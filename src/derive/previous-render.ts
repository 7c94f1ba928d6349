import YAML from 'yaml';
import { isJsonMap } from '../core/json-map';
import { tagVersion } from '../values/headscale-versions';
import { imageTag } from './release';

/**
 * The Headscale version a previous render runs: the tag of the `headscale` container's image in
 * the server's Deployment (component `server`), when the tag names a version; undefined when the
 * text holds no such Deployment or its tag names none (`latest`, a digest alone). Read to refuse
 * a render that Headscale would refuse to start on the database the previous one left.
 */
export function headscaleVersionOfRender(text: string): string | undefined {
  const documents = YAML.parseAllDocuments(text);
  for (const document of Array.isArray(documents) ? documents : []) {
    if (document.errors.length > 0) continue;
    const object: unknown = document.toJS();
    if (!isJsonMap(object) || object.kind !== 'Deployment') continue;
    const metadata = isJsonMap(object.metadata) ? object.metadata : {};
    const labels = isJsonMap(metadata.labels) ? metadata.labels : {};
    if (labels['app.kubernetes.io/component'] !== 'server') continue;
    const containers = (object as { spec?: { template?: { spec?: { containers?: unknown } } } }).spec?.template?.spec
      ?.containers;
    if (!Array.isArray(containers)) continue;
    const headscale: unknown = containers.find((container) => isJsonMap(container) && container.name === 'headscale');
    const tag = imageTag(isJsonMap(headscale) && typeof headscale.image === 'string' ? headscale.image : '');
    if (tagVersion(tag)) return tag.split('@')[0];
  }
  return undefined;
}
