import { describeValue, type Finding } from '../core/errors';
import { urlProblem } from './go-syntax';
import { isJsonMap, type JsonMap } from '../core/json-map';
import { unknownKeyMessage } from '../core/suggest';

/**
 * The rules Headplane's config loader applies to /etc/headplane/config.yaml (tale/headplane
 * config.example.yaml and docs/configuration/index.md, "Sensitive Values"): its sections, the
 * keys it needs, their types and URLs, and a secret given either inline or by `_path`, not both.
 */

const SECTIONS = ['server', 'headscale', 'integration', 'oidc'] as const;

/** Settings that hold a secret, each of which Headplane also reads from a file (`<key>_path`). */
const DUAL_MODE = ['server.cookie_secret', 'headscale.api_key', 'oidc.client_secret', 'oidc.headscale_api_key'];

function at(config: JsonMap, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (isJsonMap(node) ? node[key] : undefined), config);
}

/** What is wrong with a Headplane config.yaml, each finding at its key path in the file. */
export function headplaneConfigFindings(config: JsonMap): Finding[] {
  const findings: Finding[] = [];
  const add = (path: string, message: string) => findings.push({ at: path.split('.'), message });

  for (const section of Object.keys(config))
    if (!(SECTIONS as readonly string[]).includes(section)) add(section, unknownKeyMessage(section, SECTIONS));

  const port = at(config, 'server.port');
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
    add('server.port', `expected a port number, 1-65535 (got ${describeValue(port)})`);
  for (const path of ['server.cookie_secret_path', 'headscale.url'])
    if (typeof at(config, path) !== 'string' || at(config, path) === '')
      add(path, `is required by Headplane (got ${describeValue(at(config, path))})`);
  for (const path of ['server.cookie_secure', 'headscale.config_strict', 'integration.kubernetes.enabled']) {
    const value = at(config, path);
    if (value !== undefined && typeof value !== 'boolean')
      add(path, `expected true or false (got ${describeValue(value)})`);
  }
  for (const path of ['headscale.url', 'headscale.public_url', 'server.base_url']) {
    const value = at(config, path);
    const problem =
      typeof value === 'string' && value !== ''
        ? urlProblem(value, ['http', 'https'], 'https://headscale.example.com')
        : undefined;
    if (problem) add(path, problem);
  }
  for (const path of DUAL_MODE)
    if (at(config, path) !== undefined && at(config, `${path}_path`) !== undefined)
      add(path, `and ${path.split('.').pop()}_path are both set; Headplane takes one or the other`);

  if (at(config, 'oidc') !== undefined) {
    const issuer = at(config, 'oidc.issuer');
    const problem =
      typeof issuer === 'string' ? urlProblem(issuer, ['https'], 'https://accounts.example.com') : 'is required';
    if (problem) add('oidc.issuer', problem);
    if (typeof at(config, 'oidc.client_id') !== 'string' || at(config, 'oidc.client_id') === '')
      add('oidc.client_id', 'is required with OIDC');
  }
  return findings;
}
