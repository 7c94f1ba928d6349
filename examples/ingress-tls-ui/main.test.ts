import YAML from 'yaml';
import { expectYamlSnapshot } from '../../test/support/yaml-snapshot';
import { synthExample } from '../test-support';
import { buildApp } from './main';

const { yaml, find } = synthExample(buildApp());

test('the ingress-tls-ui example matches its snapshot', () => {
  expectYamlSnapshot('example-ingress-tls-ui', yaml);
});

test('the server is served over TLS on its host, and its URL says so', () => {
  expect(find('Ingress', 'headscale').spec.tls).toEqual([
    { secretName: 'headscale-tls', hosts: ['headscale.example.com'] },
  ]);
  const config = YAML.parse(find('ConfigMap', 'headscale').data['config.yaml']);
  expect(config.server_url).toBe('https://headscale.example.com');
});

test('the UI has its own Ingress on the same host under /web, with the same TLS', () => {
  const ui = find('Ingress', 'headscale-ui');
  expect(ui.spec.rules).toEqual([
    {
      host: 'headscale.example.com',
      http: {
        paths: [
          expect.objectContaining({
            path: '/web',
            backend: { service: { name: 'headscale-ui', port: { name: 'http' } } },
          }),
        ],
      },
    },
  ]);
  expect(ui.spec.tls).toEqual(find('Ingress', 'headscale').spec.tls);
  const env = find('Deployment', 'headscale-ui').spec.template.spec.containers[0].env;
  expect(env).toContainEqual({ name: 'HEADSCALE_URL', value: 'https://headscale.example.com' });
});
