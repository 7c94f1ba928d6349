import { parseAllDocuments } from 'yaml';
import { headplaneConfig } from '../../src/derive/headplane';
import { deriveRelease } from '../../src/derive/release';
import { parseValues } from '../../src/chart/parse-values';
import {
  detectHeadplaneVersion,
  headplaneConfigFindings,
  headplaneConfigWarnings,
} from '../../src/values/headplane-config';
import { runCli } from '../support/cli';
import { problemsOf, warnings } from '../support/problems';
import { find, kinds, type K8sObject, render } from '../support/render';
import { expectYamlSnapshot } from '../support/yaml-snapshot';

const ingress = {
  enabled: true,
  hosts: [{ host: 'vpn.example.com', paths: [{ path: '/', pathType: 'Prefix' as const }] }],
};
const withHeadplane = { headplane: { enabled: true }, ingress };
const serverPod = (objects: K8sObject[]) => find(objects, 'Deployment', 'headscale').spec.template.spec;
const headplanePod = (objects: K8sObject[]) => find(objects, 'Deployment', 'headscale-headplane').spec.template.spec;
const headplaneContainer = (objects: K8sObject[]) => headplanePod(objects).containers[0];
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
      '--set',
      'client.job.cronjob.enabled=true',
    ]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expectYamlSnapshot('headplane', stdout);
  });

  it('through the CLI: Headplane in a Deployment of its own with the pinned image, its Service, /admin routed to it, an API-key job, no shared process namespace and no secret in a ConfigMap', () => {
    const { status, stdout } = runCli(HEADPLANE_BEHIND_INGRESS);
    expect(status).toBe(0);
    const objects = parseAllDocuments(stdout).map((d) => d.toJS() as K8sObject);
    // The ingress and the client are on: the TLS listener for the client is in the server's pod.
    expect(serverPod(objects).containers.map((c: { name: string }) => c.name)).toEqual(['headscale', 'tls-sidecar']);
    for (const object of objects.filter((o) => o.kind === 'Deployment' || o.kind === 'DaemonSet'))
      expect(object.spec.template.spec.shareProcessNamespace).toBeUndefined();
    const deployment = find(objects, 'Deployment', 'headscale-headplane');
    expect(deployment.spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
    expect(headplaneContainer(objects)).toMatchObject({
      image: 'ghcr.io/tale/headplane:0.7.0-beta.4',
      ports: [{ name: 'http', containerPort: 3000, protocol: 'TCP' }],
    });
    expect(headplaneContainer(objects).env).toBeUndefined();
    expect(configOf(objects)).not.toHaveProperty('integration');
    expect(kinds(objects)).not.toContain('Role/headscale-headplane');
    expect(kinds(objects)).not.toContain('RoleBinding/headscale-headplane');
    expect(find(objects, 'Service', 'headscale-headplane').spec).toEqual({
      type: 'ClusterIP',
      ports: [{ name: 'http', port: 3000, targetPort: 'http', protocol: 'TCP' }],
      selector: deployment.spec.selector.matchLabels,
    });
    expect(find(objects, 'Service', 'headscale').spec.ports.map((p: { name: string }) => p.name)).not.toContain(
      'headplane',
    );
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
      backend: { service: { name: 'headscale-headplane', port: { name: 'http' } } },
    });
    const configMaps = JSON.stringify(objects.filter((o) => o.kind === 'ConfigMap').map((o) => o.data));
    expect(configMaps).not.toMatch(/cookie_secret"?:\s*"?[A-Za-z0-9]{32}|hskey-api/);
    expect(configOf(objects).server).toMatchObject({
      cookie_secret_path: '/etc/headplane-secrets/cookie_secret',
      base_url: 'http://vpn.example.com',
    });
  });

  it('mounts no API token, probes its own port, and keeps the pod at the restricted level', () => {
    const objects = render(withHeadplane);
    expect(find(objects, 'ServiceAccount', 'headscale-headplane').automountServiceAccountToken).toBe(false);
    expect(headplanePod(objects)).toMatchObject({
      serviceAccountName: 'headscale-headplane',
      automountServiceAccountToken: false,
    });
    const mounts = (headplaneContainer(objects).volumeMounts as Array<{ mountPath: string }>).map((m) => m.mountPath);
    expect(mounts).not.toContain('/var/run/secrets/kubernetes.io/serviceaccount');
    expect(headplaneContainer(objects)).toMatchObject({
      readinessProbe: { tcpSocket: { port: 'http' } },
      livenessProbe: { tcpSocket: { port: 'http' } },
    });
    expect(headplaneContainer(objects).securityContext).toMatchObject({
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
    expect(headplanePod(objects).volumes).toContainEqual({ name: 'headplane-data', emptyDir: {} });
  });

  it("reaches Headscale at its Service's cluster name, trusting its CA when Headscale serves TLS, and reads its config.yaml", () => {
    const objects = render(withHeadplane);
    expect(configOf(objects).headscale).toMatchObject({
      url: 'http://headscale.headscale.svc.cluster.local:8080',
      config_path: '/etc/headscale/config.yaml',
    });
    expect(headplanePod(objects).volumes).toContainEqual({
      name: 'headscale-config',
      configMap: { name: 'headscale', items: [{ key: 'config.yaml', path: 'config.yaml' }] },
    });
    const tls = render({ headplane: { enabled: true }, tls: { secretName: 'headscale-tls' } });
    expect(configOf(tls).headscale).toMatchObject({
      url: 'https://headscale.headscale.svc.cluster.local:443',
      tls_cert_path: '/etc/headscale/tls/ca.crt',
    });
    expect(headplanePod(tls).volumes).toContainEqual({
      name: 'headscale-tls',
      secret: { secretName: 'headscale-tls' },
    });
    expect(headplaneContainer(tls).volumeMounts).toContainEqual({
      name: 'headscale-tls',
      mountPath: '/etc/headscale/tls',
      readOnly: true,
    });
  });

  it("takes headplane.port equal to Headscale's, the metrics' or gRPC's port: Headplane has a pod and a Service of its own", () => {
    for (const port of [8080, 9090, 50443]) {
      const objects = render({
        ...withHeadplane,
        headplane: { enabled: true, port },
        metrics: { enabled: true },
        grpc: { enabled: true, allowInsecure: true },
      });
      expect(find(objects, 'Service', 'headscale-headplane').spec.ports).toEqual([
        { name: 'http', port, targetPort: 'http', protocol: 'TCP' },
      ]);
      expect(configOf(objects).server.port).toBe(port);
    }
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
    expect(headplanePod(objects).volumes).toContainEqual({
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

describe("Headplane's API key", () => {
  const renewed = { ...withHeadplane, client: { job: { cronjob: { enabled: true } } } };
  const jobEnv = (objects: K8sObject[], kind: 'Job' | 'CronJob') => {
    const job = objects.find((o) => o.kind === kind)!;
    const pod = kind === 'Job' ? job.spec.template : job.spec.jobTemplate.spec.template;
    return pod.spec.containers[0].env as Array<{ name: string; value?: string }>;
  };

  it("is renewed twice the schedule's longest gap plus an hour before its end, by the Job and the CronJob alike", () => {
    const objects = render(renewed);
    for (const kind of ['Job', 'CronJob'] as const)
      expect(jobEnv(objects, kind)).toContainEqual({
        name: 'API_KEY_RENEW_BEFORE_SECONDS',
        // The default schedule, monthly: 31 days at most between two runs.
        value: String(2 * 31 * 86_400 + 3_600),
      });
  });

  it('restarts Headplane after a rotation: the key job may get and patch its Deployment, and no other', () => {
    const objects = render(renewed);
    expect(jobEnv(objects, 'CronJob')).toContainEqual({ name: 'HEADPLANE_DEPLOYMENT', value: 'headscale-headplane' });
    const deploymentRules = find(objects, 'Role', 'headscale-client-job').rules.filter(
      (rule: { resources: string[] }) => rule.resources.includes('deployments'),
    );
    expect(deploymentRules).toEqual([
      {
        apiGroups: ['apps'],
        resources: ['deployments'],
        verbs: ['get', 'patch'],
        resourceNames: ['headscale-headplane'],
      },
    ]);
  });

  it('refuses a lifetime the schedule cannot renew in time, at headplane.apiKeyExpiration', () => {
    expect(problemsOf(() => render({ ...renewed, headplane: { enabled: true, apiKeyExpiration: '720h' } }))).toEqual([
      expect.stringMatching(
        /^headplane\.apiKeyExpiration: is 720h, no longer than the 1489h \(62 days\) before its end at which the schedule "0 3 1 \* \*" replaces the key: twice the longest time between two runs \(744h \(31 days\)\) plus an hour/,
      ),
    ]);
    expect(() =>
      render({
        ...withHeadplane,
        headplane: { enabled: true, apiKeyExpiration: '720h' },
        client: { job: { cronjob: { enabled: true, schedule: '0 3 * * 0' } } },
      }),
    ).not.toThrow();
  });

  it('warns when nothing renews it', () => {
    expect(warnings(withHeadplane)).toContainEqual(
      expect.stringMatching(
        /^client\.job\.cronjob\.enabled: is false while headplane\.enabled is true: nothing renews/,
      ),
    );
    expect(warnings(renewed)).not.toContainEqual(expect.stringMatching(/^client\.job\.cronjob/));
  });
});

describe("Headplane's config.yaml, by the version of its image", () => {
  const oidc = {
    enabled: true,
    issuer: 'https://id.example.com',
    clientId: 'headplane',
    clientSecret: { name: 'headplane-oidc' },
  };
  const generated = (tag: string, withOidc: boolean) => {
    const values = parseValues({
      headplane: { enabled: true, image: { tag }, ...(withOidc ? { oidc } : {}) },
      ingress,
    });
    return headplaneConfig(values, deriveRelease('headscale', 'default', values));
  };

  it.each([
    ['0.7.0-beta.4', false],
    ['0.7.0-beta.4', true],
    ['0.6.3', false],
    ['0.6.3', true],
  ])('passes the checks of Headplane %s (OIDC: %s), with nothing it drops', (tag, withOidc) => {
    const version = detectHeadplaneVersion(tag).version;
    expect(headplaneConfigFindings(generated(tag, withOidc), version)).toEqual([]);
    expect(headplaneConfigWarnings(generated(tag, withOidc), version)).toEqual([]);
  });

  it('gives the API key in headscale.api_key_path from 0.7, and in oidc.headscale_api_key_path before', () => {
    expect(generated('0.7.0-beta.4', true)).toMatchObject({
      headscale: { api_key_path: '/etc/headplane-secrets/api_key' },
    });
    expect(generated('0.7.0-beta.4', true).oidc).not.toHaveProperty('headscale_api_key_path');
    expect(generated('0.6.3', true)).toMatchObject({
      oidc: { headscale_api_key_path: '/etc/headplane-secrets/api_key' },
    });
    expect(generated('0.6.3', true).headscale).not.toHaveProperty('api_key_path');
    expect(generated('0.6.3', false)).not.toHaveProperty('oidc');
  });

  it('warns about a tag that is no release the checks know, and about keys the version drops or deprecates', () => {
    expect(warnings({ ...withHeadplane, headplane: { enabled: true, image: { tag: 'latest' } } })).toContainEqual(
      expect.stringMatching(/^headplane\.image\.tag: "latest" names no Headplane release/),
    );
    expect(warnings({ ...withHeadplane, headplane: { enabled: true, image: { tag: '0.8.0' } } })).toContainEqual(
      expect.stringMatching(
        /^headplane\.image\.tag: is Headplane 0\.8\.0, whose config loader these checks were not read from/,
      ),
    );
    expect(
      warnings({
        ...withHeadplane,
        headplane: { enabled: true, image: { tag: '0.6.3' }, config: { server: { tls_cert_path: '/tls/tls.crt' } } },
      }),
    ).toContainEqual(
      expect.stringMatching(/^headplane\.config\.server\.tls_cert_path: unknown key.*: Headplane 0\.6 drops it/),
    );
    expect(warnings(withHeadplane)).not.toContainEqual(expect.stringMatching(/^headplane\.(image|config)/));
  });

  it.each([
    ['kubernetes', { kubernetes: { enabled: true, pod_name: 'headscale-0' } }],
    ['proc', { proc: { enabled: true } }],
    ['docker', { docker: { enabled: true, container_name: 'headscale' } }],
  ])('refuses the %s integration at its key', (name, integration) => {
    expect(
      problemsOf(() => render({ ...withHeadplane, headplane: { enabled: true, config: { integration } } })),
    ).toEqual([
      expect.stringMatching(new RegExp(`^headplane\\.config\\.integration\\.${name}: is refused: this integration`)),
    ]);
  });

  it("refuses an inline cookie secret, pointing at the key job's Secret, not at ui.extraEnv", () => {
    const [problem] = problemsOf(() =>
      render({ ...withHeadplane, headplane: { enabled: true, config: { server: { cookie_secret: 'x'.repeat(32) } } } }),
    );
    expect(problem).toMatch(
      /^headplane\.config\.server\.cookie_secret: would put a secret in Headplane's ConfigMap: remove it: the key job keeps Headplane's cookie secret in <fullname>-headplane/,
    );
    expect(problem).not.toContain('ui.extraEnv');
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
  it("lets httpFrom in to Headplane's port, and Headplane's pods in to Headscale's", () => {
    const controller = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } };
    const objects = render({ ...withHeadplane, networkPolicy: { enabled: true, httpFrom: [controller] } });
    const headplaneSelector = find(objects, 'Deployment', 'headscale-headplane').spec.selector.matchLabels;
    expect(find(objects, 'NetworkPolicy', 'headscale-headplane').spec).toEqual({
      podSelector: { matchLabels: headplaneSelector },
      policyTypes: ['Ingress'],
      ingress: [{ from: [controller], ports: [{ port: 'http', protocol: 'TCP' }] }],
    });
    const [serverHttp] = find(objects, 'NetworkPolicy', 'headscale').spec.ingress;
    expect(serverHttp.ports).toEqual([{ port: 'http', protocol: 'TCP' }]);
    expect(serverHttp.from).toContainEqual({ podSelector: { matchLabels: headplaneSelector } });
  });
});
