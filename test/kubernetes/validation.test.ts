import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { HeadscaleChart } from '../../src/chart/chart';
import { ManifestError } from '../../src/core/errors';
import { cronScheduleProblem } from '../../src/kubernetes/validation/cron';
import {
  annotationsFindings,
  configMapKeyProblem,
  dns1035LabelProblem,
  envVarNameProblem,
  labelValueProblem,
  portNameProblem,
  qualifiedNameProblem,
} from '../../src/kubernetes/validation/names';
import {
  ingressHostProblem,
  ingressPathProblem,
  objectRulesFindings,
  podCountProblem,
} from '../../src/kubernetes/validation/objects';
import {
  probeFindings,
  resourcesRulesFindings,
  securityContextFindings,
  tolerationFindings,
} from '../../src/kubernetes/validation/pod';
import { kubernetesFindings } from '../../src/kubernetes/manifest-schema';

/** The rules copied from kubernetes/apimachinery pkg/util/validation/validation.go. */
describe('apimachinery names', () => {
  it.each([
    [
      'IsQualifiedName',
      qualifiedNameProblem,
      ['app.kubernetes.io/name', 'a', 'example.com/a_b.c'],
      ['a b', '-a', 'a/b/c', '/a', 'Ex_ample.com/a', 'a'.repeat(64)],
    ],
    ['IsValidLabelValue', labelValueProblem, ['', 'a', 'A-b_c.d'], ['a b', '-a', 'a'.repeat(64)]],
    ['IsDNS1035Label (ValidateServiceName)', dns1035LabelProblem, ['headscale', 'a1'], ['1rel-headscale', 'A', 'a-']],
    ['IsConfigMapKey', configMapKeyProblem, ['config.yaml', 'a_b-c'], ['.', '..a', 'a b', 'a/b']],
    ['IsEnvVarName', envVarNameProblem, ['HOME', 'my.var-1', '_x'], ['1A', 'A B', 'A=B', '']],
    [
      'IsValidPortName',
      portNameProblem,
      ['http', 'metrics-9090'],
      ['9090', 'HTTP', '-http', 'a--b', 'sixteen-letters-x'],
    ],
  ] as const)('%s', (_, problem, good, bad) => {
    for (const value of good) expect(problem(value)).toBeUndefined();
    for (const value of bad) expect(problem(value)).toBeDefined();
  });

  it('ValidateAnnotations (objectmeta.go): keys compared lowercased, 256 KiB in all (TotalAnnotationSizeLimitB)', () => {
    expect(annotationsFindings({ 'Example.com/x': 'y' })).toEqual([]);
    expect(annotationsFindings({ a: 'x'.repeat(256 * 1024) })).toEqual([
      { at: [], message: expect.stringContaining('256 KiB') },
    ]);
  });
});

/** robfig/cron ParseStandard, which batch validation's validateScheduleFormat calls. */
describe('cron schedules', () => {
  it.each(['0 3 1 * *', '*/15 * * * *', '0 0 * JAN-MAR mon-fri', '5,10-20/5 * ? * 0', '@daily', '@every 1h30m'])(
    'accepts %p',
    (schedule) => expect(cronScheduleProblem(schedule)).toBeUndefined(),
  );
  it.each([
    '',
    'every day',
    '60 * * * *',
    '0 24 * * *',
    '0 0 0 * *',
    '0 0 * 13 *',
    '0 0 * * 7',
    '0 0 3 * * *',
    '@fortnightly',
    'TZ=UTC 0 3 * * *',
    '*/0 * * * *',
    '5-1 * * * *',
  ])('refuses %p', (schedule) => expect(cronScheduleProblem(schedule)).toBeDefined());
});

/** kubernetes/kubernetes pkg/apis/core/validation/validation.go. */
describe('pod rules', () => {
  it('validateHandler: exactly one handler; validateContainers: liveness successThreshold is 1', () => {
    expect(probeFindings({ httpGet: { port: 'http' }, tcpSocket: { port: 80 } }, 'readiness')).toEqual([
      { at: [], message: expect.stringContaining('more than one handler') },
    ]);
    expect(probeFindings({ exec: { command: ['true'] }, successThreshold: 2 }, 'liveness')).toEqual([
      { at: ['successThreshold'], message: expect.stringContaining('must be 1') },
    ]);
    expect(probeFindings({ exec: { command: ['true'] }, successThreshold: 2 }, 'readiness')).toEqual([]);
  });

  it('ValidateSecurityContext: allowPrivilegeEscalation false contradicts privileged; IDs not negative', () => {
    expect(securityContextFindings({ allowPrivilegeEscalation: false, privileged: true, runAsUser: -1 })).toHaveLength(
      2,
    );
  });

  it('ValidateContainerResourceRequirements: requests at most limits, names standard or qualified', () => {
    expect(
      resourcesRulesFindings({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '500m', memory: '1Gi' } }),
    ).toEqual([{ at: ['requests', 'cpu'], message: expect.stringContaining('less than or equal') }]);
    expect(
      resourcesRulesFindings({ limits: { foo: '1', memory: '1Gi', 'hugepages-2Mi': '1Gi', 'example.com/gpu': '1' } }),
    ).toEqual([{ at: ['limits', 'foo'], message: expect.stringContaining('not a container resource') }]);
  });

  it('validateTolerations: Exists takes no value; effects are the taint effects', () => {
    expect(tolerationFindings({ key: 'a', operator: 'Exists', value: 'b', effect: 'Never' }).map((f) => f.at)).toEqual([
      ['value'],
      ['effect'],
    ]);
    expect(tolerationFindings({ operator: 'Exists' })).toEqual([]);
  });
});

/** kubernetes/kubernetes pkg/apis/networking/validation and pkg/apis/policy/validation. */
describe('object rules', () => {
  it('validateIngressRules: hosts are DNS subdomains, a wildcard only as the first label, no IP', () => {
    expect(ingressHostProblem('*.example.com')).toBeUndefined();
    for (const host of ['Example.com', '10.0.0.1', '*.*.x', 'a.*.x', '::1'])
      expect(ingressHostProblem(host)).toBeDefined();
  });

  it('validateHTTPIngressRuleValue: Prefix and Exact paths are absolute and clean', () => {
    expect(ingressPathProblem('/', 'Prefix')).toBeUndefined();
    expect(ingressPathProblem('api', 'Prefix')).toBeDefined();
    expect(ingressPathProblem('/a//b', 'Exact')).toBeDefined();
  });

  it('ValidatePodDisruptionBudgetSpec: percentages at most 100%', () => {
    expect(podCountProblem('100%')).toBeUndefined();
    expect(podCountProblem('150%')).toBeDefined();
  });

  it('ValidateConfigMap: keys are ConfigMap keys, at most 1 MiB in all', () => {
    const findings = objectRulesFindings({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
      data: { 'a b': '', big: 'x'.repeat(1024 * 1024 + 1) },
    });
    expect(findings.map((f) => f.at)).toEqual([['data', 'a b'], ['data']]);
    // The limit counts UTF-8 bytes: "é" is two.
    const sized = (text: string) =>
      objectRulesFindings({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: text } });
    expect(sized('é'.repeat(512 * 1024))).toEqual([]);
    expect(sized('é'.repeat(512 * 1024 + 1))).toEqual([
      { at: ['data'], message: 'must be at most 1 MiB in all, as Kubernetes stores an object (got 1048578 bytes)' },
    ]);
    expect(sized('x'.repeat(1024 * 1024))).toEqual([]);
  });

  it('ValidateService: ExternalName needs an externalName; ValidateServiceName a DNS-1035 label', () => {
    const findings = objectRulesFindings({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: '1svc' },
      spec: { type: 'ExternalName', ports: [{ port: 0 }, { port: 80, name: 'b' }] },
    });
    expect(findings.map((f) => f.at)).toEqual([
      ['metadata', 'name'],
      ['spec', 'type'],
      ['spec', 'ports', 0, 'port'],
      ['spec', 'ports', 0, 'name'],
    ]);
  });
});

describe('unknown fields (the OpenAPI schema the models carry)', () => {
  it('are refused in fragments, nested ones too, with a did-you-mean', () => {
    expect(
      kubernetesFindings('v1', 'Affinity', {
        nodeAffinty: {},
        podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKy: 'x', topologyKey: 'y' }] },
      }),
    ).toEqual([
      { at: ['nodeAffinty'], message: expect.stringContaining('did you mean "nodeAffinity"') },
      {
        at: ['podAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 0, 'topologyKy'],
        message: expect.stringContaining('did you mean "topologyKey"'),
      },
    ]);
  });

  it('leave free-form maps (labels, ConfigMap data) alone', () => {
    expect(
      kubernetesFindings('v1', 'ConfigMap', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'x', labels: { anything: 'y' } },
        data: { whatever: 'z' },
      }),
    ).toEqual([]);
  });

  it('fail synth when a patch adds one to a manifest, named by object and field', () => {
    const chart = new HeadscaleChart(Testing.app(), 'hs', { printWarnings: false });
    ApiObject.of(chart.server!.deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/containres', []));
    expect(() => chart.toJson()).toThrow(ManifestError);
    expect(() => chart.toJson()).toThrow(
      /Deployment\/headscale: spec\.template\.spec\.containres: unknown key .*did you mean "containers"/,
    );
  });
});

describe('manifest problems named by their values key', () => {
  it('a patch that breaks a field the values gave names the key; any other field names the object', () => {
    const chart = new HeadscaleChart(Testing.app(), 'hs', { printWarnings: false });
    ApiObject.of(chart.server!.deployment).addJsonPatch(
      JsonPatch.add('/spec/template/spec/containers/0/livenessProbe/exec', { command: ['true'] }),
      JsonPatch.add('/spec/template/spec/containers/0/ports/0/containerPort', 0),
    );
    let error: unknown;
    try {
      chart.toJson();
    } catch (caught) {
      error = caught;
    }
    expect((error as ManifestError).problems).toEqual([
      expect.stringMatching(
        /^Deployment\/headscale: spec\.template\.spec\.containers\[0\]\.ports\[0\]\.containerPort: must be a port number/,
      ),
      expect.stringMatching(/^livenessProbe: may not have more than one handler/),
    ]);
  });
});
