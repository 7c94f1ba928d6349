import YAML from 'yaml';
import { parseValuesWithWarnings } from '../../src/chart/parse-values';
import { parseValuesYaml } from '../../src/values/load';
import { runCli } from '../support/cli';
import { problems, warnings } from '../support/problems';
import { envValues, find, type K8sObject, kinds, renderChart } from '../support/render';
import { expectYamlSnapshot } from '../support/yaml-snapshot';

/** A client of a Headscale elsewhere, as the CLI's --set gives it. */
const EXTERNAL = [
  'server.enabled=false',
  'client.loginServer=https://hs.example.com',
  'client.authKeySecret.name=edge-key',
];
const EXTERNAL_VALUES = {
  server: { enabled: false },
  client: { loginServer: 'https://hs.example.com', authKeySecret: { name: 'edge-key' } },
};

const clientContainer = (objects: K8sObject[], kind = 'Deployment') =>
  find(objects, kind, 'headscale-client').spec.template.spec.containers[0];

describe('server.enabled false: a client of a Headscale elsewhere', () => {
  it('renders the client and what it needs, and no Headscale server, from the CLI', () => {
    const { status, stdout, stderr } = runCli([
      'template',
      '-n',
      'headscale',
      ...EXTERNAL.flatMap((v) => ['--set', v]),
    ]);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    const objects = YAML.parseAllDocuments(stdout).map((d) => d.toJS() as K8sObject);
    expect(kinds(objects)).toEqual([
      'Deployment/headscale-client',
      'PodDisruptionBudget/headscale-client',
      'Role/headscale-client',
      'RoleBinding/headscale-client',
      'Secret/headscale-client-state',
      'ServiceAccount/headscale-client',
    ]);
    expect(stdout).not.toMatch(/headscale\/headscale:|kind: (ConfigMap|Service|Ingress|Job|CronJob)\n/);
    const container = clientContainer(objects);
    expect(envValues(container)).toMatchObject({
      LOGIN_SERVER: 'https://hs.example.com',
      AUTHKEY_FILE: '/etc/client-auth/authkey',
      TS_STATE: 'kube:headscale-client-state',
    });
    const volumes = find(objects, 'Deployment', 'headscale-client').spec.template.spec.volumes;
    expect(volumes.find((v: any) => v.name === 'client-auth').secret).toEqual({
      secretName: 'edge-key',
      optional: true,
    });
    expectYamlSnapshot('external-server', stdout);
  });

  it('leaves HeadscaleChart.server, ingress, ui and preauthKey undefined', () => {
    const { chart } = renderChart({ ...EXTERNAL_VALUES, ingress: { enabled: true }, ui: { enabled: true } });
    expect([chart.server, chart.ingress, chart.ui, chart.preauthKey]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(chart.client?.deployment).toBeDefined();
  });

  it('reads the key under client.authKeySecret.key and trusts client.caSecretName', () => {
    const { objects } = renderChart({
      server: { enabled: false },
      client: {
        loginServer: 'https://hs.internal.example',
        authKeySecret: { name: 'edge-key', key: 'preauth' },
        caSecretName: 'internal-ca',
      },
    });
    const container = clientContainer(objects);
    expect(envValues(container)).toMatchObject({
      AUTHKEY_FILE: '/etc/client-auth/preauth',
      SSL_CERT_DIR: '/etc/ssl/certs:/etc/headscale-ca',
    });
    const volumes = find(objects, 'Deployment', 'headscale-client').spec.template.spec.volumes;
    expect(volumes.find((v: any) => v.name === 'headscale-ca').secret).toEqual({
      secretName: 'internal-ca',
      items: [{ key: 'ca.crt', path: 'ca.crt' }],
      optional: true,
    });
  });

  it('runs as a DaemonSet with node-local state, and keeps only the client NetworkPolicy', () => {
    const daemonSet = renderChart({ ...EXTERNAL_VALUES, client: { ...EXTERNAL_VALUES.client, daemonset: true } });
    expect(kinds(daemonSet.objects)).toEqual([
      'DaemonSet/headscale-client',
      'PodDisruptionBudget/headscale-client',
      'ServiceAccount/headscale-client',
    ]);
    const { objects } = renderChart({ ...EXTERNAL_VALUES, networkPolicy: { enabled: true } });
    expect(kinds(objects).filter((k) => k.startsWith('NetworkPolicy/'))).toEqual(['NetworkPolicy/headscale-client']);
  });

  it("needs none of the server's keys, and ignores the server's rules", () => {
    // A listen_addr that disagrees with service.port would be refused with the server on.
    const values = { ...EXTERNAL_VALUES, service: { port: 80 }, config: { listen_addr: '0.0.0.0:9090' } };
    expect(kinds(renderChart(values).objects)).toContain('Deployment/headscale-client');
  });

  it('refuses a missing login server or key Secret at their keys, and a release with nothing in it', () => {
    expect(problems({ server: { enabled: false } })).toEqual([
      'client.loginServer: is required while server.enabled is false: the URL of the Headscale the client joins, such as https://headscale.example.com',
      'client.authKeySecret.name: is required while server.enabled is false: an existing Secret holding a preauth key from that Headscale (headscale preauthkeys create), under the key client.authKeySecret.key ("authkey")',
    ]);
    expect(problems({ server: { enabled: false }, client: { enabled: false } })).toEqual([
      'server.enabled: is false while client.enabled is false too: nothing would be deployed',
    ]);
    expect(
      problems({ ...EXTERNAL_VALUES, client: { ...EXTERNAL_VALUES.client, loginServer: 'hs.example.com' } }),
    ).toEqual([
      'client.loginServer: expected a http:// or https:// URL such as https://headscale.example.com (got "hs.example.com")',
    ]);
  });

  it("warns about the server's parts the values turn on, and about a plain-http login server", () => {
    expect(
      warnings({
        server: { enabled: false },
        client: { loginServer: 'http://hs.example.com', authKeySecret: { name: 'edge-key' } },
        ingress: { enabled: true },
        policy: { enabled: true },
      }),
    ).toEqual([
      expect.stringMatching(
        /^client\.loginServer: is plain HTTP \(got "http:\/\/hs\.example\.com"\): the client fails to reconnect/,
      ),
      'ingress.enabled: has no effect while server.enabled is false: only the client is deployed (configure this on the Headscale it joins)',
      'policy.enabled: has no effect while server.enabled is false: only the client is deployed (configure this on the Headscale it joins)',
    ]);
  });
});

describe('the client keys with the server on', () => {
  it('logs in to client.loginServer instead of the derived URL', () => {
    const { objects } = renderChart({ client: { loginServer: 'https://vpn.example.com' } });
    expect(envValues(clientContainer(objects)).LOGIN_SERVER).toBe('https://vpn.example.com');
  });

  it("takes the key from the user's Secret, with no key job, warning that routes need the client's tag", () => {
    const values = { client: { authKeySecret: { name: 'my-key' }, advertiseRoutes: ['10.96.0.0/12'] }, ...HTTPS };
    const { chart, objects } = renderChart(values);
    expect(chart.preauthKey).toBeUndefined();
    expect(kinds(objects).filter((k) => /^(Job|CronJob)\//.test(k) || k.includes('client-job'))).toEqual([]);
    const volumes = find(objects, 'Deployment', 'headscale-client').spec.template.spec.volumes;
    expect(volumes.find((v: any) => v.name === 'client-auth').secret.secretName).toBe('my-key');
    expect(warnings(values)).toEqual([
      'client.authKeySecret.name: names your own key, so the policy approves client.advertiseRoutes only if that key carries tag:in-cluster-client (headscale preauthkeys create --tags tag:in-cluster-client); else approve the routes by hand',
    ]);
  });

  it("trusts client.caSecretName instead of tls.secretName's CA", () => {
    const { objects } = renderChart({ tls: { secretName: 'hs-tls' }, client: { caSecretName: 'other-ca' } });
    const volumes = find(objects, 'Deployment', 'headscale-client').spec.template.spec.volumes;
    expect(volumes.find((v: any) => v.name === 'headscale-ca').secret.secretName).toBe('other-ca');
  });

  it("refuses a key name of the user's without the Secret's name: the key job writes authkey", () => {
    expect(problems({ client: { authKeySecret: { key: 'preauth' } } })).toEqual([
      'client.authKeySecret.key: is "preauth" without client.authKeySecret.name: the key job writes the key as "authkey"; name your own Secret in client.authKeySecret.name, or leave the key unset',
    ]);
  });
});

const HTTPS = { config: { server_url: 'https://vpn.example.com' } };

describe('values files written for chart 0.2.0 and later', () => {
  it('load with every key those versions add, none refused as unknown', () => {
    const later = `
server: { enabled: true }
tls: { secretName: hs-tls }
client:
  acceptRoutes: true
  loginServer: https://vpn.example.com
  authKeySecret: { name: my-key, key: authkey }
  caSecretName: my-ca
  internalTls: { image: { repository: nginx, tag: alpine, pullPolicy: IfNotPresent } }
policy:
  enabled: true
  path: /etc/headscale/policy/policy.json
  hotReload: { enabled: true }
`;
    const { values, warnings } = parseValuesWithWarnings(parseValuesYaml(later, 'later.yaml'));
    expect(values.policy.hotReload.enabled).toBe(true);
    expect(warnings.map((w) => w.path)).toEqual(['client.internalTls.image']);
    const external =
      'server: { enabled: false }\nclient: { loginServer: https://hs.example.com, authKeySecret: { name: edge-key } }\n';
    expect(parseValuesWithWarnings(parseValuesYaml(external, 'external.yaml')).warnings).toEqual([]);
  });
});
