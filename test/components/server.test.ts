import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { HeadscaleChart } from '../../src/chart/chart';
import { find, kinds, render, renderChart } from '../support/render';

const serverPod = (objects: ReturnType<typeof render>) => find(objects, 'Deployment', 'headscale').spec.template;

describe('the Headscale server', () => {
  it('renders a single-replica Recreate Deployment running headscale serve', () => {
    const deployment = find(render(), 'Deployment', 'headscale');
    expect(deployment.spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
    expect(deployment.spec.template.spec.containers[0]).toMatchObject({
      name: 'headscale',
      image: 'headscale/headscale:v0.29.2',
      command: ['headscale', 'serve'],
      args: ['-c', '/etc/headscale/config.yaml'],
      ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    });
  });

  it('gives the server no API token (the chart renders automountServiceAccountToken empty: fault 1)', () => {
    const objects = render();
    expect(find(objects, 'ServiceAccount', 'headscale').automountServiceAccountToken).toBe(false);
    expect(serverPod(objects).spec.automountServiceAccountToken).toBe(false);
    const withExistingAccount = render({ serviceAccount: { create: false, name: 'existing-sa' } });
    expect(kinds(withExistingAccount)).not.toContain('ServiceAccount/headscale');
    expect(serverPod(withExistingAccount).spec).toMatchObject({
      serviceAccountName: 'existing-sa',
      automountServiceAccountToken: false,
    });
  });

  it('keeps the data claim through a Helm uninstall, an Argo CD prune or deletion, and a Flux prune', () => {
    expect(find(render(), 'PersistentVolumeClaim', 'headscale').metadata.annotations).toEqual({
      'helm.sh/resource-policy': 'keep',
      'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
      'kustomize.toolkit.fluxcd.io/prune': 'disabled',
    });
  });

  it('mounts an existing claim without creating one, and an emptyDir without persistence (the root filesystem is read-only)', () => {
    const existing = render({ persistence: { existingClaim: 'headscale-data' } });
    expect(kinds(existing)).not.toContain('PersistentVolumeClaim/headscale');
    expect(serverPod(existing).spec.volumes[0]).toEqual({
      name: 'data',
      persistentVolumeClaim: { claimName: 'headscale-data' },
    });
    const ephemeral = render({ persistence: { enabled: false } });
    expect(kinds(ephemeral)).not.toContain('PersistentVolumeClaim/headscale');
    expect(serverPod(ephemeral).spec.volumes.slice(0, 2)).toEqual([
      { name: 'data', emptyDir: {} },
      { name: 'tmp', emptyDir: {} },
    ]);
    expect(serverPod(ephemeral).spec.containers[0].volumeMounts.slice(0, 2)).toEqual([
      { name: 'data', mountPath: '/var/lib/headscale' },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
  });

  it('rolls the pod when any mounted file changes', () => {
    const annotations = (values: object) => serverPod(render(values)).metadata.annotations;
    const withFiles = {
      derpMap: { enabled: true, content: { regions: {} } },
      extraDnsRecords: { enabled: true },
      policy: { enabled: true },
    };
    expect(Object.keys(annotations(withFiles)).sort()).toEqual([
      'checksum/config',
      'checksum/derp-map',
      'checksum/extra-dns',
      'checksum/policy',
    ]);
    const changed = annotations({
      ...withFiles,
      extraDnsRecords: { enabled: true, records: [{ name: 'a.example', type: 'A', value: '100.64.0.1' }] },
    });
    expect(changed['checksum/extra-dns']).not.toBe(annotations(withFiles)['checksum/extra-dns']);
    expect(changed['checksum/derp-map']).toBe(annotations(withFiles)['checksum/derp-map']);
  });

  it('mounts every file read-only by subPath', () => {
    const mounts = serverPod(render({ policy: { enabled: true } })).spec.containers[0].volumeMounts;
    expect(mounts.filter((m: any) => m.subPath)).toEqual([
      { name: 'config', mountPath: '/etc/headscale/config.yaml', subPath: 'config.yaml', readOnly: true },
      { name: 'policy', mountPath: '/etc/headscale/policy.json', subPath: 'policy.json', readOnly: true },
    ]);
  });

  it('passes Kubernetes fragments from values through unchanged', () => {
    const pod = serverPod(
      render({
        resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
        readinessProbe: { httpGet: { port: 8080 } },
        livenessProbe: null,
        nodeSelector: { 'kubernetes.io/arch': 'arm64' },
        tolerations: [{ key: 'edge', operator: 'Exists', effect: 'NoSchedule' }],
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }],
            },
          },
        },
        extraVolumes: [{ name: 'scratch', emptyDir: { sizeLimit: '1Gi' } }],
        extraVolumeMounts: [{ name: 'scratch', mountPath: '/scratch' }],
      }),
    );
    const container = pod.spec.containers[0];
    expect(container.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health', port: 8080 });
    expect(container).not.toHaveProperty('livenessProbe');
    expect(pod.spec.nodeSelector).toEqual({ 'kubernetes.io/arch': 'arm64' });
    expect(pod.spec.tolerations).toEqual([{ key: 'edge', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(
      pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]
        .matchExpressions[0].values,
    ).toEqual(['a']);
    expect(pod.spec.volumes.at(-1)).toEqual({ name: 'scratch', emptyDir: { sizeLimit: '1Gi' } });
    expect(container.volumeMounts.at(-1)).toEqual({ name: 'scratch', mountPath: '/scratch' });
  });

  it('leaves out empty scheduling fields and the runtime volume when socketDir is empty', () => {
    const pod = serverPod(render({ runtime: { socketDir: '' } }));
    expect(pod.spec).not.toHaveProperty('nodeSelector');
    expect(pod.spec).not.toHaveProperty('tolerations');
    expect(pod.spec.volumes.map((v: any) => v.name)).toEqual(['data', 'tmp', 'config']);
  });

  it('does not let podLabels replace the labels the selectors match', () => {
    const labels = serverPod(render({ podLabels: { 'app.kubernetes.io/name': 'other', team: 'platform' } })).metadata
      .labels;
    expect(labels).toMatchObject({ 'app.kubernetes.io/name': 'headscale', team: 'platform' });
  });

  it('budgets disruptions with minAvailable when given, else maxUnavailable', () => {
    expect(find(render(), 'PodDisruptionBudget', 'headscale').spec).toEqual({
      maxUnavailable: 1,
      selector: {
        matchLabels: {
          'app.kubernetes.io/name': 'headscale',
          'app.kubernetes.io/instance': 'headscale',
          'app.kubernetes.io/component': 'server',
        },
      },
    });
    expect(
      find(render({ podDisruptionBudget: { minAvailable: '50%' } }), 'PodDisruptionBudget', 'headscale').spec,
    ).not.toHaveProperty('maxUnavailable');
    expect(
      find(render({ podDisruptionBudget: { minAvailable: 0 } }), 'PodDisruptionBudget', 'headscale').spec.minAvailable,
    ).toBe(0);
    expect(kinds(render({ podDisruptionBudget: { enabled: false } }))).not.toContain('PodDisruptionBudget/headscale');
  });

  it('serves TLS itself from tls.secretName, with HTTPS probes', () => {
    const objects = render({ tls: { secretName: 'headscale-tls' } });
    const pod = serverPod(objects);
    expect(pod.spec.volumes).toContainEqual({ name: 'tls-certs', secret: { secretName: 'headscale-tls' } });
    expect(pod.spec.containers[0].volumeMounts).toContainEqual({
      name: 'tls-certs',
      mountPath: '/etc/headscale/tls',
      readOnly: true,
    });
    expect(pod.spec.containers[0].readinessProbe.httpGet).toEqual({ path: '/health', port: 'http', scheme: 'HTTPS' });
    expect(pod.spec.containers[0].livenessProbe.httpGet.scheme).toBe('HTTPS');
    const config = find(objects, 'ConfigMap', 'headscale').data['config.yaml'];
    expect(config).toContain('tls_cert_path: /etc/headscale/tls/tls.crt\ntls_key_path: /etc/headscale/tls/tls.key\n');
    expect(config).toContain('server_url: https://headscale.headscale.svc.cluster.local:443');
    expect(serverPod(render()).spec.containers[0].readinessProbe.httpGet).not.toHaveProperty('scheme');
  });

  it('expects an existing config ConfigMap with configMap.create false', () => {
    const objects = render({ configMap: { create: false } });
    expect(kinds(objects)).not.toContain('ConfigMap/headscale');
    expect(serverPod(objects).spec.volumes).toContainEqual({ name: 'config', configMap: { name: 'headscale' } });
  });

  it("routes every ingress host and path to the server's http port", () => {
    const ingress = find(
      render({
        ingress: {
          enabled: true,
          className: '',
          hosts: [{ host: 'a.example', paths: [{ path: '/', pathType: 'Prefix' }] }, { host: 'b.example' }],
        },
      }),
      'Ingress',
      'headscale',
    );
    expect(ingress.spec).toEqual({
      rules: [
        {
          host: 'a.example',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'headscale', port: { name: 'http' } } } },
            ],
          },
        },
        {
          host: 'b.example',
          http: {
            paths: [
              {
                path: '/',
                pathType: 'ImplementationSpecific',
                backend: { service: { name: 'headscale', port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    });
  });

  it('puts every object in the release namespace and keeps every name within 63 characters', () => {
    const ingress = { enabled: true, hosts: [{ host: 'headscale.example.com' }] };
    const objects = render(
      { policy: { enabled: true }, derpMap: { enabled: true }, extraDnsRecords: { enabled: true }, ingress },
      { releaseName: 'r'.repeat(53) },
    );
    for (const o of objects) {
      expect(o.metadata.namespace).toBe('headscale');
      expect(o.metadata.name.length).toBeLessThanOrEqual(63);
    }
  });
});

describe('HeadscaleChart', () => {
  it('exposes every emitted object for patching', () => {
    const { chart } = renderChart({
      derpMap: { enabled: true },
      ingress: { enabled: true, hosts: [{ host: 'headscale.example.com' }] },
    });
    ApiObject.of(chart.server!.deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'vpn'));
    chart.server!.service.metadata.addAnnotation('example.com/exposed', 'yes');
    const objects = Testing.synth(chart);
    expect(find(objects as any, 'Deployment', 'headscale').spec.template.spec.priorityClassName).toBe('vpn');
    expect(find(objects as any, 'Service', 'headscale').metadata.annotations).toEqual({ 'example.com/exposed': 'yes' });
    expect(chart.server!.derpMap?.configMap).toBeDefined();
    expect(chart.ingress?.ingress).toBeDefined();
    expect(chart.server!.dataClaim?.claim).toBeDefined();
  });

  it('applies patches to the manifest as written: quantities and fields newer than the bindings stay', () => {
    const { chart } = renderChart({});
    const patch = ApiObject.of(chart.server!.deployment);
    patch.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/resources', { limits: { memory: '1Gi' } }));
    patch.addJsonPatch(JsonPatch.add('/spec/template/spec/hostUsers', false));
    patch.addJsonPatch(
      JsonPatch.add('/spec/template/spec/resourceClaims', [{ name: 'gpu', resourceClaimName: 'gpu' }]),
    );
    const spec = find(Testing.synth(chart) as any, 'Deployment', 'headscale').spec.template.spec;
    expect(spec.containers[0].resources).toEqual({ limits: { memory: '1Gi' } });
    expect(spec.hostUsers).toBe(false);
    expect(spec.resourceClaims).toEqual([{ name: 'gpu', resourceClaimName: 'gpu' }]);
  });

  it('defaults to release "headscale" in namespace "default"', () => {
    const chart = new HeadscaleChart(Testing.app(), 'hs');
    expect(chart.release).toMatchObject({ releaseName: 'headscale', namespace: 'default', fullname: 'headscale' });
    // The values show the Service's port in use: unset, it follows config.listen_addr, else 8080 (see derive/ports.ts).
    expect(chart.values.service.port).toBe(8080);
    expect(chart.server!.service.toJson().spec.ports[0].port).toBe(8080);
  });

  it('throws a ValuesError for invalid values, before creating anything', () => {
    const app = Testing.app();
    expect(
      () => new HeadscaleChart(app, 'hs', { values: { service: { port: 'eighty' as unknown as number } } }),
    ).toThrow('service.port: expected a number, got "eighty"');
  });
});
