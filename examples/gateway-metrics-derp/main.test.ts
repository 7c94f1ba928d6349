import YAML from 'yaml';
import { expectYamlSnapshot } from '../../test/support/yaml-snapshot';
import { configFileFindings } from '../../src/values/headscale-config-file';
import { synthExample } from '../test-support';
import { buildApp } from './main';

const { yaml, find } = synthExample(buildApp());
const config = YAML.parse(find('ConfigMap', 'headscale').data['config.yaml']);

test('the gateway-metrics-derp example matches its snapshot', () => {
  expectYamlSnapshot('example-gateway-metrics-derp', yaml);
});

test('the HTTPRoute attaches to the Gateway, routes / to Headscale and /web to the UI, and gives server_url', () => {
  const route = find('HTTPRoute', 'headscale');
  expect(route.spec.parentRefs).toEqual([{ name: 'public', namespace: 'gateway-system' }]);
  expect(route.spec.rules.map((rule: any) => [rule.matches[0].path.value, rule.backendRefs[0].name])).toEqual([
    ['/', 'headscale'],
    ['/web', 'headscale-ui'],
  ]);
  expect(config.server_url).toBe('https://headscale.example.com');
});

test('the ServiceMonitor scrapes the metrics port Headscale listens on', () => {
  const monitor = find('ServiceMonitor', 'headscale');
  expect(monitor.spec.endpoints[0]).toMatchObject({ port: 'metrics', interval: '30s' });
  expect(config.metrics_listen_addr).toBe('0.0.0.0:9090');
});

test('STUN reaches the pod over UDP through a LoadBalancer at the address the DERP map advertises', () => {
  const stun = find('Service', 'headscale-stun');
  expect(stun.spec).toMatchObject({
    type: 'LoadBalancer',
    loadBalancerIP: '203.0.113.7',
    externalTrafficPolicy: 'Local',
  });
  expect(stun.spec.ports).toEqual([{ name: 'stun', port: 3478, targetPort: 'stun', protocol: 'UDP' }]);
  expect(config.derp.server).toMatchObject({ ipv4: '203.0.113.7', stun_listen_addr: '0.0.0.0:3478' });
});

test('the GRPCRoute sends the remote CLI to the gRPC port, which the Gateway terminates TLS for', () => {
  expect(find('GRPCRoute', 'headscale-grpc').spec.rules).toEqual([
    { backendRefs: [{ name: 'headscale', port: 50443 }] },
  ]);
  expect(config).toMatchObject({ grpc_listen_addr: '0.0.0.0:50443', grpc_allow_insecure: true });
});

test('Headscale 0.29 starts with the config.yaml: the DERP server keeps its key on the data volume', () => {
  expect(configFileFindings(config, '0.29')).toEqual([]);
  expect(config.derp.server.private_key_path).toBe('/var/lib/headscale/derp_server_private.key');
});
