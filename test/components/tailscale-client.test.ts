import { standaloneLabels } from '../../src/components/common';
import { HeadscaleServer } from '../../src/components/headscale-server';
import { AUTHKEY_DIR, TailscaleClient, type TailscaleClientProps } from '../../src/components/tailscale-client';
import { CLIENT_CA_DIR } from '../../src/derive/client';
import { instanceLabels } from '../../src/derive/release';
import { AUTHKEY_KEY, CLIENT_IMAGE, IMAGE_PULL_POLICY, MAX_UNAVAILABLE } from '../../src/values/defaults';
import { problemAt, propsProblems, synthComponents, userChart } from '../support/components';
import { envValues, find, kinds } from '../support/render';

const server = HeadscaleServer.fromAttributes({ url: 'https://hs.example.com' });
const required: TailscaleClientProps = { server, authKeySecret: { name: 'router-key' } };

describe('TailscaleClient', () => {
  it("with the required props only: a userspace Deployment with its state Secret, Role and budget, logging in to the server's URL", () => {
    let client: TailscaleClient | undefined;
    const objects = synthComponents((chart) => {
      client = new TailscaleClient(chart, 'client', required);
    });
    expect(kinds(objects)).toEqual([
      'Deployment/tailscale',
      'PodDisruptionBudget/tailscale',
      'Role/tailscale',
      'RoleBinding/tailscale',
      'Secret/tailscale-state',
      'ServiceAccount/tailscale',
    ]);
    const labels = standaloneLabels('tailscale', 'tailscale');
    const workloadLabels = { ...labels, 'app.kubernetes.io/component': 'client' };
    const selector = instanceLabels('tailscale', 'tailscale', 'client');
    expect(client).toMatchObject({ selector, userspace: true });
    const deployment = find(objects, 'Deployment', 'tailscale');
    expect(deployment.metadata.labels).toEqual(workloadLabels);
    expect(deployment.spec).toMatchObject({
      replicas: 1,
      selector: { matchLabels: selector },
      template: { metadata: { labels: workloadLabels } },
    });
    const pod = deployment.spec.template.spec;
    expect(pod).toMatchObject({ serviceAccountName: 'tailscale', automountServiceAccountToken: true });
    expect(pod).not.toHaveProperty('initContainers');
    const [container] = pod.containers;
    expect(container).toMatchObject({
      image: `${CLIENT_IMAGE.repository}:${CLIENT_IMAGE.tag}`,
      imagePullPolicy: IMAGE_PULL_POLICY,
    });
    expect(container).not.toHaveProperty('resources');
    expect(envValues(container)).toEqual({
      AUTHKEY_FILE: `${AUTHKEY_DIR}/${AUTHKEY_KEY}`,
      TS_STATE: 'kube:tailscale-state',
      TS_USERSPACE: 'true',
      TS_HOSTNAME: 'tailscale',
      LOGIN_SERVER: server.url,
      ACCEPT_DNS: 'unset',
      ACCEPT_ROUTES: 'unset',
      ADVERTISE_ROUTES: '',
      ADVERTISE_EXIT_NODE: 'false',
    });
    expect(pod.volumes[0]).toEqual({ name: 'client-auth', secret: { secretName: 'router-key', optional: true } });
    expect(find(objects, 'Role', 'tailscale').rules).toEqual([
      {
        apiGroups: [''],
        resources: ['secrets'],
        verbs: ['get', 'update', 'patch'],
        resourceNames: ['tailscale-state'],
      },
    ]);
    expect(find(objects, 'PodDisruptionBudget', 'tailscale').spec).toEqual({
      selector: { matchLabels: selector },
      maxUnavailable: MAX_UNAVAILABLE,
    });
  });

  it('with every prop of a Deployment: each reaches the object and field its constructor puts it in', () => {
    const resources = { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } };
    const labels = { team: 'vpn', app: 'router' };
    const objects = synthComponents(
      (chart) =>
        new TailscaleClient(chart, 'client', {
          server,
          loginServer: 'https://login.example.com',
          authKeySecret: { name: 'router-key', key: 'key' },
          caSecret: { name: 'ca', key: 'root.pem' },
          name: 'router',
          labels,
          workloadLabels: { tier: 'edge' },
          selector: { app: 'router' },
          daemonSet: false,
          userspace: false,
          image: 'registry.example.com/tailscale:custom',
          imagePullPolicy: 'Always',
          resources,
          hostname: 'edge-router',
          stateSecret: 'router-state-v2',
          acceptDns: true,
          acceptRoutes: false,
          advertiseRoutes: ['10.96.0.0/12'],
          exitNode: true,
          disruptionBudget: { minAvailable: 1 },
        }),
    );
    expect(kinds(objects)).toEqual([
      'Deployment/router',
      'PodDisruptionBudget/router',
      'Role/router',
      'RoleBinding/router',
      'Secret/router-state-v2',
      'ServiceAccount/router',
    ]);
    const workloadLabels = { ...labels, tier: 'edge' };
    const deployment = find(objects, 'Deployment', 'router');
    expect(deployment.metadata.labels).toEqual(workloadLabels);
    expect(deployment.spec.selector).toEqual({ matchLabels: { app: 'router' } });
    expect(deployment.spec.template.metadata.labels).toEqual(workloadLabels);
    const pod = deployment.spec.template.spec;
    // Kernel networking: no userspace security context, a TUN device, and an init container for forwarding.
    expect(pod).not.toHaveProperty('securityContext');
    expect(pod.initContainers).toEqual([
      expect.objectContaining({
        name: 'enable-forwarding',
        image: 'registry.example.com/tailscale:custom',
        imagePullPolicy: 'Always',
        resources,
      }),
    ]);
    const [container] = pod.containers;
    expect(container).toMatchObject({
      image: 'registry.example.com/tailscale:custom',
      imagePullPolicy: 'Always',
      resources,
      securityContext: { capabilities: { add: ['NET_ADMIN'] } },
    });
    expect(envValues(container)).toEqual({
      AUTHKEY_FILE: `${AUTHKEY_DIR}/key`,
      TS_STATE: 'kube:router-state-v2',
      TS_USERSPACE: 'false',
      TS_HOSTNAME: 'edge-router',
      LOGIN_SERVER: 'https://login.example.com',
      ACCEPT_DNS: 'true',
      ACCEPT_ROUTES: 'false',
      ADVERTISE_ROUTES: '10.96.0.0/12',
      ADVERTISE_EXIT_NODE: 'true',
      SSL_CERT_DIR: `/etc/ssl/certs:${CLIENT_CA_DIR}`,
    });
    expect(pod.volumes).toEqual([
      { name: 'dev-net-tun', hostPath: { path: '/dev/net/tun', type: 'CharDevice' } },
      { name: 'client-auth', secret: { secretName: 'router-key', optional: true } },
      {
        name: 'headscale-ca',
        secret: { secretName: 'ca', items: [{ key: 'root.pem', path: 'ca.crt' }], optional: true },
      },
    ]);
    expect(find(objects, 'Role', 'router').rules[0].resourceNames).toEqual(['router-state-v2']);
    expect(find(objects, 'PodDisruptionBudget', 'router')).toMatchObject({
      metadata: { labels: workloadLabels },
      spec: { selector: { matchLabels: { app: 'router' } }, minAvailable: 1 },
    });
  });

  it('with every prop of a DaemonSet: its node state directory, and no budget', () => {
    const objects = synthComponents(
      (chart) =>
        new TailscaleClient(chart, 'client', {
          ...required,
          daemonSet: true,
          hostStateDir: '/var/lib/tailscale-nodes',
          disruptionBudget: false,
        }),
    );
    expect(kinds(objects)).toEqual(['DaemonSet/tailscale', 'ServiceAccount/tailscale']);
    const pod = find(objects, 'DaemonSet', 'tailscale').spec.template.spec;
    expect(pod.volumes).toContainEqual({
      name: 'state',
      hostPath: { path: '/var/lib/tailscale-nodes', type: 'DirectoryOrCreate' },
    });
  });

  it('gives its pods the labels its selector matches, when labels hold none of them', () => {
    const objects = synthComponents(
      (chart) => new TailscaleClient(chart, 'client', { ...required, labels: { team: 'vpn' } }),
    );
    const deployment = find(objects, 'Deployment', 'tailscale');
    expect(deployment.spec.template.metadata.labels).toEqual({
      team: 'vpn',
      'app.kubernetes.io/component': 'client',
      ...instanceLabels('tailscale', 'tailscale', 'client'),
    });
  });

  it.each<[string, Partial<TailscaleClientProps>, string, Partial<TailscaleClientProps>]>([
    [
      'a Secret key Kubernetes refuses',
      { authKeySecret: { name: 'k', key: 'a/b' } },
      'authKeySecret.key',
      { authKeySecret: { name: 'k', key: 'auth.key' } },
    ],
    ["a CA Secret's name", { caSecret: { name: 'Bad_Name' } }, 'caSecret.name', { caSecret: { name: 'ca' } }],
    [
      "a CA Secret's key",
      { caSecret: { name: 'ca', key: 'ca crt' } },
      'caSecret.key',
      { caSecret: { name: 'ca', key: 'ca.pem' } },
    ],
    ['a name Kubernetes refuses', { name: 'Router' }, 'name', { name: 'router' }],
    [
      'a name tailscale refuses as the hostname',
      { name: 'a'.repeat(64) },
      'name',
      { name: 'a'.repeat(64), hostname: 'router' },
    ],
    ['a state Secret name Kubernetes refuses', { stateSecret: 'state_1' }, 'stateSecret', { stateSecret: 'state-1' }],
  ])('refuses %s at the prop, and takes its valid neighbour', (_, refused, path, valid) => {
    expect(propsProblems(() => new TailscaleClient(userChart(), 'client', { ...required, ...refused }))).toEqual(
      problemAt(path),
    );
    expect(() => new TailscaleClient(userChart(), 'client', { ...required, ...valid })).not.toThrow();
  });

  it('takes the valid neighbours of the checks props-checks refuses', () => {
    for (const valid of [
      { loginServer: 'https://hs.example.com' },
      { server: HeadscaleServer.fromAttributes({ url: 'http://hs:8080' }) },
      { advertiseRoutes: ['10.0.0.0/8', 'fd00::/8'] },
      { hostname: 'router-1' },
      { daemonSet: true, userspace: false },
      { disruptionBudget: { maxUnavailable: '50%' } },
    ] satisfies Array<Partial<TailscaleClientProps>>)
      expect(() => new TailscaleClient(userChart(), 'client', { ...required, ...valid })).not.toThrow();
  });
});
