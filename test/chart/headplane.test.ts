import { parseAllDocuments } from 'yaml';
import { headplaneConfig } from '../../src/derive/headplane';
import { deriveRelease } from '../../src/derive/release';
import { parseValues } from '../../src/chart/parse-values';
import { headplaneConfigFindings } from '../../src/values/headplane-config';
import { runCli } from '../support/cli';
import { problemsOf, warnings } from '../support/problems';
import { find, kinds, type K8sObject, render } from '../support/render';
import { expectYamlSnapshot } from '../support/yaml-snapshot';

const ingress = {
  enabled: true,
  hosts: [{ host: 'vpn.example.com', paths: [{ path: '/', pathType: 'Prefix' as const }] }],
};
const withHeadplane = { headplane: { enabled: true }, ingress };
const pod = (objects: K8sObject[]) => find(objects, 'Deployment', 'headscale').spec.template.spec;
const container = (objects: K8sObject[], name: string) =>
  pod(objects).containers.find((c: { name: string }) => c.name === name);
const configOf = (objects: K8sObject[]) =>
  parseAllDocuments(find(objects, 'ConfigMap', 'headscale-headplane').data['config.yaml'])[0].toJS();

/** The CLI's arguments for Headplane behind an ingress. */
const HEADPLANE_BEHIND_INGRESS = [
  'template',
  '--set',
  'headplane.enabled=true',
  '--set',
  'ingress.enabled=true',
  '--set',
  'ingress.hosts[0].host=vpn.example.com',
];

describe('headplane.enabled', () => {
  it('renders as its committed snapshot', () => {
    const { status, stdout, stderr } = runCli([
      ...HEADPLANE_BEHIND_INGRESS,
      '--set',
      'ingress.tls[0].secretName=vpn-tls',
    ]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expectYamlSnapshot('headplane', stdout);
  });

  it('through the CLI: Headplane beside Headscale in one pod, its integration on, a Role to read its pod, an API-key job, /admin on the ingress, and no secret in a ConfigMap', () => {
    const { status, stdout } = runCli(HEADPLANE_BEHIND_INGRESS);
    expect(status).toBe(0);
    const objects = parseAllDocuments(stdout).map((d) => d.toJS() as K8sObject);
    const spec = pod(objects);
    // The ingress and the client are on: the TLS listener for the client is in the pod too.
    expect(spec.containers.map((c: { name: string }) => c.name)).toEqual(['headscale', 'headplane', 'tls-sidecar']);
    expect(spec.shareProcessNamespace).toBe(true);
    expect(configOf(objects).integration).toEqual({ kubernetes: { enabled: true, validate_manifest: true } });
    expect(container(objects, 'headplane').env).toContainEqual({
      name: 'HEADPLANE_INTEGRATION__KUBERNETES__POD_NAME',
      valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
    });
    expect(find(objects, 'Role', 'headscale-headplane').rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
    ]);
    expect(find(objects, 'RoleBinding', 'headscale-headplane').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'headscale', namespace: 'default' },
    ]);
    const job = objects.find((o) => o.kind === 'Job')!;
    const env = job.spec.template.spec.containers[0].env as Array<{ name: string; value?: string }>;
    expect(env).toContainEqual({ name: 'HEADPLANE_SECRET', value: 'headscale-headplane' });
    expect(env).toContainEqual({ name: 'API_KEY_EXPIRATION', value: '2160h' });
    expect(find(objects, 'Role', 'headscale-client-job').rules[0].resourceNames).toEqual([
      'headscale-client-authkey',
      'headscale-headplane',
      'headscale-internal-tls',
    ]);
    expect(find(objects, 'Secret', 'headscale-headplane')).not.toHaveProperty('data');
    const paths = find(objects, 'Ingress', 'headscale').spec.rules[0].http.paths;
    expect(paths).toContainEqual({
      path: '/admin',
      pathType: 'Prefix',
      backend: { service: { name: 'headscale', port: { name: 'headplane' } } },
    });
    expect(find(objects, 'Service', 'headscale').spec.ports).toContainEqual({
      name: 'headplane',
      port: 3000,
      targetPort: 'headplane',
      protocol: 'TCP',
    });
    const configMaps = JSON.stringify(objects.filter((o) => o.kind === 'ConfigMap').map((o) => o.data));
    expect(configMaps).not.toMatch(/cookie_secret"?:\s*"?[A-Za-z0-9]{32}|hskey-api/);
    expect(configOf(objects).server).toMatchObject({
      cookie_secret_path: '/etc/headplane-secrets/cookie_secret',
      base_url: 'http://vpn.example.com',
    });
  });

  it("mounts a token only into Headplane's container, and keeps the pod at the restricted level", () => {
    const objects = render(withHeadplane);
    expect(pod(objects).automountServiceAccountToken).toBe(false);
    const mounts = (name: string) =>
      (container(objects, name).volumeMounts as Array<{ mountPath: string }>).map((m) => m.mountPath);
    expect(mounts('headplane')).toContain('/var/run/secrets/kubernetes.io/serviceaccount');
    expect(mounts('headscale')).not.toContain('/var/run/secrets/kubernetes.io/serviceaccount');
    expect(container(objects, 'headplane').securityContext).toMatchObject({
      runAsUser: 1000,
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('keeps its data on a claim of its own, or an emptyDir', () => {
    expect(find(render(withHeadplane), 'PersistentVolumeClaim', 'headscale-headplane').spec.resources).toEqual({
      requests: { storage: '1Gi' },
    });
    const objects = render({ ...withHeadplane, headplane: { enabled: true, persistence: { enabled: false } } });
    expect(kinds(objects)).not.toContain('PersistentVolumeClaim/headscale-headplane');
    expect(pod(objects).volumes).toContainEqual({ name: 'headplane-data', emptyDir: {} });
  });

  it('reaches Headscale inside the pod, or by its cluster name and CA when Headscale serves TLS', () => {
    expect(configOf(render(withHeadplane)).headscale.url).toBe('http://127.0.0.1:8080');
    // Behind an ingress, tls.secretName is the ingress's certificate and Headscale serves plain HTTP.
    expect(configOf(render({ ...withHeadplane, tls: { secretName: 'headscale-tls' } })).headscale.url).toBe(
      'http://127.0.0.1:8080',
    );
    const tls = render({ headplane: { enabled: true }, tls: { secretName: 'headscale-tls' } });
    expect(configOf(tls).headscale).toMatchObject({
      url: 'https://headscale.headscale.svc.cluster.local:443',
      tls_cert_path: '/etc/headscale/tls/ca.crt',
    });
    expect(container(tls, 'headplane').volumeMounts).toContainEqual({
      name: 'tls-certs',
      mountPath: '/etc/headscale/tls',
      readOnly: true,
    });
  });

  it('signs in with OIDC, the client secret mounted from its Secret', () => {
    const objects = render({
      ...withHeadplane,
      headplane: {
        enabled: true,
        oidc: {
          enabled: true,
          issuer: 'https://id.example.com',
          clientId: 'headplane',
          clientSecret: { name: 'headplane-oidc', key: 'secret' },
        },
      },
    });
    expect(configOf(objects).oidc).toEqual({
      issuer: 'https://id.example.com',
      client_id: 'headplane',
      client_secret_path: '/etc/headplane-oidc/client_secret',
      disable_api_key_login: false,
      use_pkce: true,
      scope: 'openid email profile',
    });
    expect(pod(objects).volumes).toContainEqual({
      name: 'headplane-oidc',
      secret: { secretName: 'headplane-oidc', items: [{ key: 'secret', path: 'client_secret' }] },
    });
  });

  it('merges headplane.config over the generated file', () => {
    const objects = render({
      ...withHeadplane,
      headplane: { enabled: true, config: { server: { cookie_max_age: 3600 } } },
    });
    expect(configOf(objects).server).toMatchObject({ cookie_max_age: 3600, port: 3000 });
  });

  it.each([
    [
      { headplane: { enabled: true, oidc: { enabled: true, issuer: 'https://id.example.com', clientId: 'x' } } },
      'headplane.oidc.enabled',
    ],
    [
      {
        ...withHeadplane,
        headplane: { enabled: true, oidc: { enabled: true, issuer: 'https://id.example.com', clientId: 'x' } },
      },
      'headplane.oidc.clientSecret.name',
    ],
    [
      {
        ...withHeadplane,
        headplane: {
          enabled: true,
          oidc: { enabled: true, issuer: 'http://id.example.com', clientId: 'x', clientSecret: { name: 's' } },
        },
      },
      'headplane.oidc.issuer',
    ],
    [
      {
        ...withHeadplane,
        headplane: {
          enabled: true,
          oidc: { enabled: true, issuer: 'https://id.example.com', clientSecret: { name: 's' } },
        },
      },
      'headplane.oidc.clientId',
    ],
    [
      { ...withHeadplane, headplane: { enabled: true, config: { server: { cookie_secret: 'x'.repeat(32) } } } },
      'headplane.config.server.cookie_secret',
    ],
    [
      { ...withHeadplane, headplane: { enabled: true, config: { headscale: { url: 'headscale:8080' } } } },
      'headplane.config.headscale.url',
    ],
    [{ ...withHeadplane, headplane: { enabled: true, config: { sever: {} } } }, 'headplane.config.sever'],
    [
      { ...withHeadplane, headplane: { enabled: true, config: { server: { port: 4000 } } } },
      'headplane.config.server.port',
    ],
    [{ ...withHeadplane, headplane: { enabled: true, apiKeyExpiration: '90d12.5h' } }, 'headplane.apiKeyExpiration'],
  ])('refuses %j at %s', (values, path) => {
    expect(problemsOf(() => render(values))).toContainEqual(
      expect.stringMatching(new RegExp(`^${path.replace(/[.[\]]/g, '\\$&')}: `)),
    );
  });

  it('warns that a secure cookie needs the ingress to have TLS', () => {
    expect(warnings(withHeadplane)).toContainEqual(expect.stringMatching(/^headplane\.cookieSecure: is true while/));
    expect(
      warnings({ ...withHeadplane, ingress: { ...ingress, tls: [{ secretName: 'vpn-tls' }] } }),
    ).not.toContainEqual(expect.stringMatching(/^headplane/));
  });

  it('keeps headscale-ui working beside it', () => {
    const objects = render({ ...withHeadplane, ui: { enabled: true } });
    expect(find(objects, 'Deployment', 'headscale-ui').spec.template.spec.containers[0].name).toBeDefined();
    expect(find(objects, 'Ingress', 'headscale-ui').spec.rules[0].http.paths[0].path).toBe('/web');
  });
});

describe("Headplane's config.yaml checks", () => {
  const values = parseValues({ headplane: { enabled: true } });
  const config = headplaneConfig(values, deriveRelease('headscale', 'default', values));

  it('pass the generated file', () => {
    expect(headplaneConfigFindings(config)).toEqual([]);
  });

  it('find a missing Headscale URL, a port out of range, a wrong type and a secret given twice', () => {
    const broken = {
      ...config,
      server: { ...(config.server as object), port: 70000, cookie_secure: 'yes', cookie_secret: 'x' },
      headscale: {},
    };
    const paths = headplaneConfigFindings(broken).map((f) => f.at.join('.'));
    expect(paths.sort()).toEqual(['headscale.url', 'server.cookie_secret', 'server.cookie_secure', 'server.port']);
  });
});

describe('config.policy.mode: database', () => {
  it("renders, and warns when the chart also mounts a policy file Headscale won't read", () => {
    const database = { config: { policy: { mode: 'database' } } };
    expect(() => render({ ...withHeadplane, ...database })).not.toThrow();
    expect(warnings({ ...database, client: { enabled: false } })).not.toContainEqual(
      expect.stringMatching(/^config\.policy\.mode/),
    );
    expect(warnings({ ...database, policy: { enabled: true } })).toContainEqual(
      expect.stringMatching(/^config\.policy\.mode: is database, so Headscale ignores the policy file/),
    );
  });
});

describe('Headplane behind NetworkPolicies', () => {
  it("lets httpFrom in to Headplane's port of the server's pods", () => {
    const controller = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } };
    const objects = render({ ...withHeadplane, networkPolicy: { enabled: true, httpFrom: [controller] } });
    expect(find(objects, 'NetworkPolicy', 'headscale').spec.ingress).toContainEqual({
      from: [controller],
      ports: [{ port: 'headplane', protocol: 'TCP' }],
    });
  });
});
