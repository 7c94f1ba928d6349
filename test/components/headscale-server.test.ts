import YAML from 'yaml';
import { standaloneLabels } from '../../src/components/common';
import { KEEP_ANNOTATIONS } from '../../src/components/kept-volume-claim';
import { DATA_PATH, HeadscaleServer } from '../../src/components/headscale-server';
import type { Affinity, Toleration } from '../../src/components/kube';
import type { IServerSidecar } from '../../src/components/server-sidecar';
import { instanceLabels } from '../../src/derive/release';
import { SERVER_TLS_DIR, SERVER_TLS_VOLUME } from '../../src/derive/headscale-config';
import { CONFIG_PATH, fileChecksum, type MountedFile } from '../../src/derive/mounted-files';
import {
  ACCESS_MODES,
  HEADSCALE_CONFIG_DEFAULTS,
  HEADSCALE_PORT,
  IMAGE_PULL_POLICY,
  listenAddressOn,
  MAX_UNAVAILABLE,
  SERVER_IMAGE,
  SERVER_POD_SECURITY_CONTEXT,
  SERVER_PROBE,
  SERVER_SECURITY_CONTEXT,
  SERVICE_TYPE,
  SOCKET_DIR,
  STORAGE_SIZE,
  STUN_PORT,
} from '../../src/values/defaults';
import { NEWEST_HEADSCALE_VERSION } from '../../src/values/headscale-versions';
import { problemAt, propsProblems, synthComponents, userChart } from '../support/components';
import { find, kinds } from '../support/render';

const file = (name: string, content: string, live = false): MountedFile => ({
  volumeName: name,
  checksumName: name,
  configMapName: `headscale-${name}`,
  key: `${name}.json`,
  mountPath: live ? `/etc/headscale/${name}/${name}.json` : `/etc/headscale/${name}.json`,
  content,
  ...(live ? { live } : {}),
});

describe('HeadscaleServer', () => {
  it('with no props (none is required): every default from the shared defaults', () => {
    let server: HeadscaleServer | undefined;
    const objects = synthComponents((chart) => {
      server = new HeadscaleServer(chart, 'hs');
    });
    expect(kinds(objects)).toEqual([
      'ConfigMap/headscale',
      'Deployment/headscale',
      'PersistentVolumeClaim/headscale',
      'PodDisruptionBudget/headscale',
      'Service/headscale',
      'ServiceAccount/headscale',
    ]);
    const labels = standaloneLabels('headscale', 'headscale');
    const workloadLabels = { ...labels, 'app.kubernetes.io/component': 'server' };
    const selector = instanceLabels('headscale', 'headscale', 'server');
    const url = `http://headscale.vpn.svc.cluster.local:${HEADSCALE_PORT}`;
    expect(server).toMatchObject({ url, labels, selector, serviceAccountName: 'headscale' });
    expect(server!.headscaleVersion).toBe(NEWEST_HEADSCALE_VERSION);
    expect(YAML.parse(find(objects, 'ConfigMap', 'headscale').data['config.yaml'])).toEqual({
      ...HEADSCALE_CONFIG_DEFAULTS,
      server_url: url,
      listen_addr: listenAddressOn(HEADSCALE_PORT),
    });

    const deployment = find(objects, 'Deployment', 'headscale');
    expect(deployment.metadata.labels).toEqual(workloadLabels);
    expect(deployment.spec).toMatchObject({
      replicas: 1,
      strategy: { type: 'Recreate' },
      selector: { matchLabels: selector },
      template: { metadata: { labels: workloadLabels } },
    });
    const pod = deployment.spec.template.spec;
    expect(pod).toMatchObject({
      serviceAccountName: 'headscale',
      automountServiceAccountToken: false,
      securityContext: SERVER_POD_SECURITY_CONTEXT,
    });
    for (const absent of ['shareProcessNamespace', 'imagePullSecrets', 'nodeSelector', 'affinity', 'tolerations'])
      expect(pod).not.toHaveProperty(absent);
    expect(pod.containers).toHaveLength(1);
    const [container] = pod.containers;
    expect(container).toMatchObject({
      name: server!.containerName,
      image: `${SERVER_IMAGE.repository}:${SERVER_IMAGE.tag}`,
      imagePullPolicy: IMAGE_PULL_POLICY,
      args: ['-c', CONFIG_PATH],
      ports: [{ name: 'http', containerPort: HEADSCALE_PORT, protocol: 'TCP' }],
      livenessProbe: SERVER_PROBE,
      readinessProbe: SERVER_PROBE,
      securityContext: SERVER_SECURITY_CONTEXT,
    });
    expect(container).not.toHaveProperty('env');
    expect(container.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toEqual([
      DATA_PATH,
      '/tmp',
      SOCKET_DIR,
      CONFIG_PATH,
    ]);
    expect(deployment.spec.template.metadata.annotations).toEqual(server!.config.checksumAnnotations);

    expect(find(objects, 'Service', 'headscale').spec).toEqual({
      type: SERVICE_TYPE,
      ports: [{ name: 'http', port: HEADSCALE_PORT, targetPort: 'http', protocol: 'TCP' }],
      selector,
    });
    expect(find(objects, 'ServiceAccount', 'headscale')).toMatchObject({
      metadata: { labels },
      automountServiceAccountToken: false,
    });
    expect(find(objects, 'PersistentVolumeClaim', 'headscale')).toMatchObject({
      metadata: { annotations: KEEP_ANNOTATIONS },
      spec: { accessModes: [...ACCESS_MODES], resources: { requests: { storage: STORAGE_SIZE } } },
    });
    expect(find(objects, 'PodDisruptionBudget', 'headscale').spec).toEqual({
      selector: { matchLabels: selector },
      maxUnavailable: MAX_UNAVAILABLE,
    });
  });

  it('with every prop: each reaches the object and field its constructor puts it in', () => {
    const labels = { team: 'vpn', app: 'control' };
    const selector = { app: 'control' };
    const derpMap = file('derp', '{"Regions": {}}');
    const extraDnsRecords = file('records', '[]');
    const policy = file('policy', '{"acls": []}', true);
    const config = {
      ...HEADSCALE_CONFIG_DEFAULTS,
      server_url: 'https://hs.example.com',
      listen_addr: listenAddressOn(9000),
      policy: { path: policy.mountPath },
    };
    const probe = { tcpSocket: { port: 'http' }, periodSeconds: 7 };
    const env = [{ name: 'HEADSCALE_LOG_LEVEL', value: 'debug' }];
    const resources = { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } };
    const securityContext = { runAsNonRoot: true, runAsUser: 2000, allowPrivilegeEscalation: false };
    const podSecurityContext = { fsGroup: 2000 };
    const affinity: Affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }] }],
        },
      },
    };
    const tolerations: Toleration[] = [
      { key: 'dedicated', operator: 'Equal', value: 'headscale', effect: 'NoSchedule' },
    ];
    const extraVolumes = [{ name: 'oidc', secret: { secretName: 'headscale-oidc' } }];
    const extraVolumeMounts = [{ name: 'oidc', mountPath: '/etc/headscale/oidc', readOnly: true }];
    const sidecar: IServerSidecar = {
      containers: [{ name: 'helper', image: 'registry.example.com/helper:1' }],
      volumes: [{ name: 'helper', emptyDir: {} }],
      servicePorts: [{ name: 'helper', port: 7000, targetPort: 'helper', protocol: 'TCP' }],
      podAnnotations: { 'checksum/helper': 'abc' },
      sharesProcessNamespace: true,
    };
    let server: HeadscaleServer | undefined;
    const objects = synthComponents((chart) => {
      server = new HeadscaleServer(chart, 'hs', {
        name: 'control',
        labels,
        workloadLabels: { tier: 'control-plane' },
        selector,
        deploymentSelector: { ...selector, tier: 'control-plane' },
        image: 'registry.example.com/headscale:custom',
        headscaleVersion: '0.28',
        imagePullPolicy: 'Always',
        config,
        derpMap,
        extraDnsRecords,
        policy,
        service: { type: 'LoadBalancer', port: 443 },
        listeners: {
          http: 9000,
          metrics: 9091,
          grpc: 50444,
          stun: {
            serviceName: 'control-udp',
            port: 3479,
            expose: 'LoadBalancer',
            annotations: { 'example.com/lb': 'udp' },
            loadBalancerIP: '203.0.113.7',
            externalTrafficPolicy: 'Cluster',
          },
        },
        serviceAccount: { create: true, name: 'control-sa', annotations: { 'example.com/role': 'control' } },
        persistence: { size: '5Gi', accessModes: ['ReadWriteOncePod'], storageClassName: 'fast-ssd' },
        socketDir: '/run/headscale',
        tlsSecretName: 'control-tls',
        env,
        livenessProbe: probe,
        readinessProbe: { ...probe, periodSeconds: 3 },
        resources,
        securityContext,
        pod: {
          labels: { extra: 'yes' },
          annotations: { 'example.com/note': 'kept' },
          securityContext: podSecurityContext,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          affinity,
          tolerations,
          imagePullSecrets: ['registry'],
          volumes: extraVolumes,
        },
        extraVolumeMounts,
        disruptionBudget: { minAvailable: 1 },
        sidecars: [sidecar],
      });
    });
    expect(kinds(objects)).toEqual([
      'ConfigMap/control',
      'ConfigMap/headscale-derp',
      'ConfigMap/headscale-policy',
      'ConfigMap/headscale-records',
      'Deployment/control',
      'PersistentVolumeClaim/control',
      'PodDisruptionBudget/control',
      'Service/control',
      'Service/control-udp',
      'ServiceAccount/control-sa',
    ]);
    expect(server).toMatchObject({
      url: 'https://control.vpn.svc.cluster.local:443',
      labels,
      selector,
      serviceAccountName: 'control-sa',
      headscaleVersion: '0.28',
    });
    for (const object of objects.filter((o) => o.kind === 'ConfigMap')) expect(object.metadata.labels).toEqual(labels);
    expect(YAML.parse(find(objects, 'ConfigMap', 'control').data['config.yaml'])).toEqual(config);
    expect(find(objects, 'ConfigMap', 'headscale-derp').data).toEqual({ 'derp.json': derpMap.content });

    const workloadLabels = { ...labels, tier: 'control-plane' };
    const deployment = find(objects, 'Deployment', 'control');
    expect(deployment.metadata.labels).toEqual(workloadLabels);
    expect(deployment.spec.selector).toEqual({ matchLabels: { ...selector, tier: 'control-plane' } });
    expect(deployment.spec.template.metadata).toEqual({
      labels: { extra: 'yes', ...workloadLabels },
      annotations: {
        'checksum/config': server!.config.checksumAnnotations['checksum/config'],
        'checksum/derp': fileChecksum(derpMap),
        'checksum/records': fileChecksum(extraDnsRecords),
        'example.com/note': 'kept',
        'checksum/helper': 'abc',
      },
    });
    const pod = deployment.spec.template.spec;
    expect(pod).toMatchObject({
      serviceAccountName: 'control-sa',
      shareProcessNamespace: true,
      securityContext: podSecurityContext,
      imagePullSecrets: [{ name: 'registry' }],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      affinity,
      tolerations,
    });
    const [headscale, helper] = pod.containers;
    expect(helper).toEqual(sidecar.containers[0]);
    expect(headscale).toMatchObject({
      image: 'registry.example.com/headscale:custom',
      imagePullPolicy: 'Always',
      env,
      ports: [
        { name: 'http', containerPort: 9000, protocol: 'TCP' },
        { name: 'metrics', containerPort: 9091, protocol: 'TCP' },
        { name: 'grpc', containerPort: 50444, protocol: 'TCP' },
        { name: 'stun', containerPort: 3479, protocol: 'UDP' },
      ],
      // An HTTP check would speak HTTPS with tlsSecretName; a TCP check is passed as it is.
      livenessProbe: probe,
      readinessProbe: { ...probe, periodSeconds: 3 },
      resources,
      securityContext,
    });
    expect(headscale.volumeMounts).toEqual([
      { name: 'data', mountPath: DATA_PATH },
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'runtime', mountPath: '/run/headscale' },
      server!.config.volumeMount,
      server!.derpMap!.volumeMount,
      server!.extraDnsRecords!.volumeMount,
      { name: 'policy', mountPath: '/etc/headscale/policy', readOnly: true },
      { name: SERVER_TLS_VOLUME, mountPath: SERVER_TLS_DIR, readOnly: true },
      ...extraVolumeMounts,
    ]);
    expect(pod.volumes).toEqual([
      { name: 'data', persistentVolumeClaim: { claimName: 'control' } },
      { name: 'tmp', emptyDir: {} },
      { name: 'runtime', emptyDir: {} },
      server!.config.volume,
      server!.derpMap!.volume,
      server!.extraDnsRecords!.volume,
      server!.policy!.volume,
      { name: SERVER_TLS_VOLUME, secret: { secretName: 'control-tls' } },
      ...extraVolumes,
      ...sidecar.volumes,
    ]);

    const service = find(objects, 'Service', 'control');
    expect(service.metadata.labels).toEqual(labels);
    expect(service.spec).toEqual({
      type: 'LoadBalancer',
      ports: [
        { name: 'https', port: 443, targetPort: 'http', protocol: 'TCP' },
        { name: 'metrics', port: 9091, targetPort: 'metrics', protocol: 'TCP' },
        { name: 'grpc', port: 50444, targetPort: 'grpc', protocol: 'TCP' },
        ...sidecar.servicePorts,
      ],
      selector,
    });
    const stun = find(objects, 'Service', 'control-udp');
    expect(stun.metadata.annotations).toEqual({ 'example.com/lb': 'udp' });
    expect(stun.spec).toEqual({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Cluster',
      loadBalancerIP: '203.0.113.7',
      ports: [{ name: 'stun', port: 3479, targetPort: 'stun', protocol: 'UDP' }],
      selector,
    });
    expect(find(objects, 'ServiceAccount', 'control-sa').metadata.annotations).toEqual({
      'example.com/role': 'control',
    });
    expect(find(objects, 'PersistentVolumeClaim', 'control').spec).toEqual({
      accessModes: ['ReadWriteOncePod'],
      resources: { requests: { storage: '5Gi' } },
      storageClassName: 'fast-ssd',
    });
    expect(find(objects, 'PodDisruptionBudget', 'control')).toMatchObject({
      metadata: { labels: workloadLabels },
      spec: { selector: { matchLabels: selector }, minAvailable: 1 },
    });
  });

  it('with the props that turn objects off: an existing ServiceAccount, ConfigMap and no claim, probe, budget or socket', () => {
    const objects = synthComponents(
      (chart) =>
        new HeadscaleServer(chart, 'hs', {
          serviceAccount: { create: false, name: 'existing' },
          existingConfigMap: 'my-config',
          persistence: { existingClaim: 'my-data' },
          socketDir: '',
          livenessProbe: false,
          readinessProbe: false,
          disruptionBudget: false,
          listeners: { stun: { expose: 'hostPort' } },
        }),
    );
    expect(kinds(objects)).toEqual(['Deployment/headscale', 'Service/headscale']);
    const pod = find(objects, 'Deployment', 'headscale').spec.template.spec;
    expect(pod.serviceAccountName).toBe('existing');
    expect(pod.volumes).toEqual([
      { name: 'data', persistentVolumeClaim: { claimName: 'my-data' } },
      { name: 'tmp', emptyDir: {} },
      { name: 'config', configMap: { name: 'my-config' } },
    ]);
    expect(pod.containers[0]).not.toHaveProperty('livenessProbe');
    expect(pod.containers[0]).not.toHaveProperty('readinessProbe');
    expect(pod.containers[0].ports).toContainEqual({
      name: 'stun',
      containerPort: STUN_PORT,
      hostPort: STUN_PORT,
      protocol: 'UDP',
    });
  });

  it('gives its pods the labels its selectors match, when labels hold none of them', () => {
    const objects = synthComponents(
      (chart) => new HeadscaleServer(chart, 'hs', { labels: { team: 'vpn' }, deploymentSelector: { app: 'hs' } }),
    );
    expect(find(objects, 'Deployment', 'headscale').spec.template.metadata.labels).toEqual({
      team: 'vpn',
      'app.kubernetes.io/component': 'server',
      ...instanceLabels('headscale', 'headscale', 'server'),
      app: 'hs',
    });
  });

  it('speaks HTTPS in its HTTP probes when it serves TLS itself', () => {
    const objects = synthComponents((chart) => new HeadscaleServer(chart, 'hs', { tlsSecretName: 'hs-tls' }));
    const [container] = find(objects, 'Deployment', 'headscale').spec.template.spec.containers;
    expect(container.livenessProbe.httpGet).toEqual({ ...(SERVER_PROBE.httpGet as object), scheme: 'HTTPS' });
  });

  it('refuses both limits of its budget at disruptionBudget.maxUnavailable, and takes one', () => {
    expect(
      propsProblems(
        () => new HeadscaleServer(userChart(), 'hs', { disruptionBudget: { minAvailable: 1, maxUnavailable: 1 } }),
      ),
    ).toEqual(problemAt('disruptionBudget.maxUnavailable'));
    expect(() => new HeadscaleServer(userChart(), 'hs', { disruptionBudget: { maxUnavailable: '50%' } })).not.toThrow();
  });

  it("leaves an existing ConfigMap's config unchecked: only a config it writes is Headscale's to refuse", () => {
    const refused = {
      ...HEADSCALE_CONFIG_DEFAULTS,
      server_url: 'https://hs.example.com',
      trusted_proxies: ['0.0.0.0/0'],
    };
    expect(propsProblems(() => new HeadscaleServer(userChart(), 'hs', { config: refused }))).toEqual(
      problemAt('config.trusted_proxies'),
    );
    expect(
      () => new HeadscaleServer(userChart(), 'hs', { config: refused, existingConfigMap: 'my-config' }),
    ).not.toThrow();
  });

  it('refuses a policy Headscale would not load at policy.content, and takes a valid one', () => {
    const policy = file('policy', '{"acls": [{"action": "accept", "src": ["*"], "dst": ["tag:web:*"]}]}');
    expect(propsProblems(() => new HeadscaleServer(userChart(), 'hs', { policy }))).toEqual(
      problemAt('policy.content'),
    );
    expect(() => new HeadscaleServer(userChart(), 'hs', { policy: file('policy', '{"acls": []}') })).not.toThrow();
  });

  it('checks its config for headscaleVersion when given, over the version of the image', () => {
    // Headscale 0.28 reads no trusted_proxies, which 0.29 refuses as 0.0.0.0/0.
    const config = {
      ...HEADSCALE_CONFIG_DEFAULTS,
      server_url: 'https://hs.example.com',
      trusted_proxies: ['0.0.0.0/0'],
    };
    expect(() => new HeadscaleServer(userChart(), 'hs', { config, headscaleVersion: '0.28' })).not.toThrow();
    expect(propsProblems(() => new HeadscaleServer(userChart(), 'hs', { config, headscaleVersion: '0.29' }))).toEqual(
      problemAt('config.trusted_proxies'),
    );
  });
});
