import { expectYamlSnapshot } from '../../test/support/yaml-snapshot';
import { synthExample } from '../test-support';
import { buildApp } from './main';

const { yaml, objects, find } = synthExample(buildApp());

test('the external-server example matches its snapshot', () => {
  expectYamlSnapshot('example-external-server', yaml);
});

test('renders the client alone: no Headscale server, ingress or key job', () => {
  expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
    'Deployment/edge-router',
    'PodDisruptionBudget/edge-router',
    'Role/edge-router',
    'RoleBinding/edge-router',
    'Secret/edge-router-state',
    'ServiceAccount/edge-router',
  ]);
  expect(objects.every((o) => o.metadata.namespace === 'tailscale')).toBe(true);
});

test('logs in to the Headscale elsewhere with the key from the given Secret', () => {
  const pod = find('Deployment', 'edge-router').spec.template.spec;
  const env = Object.fromEntries(pod.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]));
  expect(env).toMatchObject({
    LOGIN_SERVER: 'https://headscale.example.com',
    AUTHKEY_FILE: '/etc/client-auth/authkey',
    ADVERTISE_ROUTES: '10.244.0.0/16,10.96.0.0/12',
    ACCEPT_DNS: 'false',
    TS_STATE: 'kube:edge-router-state',
    TS_USERSPACE: 'true',
  });
  expect(pod.volumes).toContainEqual({
    name: 'client-auth',
    secret: { secretName: 'edge-router-authkey', optional: true },
  });
  // Userspace networking forwards the routes itself: no init container, no privilege, not root.
  expect(pod).not.toHaveProperty('initContainers');
  expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
});

test('its Role reads and writes only its own state Secret, which the manifests create', () => {
  expect(find('Role', 'edge-router').rules).toEqual([
    {
      apiGroups: [''],
      resources: ['secrets'],
      verbs: ['get', 'update', 'patch'],
      resourceNames: ['edge-router-state'],
    },
  ]);
  expect(find('RoleBinding', 'edge-router').subjects).toEqual([
    { kind: 'ServiceAccount', name: 'edge-router', namespace: 'tailscale' },
  ]);
});
