import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { HeadscaleChart } from '../../src/chart/chart';
import { renderHeadscale } from '../../src/render';
import { kubernetesFindings, manifestProblems } from '../../src/kubernetes/manifest-schema';
import { parseValuesYaml } from '../../src/values/load';
import { parseValues } from '../../src/chart/parse-values';
import { loadRender } from '../parity/compare';
import { problems } from '../support/problems';
import { manifestProblemsOf } from '../support/render';

const FIXTURES = join(__dirname, '..', 'fixtures', 'parity');

const CASES = readdirSync(FIXTURES).filter((f) => f.endsWith('.values.yaml'));

describe('every object the chart emits', () => {
  it.each(CASES)('passes the Kubernetes schema in the %s reference case', (file) => {
    const values = parseValuesYaml(readFileSync(join(FIXTURES, file), 'utf8'), file);
    const objects = loadRender(renderHeadscale({ releaseName: 'headscale', namespace: 'headscale', values }).yaml);
    expect(objects.length).toBeGreaterThan(0);
    expect(manifestProblems(objects)).toEqual([]);
  });

  it('is checked at synth, patches included: the error names the object and the field', () => {
    const chart = new HeadscaleChart(Testing.app(), 'hs', { values: {} });
    ApiObject.of(chart.server!.deployment).addJsonPatch(JsonPatch.replace('/spec/replicas', 'one'));
    ApiObject.of(chart.server!.service).addJsonPatch(JsonPatch.add('/spec/ports/0/protocol', 'ICMP'));
    expect(manifestProblemsOf(chart)).toEqual([
      'Deployment/headscale: spec.replicas: expected an integer (got "one")',
      'Service/headscale: spec.ports[0].protocol: expected "SCTP", "TCP" or "UDP" (got "ICMP")',
    ]);
  });
});

describe('kubernetesFindings', () => {
  it('names the missing and the wrong fields of an object', () => {
    expect(
      kubernetesFindings('apps/v1', 'Deployment', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'x' },
        spec: { template: { spec: { containers: [{ image: 5 }] } } },
      }),
    ).toEqual([
      { at: ['spec', 'selector'], message: 'is required' },
      { at: ['spec', 'template', 'spec', 'containers', 0, 'name'], message: 'is required' },
      { at: ['spec', 'template', 'spec', 'containers', 0, 'image'], message: 'expected a string (got 5)' },
    ]);
  });

  it("passes kinds it has no schema for (custom resources) and refuses nothing it can't name", () => {
    expect(kubernetesFindings('example.com/v1', 'Widget', { spec: 5 })).toEqual([]);
    expect(kubernetesFindings('../../x', 'Deployment', {})).toEqual([]);
  });

  it('refuses what decoding into the Go types refuses: integer sizes, base64, timestamps, quantities', () => {
    const secret = (data: Record<string, unknown>, creationTimestamp?: string) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', creationTimestamp },
      data,
    });
    expect(kubernetesFindings('v1', 'Secret', secret({ a: 'aGk=' }, '2024-02-29T23:59:59.5+01:00'))).toEqual([]);
    expect(kubernetesFindings('v1', 'Secret', secret({ a: 'aGk' }, '2023-02-29T10:00:00Z'))).toEqual([
      { at: ['metadata', 'creationTimestamp'], message: expect.stringContaining('expected an RFC 3339 time') },
      { at: ['data', 'a'], message: 'expected base64 (padded, with + and /) (got "aGk")' },
    ]);
    expect(kubernetesFindings('v1', 'ServicePort', { port: 2 ** 31 })).toEqual([
      { at: ['port'], message: 'expected an integer from -2147483648 to 2147483647 (got 2147483648)' },
    ]);
    expect(kubernetesFindings('v1', 'ServicePort', { port: 80.5 })).toEqual([
      { at: ['port'], message: 'expected an integer (got 80.5)' },
    ]);
    // resource.Quantity reads a JSON number as it reads a string.
    expect(kubernetesFindings('v1', 'ResourceRequirements', { limits: { cpu: 0.5, memory: '1Gi' } })).toEqual([]);
    expect(kubernetesFindings('v1', 'ResourceRequirements', { limits: { cpu: true, memory: '1Gb' } })).toEqual([
      { at: ['limits', 'cpu'], message: 'expected a number or a string (got true)' },
      { at: ['limits', 'memory'], message: expect.stringContaining('expected a Kubernetes quantity') },
    ]);
  });

  it('takes a null field or map value for one not given, as decoding leaves it at its zero value', () => {
    expect(
      kubernetesFindings('v1', 'ConfigMap', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c', labels: { a: null }, annotations: null },
        data: { key: null },
      }),
    ).toEqual([]);
  });

  it('checks every kind of the API, not only those the library emits', () => {
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h' },
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, maxReplicas: 'three', minReplica: 1 },
    };
    expect(kubernetesFindings('autoscaling/v2', 'HorizontalPodAutoscaler', hpa)).toEqual([
      { at: ['spec', 'maxReplicas'], message: 'expected an integer (got "three")' },
      { at: ['spec', 'minReplica'], message: expect.stringContaining('did you mean "minReplicas"?') },
    ]);
    expect(
      kubernetesFindings('networking.k8s.io/v1', 'NetworkPolicyPeer', { podSelector: { matchLabels: 1 } }),
    ).toEqual([{ at: ['podSelector', 'matchLabels'], message: 'expected a map (got 1)' }]);
  });

  it('loads no validator code: the built package checks objects with its schemas alone', () => {
    const lib = join(__dirname, '..', '..', 'lib', 'kubernetes', 'manifest-schema.js');
    const script = `const m = require(${JSON.stringify(lib)});
      m.kubernetesFindings('apps/v1', 'Deployment', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' } });
      console.log(JSON.stringify(Object.keys(require.cache)));`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const loaded = JSON.parse(run.stdout) as string[];
    expect(loaded.some((file) => file.endsWith('kubernetes-schemas.json'))).toBe(true);
    expect(loaded.filter((file) => /node_modules/.test(file))).toEqual([]);
  });
});

describe('the Kubernetes fragments in the values', () => {
  it('are checked against the Kubernetes schema, each problem at its values key', () => {
    expect(
      problems({
        extraVolumes: [{ name: 'cache', emptyDir: { sizeLimit: 'lots' } }, { secret: { secretName: 'x' } }],
        extraVolumeMounts: [{ name: 'cache', mountPath: 5 }],
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'Near' }] }],
            },
          },
        },
        tolerations: [{ key: 'a', effect: 'Sometimes' }],
        livenessProbe: { httpGet: { port: true } },
        readinessProbe: { periodSeconds: 'often' },
        securityContext: { runAsUser: 'root' },
        podSecurityContext: { fsGroup: '1000' },
        ui: { extraEnv: [{ value: 'Europe/Brussels' }] },
      }),
    ).toEqual([
      'podSecurityContext.fsGroup: expected an integer (got "1000")',
      'securityContext.runAsUser: expected an integer (got "root")',
      'livenessProbe.httpGet.port: expected an integer or a string (got true)',
      'readinessProbe.periodSeconds: expected an integer (got "often")',
      'affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: expected "DoesNotExist", "Exists", "Gt", "In", "Lt" or "NotIn" (got "Near")',
      'tolerations[0].effect: expected "NoExecute", "NoSchedule" or "PreferNoSchedule" (got "Sometimes")',
      'extraVolumes[0].emptyDir.sizeLimit: expected a Kubernetes quantity such as 500m, 2, 256Mi or 1Gi (got "lots")',
      'extraVolumes[1].name: is required',
      'extraVolumeMounts[0].mountPath: expected a string (got 5)',
      'ui.extraEnv[0].name: is required',
    ]);
  });

  it('have defaults that pass their own check (so a render that keeps them skips it)', () => {
    expect(() =>
      parseValues({ livenessProbe: {}, readinessProbe: {}, securityContext: {}, podSecurityContext: {} }),
    ).not.toThrow();
  });

  it('are checked once the user changes them', () => {
    expect(() => parseValues({ readinessProbe: { periodSeconds: 'often' } })).toThrow(
      'readinessProbe.periodSeconds: expected an integer',
    );
  });

  it('accept what Kubernetes accepts', () => {
    expect(() =>
      parseValues({
        extraVolumes: [
          { name: 'cache', emptyDir: { sizeLimit: '1Gi' } },
          { name: 'oidc', secret: { secretName: 'oidc', defaultMode: 0o400 } },
        ],
        extraVolumeMounts: [{ name: 'oidc', mountPath: '/etc/oidc', readOnly: true }],
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'vpn', effect: 'NoSchedule' }],
        livenessProbe: { httpGet: { port: 8080 }, periodSeconds: 10 },
        resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
        ui: {
          extraEnv: [
            { name: 'TZ', value: 'UTC' },
            { name: 'KEY', valueFrom: { secretKeyRef: { name: 'ui', key: 'key' } } },
          ],
        },
      }),
    ).not.toThrow();
  });
});

describe('unknown fields', () => {
  const deployment = (container: Record<string, unknown>) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', labels: { app: 'd' } },
    spec: {
      selector: { matchLabels: { app: 'd' } },
      template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'i', ...container }] } },
    },
  });

  it('are still found, at any depth, after objects of that kind passed', () => {
    for (let i = 0; i < 3; i++) expect(kubernetesFindings('apps/v1', 'Deployment', deployment({}))).toEqual([]);
    expect(kubernetesFindings('apps/v1', 'Deployment', deployment({ imagePullPolcy: 'Always' }))).toEqual([
      {
        at: ['spec', 'template', 'spec', 'containers', 0, 'imagePullPolcy'],
        message: expect.stringContaining('did you mean "imagePullPolicy"?'),
      },
    ]);
    const labelled = deployment({});
    (labelled.metadata.labels as Record<string, string>)['any-label'] = 'x';
    expect(kubernetesFindings('apps/v1', 'Deployment', labelled)).toEqual([]);
  });
});

describe('objects across one render', () => {
  it('refuses two objects of one kind and name in one namespace, whichever made them', () => {
    const chart = new HeadscaleChart(Testing.app(), 'twice', { namespace: 'vpn' });
    new ApiObject(chart, 'Again', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'headscale' } });
    expect(manifestProblemsOf(chart)).toEqual([
      'ServiceAccount/headscale: is emitted twice in namespace vpn: the API server keeps one ServiceAccount of a name in a namespace, so one would replace the other (give one of them another name)',
    ]);
    // One name for objects of other kinds, or of one kind in other namespaces, is fine.
    expect(
      manifestProblems([
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'x' } },
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'a', namespace: 'x' } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'y' } },
      ]),
    ).toEqual([]);
  });
});
