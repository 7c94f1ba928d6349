import type { Finding } from '../../../src/core/errors';
import type { JsonMap } from '../../../src/core/json-map';
import {
  networkPolicyPeerFindings,
  networkPolicyPortFindings,
  ipBlockFindings,
} from '../../../src/kubernetes/validation/networking';
import { objectRulesFindings } from '../../../src/kubernetes/validation/objects';
import {
  affinityFindings,
  envVarFindings,
  podSecurityContextFindings,
  podSpecFindings,
  probeFindings,
  resourcesRulesFindings,
  securityContextFindings,
  volumeFindings,
  volumeMountFindings,
} from '../../../src/kubernetes/validation/pod';
import { relabelConfigFindings, serviceMonitorSpecFindings } from '../../../src/kubernetes/validation/prometheus';
import { roleBindingFindings, roleFindings } from '../../../src/kubernetes/validation/rbac';
import { labelSelectorFindings } from '../../../src/kubernetes/validation/selectors';
import {
  cronJobSpecRulesFindings,
  daemonSetSpecFindings,
  deploymentSpecFindings,
  indexedJobNameProblem,
  jobSpecRulesFindings,
  timeZoneProblem,
} from '../../../src/kubernetes/validation/workloads';

/**
 * The API server's validation functions, case by case: each row is an input and the field paths
 * the function refuses in it (none for a valid neighbour), as that function's code decides at the
 * tag its describe block names (pkg/apis/core/validation/validation.go and
 * pkg/apis/networking/validation/validation.go of kubernetes/kubernetes, apimachinery's
 * validation). The volume mount's subPath rows are those of upstream's TestValidateVolumeMounts;
 * the apps, batch, policy and rbac rows are those of upstream's validation_test.go of each group
 * (the test each block names), plus the cases of the API server's defaulting, which runs before
 * validation; the other rows are written here, after the kinds of case upstream's tests hold.
 */
type Case = readonly [name: string, input: JsonMap, refusedAt: readonly string[]];

const paths = (findings: readonly Finding[]): string[] => findings.map((finding) => finding.at.join('.'));

function table(check: (input: JsonMap) => Finding[], cases: readonly Case[]): void {
  it.each(cases)('%s', (_, input, refusedAt) => {
    const findings = check(input);
    expect(paths(findings)).toEqual(refusedAt);
    for (const finding of findings) expect(finding.message).not.toBe('');
  });
}

describe('validateVolumeSource and its sources (v1.31.1)', () => {
  table(volumeFindings, [
    ['emptyDir', { name: 'a', emptyDir: {} }, []],
    ['two sources', { name: 'a', emptyDir: {}, hostPath: { path: '/x' } }, ['hostPath']],
    ['no source', { name: 'a' }, ['']],
    ['hostPath of /', { name: 'a', hostPath: { path: '/' } }, []],
    ['hostPath with ..', { name: 'a', hostPath: { path: '/var/../etc' } }, ['hostPath.path']],
    ['hostPath type', { name: 'a', hostPath: { path: '/x', type: 'Dir' } }, ['hostPath.type']],
    ['secret defaultMode 0777', { name: 'a', secret: { secretName: 's', defaultMode: 0o777 } }, []],
    [
      'secret defaultMode over 0777',
      { name: 'a', secret: { secretName: 's', defaultMode: 0o1000 } },
      ['secret.defaultMode'],
    ],
    ['negative defaultMode', { name: 'a', configMap: { name: 'c', defaultMode: -1 } }, ['configMap.defaultMode']],
    ['configMap item path', { name: 'a', configMap: { name: 'c', items: [{ key: 'k', path: 'sub/file' }] } }, []],
    [
      'dot dot item path',
      { name: 'a', configMap: { name: 'c', items: [{ key: 'k', path: '..' }] } },
      ['configMap.items.0.path'],
    ],
    [
      'dot dot first path element',
      { name: 'a', secret: { secretName: 's', items: [{ key: 'k', path: '../x' }] } },
      ['secret.items.0.path'],
    ],
    [
      'dot dot prefix',
      { name: 'a', secret: { secretName: 's', items: [{ key: 'k', path: '..x' }] } },
      ['secret.items.0.path'],
    ],
    [
      'absolute path',
      { name: 'a', secret: { secretName: 's', items: [{ key: 'k', path: '/x' }] } },
      ['secret.items.0.path'],
    ],
    [
      'item mode over 0777',
      { name: 'a', secret: { secretName: 's', items: [{ key: 'k', path: 'x', mode: 0o1777 }] } },
      ['secret.items.0.mode'],
    ],
    [
      'projected duplicate paths',
      {
        name: 'a',
        projected: {
          sources: [
            { secret: { name: 's', items: [{ key: 'a', path: 'x' }] } },
            { configMap: { name: 'c', items: [{ key: 'b', path: 'x' }] } },
          ],
        },
      },
      ['projected.sources.1.configMap.items.0.path'],
    ],
    [
      'projected token shorter than 10 minutes',
      { name: 'a', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 599 } }] } },
      ['projected.sources.0.serviceAccountToken.expirationSeconds'],
    ],
    [
      'downwardAPI label by key',
      { name: 'a', downwardAPI: { items: [{ path: 'l', fieldRef: { fieldPath: "metadata.labels['app']" } }] } },
      [],
    ],
    [
      'downwardAPI status field',
      { name: 'a', downwardAPI: { items: [{ path: 'ip', fieldRef: { fieldPath: 'status.podIP' } }] } },
      ['downwardAPI.items.0.fieldRef.fieldPath'],
    ],
    ['nfs', { name: 'a', nfs: { server: 'nfs.example.com', path: '/exports/headscale' } }, []],
    ['nfs relative path', { name: 'a', nfs: { server: 'nfs.example.com', path: 'exports' } }, ['nfs.path']],
    [
      'downwardAPI resource without a container',
      { name: 'a', downwardAPI: { items: [{ path: 'mem', resourceFieldRef: { resource: 'limits.memory' } }] } },
      ['downwardAPI.items.0.resourceFieldRef.containerName'],
    ],
    [
      'claim without a name',
      { name: 'a', persistentVolumeClaim: { claimName: '' } },
      ['persistentVolumeClaim.claimName'],
    ],
  ]);
});

describe('ValidateVolumeMounts (v1.31.1)', () => {
  const unprivileged = { name: 'c' };
  table(
    (mount) => volumeMountFindings(mount, unprivileged),
    [
      ['subpath', { name: 'abc-123', mountPath: '/bab', subPath: 'baz' }, []],
      ['subpath .baz', { name: 'abc-123', mountPath: '/bac', subPath: '.baz' }, []],
      ['subpath ..baz', { name: 'abc-123', mountPath: '/bad', subPath: '..baz' }, []],
      ['empty mountpath', { name: 'abc', mountPath: '' }, ['mountPath']],
      ['absolute subpath', { name: 'abc', mountPath: '/bar', subPath: '/baz' }, ['subPath']],
      ['subpath in ..', { name: 'abc', mountPath: '/bar', subPath: '../baz' }, ['subPath']],
      ['subpath contains ..', { name: 'abc', mountPath: '/bar', subPath: 'baz/../bat' }, ['subPath']],
      ['subpath ends in ..', { name: 'abc', mountPath: '/bar', subPath: './..' }, ['subPath']],
      [
        'subpath and subpathexpr',
        { name: 'abc', mountPath: '/bar', subPath: 'a', subPathExpr: '$(POD_NAME)' },
        ['subPathExpr'],
      ],
      ['subpathexpr with ..', { name: 'abc', mountPath: '/bar', subPathExpr: '$(X)/..' }, ['subPathExpr']],
      ['HostToContainer propagation', { name: 'abc', mountPath: '/bar', mountPropagation: 'HostToContainer' }, []],
      [
        'Bidirectional in an unprivileged container',
        { name: 'abc', mountPath: '/bar', mountPropagation: 'Bidirectional' },
        ['mountPropagation'],
      ],
      ['unknown propagation', { name: 'abc', mountPath: '/bar', mountPropagation: 'Shared' }, ['mountPropagation']],
      [
        'recursiveReadOnly on a writable mount',
        { name: 'abc', mountPath: '/bar', recursiveReadOnly: 'Enabled' },
        ['recursiveReadOnly'],
      ],
      [
        'recursiveReadOnly on a read-only mount',
        { name: 'abc', mountPath: '/bar', readOnly: true, recursiveReadOnly: 'IfPossible' },
        [],
      ],
    ],
  );

  it('Bidirectional propagation in a privileged container', () => {
    const mount = { name: 'abc', mountPath: '/bar', mountPropagation: 'Bidirectional' };
    expect(volumeMountFindings(mount, { securityContext: { privileged: true } })).toEqual([]);
    // Without the container (a values fragment), the pod's check decides.
    expect(volumeMountFindings(mount)).toEqual([]);
  });
});

describe('validateProbe and validateHandler (v1.31.1)', () => {
  const exec = { exec: { command: ['true'] } };
  table(
    (probe) => probeFindings(probe, 'liveness'),
    [
      ['liveness terminationGracePeriodSeconds', { ...exec, terminationGracePeriodSeconds: 10 }, []],
      [
        'liveness terminationGracePeriodSeconds 0',
        { ...exec, terminationGracePeriodSeconds: 0 },
        ['terminationGracePeriodSeconds'],
      ],
      ['exec without a command', { exec: { command: [] } }, ['exec.command']],
      ['httpGet header names', { httpGet: { port: 80, httpHeaders: [{ name: 'X-Forwarded-For', value: 'a' }] } }, []],
      [
        'invalid header name',
        { httpGet: { port: 80, httpHeaders: [{ name: 'X_Forwarded For', value: 'a' }] } },
        ['httpGet.httpHeaders.0.name'],
      ],
      ['unsupported scheme', { httpGet: { port: 80, scheme: 'FTP' } }, ['httpGet.scheme']],
    ],
  );

  it('validateReadinessProbe refuses terminationGracePeriodSeconds; startup probes take it', () => {
    const probe = { exec: { command: ['true'] }, terminationGracePeriodSeconds: 10 };
    expect(paths(probeFindings(probe, 'readiness'))).toEqual(['terminationGracePeriodSeconds']);
    expect(probeFindings(probe, 'startup')).toEqual([]);
  });
});

describe('ValidateResourceRequirements (v1.31.1)', () => {
  table(resourcesRulesFindings, [
    ['extended resource limit only', { limits: { 'example.com/gpu': '1' } }, []],
    [
      'extended resource request equal to limit',
      { requests: { 'example.com/gpu': '1' }, limits: { 'example.com/gpu': '1' } },
      [],
    ],
    [
      'extended resource request below limit',
      { requests: { 'example.com/gpu': '1' }, limits: { 'example.com/gpu': '2' } },
      ['requests.example.com/gpu'],
    ],
    ['extended resource request without limit', { requests: { 'example.com/gpu': '1' } }, ['limits.example.com/gpu']],
    [
      'hugepages with memory',
      { limits: { 'hugepages-2Mi': '2Mi', memory: '1Gi' }, requests: { 'hugepages-2Mi': '2Mi' } },
      [],
    ],
    ['hugepages without cpu or memory', { limits: { 'hugepages-2Mi': '2Mi' } }, ['']],
    ['kubernetes.io resources may be overcommitted', { requests: { 'example.kubernetes.io/x': '1' } }, []],
  ]);
});

describe('affinity (v1.31.1)', () => {
  const term = { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'x' } } };
  table(affinityFindings, [
    ['pod anti-affinity', { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } }, []],
    [
      'empty topologyKey',
      { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ ...term, topologyKey: '' }] } },
      ['podAffinity.requiredDuringSchedulingIgnoredDuringExecution.0.topologyKey'],
    ],
    [
      'invalid topologyKey',
      { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ ...term, topologyKey: 'a b' }] } },
      ['podAffinity.requiredDuringSchedulingIgnoredDuringExecution.0.topologyKey'],
    ],
    [
      'weight 0',
      { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, podAffinityTerm: term }] } },
      ['podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution.0.weight'],
    ],
    [
      'weight 101 in a preferred node term',
      {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 101, preference: { matchExpressions: [{ key: 'a', operator: 'Exists' }] } },
          ],
        },
      },
      ['nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution.0.weight'],
    ],
    [
      'Gt in a label selector',
      {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { ...term, labelSelector: { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] } },
          ],
        },
      },
      ['podAffinity.requiredDuringSchedulingIgnoredDuringExecution.0.labelSelector.matchExpressions.0.operator'],
    ],
    [
      'node field metadata.name',
      {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] }],
          },
        },
      },
      [],
    ],
    [
      'node field other than metadata.name, with two values',
      {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchFields: [{ key: 'spec.unschedulable', operator: 'In', values: ['a', 'b'] }] }],
          },
        },
      },
      [
        'nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms.0.matchFields.0.values',
        'nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms.0.matchFields.0.key',
      ],
    ],
    [
      'namespace not a DNS label',
      { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ ...term, namespaces: ['Ns'] }] } },
      ['podAffinity.requiredDuringSchedulingIgnoredDuringExecution.0.namespaces.0'],
    ],
  ]);
});

describe('ValidateLabelSelectorRequirement (apimachinery v0.31.1)', () => {
  table(labelSelectorFindings, [
    ['In with values', { matchExpressions: [{ key: 'a', operator: 'In', values: ['b'] }] }, []],
    [
      'In without values',
      { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] },
      ['matchExpressions.0.values'],
    ],
    [
      'Exists with values',
      { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['b'] }] },
      ['matchExpressions.0.values'],
    ],
    [
      'invalid value',
      { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['b c'] }] },
      ['matchExpressions.0.values.0'],
    ],
  ]);
});

describe('security contexts (v1.31.1)', () => {
  table(securityContextFindings, [
    ['seccomp RuntimeDefault', { seccompProfile: { type: 'RuntimeDefault' } }, []],
    [
      'seccomp Localhost with a profile',
      { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/audit.json' } },
      [],
    ],
    [
      'seccomp Localhost without a profile',
      { seccompProfile: { type: 'Localhost' } },
      ['seccompProfile.localhostProfile'],
    ],
    [
      'seccomp profile with RuntimeDefault',
      { seccompProfile: { type: 'RuntimeDefault', localhostProfile: 'a.json' } },
      ['seccompProfile.localhostProfile'],
    ],
    [
      'seccomp absolute profile',
      { seccompProfile: { type: 'Localhost', localhostProfile: '/a.json' } },
      ['seccompProfile.localhostProfile'],
    ],
    ['seccomp without a type', { seccompProfile: { type: '' } }, ['seccompProfile.type']],
    ['seccomp unknown type', { seccompProfile: { type: 'Default' } }, ['seccompProfile.type']],
    [
      'AppArmor Localhost without a profile',
      { appArmorProfile: { type: 'Localhost' } },
      ['appArmorProfile.localhostProfile'],
    ],
    [
      'AppArmor padded profile',
      { appArmorProfile: { type: 'Localhost', localhostProfile: ' p ' } },
      ['appArmorProfile.localhostProfile'],
    ],
    [
      'AppArmor profile with Unconfined',
      { appArmorProfile: { type: 'Unconfined', localhostProfile: 'p' } },
      ['appArmorProfile.localhostProfile'],
    ],
  ]);
  table(podSecurityContextFindings, [
    [
      'sysctls',
      {
        sysctls: [
          { name: 'net.ipv4.ip_forward', value: '1' },
          { name: 'kernel.shm_rmid_forced', value: '0' },
          { name: 'net/ipv4/ip_local_port_range', value: '1024 65535' },
        ],
      },
      [],
    ],
    ['invalid sysctl name', { sysctls: [{ name: 'Net.ipv4', value: '1' }] }, ['sysctls.0.name']],
    ['sysctl name ending in a dot', { sysctls: [{ name: 'net.', value: '1' }] }, ['sysctls.0.name']],
    [
      'duplicate sysctl',
      {
        sysctls: [
          { name: 'net.a', value: '1' },
          { name: 'net.a', value: '2' },
        ],
      },
      ['sysctls.1.name'],
    ],
    [
      'pod seccomp Localhost without a profile',
      { seccompProfile: { type: 'Localhost' } },
      ['seccompProfile.localhostProfile'],
    ],
  ]);
});

describe('ValidateEnv and validateEnvVarValueFrom (v1.31.1)', () => {
  table(envVarFindings, [
    ['fieldRef metadata.name', { name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }, []],
    [
      'fieldRef a label by key',
      { name: 'A', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['app']" } } },
      [],
    ],
    ['fieldRef spec.host', { name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.host' } } }, []],
    [
      'fieldRef all labels',
      { name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.labels' } } },
      ['valueFrom.fieldRef.fieldPath'],
    ],
    [
      'fieldRef unsupported path',
      { name: 'A', valueFrom: { fieldRef: { fieldPath: 'status.phase' } } },
      ['valueFrom.fieldRef.fieldPath'],
    ],
    [
      'fieldRef subscript of another field',
      { name: 'A', valueFrom: { fieldRef: { fieldPath: "spec.nodeName['a']" } } },
      ['valueFrom.fieldRef.fieldPath'],
    ],
    [
      'fieldRef other API version',
      { name: 'A', valueFrom: { fieldRef: { apiVersion: 'v2', fieldPath: 'metadata.name' } } },
      ['valueFrom.fieldRef.apiVersion'],
    ],
    ['resourceFieldRef', { name: 'A', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } }, []],
    [
      'resourceFieldRef unknown',
      { name: 'A', valueFrom: { resourceFieldRef: { resource: 'limits.gpu' } } },
      ['valueFrom.resourceFieldRef.resource'],
    ],
    [
      'resourceFieldRef with a divisor',
      { name: 'A', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
      [],
    ],
    [
      'resourceFieldRef cpu in millicores',
      { name: 'A', valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } } },
      [],
    ],
    [
      'resourceFieldRef cpu divisor',
      { name: 'A', valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '10m' } } },
      ['valueFrom.resourceFieldRef.divisor'],
    ],
    [
      'resourceFieldRef memory divisor',
      { name: 'A', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '3Mi' } } },
      ['valueFrom.resourceFieldRef.divisor'],
    ],
    ['secretKeyRef', { name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'api.key' } } }, []],
    [
      'secretKeyRef key not a key',
      { name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'a/b' } } },
      ['valueFrom.secretKeyRef.key'],
    ],
    [
      'configMapKeyRef without a key',
      { name: 'A', valueFrom: { configMapKeyRef: { name: 'c', key: '' } } },
      ['valueFrom.configMapKeyRef.key'],
    ],
    [
      'configMapKeyRef name not a name',
      { name: 'A', valueFrom: { configMapKeyRef: { name: 'C_1', key: 'k' } } },
      ['valueFrom.configMapKeyRef.name'],
    ],
  ]);
});

describe('pod specs: ports across containers', () => {
  const container = (name: string, ports: JsonMap[]) => ({ name, image: 'x', ports });
  table(podSpecFindings, [
    [
      'one port each',
      { containers: [container('a', [{ containerPort: 80 }]), container('b', [{ containerPort: 81 }])] },
      [],
    ],
    [
      'one number, two protocols',
      {
        containers: [container('a', [{ containerPort: 53 }]), container('b', [{ containerPort: 53, protocol: 'UDP' }])],
      },
      [],
    ],
    [
      'one port twice',
      {
        containers: [container('a', [{ containerPort: 80 }]), container('b', [{ containerPort: 80, protocol: 'TCP' }])],
      },
      ['containers.1.ports.0.containerPort'],
    ],
    [
      'a host port twice',
      {
        containers: [
          container('a', [{ containerPort: 80, hostPort: 8080 }]),
          container('b', [{ containerPort: 81, hostPort: 8080 }]),
        ],
      },
      ['containers.1.ports.0.hostPort'],
    ],
    [
      'an init container that exits first',
      {
        initContainers: [container('i', [{ containerPort: 80 }])],
        containers: [container('a', [{ containerPort: 80 }])],
      },
      [],
    ],
    [
      'a sidecar init container',
      {
        initContainers: [{ ...container('i', [{ containerPort: 80 }]), restartPolicy: 'Always' }],
        containers: [container('a', [{ containerPort: 80 }])],
      },
      ['containers.0.ports.0.containerPort'],
    ],
    [
      'Bidirectional mount in an unprivileged container',
      {
        volumes: [{ name: 'v', emptyDir: {} }],
        containers: [
          { name: 'a', image: 'x', volumeMounts: [{ name: 'v', mountPath: '/v', mountPropagation: 'Bidirectional' }] },
        ],
      },
      ['containers.0.volumeMounts.0.mountPropagation'],
    ],
  ]);
});

describe('ValidateNetworkPolicy (networking/validation, v1.35 line)', () => {
  table(networkPolicyPortFindings, [
    ['port range', { protocol: 'TCP', port: 30000, endPort: 32768 }, []],
    [
      'multiple ports defined, one port range is invalid',
      { protocol: 'UDP', port: 35000, endPort: 32768 },
      ['endPort'],
    ],
    ['endPort defined with named/string port', { protocol: 'TCP', port: 'dns', endPort: 2048 }, ['endPort']],
    ['endPort defined without port defined', { protocol: 'TCP', endPort: 4096 }, ['endPort']],
    ['invalid ingress.ports.protocol', { protocol: 'HTTP', port: 80 }, ['protocol']],
    ['invalid ingress.ports.port (int)', { port: 123456 }, ['port']],
  ]);
  table(networkPolicyPeerFindings, [
    ['podSelector and namespaceSelector', { podSelector: {}, namespaceSelector: { matchLabels: { a: 'b' } } }, []],
    ['ipBlock', { ipBlock: { cidr: '192.168.0.0/16', except: ['192.168.3.0/24', '192.168.4.0/24'] } }, []],
    ['missing from and to type', {}, ['']],
    ['ipBlock with podSelector', { podSelector: {}, ipBlock: { cidr: '10.0.0.0/8' } }, ['ipBlock']],
    [
      'invalid label selector operator',
      { podSelector: { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] } },
      ['podSelector.matchExpressions.0.operator'],
    ],
  ]);
  table(ipBlockFindings, [
    ['IPv6 cidr', { cidr: 'fd00:192:168::/48', except: ['fd00:192:168:3::/64'] }, []],
    ['invalid cidr format', { cidr: '192.168.5.6' }, ['cidr']],
    ['prefix over 32', { cidr: '10.0.0.0/33' }, ['cidr']],
    ['bits set after the prefix', { cidr: '10.0.0.1/8' }, ['cidr']],
    ['leading zeros', { cidr: '010.0.0.0/8' }, ['cidr']],
    ['except field is an empty string', { cidr: '192.168.8.0/24', except: [''] }, ['except.0']],
    ['except IP is outside of CIDR range', { cidr: '192.168.8.0/24', except: ['192.168.9.1/32'] }, ['except.0']],
    [
      'except IP is not strictly within CIDR range',
      { cidr: '192.168.0.0/24', except: ['192.168.0.0/24'] },
      ['except.0'],
    ],
    [
      'except IPv6 is outside of CIDR range',
      { cidr: 'fd00:192:168:1::/64', except: ['fd00:192:168:2::/64'] },
      ['except.0'],
    ],
  ]);

  it('policyTypes: at most two, Ingress or Egress', () => {
    const policy = (policyTypes: string[]) =>
      paths(
        objectRulesFindings({
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: 'x' },
          spec: { podSelector: {}, policyTypes },
        }),
      );
    expect(policy(['Ingress', 'Egress'])).toEqual([]);
    expect(policy(['foo'])).toEqual(['spec.policyTypes.0']);
    expect(policy(['Ingress', 'Egress', 'Ingress'])).toEqual(['spec.policyTypes']);
  });
});

describe('ValidatePersistentVolumeClaimSpec and ValidateService (v1.31.1)', () => {
  const claim = (accessModes: string[], storage = '1Gi') =>
    paths(
      objectRulesFindings({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'x' },
        spec: { accessModes, resources: { requests: { storage } } },
      }),
    );
  const service = (ports: JsonMap[]) =>
    paths(objectRulesFindings({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { ports } }));

  it('ReadWriteOncePod alone; known modes; a storage request above 0', () => {
    expect(claim(['ReadWriteOncePod'])).toEqual([]);
    expect(claim(['ReadWriteOnce', 'ReadOnlyMany'])).toEqual([]);
    expect(claim(['ReadWriteOncePod', 'ReadWriteMany'])).toEqual(['spec.accessModes']);
    expect(claim(['ReadWriteAll'])).toEqual(['spec.accessModes.0']);
    expect(claim(['ReadWriteOnce'], '0')).toEqual(['spec.resources.requests.storage']);
  });

  it('ports of one number and protocol once; one number for TCP and UDP', () => {
    expect(
      service([
        { name: 'dns', port: 53 },
        { name: 'dns-udp', port: 53, protocol: 'UDP' },
      ]),
    ).toEqual([]);
    expect(
      service([
        { name: 'a', port: 80 },
        { name: 'b', port: 80, protocol: 'TCP' },
      ]),
    ).toEqual(['spec.ports.1.port']);
  });
});

describe('HTTPRoute and GRPCRoute parentRefs (gateway-api v1.6.1 CEL rules)', () => {
  const route = (kind: string, parentRefs: JsonMap[]) =>
    paths(
      objectRulesFindings({
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind,
        metadata: { name: 'x' },
        spec: { parentRefs },
      }),
    );

  it.each(['HTTPRoute', 'GRPCRoute'])('%s: one parent twice needs sections, each once', (kind) => {
    expect(route(kind, [{ name: 'a' }, { name: 'b' }])).toEqual([]);
    expect(
      route(kind, [
        { name: 'a', sectionName: 'x' },
        { name: 'a', sectionName: 'y' },
      ]),
    ).toEqual([]);
    expect(route(kind, [{ name: 'a' }, { name: 'a', group: 'gateway.networking.k8s.io' }])).toEqual([
      'spec.parentRefs.1.sectionName',
    ]);
    expect(
      route(kind, [
        { name: 'a', sectionName: 'x' },
        { name: 'a', sectionName: 'x' },
      ]),
    ).toEqual(['spec.parentRefs.1.sectionName']);
    expect(
      route(kind, [
        { name: 'a', namespace: '' },
        { name: 'a', namespace: 'b' },
      ]),
    ).toEqual([]);
  });
});

describe('HTTPRoute and GRPCRoute rules (gateway-api v1.6.1 CEL rules)', () => {
  const spec = (kind: string, rules: JsonMap[]) =>
    paths(
      objectRulesFindings({
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind,
        metadata: { name: 'x' },
        spec: { parentRefs: [{ name: 'gw' }], rules },
      }),
    );
  const path = (value: string, type = 'PathPrefix') => [
    { matches: [{ path: { type, value } }], backendRefs: [{ name: 's', port: 80 }] },
  ];

  it.each([
    ['/', []],
    ['/web', []],
    ["/a-b_c.d~e!$&'()*+,;=:@/%2e", []],
    ['web', ['spec.rules.0.matches.0.path.value']],
    ['/a//b', ['spec.rules.0.matches.0.path.value']],
    ['/a/./b', ['spec.rules.0.matches.0.path.value']],
    ['/a/../b', ['spec.rules.0.matches.0.path.value']],
    ['/a%2fb', ['spec.rules.0.matches.0.path.value']],
    ['/a%2Fb', ['spec.rules.0.matches.0.path.value']],
    ['/a#b', ['spec.rules.0.matches.0.path.value', 'spec.rules.0.matches.0.path.value']],
    ['/a/..', ['spec.rules.0.matches.0.path.value']],
    ['/a/.', ['spec.rules.0.matches.0.path.value']],
    ['/a b', ['spec.rules.0.matches.0.path.value']],
    ['/a%zz', ['spec.rules.0.matches.0.path.value']],
  ])('HTTPRoute: a PathPrefix match of %j', (value, refusedAt) => {
    expect(spec('HTTPRoute', path(value))).toEqual(refusedAt);
    expect(spec('HTTPRoute', path(value, 'Exact'))).toEqual(refusedAt);
    expect(spec('HTTPRoute', path(value, 'RegularExpression'))).toEqual([]);
  });

  it('HTTPRoute: a path match without type or value is PathPrefix /, as defaulted', () => {
    expect(spec('HTTPRoute', [{ matches: [{ path: {} }], backendRefs: [{ name: 's', port: 80 }] }])).toEqual([]);
    expect(spec('HTTPRoute', [{ matches: [{ path: { value: 'x' } }] }])).toEqual(['spec.rules.0.matches.0.path.value']);
  });

  it.each(['HTTPRoute', 'GRPCRoute'])('%s: a backendRef to a Service needs a port', (kind) => {
    expect(spec(kind, [{ backendRefs: [{ name: 's', port: 80 }] }])).toEqual([]);
    expect(spec(kind, [{ backendRefs: [{ name: 's' }] }])).toEqual(['spec.rules.0.backendRefs.0.port']);
    expect(spec(kind, [{ backendRefs: [{ name: 's', group: '', kind: 'Service' }] }])).toEqual([
      'spec.rules.0.backendRefs.0.port',
    ]);
    expect(spec(kind, [{ backendRefs: [{ name: 's', group: 'example.com', kind: 'Backend' }] }])).toEqual([]);
  });

  it('counts the matches of all rules, an HTTPRoute rule without matches as one', () => {
    const rules = (count: number, matches?: number) =>
      Array.from({ length: count }, () => (matches === undefined ? {} : { matches: Array(matches).fill({}) }));
    expect(spec('HTTPRoute', rules(2, 64))).toEqual([]);
    expect(spec('HTTPRoute', [...rules(2, 64), ...rules(1)])).toEqual(['spec.rules']);
    expect(spec('GRPCRoute', [...rules(2, 64), ...rules(1)])).toEqual([]);
    expect(spec('GRPCRoute', [...rules(2, 64), ...rules(1, 1)])).toEqual(['spec.rules']);
  });
});

describe('ValidateRelabelConfig (prometheus-operator v0.93.0)', () => {
  table(relabelConfigFindings, [
    ['replace with a target', { sourceLabels: ['__meta_kubernetes_pod_name'], targetLabel: 'pod' }, []],
    ['replace without a target', { sourceLabels: ['a'] }, ['targetLabel']],
    ['hashmod without a modulus', { action: 'hashmod', targetLabel: 'shard' }, ['modulus']],
    ['hashmod', { action: 'HashMod', targetLabel: 'shard', modulus: 4 }, []],
    ['lowercase with a replacement', { action: 'lowercase', targetLabel: 'a', replacement: 'x' }, ['replacement']],
    ['keepequal with a regex', { action: 'keepequal', sourceLabels: ['a'], targetLabel: 'b', regex: 'x' }, ['action']],
    ['labeldrop', { action: 'labeldrop', regex: 'tmp_.*' }, []],
    ['labeldrop with a target', { action: 'labeldrop', regex: 'tmp_.*', targetLabel: 'x' }, ['action']],
    ['labelkeep with source labels', { action: 'labelkeep', regex: 'a', sourceLabels: ['b'] }, ['action']],
    ['drop', { action: 'drop', sourceLabels: ['a'], regex: 'b' }, []],
    ['UTF-8 label names (Prometheus 3)', { sourceLabels: ['service.name'], targetLabel: 'k8s.pod.name' }, []],
    ['a target label with a variable', { sourceLabels: ['a'], regex: '(.*)', targetLabel: '${1}_x' }, []],
    ['a target label that is not UTF-8', { sourceLabels: ['a'], targetLabel: 'a\uD800' }, ['targetLabel']],
    [
      'hashmod to a target label that is not UTF-8',
      { action: 'hashmod', targetLabel: '\uDC00', modulus: 2 },
      ['targetLabel'],
    ],
    ['labelmap', { action: 'labelmap', regex: '__meta_(.+)', replacement: 'k8s.$1' }, []],
    [
      'labelmap to the empty label name',
      { action: 'labelmap', regex: '__meta_(.+)', replacement: '' },
      ['replacement'],
    ],
  ]);
});

describe('validateScrapeIntervalAndTimeout (prometheus-operator v0.93.0)', () => {
  const endpoint = (fields: JsonMap) => ({ endpoints: [{ port: 'metrics', ...fields }] });
  table(serviceMonitorSpecFindings, [
    ['a timeout within the interval', endpoint({ interval: '30s', scrapeTimeout: '10s' }), []],
    ['a timeout equal to the interval', endpoint({ interval: '1m', scrapeTimeout: '60s' }), []],
    ['a timeout over the interval', endpoint({ interval: '30s', scrapeTimeout: '1m' }), ['endpoints.0.scrapeTimeout']],
    ['a timeout without an interval (Prometheus decides)', endpoint({ scrapeTimeout: '5m' }), []],
    [
      'units biggest first, over the interval',
      endpoint({ interval: '1m', scrapeTimeout: '1m30s' }),
      ['endpoints.0.scrapeTimeout'],
    ],
  ]);
});

describe('fields the API server defaults when empty', () => {
  it('takes an empty protocol and scheme, as defaulting makes them TCP and HTTP', () => {
    expect(probeFindings({ httpGet: { port: 80, scheme: '' } }, 'liveness')).toEqual([]);
    expect(
      podSpecFindings({ containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 80, protocol: '' }] }] }),
    ).toEqual([]);
  });
});

/** A pod template of one container, with the labels the workloads below select. */
const podTemplate = (spec: JsonMap = {}): JsonMap => ({
  metadata: { labels: { name: 'abc' } },
  spec: { containers: [{ name: 'abc', image: 'image' }], ...spec },
});

describe('ValidateDeploymentSpec: TestValidateDeployment (apps, the v1.31 line)', () => {
  const deployment = (spec: JsonMap): JsonMap => ({
    selector: { matchLabels: { name: 'abc' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } },
    template: podTemplate({ restartPolicy: 'Always' }),
    ...spec,
  });
  const rollingUpdate = (update: JsonMap): JsonMap =>
    deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: update } });
  table(deploymentSpecFindings, [
    ['validDeployment', deployment({}), []],
    [
      'RestartPolicy should be always',
      deployment({ template: podTemplate({ restartPolicy: 'Never' }) }),
      ['template.spec.restartPolicy'],
    ],
    ['must have valid strategy type', deployment({ strategy: { type: 'randomType' } }), ['strategy.type']],
    [
      'rollingUpdate should be nil for recreate',
      deployment({ strategy: { type: 'Recreate', rollingUpdate: {} } }),
      ['strategy.rollingUpdate'],
    ],
    [
      'MaxSurge should be in the form of 20%',
      rollingUpdate({ maxSurge: '20Percent' }),
      ['strategy.rollingUpdate.maxSurge'],
    ],
    [
      'MaxSurge and MaxUnavailable cannot both be zero',
      rollingUpdate({ maxSurge: '0%', maxUnavailable: 0 }),
      ['strategy.rollingUpdate.maxUnavailable'],
    ],
    [
      'MaxUnavailable should not be more than 100%',
      rollingUpdate({ maxUnavailable: '110%' }),
      ['strategy.rollingUpdate.maxUnavailable'],
    ],
    [
      'ProgressDeadlineSeconds should be greater than MinReadySeconds',
      deployment({ progressDeadlineSeconds: 600, minReadySeconds: 600 }),
      ['progressDeadlineSeconds'],
    ],
    ['Recreate, as the library writes it', deployment({ strategy: { type: 'Recreate' } }), []],
    ['no strategy: RollingUpdate of 25% and 25% by default', deployment({ strategy: undefined }), []],
    ['maxSurge 0 alone: maxUnavailable is 25% by default', rollingUpdate({ maxSurge: 0 }), []],
    ['maxSurge over 100%: only maxUnavailable is capped', rollingUpdate({ maxSurge: '200%' }), []],
    [
      'minReadySeconds reaching the default progress deadline of 600',
      deployment({ minReadySeconds: 600 }),
      ['progressDeadlineSeconds'],
    ],
    ['an empty selector', deployment({ selector: {} }), ['selector']],
    [
      'negative replicas and revisionHistoryLimit',
      deployment({ replicas: -1, revisionHistoryLimit: -1 }),
      ['replicas', 'revisionHistoryLimit'],
    ],
    [
      'activeDeadlineSeconds in the pods',
      deployment({ template: podTemplate({ activeDeadlineSeconds: 5 }) }),
      ['template.spec.activeDeadlineSeconds'],
    ],
  ]);

  it('`selector` does not match template `labels`', () => {
    const findings = objectRulesFindings({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'abc' },
      spec: deployment({ selector: { matchLabels: { name: 'def' } } }),
    });
    expect(paths(findings)).toEqual(['spec.selector']);
  });
});

describe('ValidateDaemonSetSpec and ValidateRollingUpdateDaemonSet: TestValidateDaemonSet (apps, the v1.31 line)', () => {
  const daemonSet = (spec: JsonMap): JsonMap => ({
    selector: { matchLabels: { name: 'abc' } },
    template: podTemplate(),
    ...spec,
  });
  const rollingUpdate = (update: JsonMap): JsonMap =>
    daemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: update } });
  table(daemonSetSpecFindings, [
    ['no update strategy: RollingUpdate with maxUnavailable 1 by default', daemonSet({}), []],
    ['OnDelete', daemonSet({ updateStrategy: { type: 'OnDelete' } }), []],
    [
      'invalid restart policy 1',
      daemonSet({ template: podTemplate({ restartPolicy: 'OnFailure' }) }),
      ['template.spec.restartPolicy'],
    ],
    [
      'invalid restart policy 2',
      daemonSet({ template: podTemplate({ restartPolicy: 'Never' }) }),
      ['template.spec.restartPolicy'],
    ],
    ['an empty selector', daemonSet({ selector: {} }), ['selector']],
    [
      'an update strategy that is neither RollingUpdate nor OnDelete',
      daemonSet({ updateStrategy: { type: 'Random' } }),
      ['updateStrategy.type'],
    ],
    [
      'maxUnavailable 0 with maxSurge 0 by default',
      rollingUpdate({ maxUnavailable: 0 }),
      ['updateStrategy.rollingUpdate.maxUnavailable'],
    ],
    [
      'maxUnavailable over 100%',
      rollingUpdate({ maxUnavailable: '150%' }),
      ['updateStrategy.rollingUpdate.maxUnavailable'],
    ],
    [
      'a negative maxUnavailable',
      rollingUpdate({ maxUnavailable: -1 }),
      ['updateStrategy.rollingUpdate.maxUnavailable'],
    ],
    [
      'a fractional percentage, which reads as 0',
      rollingUpdate({ maxUnavailable: '50.5%' }),
      ['updateStrategy.rollingUpdate.maxUnavailable', 'updateStrategy.rollingUpdate.maxUnavailable'],
    ],
    ['maxSurge with maxUnavailable 0', rollingUpdate({ maxSurge: '20%', maxUnavailable: 0 }), []],
    [
      'maxSurge with maxUnavailable 1 by default',
      rollingUpdate({ maxSurge: 1 }),
      ['updateStrategy.rollingUpdate.maxSurge'],
    ],
    [
      'maxSurge and maxUnavailable both above 0',
      rollingUpdate({ maxSurge: 1, maxUnavailable: 1 }),
      ['updateStrategy.rollingUpdate.maxSurge'],
    ],
    [
      'maxSurge over 100%',
      rollingUpdate({ maxSurge: '101%', maxUnavailable: 0 }),
      ['updateStrategy.rollingUpdate.maxSurge'],
    ],
    [
      'negative minReadySeconds and revisionHistoryLimit',
      daemonSet({ minReadySeconds: -1, revisionHistoryLimit: -1 }),
      ['minReadySeconds', 'revisionHistoryLimit'],
    ],
  ]);
});

describe('validateJobSpec: TestValidateJob (batch, the v1.31 line)', () => {
  const job = (spec: JsonMap): JsonMap => ({ template: podTemplate({ restartPolicy: 'Never' }), ...spec });
  const exitCodes = (onExitCodes: JsonMap, action = 'FailJob'): JsonMap =>
    job({ podFailurePolicy: { rules: [{ action, onExitCodes }] } });
  const indexed = (spec: JsonMap): JsonMap => job({ completionMode: 'Indexed', ...spec });
  table(jobSpecRulesFindings, [
    [
      'the key job, as the library writes it',
      job({
        backoffLimit: 10,
        activeDeadlineSeconds: 600,
        ttlSecondsAfterFinished: 86400,
        template: podTemplate({ restartPolicy: 'OnFailure' }),
      }),
      [],
    ],
    ['spec.parallelism: must be greater than or equal to 0', job({ parallelism: -1 }), ['parallelism']],
    ['spec.backoffLimit: must be greater than or equal to 0', job({ backoffLimit: -1 }), ['backoffLimit']],
    ['spec.completions: must be greater than or equal to 0', job({ completions: -1 }), ['completions']],
    [
      'spec.activeDeadlineSeconds: must be greater than or equal to 0',
      job({ activeDeadlineSeconds: -1 }),
      ['activeDeadlineSeconds'],
    ],
    [
      'spec.ttlSecondsAfterFinished: must be greater than or equal to 0',
      job({ ttlSecondsAfterFinished: -1 }),
      ['ttlSecondsAfterFinished'],
    ],
    [
      'spec.template.spec.restartPolicy: Required value (Always)',
      job({ template: podTemplate({ restartPolicy: 'Always' }) }),
      ['template.spec.restartPolicy'],
    ],
    [
      'spec.template.spec.restartPolicy: Required value (absent, Always by default)',
      job({ template: podTemplate() }),
      ['template.spec.restartPolicy'],
    ],
    [
      'spec.template.spec.restartPolicy: Unsupported value',
      job({ template: podTemplate({ restartPolicy: 'Invalid' }) }),
      ['template.spec.restartPolicy'],
    ],
    [
      'spec.backoffLimitPerIndex: requires indexed completion mode',
      job({ backoffLimitPerIndex: 1 }),
      ['backoffLimitPerIndex'],
    ],
    [
      'spec.backoffLimitPerIndex: must be greater than or equal to 0',
      indexed({ completions: 1, backoffLimitPerIndex: -1 }),
      ['backoffLimitPerIndex'],
    ],
    [
      'spec.maxFailedIndexes: must be less than or equal to completions',
      indexed({ completions: 10, maxFailedIndexes: 11, backoffLimitPerIndex: 1 }),
      ['maxFailedIndexes'],
    ],
    [
      'spec.maxFailedIndexes: must be specified when completions is above 100000',
      indexed({ completions: 100_001, backoffLimitPerIndex: 1 }),
      ['maxFailedIndexes'],
    ],
    [
      'spec.parallelism: at most 10000 when completions are above 100000',
      indexed({ completions: 100_001, parallelism: 50_000, backoffLimitPerIndex: 1, maxFailedIndexes: 1 }),
      ['parallelism'],
    ],
    [
      'spec.maxFailedIndexes: must be less than or equal to 100000',
      indexed({ completions: 100_001, backoffLimitPerIndex: 1, maxFailedIndexes: 100_001 }),
      ['maxFailedIndexes', 'maxFailedIndexes'],
    ],
    [
      'spec.maxFailedIndexes: at most 10000 when completions are above 100000',
      indexed({ completions: 100_001, backoffLimitPerIndex: 1, maxFailedIndexes: 50_000 }),
      ['maxFailedIndexes'],
    ],
    [
      'spec.maxFailedIndexes: must be greater than or equal to 0',
      indexed({ completions: 1, backoffLimitPerIndex: 1, maxFailedIndexes: -1 }),
      ['maxFailedIndexes'],
    ],
    [
      'spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified',
      indexed({ completions: 1, maxFailedIndexes: 1 }),
      ['backoffLimitPerIndex'],
    ],
    ['spec.completions: Required value: when completion mode is Indexed', indexed({}), ['completions']],
    ['spec.completionMode: Unsupported value', job({ completionMode: 'Unknown' }), ['completionMode']],
    ['spec.completionMode: Unsupported value ""', job({ completionMode: '' }), ['completionMode']],
    [
      'spec.successPolicy: requires indexed completion mode',
      job({ successPolicy: { rules: [{ succeededCount: 1 }] } }),
      ['successPolicy'],
    ],
    [
      'spec.successPolicy.rules: at least one rule',
      indexed({ completions: 5, successPolicy: { rules: [] } }),
      ['successPolicy.rules'],
    ],
    [
      'spec.successPolicy.rules[0]: succeededCount or succeededIndexes',
      indexed({ completions: 5, successPolicy: { rules: [{}] } }),
      ['successPolicy.rules.0'],
    ],
    [
      'spec.successPolicy.rules[0].succeededCount: must be greater than or equal to 0',
      indexed({ completions: 5, successPolicy: { rules: [{ succeededCount: -1 }] } }),
      ['successPolicy.rules.0.succeededCount'],
    ],
    [
      'spec.successPolicy.rules[0].succeededCount: at most the completions',
      indexed({ completions: 5, successPolicy: { rules: [{ succeededCount: 6 }] } }),
      ['successPolicy.rules.0.succeededCount'],
    ],
    [
      'spec.successPolicy.rules: Too many',
      indexed({ completions: 5, successPolicy: { rules: Array.from({ length: 21 }, () => ({ succeededCount: 5 })) } }),
      ['successPolicy.rules'],
    ],
    [
      'spec.podFailurePolicy.rules[0]: one of OnExitCodes and OnPodConditions is required',
      job({ podFailurePolicy: { rules: [{ action: 'FailJob' }] } }),
      ['podFailurePolicy.rules.0'],
    ],
    [
      'spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Duplicate value: 11',
      exitCodes({ operator: 'In', values: [11, 11] }),
      ['podFailurePolicy.rules.0.onExitCodes.values.1'],
    ],
    [
      'spec.podFailurePolicy.rules[0].onExitCodes.values: Too many: 256',
      exitCodes({ operator: 'In', values: Array.from({ length: 256 }, (_, index) => index + 1) }),
      ['podFailurePolicy.rules.0.onExitCodes.values'],
    ],
    [
      'spec.podFailurePolicy.rules: Too many: 21',
      job({
        podFailurePolicy: {
          rules: Array.from({ length: 21 }, (_, index) => ({
            action: 'FailJob',
            onExitCodes: { operator: 'In', values: [index + 1] },
          })),
        },
      }),
      ['podFailurePolicy.rules'],
    ],
    [
      'spec.podFailurePolicy.rules[0].onPodConditions: Too many: 21',
      job({
        podFailurePolicy: {
          rules: [
            {
              action: 'FailJob',
              onPodConditions: Array.from({ length: 21 }, (_, index) => ({
                type: `CustomType_${index}`,
                status: 'True',
              })),
            },
          ],
        },
      }),
      ['podFailurePolicy.rules.0.onPodConditions'],
    ],
    [
      'spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 13',
      exitCodes({ operator: 'In', values: [12, 13, 13, 13] }),
      ['podFailurePolicy.rules.0.onExitCodes.values.2', 'podFailurePolicy.rules.0.onExitCodes.values.3'],
    ],
    [
      'spec.podFailurePolicy.rules[0].onExitCodes.values: must be ordered',
      exitCodes({ operator: 'In', values: [19, 11] }),
      ['podFailurePolicy.rules.0.onExitCodes.values'],
    ],
    [
      'spec.podFailurePolicy.rules[0].onExitCodes.values: at least one value is required',
      exitCodes({ operator: 'In', values: [] }),
      ['podFailurePolicy.rules.0.onExitCodes.values'],
    ],
    [
      'spec.podFailurePolicy.rules[0].action: Required value',
      exitCodes({ operator: 'In', values: [1, 2, 3] }, ''),
      ['podFailurePolicy.rules.0.action'],
    ],
    [
      'spec.podFailurePolicy.rules[0].onExitCodes.operator: Required value',
      exitCodes({ operator: '', values: [1, 2, 3] }),
      ['podFailurePolicy.rules.0.onExitCodes.operator'],
    ],
    [
      'spec.podFailurePolicy.rules[0]: specifying both OnExitCodes and OnPodConditions',
      job({
        podFailurePolicy: {
          rules: [
            {
              action: 'FailJob',
              onExitCodes: { containerName: 'abc', operator: 'In', values: [1, 2, 3] },
              onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }],
            },
          ],
        },
      }),
      ['podFailurePolicy.rules.0'],
    ],
    [
      'spec.podFailurePolicy.rules[0].onExitCodes.values[1]: must not be 0 for the In operator',
      exitCodes({ operator: 'In', values: [1, 0, 2] }, 'Ignore'),
      ['podFailurePolicy.rules.0.onExitCodes.values.1', 'podFailurePolicy.rules.0.onExitCodes.values'],
    ],
    [
      'spec.podFailurePolicy.rules[1].onExitCodes.containerName: must be a container name',
      job({
        podFailurePolicy: {
          rules: [
            { action: 'Ignore', onExitCodes: { containerName: 'abc', operator: 'In', values: [1, 2, 3] } },
            { action: 'FailJob', onExitCodes: { containerName: 'xyz', operator: 'In', values: [5, 6, 7] } },
          ],
        },
      }),
      ['podFailurePolicy.rules.1.onExitCodes.containerName'],
    ],
    [
      'spec.podFailurePolicy.rules[0].action: Unsupported value "UnknownAction"',
      exitCodes({ containerName: 'abc', operator: 'In', values: [1, 2, 3] }, 'UnknownAction'),
      ['podFailurePolicy.rules.0.action'],
    ],
    [
      'spec.podFailurePolicy.rules[0].action: FailIndex requires backoffLimitPerIndex',
      exitCodes({ operator: 'In', values: [1] }, 'FailIndex'),
      ['podFailurePolicy.rules.0.action'],
    ],
    [
      'spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value "UnknownOperator"',
      exitCodes({ operator: 'UnknownOperator', values: [1, 2, 3] }, 'Ignore'),
      ['podFailurePolicy.rules.0.onExitCodes.operator'],
    ],
    [
      'spec.podFailurePolicy.rules[0].onPodConditions[0].status: Required value',
      job({ podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } }),
      ['podFailurePolicy.rules.0.onPodConditions.0.status'],
    ],
    [
      'spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value',
      job({
        podFailurePolicy: {
          rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'UnknownStatus' }] }],
        },
      }),
      ['podFailurePolicy.rules.0.onPodConditions.0.status'],
    ],
    [
      'spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value ""',
      job({ podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: '', status: 'True' }] }] } }),
      ['podFailurePolicy.rules.0.onPodConditions.0.type'],
    ],
    [
      'spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value "Invalid Condition Type"',
      job({
        podFailurePolicy: {
          rules: [{ action: 'Ignore', onPodConditions: [{ type: 'Invalid Condition Type', status: 'True' }] }],
        },
      }),
      ['podFailurePolicy.rules.0.onPodConditions.0.type'],
    ],
    [
      'spec.podReplacementPolicy: only Failed with a podFailurePolicy',
      job({
        podReplacementPolicy: 'TerminatingOrFailed',
        podFailurePolicy: {
          rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }],
        },
      }),
      ['podReplacementPolicy'],
    ],
    ['spec.podReplacementPolicy: Unsupported value ""', job({ podReplacementPolicy: '' }), ['podReplacementPolicy']],
    [
      'spec.template.spec.restartPolicy: only "Never" with a podFailurePolicy',
      job({ template: podTemplate({ restartPolicy: 'OnFailure' }), podFailurePolicy: { rules: [] } }),
      ['template.spec.restartPolicy'],
    ],
  ]);

  it('ValidateJob: the last pod of an Indexed Job is named as a DNS label', () => {
    const spec = { completionMode: 'Indexed', completions: 10 };
    expect(indexedJobNameProblem('a'.repeat(61), spec)).toBeUndefined();
    expect(indexedJobNameProblem('a'.repeat(62), spec)).toMatch(/"a{62}-9", which must be a DNS label/);
    expect(indexedJobNameProblem('a'.repeat(62), { completions: 10 })).toBeUndefined();
  });
});

describe('validateCronJobSpec: TestValidateCronJob (batch, the v1.31 line)', () => {
  const cronJob = (spec: JsonMap): JsonMap => ({
    schedule: '* * * * ?',
    concurrencyPolicy: 'Allow',
    jobTemplate: { spec: { template: podTemplate({ restartPolicy: 'OnFailure' }) } },
    ...spec,
  });
  const jobTemplate = (spec: JsonMap): JsonMap =>
    cronJob({ jobTemplate: { spec: { template: podTemplate({ restartPolicy: 'OnFailure' }), ...spec } } });
  table(cronJobSpecRulesFindings, [
    ['basic scheduled job', cronJob({}), []],
    ['non-standard scheduled', cronJob({ schedule: '@hourly' }), []],
    ['correct timeZone value', cronJob({ schedule: '0 * * * *', timeZone: 'America/New_York' }), []],
    ['no concurrencyPolicy: Allow by default', cronJob({ concurrencyPolicy: undefined }), []],
    ['spec.schedule: Invalid value', cronJob({ schedule: 'error' }), ['schedule']],
    ['spec.schedule: Required value', cronJob({ schedule: '' }), ['schedule']],
    [
      'cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
      cronJob({ schedule: 'TZ=UTC 0 * * * *' }),
      ['schedule'],
    ],
    ['spec.timeZone: timeZone must be nil or non-empty string', cronJob({ timeZone: '' }), ['timeZone']],
    ['spec.timeZone: timeZone must be an explicit time zone', cronJob({ timeZone: 'Local' }), ['timeZone']],
    ['spec.timeZone: unknown time zone " Continent/Zone"', cronJob({ timeZone: ' Continent/Zone' }), ['timeZone']],
    ['spec.timeZone: unknown time zone " "', cronJob({ timeZone: ' ' }), ['timeZone']],
    ['spec.timeZone: unknown time zone "Continent/Zone "', cronJob({ timeZone: 'Continent/Zone ' }), ['timeZone']],
    ['spec.timeZone: "still broken"', cronJob({ timeZone: 'still broken' }), ['timeZone']],
    [
      'spec.startingDeadlineSeconds: must be greater than or equal to 0',
      cronJob({ startingDeadlineSeconds: -1 }),
      ['startingDeadlineSeconds'],
    ],
    [
      'spec.successfulJobsHistoryLimit: must be greater than or equal to 0',
      cronJob({ successfulJobsHistoryLimit: -1 }),
      ['successfulJobsHistoryLimit'],
    ],
    [
      'spec.failedJobsHistoryLimit: must be greater than or equal to 0',
      cronJob({ failedJobsHistoryLimit: -1 }),
      ['failedJobsHistoryLimit'],
    ],
    ['spec.concurrencyPolicy: Unsupported value', cronJob({ concurrencyPolicy: 'Sometimes' }), ['concurrencyPolicy']],
    [
      'spec.jobTemplate.spec.parallelism: must be greater than or equal to 0',
      jobTemplate({ parallelism: -1 }),
      ['jobTemplate.spec.parallelism'],
    ],
    [
      'spec.jobTemplate.spec.completions: must be greater than or equal to 0',
      jobTemplate({ completions: -1 }),
      ['jobTemplate.spec.completions'],
    ],
    [
      'spec.jobTemplate.spec.activeDeadlineSeconds: must be greater than or equal to 0',
      jobTemplate({ activeDeadlineSeconds: -1 }),
      ['jobTemplate.spec.activeDeadlineSeconds'],
    ],
    [
      'spec.jobTemplate.spec.selector: `selector` will be auto-generated',
      jobTemplate({ selector: { matchLabels: { a: 'b' } } }),
      ['jobTemplate.spec.selector'],
    ],
    [
      'spec.jobTemplate.spec.manualSelector: Unsupported value',
      jobTemplate({ manualSelector: true }),
      ['jobTemplate.spec.manualSelector'],
    ],
    [
      'spec.jobTemplate.spec.template.spec.restartPolicy: Required value',
      jobTemplate({ template: podTemplate({ restartPolicy: 'Always' }) }),
      ['jobTemplate.spec.template.spec.restartPolicy'],
    ],
    [
      'spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value',
      jobTemplate({ template: podTemplate({ restartPolicy: 'Invalid' }) }),
      ['jobTemplate.spec.template.spec.restartPolicy'],
    ],
    [
      'spec.jobTemplate.spec.ttlSecondsAfterFinished: must be greater than or equal to 0',
      jobTemplate({ ttlSecondsAfterFinished: -1 }),
      ['jobTemplate.spec.ttlSecondsAfterFinished'],
    ],
  ]);

  it('leaves to the cluster the names the time zone database lacks (time.LoadLocation)', () => {
    // Upstream's "Continent/InvalidZone" and "broken" are refused by time.LoadLocation against the
    // API server's time zone database, which is not ported: their form is a time zone name's.
    for (const name of ['Continent/InvalidZone', 'broken', 'America/Chicago', 'Etc/GMT+5', 'UTC'])
      expect(timeZoneProblem(name)).toBeUndefined();
    for (const name of ['America//Chicago', '/UTC', 'Europe/..', 'A/-b', 'Abcdefghijklmno', 'local'])
      expect(timeZoneProblem(name)).toBeDefined();
  });
});

describe('ValidatePodDisruptionBudgetSpec: TestValidate*PodDisruptionBudgetSpec (policy)', () => {
  const budget = (spec: JsonMap) =>
    paths(
      objectRulesFindings({
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'x' },
        spec: { selector: { matchLabels: { name: 'abc' } }, ...spec },
      }),
    );

  it.each(['0%', '1%', '100%', 0, 1, 100])('takes minAvailable and maxUnavailable %j', (count) => {
    expect(budget({ minAvailable: count })).toEqual([]);
    expect(budget({ maxUnavailable: count })).toEqual([]);
  });
  it.each(['1.1%', 'nope', '-1%', '101%', -1])('refuses minAvailable and maxUnavailable %j', (count) => {
    expect(budget({ minAvailable: count })).toEqual(['spec.minAvailable']);
    expect(budget({ maxUnavailable: count })).toEqual(['spec.maxUnavailable']);
  });
  it('refuses minAvailable with maxUnavailable', () => {
    expect(budget({ minAvailable: '0%', maxUnavailable: '10%' })).toEqual(['spec.minAvailable']);
  });
  it.each([
    [undefined, []],
    ['AlwaysAllow', []],
    ['IfHealthyBudget', []],
    ['', ['spec.unhealthyPodEvictionPolicy']],
    ['Invalid', ['spec.unhealthyPodEvictionPolicy']],
  ])('unhealthyPodEvictionPolicy %j', (policy, refusedAt) => {
    expect(budget({ minAvailable: '10%', unhealthyPodEvictionPolicy: policy })).toEqual(refusedAt);
  });
});

describe('ValidateRole and ValidateRoleBinding: TestValidateRole*, TestValidateRoleBinding (rbac)', () => {
  const rule = (fields: JsonMap): JsonMap => ({ rules: [fields] });
  table(roleFindings, [
    ['TestValidateRoleValidRole', {}, []],
    ['TestValidateRoleValidResource', rule({ verbs: ['get'], apiGroups: ['v1'], resources: ['pods'] }), []],
    [
      'TestValidateRoleNamespacedNonResourceURL',
      rule({ verbs: ['get'], nonResourceURLs: ['/*'] }),
      ['rules.0.nonResourceURLs'],
    ],
    [
      'TestValidateRoleMixedNonResourceAndResource',
      rule({ verbs: ['get'], nonResourceURLs: ['/*'], apiGroups: ['v1'], resources: ['pods'] }),
      ['rules.0.nonResourceURLs'],
    ],
    ['TestValidateRoleNoAPIGroup', rule({ verbs: ['get'], resources: ['pods'] }), ['rules.0.apiGroups']],
    ['TestValidateRoleNoResources', rule({ verbs: ['get'], apiGroups: ['v1'] }), ['rules.0.resources']],
    ['no verbs', rule({ verbs: [], apiGroups: [''], resources: ['pods'] }), ['rules.0.verbs']],
    [
      'the core group, as the library writes it',
      rule({ apiGroups: [''], resources: ['secrets'], resourceNames: ['s'], verbs: ['get', 'patch'] }),
      [],
    ],
  ]);

  const binding = (fields: JsonMap): JsonMap => ({
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'valid' },
    ...fields,
  });
  table(roleBindingFindings, [
    [
      'valid, the apiGroup of a User and a Group by default',
      binding({
        subjects: [
          { name: 'validsaname', kind: 'ServiceAccount' },
          { name: 'valid@username', kind: 'User' },
          { name: 'valid@groupname', kind: 'Group' },
        ],
      }),
      [],
    ],
    [
      'bad group',
      binding({ roleRef: { apiGroup: 'rbac.GroupName', kind: 'ClusterRole', name: 'valid' } }),
      ['roleRef.apiGroup'],
    ],
    [
      'bad kind',
      binding({ roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Type', name: 'valid' } }),
      ['roleRef.kind'],
    ],
    ['bad role', binding({ roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role' } }), ['roleRef.name']],
    ['a role name that is not a path segment', binding({ roleRef: { kind: 'Role', name: 'a/b' } }), ['roleRef.name']],
    ['bad subject kind', binding({ subjects: [{ name: 'subject' }] }), ['subjects.0.kind']],
    ['bad subject name', binding({ subjects: [{ name: 'subject:bad', kind: 'ServiceAccount' }] }), ['subjects.0.name']],
    ['missing subject name', binding({ subjects: [{ kind: 'ServiceAccount' }] }), ['subjects.0.name']],
    [
      'a ServiceAccount with an apiGroup',
      binding({ subjects: [{ name: 'sa', kind: 'ServiceAccount', apiGroup: 'rbac.authorization.k8s.io' }] }),
      ['subjects.0.apiGroup'],
    ],
    [
      'a User of another group',
      binding({ subjects: [{ name: 'u', kind: 'User', apiGroup: 'example.com' }] }),
      ['subjects.0.apiGroup'],
    ],
  ]);
});
