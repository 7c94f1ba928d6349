import { parseValues } from '../../src/chart/parse-values';
import { problems, warnings } from '../support/problems';

/** An https server_url: the in-cluster client logs in over TLS, so no warning about it. */
const HTTPS = { config: { server_url: 'https://vpn.example.com' } };
/** An ingress whose host is outside the default dns.base_domain (headscale.local), as a server_url must be. */
const INGRESS = {
  enabled: true,
  hosts: [{ host: 'vpn.example.com', paths: [{ path: '/', pathType: 'Prefix' as const }] }],
};

describe('the rules between keys', () => {
  it('takes an exit node with or without default routes among the advertised ones, as tailscale does', () => {
    expect(() => parseValues({ client: { exitNode: true, advertiseRoutes: ['10.96.0.0/12'] } })).not.toThrow();
    expect(() => parseValues({ client: { exitNode: true, advertiseRoutes: ['::/0'] } })).not.toThrow();
    expect(() => parseValues({ client: { enabled: false, exitNode: true } })).not.toThrow();
  });

  it('refuses both limits of a disruption budget, but not the default beside minAvailable', () => {
    expect(
      problems({
        podDisruptionBudget: { minAvailable: 1, maxUnavailable: 1 },
        client: { podDisruptionBudget: { minAvailable: '50%', maxUnavailable: 0 } },
        ui: { enabled: true, podDisruptionBudget: { minAvailable: 0, maxUnavailable: '10%' } },
      }),
    ).toEqual([
      "podDisruptionBudget.maxUnavailable: can't be combined with minAvailable: Kubernetes takes one of them (remove one)",
      "ui.podDisruptionBudget.maxUnavailable: can't be combined with minAvailable: Kubernetes takes one of them (remove one)",
      "client.podDisruptionBudget.maxUnavailable: can't be combined with minAvailable: Kubernetes takes one of them (remove one)",
    ]);
    expect(parseValues({ podDisruptionBudget: { minAvailable: 1 } }).podDisruptionBudget).toEqual({
      enabled: true,
      minAvailable: 1,
    });
    expect(parseValues({}).podDisruptionBudget).toEqual({ enabled: true, maxUnavailable: 1 });
  });

  it('refuses a disruption budget limit that is neither a number nor a percentage', () => {
    expect(problems({ podDisruptionBudget: { maxUnavailable: 'one' } })).toEqual([
      'podDisruptionBudget.maxUnavailable: expected a number or a percentage such as "50%" (got "one")',
    ]);
  });

  it('takes each config key from one Secret only', () => {
    const entry = { key: 'oidc.client_secret', secretName: 'a', secretKey: 'k' };
    expect(problems({ secretEnv: [entry, { ...entry, secretName: 'b' }] })).toEqual([
      'secretEnv[1].key: repeats secretEnv[0].key (got "oidc.client_secret"): each config key comes from one Secret',
    ]);
  });

  it("warns that the client's approvals can't reach a policy in an existing ConfigMap", () => {
    expect(
      warnings({
        ...HTTPS,
        policy: { enabled: true, configMap: { create: false, name: 'acl' } },
        client: { advertiseRoutes: ['10.96.0.0/12'] },
      }),
    ).toEqual([
      'policy.configMap.create: is false, so the auto-approvals of client.advertiseRoutes can\'t be added to the policy: add tagOwners "tag:in-cluster-client": ["headscale-system@"] and autoApprovers for the routes to that ConfigMap\'s policy, or approve them by hand',
    ]);
    expect(warnings({ ...HTTPS, policy: { enabled: true, configMap: { create: false, name: 'acl' } } })).toEqual([]);
  });

  it('warns about a secretEnv key Headscale does not know', () => {
    expect(
      warnings({
        client: { enabled: false },
        secretEnv: [{ key: 'oidc.client_secrt', secretName: 'oidc', secretKey: 'secret' }],
      }),
    ).toEqual([
      'secretEnv[0].key: unknown key of Headscale\'s config, which Headscale ignores (did you mean "client_secret"?)',
    ]);
  });

  it('warns when the in-cluster client can only log in over plain HTTP (tailscale issue 15008), the defaults included', () => {
    const warning = expect.stringMatching(
      /^client\.enabled: logs the client in over plain HTTP, .*docs\/configuration\.md#tls-for-the-client$/,
    );
    expect(warnings({})).toEqual([warning]);
    expect(warnings({ ingress: { ...INGRESS, tls: [] }, client: { internalTls: { enabled: false } } })).toEqual([
      warning,
    ]);
    // The in-cluster TLS listener gives the client TLS whenever an ingress fronts Headscale.
    expect(warnings({ ingress: INGRESS })).toEqual([]);
    expect(warnings({ client: { enabled: false } })).toEqual([]);
    expect(warnings(HTTPS)).toEqual([]);
    expect(warnings({ ingress: { ...INGRESS, tls: [{ secretName: 'vpn-tls', hosts: ['vpn.example.com'] }] } })).toEqual(
      [],
    );
    expect(warnings({ tls: { secretName: 'headscale-tls' } })).toEqual([]);
  });

  it("says what chart 0.2.0's client.internalTls became", () => {
    const internalTls = { image: { repository: 'nginx', tag: 'alpine' } };
    expect(warnings({ ...HTTPS, client: { internalTls } })).toEqual([
      "client.internalTls.image: is chart 0.2.0's image of its TLS sidecar, whose Alpine nginx has no openssl (the chart installs it at start), and is not used: the client logs in to the https server_url",
    ]);
    expect(warnings({ tls: { secretName: 'headscale-tls' }, client: { internalTls } })).toEqual([
      expect.stringMatching(/^client\.internalTls\.image: .*Headscale serves TLS itself \(tls\.secretName\)/),
    ]);
    expect(warnings({ ingress: INGRESS, client: { internalTls } })).toEqual([
      expect.stringMatching(/^client\.internalTls\.image: .*the TLS sidecar runs client\.internalTls\.sidecarImage/),
    ]);
    expect(warnings({ ingress: INGRESS, client: { internalTls: { enabled: true } } })).toEqual([]);
  });

  it('refuses userspace networking for a DaemonSet, which exists to give nodes tailnet routes', () => {
    expect(problems({ client: { daemonset: true, userspace: true } })).toEqual([
      expect.stringMatching(/^client\.userspace: can't be true with a DaemonSet: /),
    ]);
    expect(() => warnings({ client: { daemonset: true, userspace: false } })).not.toThrow();
  });

  it('warns when a read-only root filesystem leaves Headscale no place for its socket', () => {
    expect(warnings({ ...HTTPS, runtime: { socketDir: '' } })).toEqual([
      expect.stringMatching(/^runtime\.socketDir: is empty while securityContext\.readOnlyRootFilesystem is true/),
    ]);
    expect(
      warnings({ ...HTTPS, runtime: { socketDir: '' }, securityContext: { readOnlyRootFilesystem: false } }),
    ).toEqual([]);
  });

  it('warns when NetworkPolicies would keep the ingress controller or a load balancer out', () => {
    const values = { ...HTTPS, networkPolicy: { enabled: true } };
    expect(warnings({ ...values, ingress: { enabled: true } })).toEqual([
      expect.stringMatching(/^networkPolicy\.httpFrom: is empty while ingress\.enabled is true/),
    ]);
    expect(warnings({ ...values, service: { type: 'LoadBalancer' } })).toEqual([
      expect.stringMatching(/^networkPolicy\.httpFrom: is empty while service\.type is LoadBalancer/),
    ]);
    expect(warnings(values)).toEqual([]);
    expect(
      warnings({
        ...values,
        ingress: { enabled: true },
        networkPolicy: { enabled: true, httpFrom: [{ namespaceSelector: {} }] },
      }),
    ).toEqual([]);
  });
});

describe('the checks of single keys', () => {
  it('requires advertised routes to be prefixes tailscale accepts', () => {
    expect(
      problems({ client: { advertiseRoutes: ['10.96.0.0/12', '10.96.0.1/12', '10.0.0.0', 'fd00::/129'] } }),
    ).toEqual([
      'client.advertiseRoutes[1]: is refused by tailscale: 10.96.0.1/12 has non-address bits set; expected 10.96.0.0/12',
      'client.advertiseRoutes[2]: is refused by tailscale: "10.0.0.0" is not a valid IP address or CIDR prefix; expected a CIDR prefix such as 10.96.0.0/12, fd00::/8 or 0.0.0.0/0',
      'client.advertiseRoutes[3]: is refused by tailscale: "fd00::/129" is not a valid IP address or CIDR prefix; expected a CIDR prefix such as 10.96.0.0/12, fd00::/8 or 0.0.0.0/0',
    ]);
  });

  it('requires the names the user gives to be valid Kubernetes names', () => {
    expect(
      problems({
        nameOverride: 'Head_Scale',
        fullnameOverride: '1vpn',
        serviceAccount: { name: 'sa!' },
        persistence: { existingClaim: 'Data' },
        ui: { persistence: { existingClaim: '-ui' }, configMap: { name: 'ui config' } },
        derpMap: { configMap: { name: 'derp.', key: 'derp map.yaml' } },
        extraDnsRecords: { configMap: { name: 'DNS' } },
        policy: { configMap: { name: 'acl_policy' } },
        tls: { secretName: 'TLS' },
        imagePullSecrets: [{ name: 'reg cred' }],
        secretEnv: [{ key: 'OIDC', secretName: 'Oidc', secretKey: 'client secret' }],
      }),
    ).toEqual([
      'nameOverride: is not a valid Kubernetes name (got "Head_Scale"; expected lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)',
      'fullnameOverride: is not a valid Kubernetes name (got "1vpn"; expected lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, at most 63 characters)',
      'imagePullSecrets[0].name: is not a valid Kubernetes name (got "reg cred"; expected lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters)',
      'serviceAccount.name: is not a valid Kubernetes name (got "sa!"; expected lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters)',
      'persistence.existingClaim: is not a valid Kubernetes name (got "Data"; expected lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters)',
      'secretEnv[0].key: expected a config key path such as oidc.client_secret (got "OIDC")',
      'secretEnv[0].secretName: is not a valid Kubernetes name (got "Oidc"; expected lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters)',
      'secretEnv[0].secretKey: is not a valid Kubernetes name (got "client secret"; expected letters, digits, "-", "_" and ".", at most 253 characters)',
      'derpMap.configMap.name: is not a valid Kubernetes name (got "derp."; expected lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters)',
      'derpMap.configMap.key: is not a valid Kubernetes name (got "derp map.yaml"; expected letters, digits, "-", "_" and ".", at most 253 characters)',
      'extraDnsRecords.configMap.name: is not a valid Kubernetes name (got "DNS"; expected lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters)',
      'policy.configMap.name: is not a valid Kubernetes name (got "acl_policy"; expected lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters)',
      'tls.secretName: is not a valid Kubernetes name (got "TLS"; expected lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters)',
      'ui.persistence.existingClaim: is not a valid Kubernetes name (got "-ui"; expected lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters)',
      'ui.configMap.name: is not a valid Kubernetes name (got "ui config"; expected lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters)',
    ]);
  });

  it('cuts a long fullnameOverride to 63 characters, as the chart does, instead of refusing it', () => {
    expect(() => parseValues({ fullnameOverride: 'a'.repeat(70) })).not.toThrow();
  });

  it('requires storage sizes and resources to be Kubernetes quantities', () => {
    expect(
      problems({
        persistence: { size: '10 GB', accessModes: ['ReadWriteAlways'] },
        ui: { persistence: { size: '0Gi' } },
        resources: { requests: { cpu: 'half', memory: -1 }, limits: { memory: '1h' } },
      }),
    ).toEqual([
      'resources.requests.cpu: expected a Kubernetes quantity such as 500m, 2, 256Mi or 1Gi, not below zero (got "half")',
      'resources.requests.memory: expected a Kubernetes quantity such as 500m, 2, 256Mi or 1Gi, not below zero (got -1)',
      'resources.limits.memory: expected a Kubernetes quantity such as 500m, 2, 256Mi or 1Gi, not below zero (got "1h")',
      'persistence.accessModes[0]: expected "ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany" or "ReadWriteOncePod", got "ReadWriteAlways"',
      'persistence.size: expected a storage size above zero, a Kubernetes quantity such as 500m, 2, 256Mi or 1Gi (got "10 GB")',
      'ui.persistence.size: expected a storage size above zero, a Kubernetes quantity such as 500m, 2, 256Mi or 1Gi (got "0Gi")',
    ]);
  });

  it("checks every workload's resources like the server's", () => {
    expect(
      problems({
        client: { resources: { requests: { cpu: 'lots' } }, job: { resources: { limits: { memory: '-5Mi' } } } },
        ui: { resources: { requests: { cpu: '1 core' } } },
      }),
    ).toEqual([
      'client.job.resources.limits.memory: expected a Kubernetes quantity such as 500m, 2, 256Mi or 1Gi, not below zero (got "-5Mi")',
      'client.resources.requests.cpu: expected a Kubernetes quantity such as 500m, 2, 256Mi or 1Gi, not below zero (got "lots")',
      'ui.resources.requests.cpu: expected a Kubernetes quantity such as 500m, 2, 256Mi or 1Gi, not below zero (got "1 core")',
    ]);
  });
});
