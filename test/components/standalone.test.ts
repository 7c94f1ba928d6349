import { Chart, Testing } from 'cdk8s';
import YAML from 'yaml';
import { HeadscaleServer } from '../../src/components/headscale-server';
import { TailscaleClient } from '../../src/components/tailscale-client';
import { PreauthKeyJob } from '../../src/components/preauth-key-job';
import { HeadscaleUi } from '../../src/components/headscale-ui';
import { policyReloadSidecar } from '../../src/components/policy-reload-sidecar';
import type { MountedFile } from '../../src/derive/mounted-files';
import { TlsCertificate } from '../../src/components/tls-certificate';
import { ServiceHttpRoute } from '../../src/components/routes';
import { MetricsServiceMonitor } from '../../src/components/metrics-service-monitor';
import { Headplane } from '../../src/components/headplane';
import { TlsSidecar } from '../../src/components/tls-sidecar';
import { HEADSCALE_CONFIG_DEFAULTS } from '../../src/values/defaults';
import { manifestProblems } from '../../src/kubernetes/manifest-schema';
import { envValues, find, type K8sObject, kinds } from '../support/render';

/** The components in a plain cdk8s chart of the user's, without HeadscaleChart or values. */
function synth(build: (chart: Chart) => void): K8sObject[] {
  const chart = new Chart(Testing.app(), 'mine', { namespace: 'vpn' });
  build(chart);
  const objects = Testing.synth(chart) as K8sObject[];
  expect(manifestProblems(objects)).toEqual([]);
  return objects;
}

describe('HeadscaleServer on its own', () => {
  it("deploys Headscale with its defaults, server_url its Service URL in the chart's namespace", () => {
    const objects = synth((chart) => new HeadscaleServer(chart, 'hs'));
    expect(kinds(objects)).toEqual([
      'ConfigMap/headscale',
      'Deployment/headscale',
      'PersistentVolumeClaim/headscale',
      'PodDisruptionBudget/headscale',
      'Service/headscale',
      'ServiceAccount/headscale',
    ]);
    const config = YAML.parse(find(objects, 'ConfigMap', 'headscale').data['config.yaml']);
    expect(config).toMatchObject({
      server_url: 'http://headscale.vpn.svc.cluster.local:8080',
      listen_addr: '0.0.0.0:8080',
    });
    const container = find(objects, 'Deployment', 'headscale').spec.template.spec.containers[0];
    expect(container).toMatchObject({
      image: 'headscale/headscale:v0.29.2',
      ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    });
    expect(find(objects, 'Service', 'headscale').spec.selector).toEqual({
      'app.kubernetes.io/name': 'headscale',
      'app.kubernetes.io/instance': 'headscale',
      'app.kubernetes.io/component': 'server',
    });
  });

  it('listens on listeners.http, which the Service targets, in its default config', () => {
    const objects = synth(
      (chart) => new HeadscaleServer(chart, 'hs', { service: { port: 80 }, listeners: { http: 9090 } }),
    );
    const config = YAML.parse(find(objects, 'ConfigMap', 'headscale').data['config.yaml']);
    expect(config).toMatchObject({
      server_url: 'http://headscale.vpn.svc.cluster.local:80',
      listen_addr: '0.0.0.0:9090',
    });
    const container = find(objects, 'Deployment', 'headscale').spec.template.spec.containers[0];
    expect(container.ports).toEqual([{ name: 'http', containerPort: 9090, protocol: 'TCP' }]);
    expect(find(objects, 'Service', 'headscale').spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
    ]);
  });

  it('writes the given config, rolls the pod when it changes, and mounts an existing ConfigMap instead', () => {
    const checksum = (config: Record<string, unknown>) =>
      find(
        synth((chart) => new HeadscaleServer(chart, 'hs', { config })),
        'Deployment',
        'headscale',
      ).spec.template.metadata.annotations['checksum/config'];
    expect(checksum({ ...HEADSCALE_CONFIG_DEFAULTS, server_url: 'https://a.example.com' })).not.toBe(
      checksum({ ...HEADSCALE_CONFIG_DEFAULTS, server_url: 'https://b.example.com' }),
    );
    const existing = synth(
      (chart) =>
        new HeadscaleServer(chart, 'hs', {
          existingConfigMap: 'my-config',
          persistence: false,
          disruptionBudget: false,
        }),
    );
    expect(kinds(existing)).toEqual(['Deployment/headscale', 'Service/headscale', 'ServiceAccount/headscale']);
    expect(find(existing, 'Deployment', 'headscale').spec.template.spec.volumes).toContainEqual({
      name: 'config',
      configMap: { name: 'my-config' },
    });
  });

  it("refuses at construction a config Headscale's start-up checks refuse, for the image's version", () => {
    const build = (props: ConstructorParameters<typeof HeadscaleServer>[2]) => () =>
      synth((chart) => new HeadscaleServer(chart, 'hs', props));
    const config = { ...HEADSCALE_CONFIG_DEFAULTS, server_url: 'https://hs.example.com' };
    expect(build({ config: { ...config, trusted_proxies: ['0.0.0.0/0'] } })).toThrow(
      /invalid props of HeadscaleServer mine\/hs:\n {2}config\.trusted_proxies/,
    );
    // Headscale 0.28 reads no trusted_proxies: the key is harmless there.
    expect(
      build({ config: { ...config, trusted_proxies: ['0.0.0.0/0'] }, image: 'headscale/headscale:v0.28.0' }),
    ).not.toThrow();
    expect(build({ config: { server_url: 'https://hs.example.com' } })).toThrow(/config\.noise\.private_key_path/);
    const policy = (content: string): MountedFile => ({
      volumeName: 'policy',
      checksumName: 'policy',
      configMapName: 'headscale-policy',
      key: 'policy.json',
      mountPath: '/etc/headscale/policy.json',
      content,
    });
    const withPolicy = { ...config, policy: { path: '/etc/headscale/policy.json' } };
    // A HuJSON policy with a comment and a trailing comma loads; a tag no tagOwners defines does not.
    expect(
      build({
        config: withPolicy,
        policy: policy('{ // all\n "acls": [{"action": "accept", "src": ["*"], "dst": ["*:*"]},] }'),
      }),
    ).not.toThrow();
    expect(
      build({
        config: withPolicy,
        policy: policy('{"acls": [{"action": "accept", "src": ["*"], "dst": ["tag:web:*"]}]}'),
      }),
    ).toThrow(/policy\.content: .*tag not found: "tag:web"/);
  });

  it('exposes its URL and pod selector for the other components', () => {
    const server = new HeadscaleServer(new Chart(Testing.app(), 'c', { namespace: 'edge' }), 'hs', {
      name: 'control',
      service: { port: 9090 },
      tlsSecretName: 'control-tls',
    });
    expect(server.url).toBe('https://control.edge.svc.cluster.local:9090');
    expect(server.selector['app.kubernetes.io/instance']).toBe('control');
  });
});

describe('HeadscaleServer with a policy watcher, composed by hand', () => {
  it('mounts a live policy file as its directory, and signals Headscale from policyReloadSidecar', () => {
    const policy: MountedFile = {
      volumeName: 'policy',
      checksumName: 'policy',
      configMapName: 'headscale-policy',
      key: 'policy.json',
      mountPath: '/etc/headscale/policy/policy.json',
      content: '{"acls": []}\n',
      live: true,
    };
    const objects = synth(
      (chart) =>
        new HeadscaleServer(chart, 'hs', {
          policy,
          sidecars: [policyReloadSidecar({ policy, runAsUser: 1000, runAsGroup: 1000 })],
        }),
    );
    const pod = find(objects, 'Deployment', 'headscale').spec.template;
    expect(Object.keys(pod.metadata.annotations)).toEqual(['checksum/config']);
    expect(pod.spec.shareProcessNamespace).toBe(true);
    const [headscale, watcher] = pod.spec.containers;
    const policyMount = { name: 'policy', mountPath: '/etc/headscale/policy', readOnly: true };
    expect(headscale.volumeMounts).toContainEqual(policyMount);
    expect(watcher.volumeMounts).toEqual([policyMount]);
    expect(envValues(watcher).POLICY_FILE).toBe('/etc/headscale/policy/policy.json');
    expect(find(objects, 'ConfigMap', 'headscale-policy').data).toEqual({ 'policy.json': '{"acls": []}\n' });
  });
});

describe('the components composed by hand', () => {
  it('make a working release: the key job finds the server, the client uses its URL and key', () => {
    const objects = synth((chart) => {
      const server = new HeadscaleServer(chart, 'server', { name: 'hs' });
      const key = new PreauthKeyJob(chart, 'key', { server, authKeySecret: { name: 'router-key' } });
      new TailscaleClient(chart, 'client', { name: 'router', server, authKeySecret: { name: 'router-key' } });
      new HeadscaleUi(chart, 'ui', { server });
      expect(key.cronJob).toBeUndefined();
    });
    const job = objects.find((o) => o.kind === 'Job')!;
    expect(job.metadata.name).toMatch(/^headscale-preauth-key-[0-9a-f]{8}$/);
    const jobEnv = envValues(job.spec.template.spec.containers[0]);
    expect(jobEnv).toMatchObject({
      SERVER_SELECTOR:
        'app.kubernetes.io/name=headscale,app.kubernetes.io/instance=hs,app.kubernetes.io/component=server',
      USERS: '[{"name":"headscale-system"}]',
    });
    expect(JSON.parse(jobEnv.PREAUTH_KEYS)).toEqual([
      expect.objectContaining({ secret: 'router-key', user: 'headscale-system', tags: [] }),
    ]);
    expect(find(objects, 'Role', 'headscale-preauth-key').rules[0]).toMatchObject({ resourceNames: ['router-key'] });
    expect(find(objects, 'Secret', 'router-key').type).toBe('Opaque');
    const clientEnv = find(objects, 'Deployment', 'router').spec.template.spec.containers[0].env;
    expect(clientEnv).toContainEqual({ name: 'LOGIN_SERVER', value: 'http://hs.vpn.svc.cluster.local:8080' });
    expect(find(objects, 'Deployment', 'headscale-ui').spec.template.spec.containers[0].env).toEqual([
      { name: 'HEADSCALE_URL', value: 'http://hs.vpn.svc.cluster.local:8080' },
    ]);
  });

  it('run the client as a DaemonSet with per-node state, and the key job on a schedule', () => {
    const objects = synth((chart) => {
      new TailscaleClient(chart, 'client', {
        server: HeadscaleServer.fromAttributes({ url: 'https://hs.example.com' }),
        authKeySecret: { name: 'k', key: 'key' },
        daemonSet: true,
        caSecret: { name: 'ca' },
      });
      new PreauthKeyJob(chart, 'key', {
        server: HeadscaleServer.fromAttributes({ url: 'https://hs.example.com', selector: { app: 'hs' } }),
        authKeySecret: { name: 'k' },
        schedule: '0 4 * * *',
        tags: ['tag:router'],
      });
    });
    const pod = find(objects, 'DaemonSet', 'tailscale').spec.template.spec;
    expect(pod.hostNetwork).toBe(true);
    const env = envValues(pod.containers[0]);
    expect(env).toMatchObject({
      AUTHKEY_FILE: '/etc/client-auth/key',
      TS_STATE: '/var/lib/tailscale/tailscaled.state',
      SSL_CERT_DIR: '/etc/ssl/certs:/etc/headscale-ca',
    });
    expect(pod.volumes).toContainEqual({
      name: 'state',
      hostPath: { path: '/var/lib/cdk8s-headscale/vpn/tailscale', type: 'DirectoryOrCreate' },
    });
    expect(() =>
      synth(
        (chart) =>
          new TailscaleClient(chart, 'c', {
            server: HeadscaleServer.fromAttributes({ url: 'https://hs.example.com' }),
            authKeySecret: { name: 'k' },
            daemonSet: true,
            userspace: true,
          }),
      ),
    ).toThrow(/userspace: can't be true with a DaemonSet/);
    expect(find(objects, 'CronJob', 'headscale-preauth-key-renew').spec.schedule).toBe('0 4 * * *');
  });
});

describe('the listeners, routes, ServiceMonitor and Certificate on their own', () => {
  it('listens for metrics and gRPC in the default config, and carries STUN through a Service of its own', () => {
    const objects = synth(
      (chart) =>
        new HeadscaleServer(chart, 'hs', { listeners: { metrics: 9090, grpc: 50443, stun: { expose: 'NodePort' } } }),
    );
    const config = YAML.parse(find(objects, 'ConfigMap', 'headscale').data['config.yaml']);
    expect(config).toMatchObject({
      metrics_listen_addr: '0.0.0.0:9090',
      grpc_listen_addr: '0.0.0.0:50443',
      grpc_allow_insecure: true,
    });
    expect(find(objects, 'Service', 'headscale').spec.ports.map((p: { name: string }) => p.name)).toEqual([
      'http',
      'metrics',
      'grpc',
    ]);
    expect(find(objects, 'Service', 'headscale-stun').spec).toMatchObject({
      type: 'NodePort',
      ports: [{ name: 'stun', port: 3478, nodePort: 3478, protocol: 'UDP', targetPort: 'stun' }],
    });
  });

  it('routes, monitors and certifies a server of its own', () => {
    const objects = synth((chart) => {
      const server = new HeadscaleServer(chart, 'hs', { listeners: { metrics: 9090 } });
      new ServiceHttpRoute(chart, 'route', {
        name: 'headscale',
        labels: server.labels,
        parentRefs: [{ name: 'public' }],
        paths: [
          { path: '/', serviceName: 'headscale', port: 8080 },
          { path: '/admin', serviceName: 'headplane', port: 3000 },
        ],
      });
      new MetricsServiceMonitor(chart, 'monitor', {
        name: 'headscale',
        labels: server.labels,
        serviceSelector: server.labels,
      });
      new TlsCertificate(chart, 'cert', {
        name: 'headscale',
        labels: server.labels,
        secretName: 'headscale-tls',
        dnsNames: ['headscale.vpn.svc.cluster.local'],
        issuerRef: { name: 'ca' },
      });
    });
    expect(find(objects, 'HTTPRoute', 'headscale').spec.rules[1]).toEqual({
      matches: [{ path: { type: 'PathPrefix', value: '/admin' } }],
      backendRefs: [{ name: 'headplane', port: 3000 }],
    });
    expect(find(objects, 'ServiceMonitor', 'headscale').spec.endpoints).toEqual([
      { port: 'metrics', path: '/metrics' },
    ]);
    expect(find(objects, 'Certificate', 'headscale').spec.issuerRef).toEqual({ name: 'ca', kind: 'Issuer' });
  });
});

describe('Headplane composed by hand', () => {
  it('runs in a Deployment of its own, beside the server, with the key job keeping its Secret', () => {
    const objects = synth((chart) => {
      const server = new HeadscaleServer(chart, 'hs');
      new Headplane(chart, 'headplane', {
        config: {
          server: { port: 3000, cookie_secret_path: '/etc/headplane-secrets/cookie_secret' },
          headscale: { url: server.url },
        },
        server,
        persistence: false,
      });
      new PreauthKeyJob(chart, 'keys', {
        server,
        headplaneSecret: { name: 'headplane', apiKeyExpiration: '720h' },
      });
    });
    const serverSpec = find(objects, 'Deployment', 'headscale').spec.template.spec;
    expect(serverSpec.shareProcessNamespace).toBeUndefined();
    expect(serverSpec.containers.map((c: { name: string }) => c.name)).toEqual(['headscale']);
    expect(find(objects, 'Deployment', 'headplane').spec.template.spec.containers[0].name).toBe('headplane');
    expect(find(objects, 'Service', 'headplane').spec.ports).toEqual([
      { name: 'http', port: 3000, targetPort: 'http', protocol: 'TCP' },
    ]);
    expect(find(objects, 'Role', 'headscale-preauth-key').rules[0].resourceNames).toEqual(['headplane']);
    const env = envValues(objects.find((o) => o.kind === 'Job')!.spec.template.spec.containers[0]);
    expect(env).toMatchObject({
      HEADPLANE_SECRET: 'headplane',
      API_KEY_EXPIRATION: '720h',
      API_KEY_LIFETIME_SECONDS: '2592000',
    });
  });
});

describe('the client TLS listener composed by hand', () => {
  it('terminates TLS in the server pod with the certificate the key job keeps, which the client trusts', () => {
    const secretName = 'headscale-internal-tls';
    const objects = synth((chart) => {
      const sidecar = new TlsSidecar(chart, 'tls', { secretName });
      const server = new HeadscaleServer(chart, 'hs', {
        sidecars: [sidecar],
      });
      new PreauthKeyJob(chart, 'keys', {
        server,
        authKeySecret: { name: 'tailscale-authkey' },
        internalTls: { secretName, dnsNames: ['headscale.vpn.svc.cluster.local', 'headscale.vpn.svc'] },
      });
      new TailscaleClient(chart, 'client', {
        server,
        loginServer: 'https://headscale.vpn.svc.cluster.local',
        authKeySecret: { name: 'tailscale-authkey' },
        caSecret: { name: secretName },
      });
    });
    const spec = find(objects, 'Deployment', 'headscale').spec.template.spec;
    expect(spec.containers.map((c: { name: string }) => c.name)).toEqual(['headscale', 'tls-sidecar']);
    expect(find(objects, 'Service', 'headscale').spec.ports.map((p: { name: string; port: number }) => p.port)).toEqual(
      [8080, 443],
    );
    expect(find(objects, 'ConfigMap', 'headscale-tls-sidecar').data['nginx.conf']).toContain(
      'proxy_pass 127.0.0.1:8080;',
    );
    expect(find(objects, 'Secret', secretName).data).toBeUndefined();
    expect(find(objects, 'Role', 'headscale-preauth-key').rules[0].resourceNames).toEqual([
      'tailscale-authkey',
      secretName,
    ]);
    const job = objects.find((o) => o.kind === 'Job')!.spec.template.spec;
    expect(envValues(job.initContainers[0]).DNS_NAMES).toBe('headscale.vpn.svc.cluster.local,headscale.vpn.svc');
    expect(envValues(job.containers[0]).INTERNAL_TLS_SECRET).toBe(secretName);
  });
});
