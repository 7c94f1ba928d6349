import { JsonPatch, Testing } from 'cdk8s';
import type { JsonMap } from '../../../src/core/json-map';
import { HeadscaleChart } from '../../../src/chart/chart';
import { renderHeadscale } from '../../../src/render';
import { problems } from '../../support/problems';
import { manifestProblemsOf } from '../../support/render';

/**
 * The API server's rules run on the values' Kubernetes fragments, so a refused input names its
 * values key, and the valid neighbour of each renders.
 */
describe('API server rules at their values keys', () => {
  it.each([
    [
      'a volume with two sources',
      { extraVolumes: [{ name: 'v', emptyDir: {}, configMap: { name: 'c' } }] },
      /^extraVolumes\[0\]\.configMap: may not be given with emptyDir/,
    ],
    [
      'defaultMode over 0777',
      { extraVolumes: [{ name: 'v', secret: { secretName: 's', defaultMode: 1000 } }] },
      /^extraVolumes\[0\]\.secret\.defaultMode: must be a file mode/,
    ],
    [
      '.. in a hostPath',
      { extraVolumes: [{ name: 'v', hostPath: { path: '/var/../etc' } }] },
      /^extraVolumes\[0\]\.hostPath\.path: must not contain "\.\."/,
    ],
    [
      'an absolute subPath',
      { extraVolumeMounts: [{ name: 'v', mountPath: '/v', subPath: '/etc' }] },
      /^extraVolumeMounts\[0\]\.subPath: must be a relative path/,
    ],
    [
      'subPath with subPathExpr',
      { extraVolumeMounts: [{ name: 'v', mountPath: '/v', subPath: 'a', subPathExpr: 'b' }] },
      /^extraVolumeMounts\[0\]\.subPathExpr: may not be given with subPath/,
    ],
    [
      'terminationGracePeriodSeconds on the readiness probe',
      { readinessProbe: { terminationGracePeriodSeconds: 5 } },
      /^readinessProbe\.terminationGracePeriodSeconds: must not be set on a readiness probe/,
    ],
    [
      'terminationGracePeriodSeconds 0 on the liveness probe',
      { livenessProbe: { terminationGracePeriodSeconds: 0 } },
      /^livenessProbe\.terminationGracePeriodSeconds: must be greater than 0/,
    ],
    [
      'an exec probe without a command',
      { livenessProbe: { httpGet: null, exec: { command: [] } } },
      /^livenessProbe\.exec\.command: must have at least one element/,
    ],
    [
      'an invalid HTTP header name',
      { livenessProbe: { httpGet: { httpHeaders: [{ name: 'a b', value: 'c' }] } } },
      /^livenessProbe\.httpGet\.httpHeaders\[0\]\.name: must be an HTTP header name/,
    ],
    [
      'an extended resource without its limit',
      { resources: { requests: { 'example.com/gpu': '1' } } },
      /^resources\.limits\["example\.com\/gpu"\]: is required with requests/,
    ],
    [
      'hugepages without cpu or memory',
      { resources: { limits: { 'hugepages-2Mi': '2Mi' } } },
      /^resources: has hugepages, which need a cpu or memory/,
    ],
    [
      'an empty topologyKey',
      { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: '' }] } } },
      /^affinity\.podAntiAffinity\.requiredDuringSchedulingIgnoredDuringExecution\[0\]\.topologyKey: is required/,
    ],
    [
      'a weight over 100',
      {
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 200, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } },
            ],
          },
        },
      },
      /\.weight: must be from 1 to 100/,
    ],
    [
      'Gt in a label selector',
      {
        affinity: {
          podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { topologyKey: 'a', labelSelector: { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] } },
            ],
          },
        },
      },
      /labelSelector\.matchExpressions\[0\]\.operator: expected "In"/,
    ],
    [
      'seccomp Localhost without a profile',
      { securityContext: { seccompProfile: { type: 'Localhost' } } },
      /^securityContext\.seccompProfile\.localhostProfile: must be set when type is Localhost/,
    ],
    [
      'an AppArmor profile with RuntimeDefault',
      { podSecurityContext: { appArmorProfile: { type: 'RuntimeDefault', localhostProfile: 'p' } } },
      /^podSecurityContext\.appArmorProfile\.localhostProfile: can only be set when type is Localhost/,
    ],
    [
      'an invalid sysctl name',
      { podSecurityContext: { sysctls: [{ name: 'Net..x', value: '1' }] } },
      /^podSecurityContext\.sysctls\[0\]\.name: must be a sysctl name/,
    ],
    [
      'an unsupported fieldRef path',
      { ui: { enabled: true, extraEnv: [{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'status.phase' } } }] } },
      /^ui\.extraEnv\[0\]\.valueFrom\.fieldRef\.fieldPath: expected one of/,
    ],
    [
      'a secretKeyRef key that is not a key',
      { ui: { enabled: true, extraEnv: [{ name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'a/b' } } }] } },
      /^ui\.extraEnv\[0\]\.valueFrom\.secretKeyRef\.key: must be a ConfigMap key/,
    ],
    [
      'ipBlock with a selector in one peer',
      { networkPolicy: { enabled: true, httpFrom: [{ podSelector: {}, ipBlock: { cidr: '10.0.0.0/8' } }] } },
      /^networkPolicy\.httpFrom\[0\]\.ipBlock: may not be given with podSelector/,
    ],
    [
      'a /33 CIDR',
      { networkPolicy: { enabled: true, httpFrom: [{ ipBlock: { cidr: '10.0.0.0/33' } }] } },
      /^networkPolicy\.httpFrom\[0\]\.ipBlock\.cidr: must be a CIDR/,
    ],
    [
      'an unmasked CIDR',
      { networkPolicy: { enabled: true, httpFrom: [{ ipBlock: { cidr: '10.0.0.1/8' } }] } },
      /^networkPolicy\.httpFrom\[0\]\.ipBlock\.cidr: must not have bits set after the prefix length: write 10\.0\.0\.0\/8/,
    ],
    [
      'except equal to its CIDR',
      { networkPolicy: { enabled: true, httpFrom: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0/8'] } }] } },
      /^networkPolicy\.httpFrom\[0\]\.ipBlock\.except\[0\]: must be a strict subset/,
    ],
    [
      'an empty peer',
      { networkPolicy: { enabled: true, httpFrom: [{}] } },
      /^networkPolicy\.httpFrom\[0\]: must have a podSelector, namespaceSelector or ipBlock/,
    ],
    [
      'endPort below port',
      { networkPolicy: { enabled: true, keyJobEgress: [{ ports: [{ port: 6443, endPort: 443 }] }] } },
      /^networkPolicy\.keyJobEgress\[0\]\.ports\[0\]\.endPort: must be greater than or equal to port 6443/,
    ],
    [
      'endPort with a named port',
      { networkPolicy: { enabled: true, extraIngress: [{ ports: [{ port: 'http', endPort: 9000 }] }] } },
      /^networkPolicy\.extraIngress\[0\]\.ports\[0\]\.endPort: may not be given with a named port/,
    ],
  ] as const)('refuses %s', (_, values, message) => {
    expect(problems(values)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it.each([
    [
      'volumes and mounts',
      {
        extraVolumes: [
          { name: 'extra', configMap: { name: 'c', defaultMode: 0o440, items: [{ key: 'k', path: 'dir/k' }] } },
        ],
        extraVolumeMounts: [
          { name: 'extra', mountPath: '/extra', subPath: 'dir', mountPropagation: 'HostToContainer' },
        ],
      },
    ],
    [
      'probes',
      {
        livenessProbe: {
          terminationGracePeriodSeconds: 30,
          httpGet: { httpHeaders: [{ name: 'X-Probe', value: '1' }] },
        },
      },
    ],
    [
      'resources',
      {
        resources: {
          requests: { memory: '64Mi', 'example.com/gpu': '1' },
          limits: { memory: '128Mi', 'example.com/gpu': '1', 'hugepages-2Mi': '2Mi' },
        },
      },
    ],
    [
      'scheduling',
      {
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                podAffinityTerm: {
                  topologyKey: 'kubernetes.io/hostname',
                  labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['headscale'] }] },
                },
              },
            ],
          },
        },
      },
    ],
    [
      'security contexts',
      {
        securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/headscale.json' } },
        podSecurityContext: {
          appArmorProfile: { type: 'RuntimeDefault' },
          sysctls: [{ name: 'net.ipv4.ping_group_range', value: '0 65535' }],
        },
      },
    ],
    [
      'network policy peers',
      {
        networkPolicy: {
          enabled: true,
          httpFrom: [
            { namespaceSelector: { matchLabels: { name: 'ingress' } }, podSelector: {} },
            { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
          ],
          keyJobEgress: [{ ports: [{ port: 6443, endPort: 6444 }] }],
        },
      },
    ],
  ] as const)('renders valid %s', (_, values) => {
    expect(() => renderHeadscale({ values: values as never })).not.toThrow();
  });
});

describe('API server rules on the rendered pod and claim, named at their values keys', () => {
  const bidirectional = {
    extraVolumes: [{ name: 'v', emptyDir: {} }],
    extraVolumeMounts: [{ name: 'v', mountPath: '/v', mountPropagation: 'Bidirectional' }],
  };

  it('refuses Bidirectional propagation in the unprivileged server container, and takes it in a privileged one', () => {
    expect(() => renderHeadscale({ values: bidirectional })).toThrow(
      /extraVolumeMounts\[0\]\.mountPropagation: is Bidirectional, which only a privileged container may use/,
    );
    expect(() =>
      renderHeadscale({
        values: { ...bidirectional, securityContext: { privileged: true, allowPrivilegeEscalation: true } },
      }),
    ).not.toThrow();
  });

  it('refuses an ingress class annotation that contradicts ingress.className, and takes one that agrees', () => {
    const ingress = (annotation: string) => ({
      ingress: {
        enabled: true,
        className: 'nginx',
        annotations: { 'kubernetes.io/ingress.class': annotation },
        hosts: [{ host: 'vpn.example.com', paths: [{ path: '/', pathType: 'Prefix' as const }] }],
      },
    });
    expect(() => renderHeadscale({ values: ingress('traefik') })).toThrow(
      /ingress\.annotations\["kubernetes\.io\/ingress\.class"\]: must match spec\.ingressClassName "nginx"/,
    );
    expect(() => renderHeadscale({ values: ingress('nginx') })).not.toThrow();
  });

  it('refuses ReadWriteOncePod with another access mode, and takes it alone', () => {
    expect(() =>
      renderHeadscale({
        values: { persistence: { enabled: true, accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'] } },
      }),
    ).toThrow(/persistence\.accessModes: may not have ReadWriteOncePod with another access mode/);
    expect(() =>
      renderHeadscale({ values: { persistence: { enabled: true, accessModes: ['ReadWriteOncePod'] } } }),
    ).not.toThrow();
  });
});

describe('ports across one render', () => {
  it.each([
    [
      { metrics: { enabled: true, port: 8080 } },
      "metrics.port: puts a port of the server's Service on 8080, where service.port has one already",
    ],
    [
      { service: { port: 9090 }, metrics: { enabled: true } },
      "metrics.enabled: puts a port of the server's Service on 9090, where service.port has one already",
    ],
    [
      { metrics: { enabled: true, port: 9091 }, grpc: { enabled: true, port: 9091, allowInsecure: true } },
      "grpc.port: puts a port of the server's Service on 9091, where metrics.port has one already",
    ],
    [
      { grpc: { enabled: true, port: 8080, allowInsecure: true } },
      "grpc.port: puts a port of the server's Service on 8080, where service.port has one already",
    ],
  ] as const)('refuses %j', (values, message) => {
    expect(problems(values)).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
  });

  it('renders each listener on a port of its own', () => {
    expect(() =>
      renderHeadscale({
        values: { metrics: { enabled: true, port: 9091 }, grpc: { enabled: true, port: 50444, allowInsecure: true } },
      }),
    ).not.toThrow();
  });
});

describe('Secrets of one purpose', () => {
  it.each([
    [
      { tls: { secretName: 'shared' }, client: { authKeySecret: { name: 'shared' } } },
      'client.authKeySecret.name: names the Secret "shared", which holds the server\'s TLS certificate',
    ],
    [
      { tls: { secretName: 'headscale-client-authkey' } },
      'tls.secretName: names the Secret "headscale-client-authkey", which holds the client\'s preauth key, which the key job writes',
    ],
    [
      { client: { authKeySecret: { name: 'headscale-client-state' } } },
      'client.authKeySecret.name: names the Secret "headscale-client-state", which holds the in-cluster client\'s state',
    ],
  ] as const)('refuses %j', (values, message) => {
    expect(problems(values)).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
  });

  it('renders a certificate Secret and a key Secret of their own', () => {
    expect(() =>
      renderHeadscale({
        values: { tls: { secretName: 'headscale-tls' }, client: { authKeySecret: { name: 'client-key' } } },
      }),
    ).not.toThrow();
  });
});

describe('custom resources', () => {
  const route = (parentRefs: object[]) => ({
    httpRoute: { enabled: true, hostnames: ['vpn.example.com'], parentRefs },
  });

  it.each([
    [
      [{ name: 'gw' }, { name: 'gw' }],
      'httpRoute.parentRefs[1].sectionName: must be given on every reference to the parent gw',
    ],
    [[{ name: 'gw', sectionName: 'https' }, { name: 'gw' }], 'httpRoute.parentRefs[1].sectionName: must be given'],
    [
      [
        { name: 'gw', sectionName: 'https' },
        { name: 'gw', sectionName: 'https', kind: 'Gateway' },
      ],
      'httpRoute.parentRefs[1].sectionName: must be unique among the references to the parent gw',
    ],
  ])('refuses the parentRefs %j (the CEL rules of the HTTPRoute CRD)', (parentRefs, message) => {
    expect(problems(route(parentRefs))).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
  });

  it('renders references to one Gateway by section, and to Gateways of two namespaces', () => {
    for (const parentRefs of [
      [
        { name: 'gw', sectionName: 'https' },
        { name: 'gw', sectionName: 'http' },
      ],
      [{ name: 'gw' }, { name: 'gw', namespace: 'other' }],
    ])
      expect(() => renderHeadscale({ values: route(parentRefs) as never })).not.toThrow();
  });

  it('refuses relabelings the Prometheus Operator drops a ServiceMonitor for, at their keys', () => {
    expect(
      problems({
        metrics: {
          enabled: true,
          serviceMonitor: {
            enabled: true,
            relabelings: [{ action: 'hashmod', targetLabel: 'shard' }],
            metricRelabelings: [{ action: 'labeldrop', regex: 'tmp_.*', targetLabel: 'x' }],
          },
        },
      }),
    ).toEqual([
      'metrics.serviceMonitor.relabelings[0].modulus: is required (not 0) with action hashmod',
      'metrics.serviceMonitor.metricRelabelings[0].action: is labeldrop, which takes only regex',
    ]);
    expect(() =>
      renderHeadscale({
        values: {
          metrics: {
            enabled: true,
            serviceMonitor: {
              enabled: true,
              relabelings: [{ sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' }],
              metricRelabelings: [{ action: 'labeldrop', regex: 'go_.*' }],
            },
          },
        },
      }),
    ).not.toThrow();
  });

  const synthProblems = (values: object) =>
    manifestProblemsOf(new HeadscaleChart(Testing.app(), 'hs', { values, printWarnings: false }));
  const relabeled = (relabelings: JsonMap[], metricRelabelings: JsonMap[] = []) => ({
    metrics: { enabled: true, serviceMonitor: { enabled: true, relabelings, metricRelabelings } },
  });

  it('renders UTF-8 label names in relabelings, which the current ServiceMonitor CRD and Prometheus 3 take', () => {
    const { yaml } = renderHeadscale({
      values: relabeled(
        [{ sourceLabels: ['service.name'], targetLabel: 'service.name' }],
        [{ action: 'labelmap', regex: '__meta_kubernetes_service_label_(.+)', replacement: 'k8s.$1' }],
      ),
    });
    expect(yaml).toContain('- service.name');
  });

  it('refuses what the ServiceMonitor CRD refuses in relabelings, at their keys', () => {
    expect(
      synthProblems(
        relabeled([
          { action: 'Shout', targetLabel: 'x' },
          { sourceLabels: 'a', targetLabel: 'b' },
        ]),
      ),
    ).toEqual([
      expect.stringMatching(
        /^metrics\.serviceMonitor\.relabelings\[0\]\.action: expected "replace", .* \(got "Shout"\)$/,
      ),
      'metrics.serviceMonitor.relabelings[1].sourceLabels: expected a list (got "a")',
    ]);
    expect(synthProblems(relabeled([], [{ sourceLabels: ['a'], targetLabl: 'b', targetLabel: 'c' }]))).toEqual([
      'metrics.serviceMonitor.metricRelabelings[0].targetLabl: unknown key of the Kubernetes API (did you mean "targetLabel"?)',
    ]);
  });

  it('refuses label names that no Prometheus takes, at their keys', () => {
    expect(
      problems(relabeled([{ sourceLabels: ['a'], targetLabel: 'b\uD800' }], [{ action: 'labelmap', replacement: '' }])),
    ).toEqual([
      'metrics.serviceMonitor.relabelings[0].targetLabel: is not UTF-8, which a label name is (got "b\\ud800")',
      'metrics.serviceMonitor.metricRelabelings[0].replacement: is empty, which is not a label name (with action labelmap it names a label)',
    ]);
  });

  it("refuses a UI path the HTTPRoute's CEL rules refuse, at ui.ingress.path", () => {
    const withUi = (path: string) => ({
      httpRoute: { enabled: true, hostnames: ['vpn.example.com'], parentRefs: [{ name: 'gw' }] },
      ui: { enabled: true, ingress: { path } },
    });
    expect(synthProblems(withUi('/web//admin'))).toEqual([
      `ui.ingress.path: must not contain '//' with type PathPrefix (got "/web//admin")`,
    ]);
    expect(() => renderHeadscale({ values: withUi('/web') })).not.toThrow();
  });

  it('refuses what the HTTPRoute and GRPCRoute CRDs refuse in parentRefs, at their keys', () => {
    expect(
      synthProblems({
        grpc: { enabled: true, allowInsecure: true },
        httpRoute: { enabled: true, hostnames: ['vpn.example.com'], parentRefs: [{ name: 'gw', namespace: 'Infra' }] },
        grpcRoute: { enabled: true, parentRefs: [{ name: 'gw', port: 70000, sectionNmae: 'grpc' }] },
      }),
    ).toEqual([
      'httpRoute.parentRefs[0].namespace: expected a string matching ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ (got "Infra")',
      'grpcRoute.parentRefs[0].port: expected a number of at most 65535 (got 70000)',
      'grpcRoute.parentRefs[0].sectionNmae: unknown key of the Kubernetes API (did you mean "sectionName"?)',
    ]);
  });

  it('refuses a ServiceMonitor scrapeTimeout over its interval, as the Prometheus Operator does', () => {
    const monitor = (interval: string, scrapeTimeout: string) => ({
      metrics: { enabled: true, serviceMonitor: { enabled: true, interval, scrapeTimeout } },
    });
    expect(problems(monitor('30s', '1m'))).toEqual([
      'metrics.serviceMonitor.scrapeTimeout: is 1m, longer than metrics.serviceMonitor.interval 30s: the Prometheus Operator drops such an endpoint, so make it at most the interval',
    ]);
    expect(() => renderHeadscale({ values: monitor('1m', '1m') })).not.toThrow();
    expect(() => renderHeadscale({ values: monitor('', '2m') })).not.toThrow();
  });

  it('refuses the same in a ServiceMonitor patched after the values passed, at the values key of the field', () => {
    const chart = new HeadscaleChart(Testing.app(), 'hs', {
      values: { metrics: { enabled: true, serviceMonitor: { enabled: true, interval: '30s' } } },
      printWarnings: false,
    });
    chart.serviceMonitor!.serviceMonitor.addJsonPatch(JsonPatch.add('/spec/endpoints/0/scrapeTimeout', '2m'));

    expect(() => Testing.synth(chart)).toThrow(
      'metrics.serviceMonitor.scrapeTimeout: is 2m, longer than interval 30s: the Prometheus Operator drops such an endpoint, so make it at most the interval',
    );
  });
});

describe('apps, batch, policy and rbac rules on the rendered objects', () => {
  const synth = (values: object, patch: (chart: HeadscaleChart) => void) => () => {
    const chart = new HeadscaleChart(Testing.app(), 'hs', { values, printWarnings: false });
    patch(chart);
    Testing.synth(chart);
  };

  it("refuses a Deployment's rolling update that can never replace a pod, and takes one that can", () => {
    const strategy = (rollingUpdate: object) => (chart: HeadscaleChart) =>
      chart.server!.deployment.addJsonPatch(
        JsonPatch.replace('/spec/strategy', { type: 'RollingUpdate', rollingUpdate }),
      );
    expect(synth({}, strategy({ maxSurge: 0, maxUnavailable: '0%' }))).toThrow(
      /Deployment\/[a-z-]+: spec\.strategy\.rollingUpdate\.maxUnavailable: may not be 0 when maxSurge is 0/,
    );
    expect(synth({}, strategy({ maxSurge: 1, maxUnavailable: 0 }))).not.toThrow();
  });

  it("refuses a DaemonSet's maxSurge beside the default maxUnavailable of 1, and takes it with maxUnavailable 0", () => {
    const updateStrategy = (rollingUpdate: object) => (chart: HeadscaleChart) =>
      chart.client!.daemonSet!.addJsonPatch(JsonPatch.add('/spec/updateStrategy', { rollingUpdate }));
    expect(synth({ client: { daemonset: true } }, updateStrategy({ maxSurge: 1 }))).toThrow(
      /DaemonSet\/[a-z-]+: spec\.updateStrategy\.rollingUpdate\.maxSurge: may not be set when maxUnavailable is not 0 \(it is 1 by default\)/,
    );
    expect(synth({ client: { daemonset: true } }, updateStrategy({ maxSurge: 1, maxUnavailable: 0 }))).not.toThrow();
  });

  it("refuses the key CronJob's Local time zone and its jobs restarting Always, and takes an IANA zone", () => {
    const values = { client: { job: { cronjob: { enabled: true } } } };
    const cronJob = (chart: HeadscaleChart) => chart.preauthKey!.cronJob!;
    expect(synth(values, (chart) => cronJob(chart).addJsonPatch(JsonPatch.add('/spec/timeZone', 'Local')))).toThrow(
      /CronJob\/[a-z0-9-]+: spec\.timeZone: must name an explicit time zone .*not the API server's Local/,
    );
    expect(
      synth(values, (chart) =>
        cronJob(chart).addJsonPatch(JsonPatch.replace('/spec/jobTemplate/spec/template/spec/restartPolicy', 'Always')),
      ),
    ).toThrow(
      /CronJob\/[a-z0-9-]+: spec\.jobTemplate\.spec\.template\.spec\.restartPolicy: must be OnFailure or Never/,
    );
    expect(
      synth(values, (chart) => cronJob(chart).addJsonPatch(JsonPatch.add('/spec/timeZone', 'Europe/Berlin'))),
    ).not.toThrow();
  });

  it("refuses a negative backoffLimit in the key Job, and a Role's rule without verbs", () => {
    expect(
      synth({}, (chart) => chart.preauthKey!.job.addJsonPatch(JsonPatch.replace('/spec/backoffLimit', -1))),
    ).toThrow(/Job\/[a-z0-9-]+: spec\.backoffLimit: must be 0 or more \(got -1\)/);
    expect(
      synth({}, (chart) => chart.preauthKey!.identity.role.addJsonPatch(JsonPatch.replace('/rules/0/verbs', []))),
    ).toThrow(/Role\/[a-z0-9-]+: rules\[0\]\.verbs: must have at least one verb/);
    expect(
      synth({}, (chart) =>
        chart.preauthKey!.identity.roleBinding.addJsonPatch(
          JsonPatch.add('/subjects/-', { kind: 'User', name: 'ops' }),
        ),
      ),
    ).not.toThrow();
  });

  it('refuses a PodDisruptionBudget percentage over 100% at its values key, and takes 100%', () => {
    expect(problems({ podDisruptionBudget: { maxUnavailable: '150%' } })).toEqual([
      'podDisruptionBudget.maxUnavailable: must not be greater than 100% (got "150%")',
    ]);
    expect(() => renderHeadscale({ values: { podDisruptionBudget: { maxUnavailable: '100%' } } })).not.toThrow();
  });
});
