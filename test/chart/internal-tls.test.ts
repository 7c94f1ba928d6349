import { find, type K8sObject, render } from '../support/render';
import { podSecurityLevel } from '../support/pod-security';

const hosts = [{ host: 'vpn.example.com', paths: [{ path: '/', pathType: 'Prefix' as const }] }];
/** Chart 0.2.0's mode A: the server, the client and an ingress (tls.secretName or not). */
const MODE_A = {
  ingress: { enabled: true, hosts, tls: [{ secretName: 'vpn-tls', hosts: ['vpn.example.com'] }] },
};
const SECRET = 'headscale-internal-tls';

const serverPod = (objects: K8sObject[]) => find(objects, 'Deployment', 'headscale').spec.template.spec;
const sidecar = (objects: K8sObject[]) =>
  serverPod(objects).containers.find((c: { name: string }) => c.name === 'tls-sidecar');
const keyJob = (objects: K8sObject[]) => objects.find((o) => o.kind === 'Job')!;

describe("the in-cluster TLS listener (chart 0.2.0's mode A)", () => {
  const objects = render(MODE_A);

  it("adds the Service's port 443 named https, to the sidecar's unprivileged port named https", () => {
    expect(find(objects, 'Service', 'headscale').spec.ports).toEqual([
      { name: 'http', port: 8080, protocol: 'TCP', targetPort: 'http' },
      { name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' },
    ]);
    expect(sidecar(objects).ports).toEqual([{ name: 'https', containerPort: 8443, protocol: 'TCP' }]);
  });

  it('terminates TLS with nginx from a pinned image, to Headscale on the loopback, restricted, after the certificate exists', () => {
    const container = sidecar(objects);
    expect(container.image).toBe('nginxinc/nginx-unprivileged:1.28.0');
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 101,
      runAsGroup: 101,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.resources.limits.memory).toBeDefined();
    expect(container.command.join(' ')).toMatch(/until \[ -s \/certs\/tls\.crt \].*exec nginx -e stderr -c /s);
    const config = find(objects, 'ConfigMap', 'headscale-tls-sidecar').data['nginx.conf'];
    expect(config).toMatch(/stream \{\s+server \{\s+listen 8443 ssl;/);
    expect(config).toContain('proxy_pass 127.0.0.1:8080;');
    expect(config).toContain('ssl_certificate /certs/tls.crt;');
    expect(config).toContain('pid /tmp/nginx.pid;');
    const volume = serverPod(objects).volumes.find((v: { name: string }) => v.name === 'internal-tls-certs');
    expect(volume.secret).toEqual({
      secretName: SECRET,
      items: [
        { key: 'tls.crt', path: 'tls.crt' },
        { key: 'tls.key', path: 'tls.key' },
      ],
      optional: true,
    });
    const annotations = find(objects, 'Deployment', 'headscale').spec.template.metadata.annotations;
    expect(annotations['checksum/tls-sidecar']).toMatch(/^[0-9a-f]{64}$/);
  });

  it("follows Headscale's port: service.port changes where nginx passes the bytes", () => {
    const config = find(render({ ...MODE_A, service: { port: 9090 } }), 'ConfigMap', 'headscale-tls-sidecar');
    expect(config.data['nginx.conf']).toContain('proxy_pass 127.0.0.1:9090;');
  });

  it('has the key job make the certificate into an empty Secret it may only read and patch', () => {
    expect(find(objects, 'Secret', SECRET).data).toBeUndefined();
    const role = find(objects, 'Role', 'headscale-client-job');
    const secretRule = role.rules.find((r: { resources: string[] }) => r.resources.includes('secrets'));
    expect(secretRule.resourceNames).toContain(SECRET);
    expect(secretRule.verbs).toEqual(['get', 'patch']);
    const pod = keyJob(objects).spec.template.spec;
    const [init] = pod.initContainers;
    expect(init.name).toBe('internal-tls-cert');
    expect(init.image).toBe('nginxinc/nginx-unprivileged:1.28.0');
    expect(init.env).toContainEqual({
      name: 'DNS_NAMES',
      value: 'headscale.headscale.svc.cluster.local,headscale.headscale.svc',
    });
    expect(pod.volumes).toContainEqual({
      name: 'internal-tls-current',
      secret: { secretName: SECRET, optional: true },
    });
    expect(pod.containers[0].env).toContainEqual({ name: 'INTERNAL_TLS_SECRET', value: SECRET });
    expect(podSecurityLevel(pod)).toBe('restricted');
    expect(Object.keys(find(objects, 'ConfigMap', 'headscale-client-job-script').data)).toContain(
      'internal-tls-cert.sh',
    );
  });

  it("logs the client in to the Service's https URL, trusting only the Secret's ca.crt", () => {
    const client = find(objects, 'Deployment', 'headscale-client').spec.template.spec;
    const env = client.containers[0].env;
    expect(env).toContainEqual({ name: 'LOGIN_SERVER', value: 'https://headscale.headscale.svc.cluster.local' });
    expect(env).toContainEqual({ name: 'SSL_CERT_DIR', value: '/etc/ssl/certs:/etc/headscale-ca' });
    expect(client.volumes).toContainEqual({
      name: 'headscale-ca',
      secret: { secretName: SECRET, items: [{ key: 'ca.crt', path: 'ca.crt' }], optional: true },
    });
  });

  it('lets the client in to the https port with networkPolicy.enabled', () => {
    const policy = find(render({ ...MODE_A, networkPolicy: { enabled: true } }), 'NetworkPolicy', 'headscale');
    expect(policy.spec.ingress).toContainEqual({
      from: [
        {
          podSelector: {
            matchLabels: {
              'app.kubernetes.io/name': 'headscale',
              'app.kubernetes.io/instance': 'headscale',
              'app.kubernetes.io/component': 'client',
            },
          },
        },
      ],
      ports: [{ port: 'https', protocol: 'TCP' }],
    });
  });

  it('is off without the ingress or the client, with client.loginServer or client.caSecretName, or with client.internalTls.enabled false', () => {
    for (const values of [
      {},
      { client: { advertiseRoutes: ['10.96.0.0/12'] }, tls: { secretName: 'headscale-tls' } },
      { ...MODE_A, client: { loginServer: 'https://vpn.example.com' } },
      { ...MODE_A, client: { caSecretName: 'my-ca' } },
      { ...MODE_A, client: { internalTls: { enabled: false } } },
      { ...MODE_A, client: { enabled: false } },
    ]) {
      const rendered = render(values);
      expect(rendered.filter((o) => o.metadata.name === SECRET || o.metadata.name === 'headscale-tls-sidecar')).toEqual(
        [],
      );
      const containers = rendered
        .filter((o) => ['Deployment', 'Job'].includes(o.kind))
        .flatMap((o) => [...o.spec.template.spec.containers, ...(o.spec.template.spec.initContainers ?? [])])
        .map((c: { name: string }) => c.name);
      expect(containers).not.toContainEqual(expect.stringMatching(/tls-sidecar|internal-tls/));
    }
  });
});
