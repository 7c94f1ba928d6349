import { parseValues } from '../../src/chart/parse-values';
import { problems } from '../support/problems';

describe('parseValues', () => {
  it("applies the chart's defaults to empty values", () => {
    const values = parseValues({});
    expect(values.image).toEqual({ repository: 'headscale/headscale', tag: 'v0.29.2', pullPolicy: 'IfNotPresent' });
    expect(values.service).toEqual({ type: 'ClusterIP', port: 8080 });
    expect(values.persistence).toEqual({
      enabled: true,
      existingClaim: '',
      accessModes: ['ReadWriteOnce'],
      size: '1Gi',
      storageClassName: '',
    });
    expect(values.podDisruptionBudget).toEqual({ enabled: true, maxUnavailable: 1 });
    expect(values.client.preauthKeyExpiration).toBe('87600h');
    expect(values.ui.ingress.path).toBe('/web');
    expect(values.livenessProbe).toEqual({
      failureThreshold: 3,
      httpGet: { path: '/health', port: 'http' },
      initialDelaySeconds: 10,
      periodSeconds: 5,
      timeoutSeconds: 3,
    });
    expect(parseValues(undefined)).toEqual(values);
  });

  it('fills the defaults under a partly given map', () => {
    const values = parseValues({ client: { job: { cronjob: { enabled: true } } }, image: { tag: 'v0.27.1' } });
    expect(values.client.job.cronjob).toEqual({ enabled: true, schedule: '0 3 1 * *' });
    expect(values.client.job.image.repository).toBe('alpine/k8s');
    expect(values.image).toEqual({ repository: 'headscale/headscale', tag: 'v0.27.1', pullPolicy: 'IfNotPresent' });
  });

  it('merges config over its defaults as Helm does: maps key by key, lists replace, null deletes', () => {
    const { config } = parseValues({
      config: {
        database: { type: 'postgres', postgres: { host: 'db', name: 'headscale', user: 'headscale' } },
        dns: { nameservers: { global: ['9.9.9.9'] }, magic_dns: null },
      },
    });
    expect(config!.database).toEqual({
      type: 'postgres',
      postgres: { host: 'db', name: 'headscale', user: 'headscale' },
      sqlite: { path: '/var/lib/headscale/db.sqlite' },
    });
    expect(config!.dns).toEqual({
      base_domain: 'headscale.local',
      override_local_dns: true,
      nameservers: { global: ['9.9.9.9'] },
    });
    expect(config!.noise).toEqual({ private_key_path: '/var/lib/headscale/noise_private.key' });
  });

  it('merges probes and security contexts over their defaults, and null removes a probe', () => {
    const values = parseValues({
      readinessProbe: { periodSeconds: 20 },
      livenessProbe: null,
      securityContext: { readOnlyRootFilesystem: true },
    });
    expect(values.readinessProbe).toMatchObject({ periodSeconds: 20, httpGet: { path: '/health', port: 'http' } });
    expect(values.livenessProbe).toBeUndefined();
    expect(values.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('names the key path and the bad value of a wrong type', () => {
    expect(problems({ service: { port: 'eighty' } })).toEqual(['service.port: expected a number, got "eighty"']);
    expect(problems({ ingress: { hosts: [{ host: 'a', paths: [{ path: 3 }] }] } })).toEqual([
      'ingress.hosts[0].paths[0].path: expected a string, got 3',
    ]);
    expect(problems({ client: 'yes' })).toEqual(['client: expected a map, got "yes"']);
    expect(problems({ podAnnotations: { 'prometheus.io/scrape': true } })).toEqual([
      'podAnnotations["prometheus.io/scrape"]: expected a string, got true',
    ]);
  });

  it('refuses an unknown key with a "did you mean" suggestion', () => {
    expect(problems({ service: { prot: 80 } })).toEqual(['service.prot: unknown key (did you mean "port"?)']);
    expect(problems({ imagePullSecret: [] })).toEqual([
      'imagePullSecret: unknown key (did you mean "imagePullSecrets"?)',
    ]);
    expect(problems({ client: { job: { cronJob: {} } } })).toEqual([
      'client.job.cronJob: unknown key (did you mean "cronjob"?)',
    ]);
    expect(problems({ zzzzzz: 1 })).toEqual(['zzzzzz: unknown key']);
  });

  it('names the allowed values of an enumeration or a union', () => {
    expect(problems({ image: { pullPolicy: 'Sometimes' } })).toEqual([
      'image.pullPolicy: expected "Always", "IfNotPresent" or "Never", got "Sometimes"',
    ]);
    expect(problems({ client: { acceptDns: 'no' } })).toEqual([
      'client.acceptDns: expected "unset", a boolean, "true" or "false", got "no"',
    ]);
    expect(problems({ service: { port: 70000 } })).toEqual([
      'service.port: Too big: expected number to be <=65535 (got 70000)',
    ]);
  });

  it('reports every problem at once', () => {
    expect(problems({ service: { port: 'x', type: 'Public' }, nameOveride: 'a' })).toHaveLength(3);
  });

  it('requires the name of an existing ConfigMap for each mounted file', () => {
    expect(
      problems({
        derpMap: { enabled: true, configMap: { create: false } },
        extraDnsRecords: { enabled: true, configMap: { create: false } },
        policy: { enabled: true, configMap: { create: false } },
        ui: { enabled: true, configMap: { enabled: true, create: false } },
      }),
    ).toEqual([
      'derpMap.configMap.name: is required when configMap.create is false (the name of the existing ConfigMap to mount)',
      'extraDnsRecords.configMap.name: is required when configMap.create is false (the name of the existing ConfigMap to mount)',
      'policy.configMap.name: is required when configMap.create is false (the name of the existing ConfigMap to mount)',
      'ui.configMap.name: is required when configMap.create is false (the name of the existing ConfigMap to mount)',
    ]);
    expect(() => parseValues({ derpMap: { enabled: false, configMap: { create: false } } })).not.toThrow();
  });

  it('requires an ingress host when ingress is enabled', () => {
    expect(problems({ ingress: { enabled: true, hosts: [] } })).toEqual([
      'ingress.hosts: needs at least one host when ingress.enabled is true',
    ]);
  });

  it('throws a ValuesError whose message lists the problems', () => {
    expect(() => parseValues({ service: { port: 'x' } })).toThrow(
      'invalid values:\n  service.port: expected a number, got "x"',
    );
  });
});
