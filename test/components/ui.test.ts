import { find, type K8sObject, kinds, render, renderChart } from '../support/render';
import type { HeadscaleValuesInput } from '../../src/values/schema';

const withUi = (ui: NonNullable<HeadscaleValuesInput['ui']> = {}, rest: HeadscaleValuesInput = {}) =>
  render({ client: { enabled: false }, ...rest, ui: { enabled: true, ...ui } });
const uiPod = (objects: K8sObject[]) => find(objects, 'Deployment', 'headscale-ui').spec.template;
const uiContainer = (objects: K8sObject[]) => uiPod(objects).spec.containers[0];
/** The emptyDirs where the default image writes, after the UI's other volumes: its root filesystem is read-only. */
const WRITABLE = [
  ['ui-run', '/data'],
  ['ui-home', '/home/appuser'],
  ['tmp', '/tmp'],
];
const WRITABLE_VOLUMES = WRITABLE.map(([name]) => ({ name, emptyDir: {} }));
const WRITABLE_MOUNTS = WRITABLE.map(([name, mountPath]) => ({ name, mountPath }));
const uiObjects = (objects: K8sObject[]) => objects.filter((o) => o.metadata.name.startsWith('headscale-ui'));
const ingress = {
  enabled: true,
  annotations: { 'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600' },
  hosts: [{ host: 'hs.example.com', paths: [{ path: '/', pathType: 'Prefix' as const }] }],
};

describe('the web UI', () => {
  it('is not rendered unless ui.enabled', () => {
    const { chart, objects } = renderChart({
      client: { enabled: false },
      ingress,
      ui: { configMap: { enabled: true }, persistence: { enabled: true } },
    });
    expect(chart.ui).toBeUndefined();
    expect(uiObjects(objects)).toEqual([]);
  });

  it("renders a one-replica Deployment and a Service routing its port to the container's http port", () => {
    const objects = withUi({
      containerPort: 3000,
      image: { repository: 'ghcr.io/tale/headplane', tag: '0.6.1', pullPolicy: 'Always' },
      service: { type: 'NodePort', port: 80 },
    });
    const deployment = find(objects, 'Deployment', 'headscale-ui');
    const selector = {
      'app.kubernetes.io/name': 'headscale',
      'app.kubernetes.io/instance': 'headscale',
      'app.kubernetes.io/component': 'ui',
    };
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.selector).toEqual({ matchLabels: selector });
    expect(uiPod(objects).metadata.labels).toMatchObject(selector);
    expect(uiContainer(objects)).toMatchObject({
      name: 'headscale-ui',
      image: 'ghcr.io/tale/headplane:0.6.1',
      imagePullPolicy: 'Always',
      ports: [{ name: 'http', containerPort: 3000, protocol: 'TCP' }],
    });
    expect(find(objects, 'Service', 'headscale-ui').spec).toEqual({
      type: 'NodePort',
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
      selector,
    });
  });

  it('labels every one of its objects with the ui component', () => {
    const objects = withUi({ configMap: { enabled: true }, persistence: { enabled: true } }, { ingress });
    expect(kinds(uiObjects(objects))).toEqual([
      'ConfigMap/headscale-ui-config',
      'Deployment/headscale-ui',
      'Ingress/headscale-ui',
      'PersistentVolumeClaim/headscale-ui',
      'PodDisruptionBudget/headscale-ui',
      'Service/headscale-ui',
    ]);
    for (const o of uiObjects(objects))
      expect([o.kind, o.metadata.labels['app.kubernetes.io/component']]).toEqual([o.kind, 'ui']);
  });

  describe('gives the UI the Headscale URL', () => {
    const env = (objects: K8sObject[]) => uiContainer(objects).env;

    it('from ui.headscaleUrl first', () => {
      expect(env(withUi({ headscaleUrl: 'https://vpn.example.org' }, { ingress }))[0]).toEqual({
        name: 'HEADSCALE_URL',
        value: 'https://vpn.example.org',
      });
    });

    it('else from the main ingress, https with TLS', () => {
      expect(env(withUi({}, { ingress }))[0].value).toBe('http://hs.example.com');
      expect(
        env(withUi({}, { ingress: { ...ingress, tls: [{ secretName: 'hs-tls', hosts: ['hs.example.com'] }] } }))[0]
          .value,
      ).toBe('https://hs.example.com');
    });

    it("else from the server's Service", () => {
      expect(env(withUi({}, { service: { port: 9090 } }))).toEqual([
        { name: 'HEADSCALE_URL', value: 'http://headscale:9090' },
      ]);
    });

    it('under ui.headscaleUrlEnvName, followed by ui.extraEnv', () => {
      const extraEnv = [
        { name: 'HEADPLANE_LOAD_ENV_OVERRIDES', value: 'true' },
        { name: 'COOKIE_SECRET', valueFrom: { secretKeyRef: { name: 'headplane', key: 'cookie' } } },
      ];
      expect(env(withUi({ headscaleUrlEnvName: 'HEADPLANE_HEADSCALE__URL', extraEnv }))).toEqual([
        { name: 'HEADPLANE_HEADSCALE__URL', value: 'http://headscale:8080' },
        ...extraEnv,
      ]);
    });
  });

  describe('exposes the UI beside the main ingress', () => {
    it('only when the main ingress is enabled', () => {
      expect(kinds(withUi())).not.toContain('Ingress/headscale-ui');
    });

    it('on the main host under /web, with the main annotations, TLS and class, to its own Service', () => {
      const tls = [{ secretName: 'hs-tls', hosts: ['hs.example.com'] }];
      const ui = find(withUi({}, { ingress: { ...ingress, tls, className: 'traefik' } }), 'Ingress', 'headscale-ui');
      expect(ui.metadata.annotations).toEqual(ingress.annotations);
      expect(ui.spec).toEqual({
        ingressClassName: 'traefik',
        tls,
        rules: [
          {
            host: 'hs.example.com',
            http: {
              paths: [
                {
                  path: '/web',
                  pathType: 'ImplementationSpecific',
                  backend: { service: { name: 'headscale-ui', port: { name: 'http' } } },
                },
              ],
            },
          },
        ],
      });
    });

    it('on its own host, path and TLS when given, its annotations merged over the main ones', () => {
      const ui = find(
        withUi(
          {
            ingress: {
              host: 'ui.example.com',
              path: '/',
              pathType: 'Prefix',
              annotations: { 'nginx.ingress.kubernetes.io/proxy-read-timeout': '60', 'example.com/team': 'ui' },
              tls: [{ secretName: 'ui-tls' }],
            },
          },
          { ingress: { ...ingress, tls: [{ secretName: 'hs-tls' }] } },
        ),
        'Ingress',
        'headscale-ui',
      );
      expect(ui.metadata.annotations).toEqual({
        'nginx.ingress.kubernetes.io/proxy-read-timeout': '60',
        'example.com/team': 'ui',
      });
      expect(ui.spec.tls).toEqual([{ secretName: 'ui-tls' }]);
      expect(ui.spec.rules[0].host).toBe('ui.example.com');
      expect(ui.spec.rules[0].http.paths[0]).toMatchObject({ path: '/', pathType: 'Prefix' });
    });

    it('leaves the main Ingress as it is', () => {
      const main = (objects: K8sObject[]) => find(objects, 'Ingress', 'headscale');
      expect(main(withUi({ ingress: { annotations: { a: 'b' } } }, { ingress }))).toEqual(
        main(render({ client: { enabled: false }, ingress })),
      );
    });
  });

  describe('mounts a configuration file when ui.configMap.enabled', () => {
    it('from a ConfigMap of ui.configMap.data, read-only by subPath, rolling the pod when the data changes', () => {
      const objects = withUi({ configMap: { enabled: true, data: { theme: 'dark' } } });
      expect(find(objects, 'ConfigMap', 'headscale-ui-config').data).toEqual({ 'config.yaml': 'theme: dark\n' });
      expect(uiContainer(objects).volumeMounts).toEqual([
        { name: 'ui-config', mountPath: '/app/config.yaml', subPath: 'config.yaml', readOnly: true },
        ...WRITABLE_MOUNTS,
      ]);
      expect(uiPod(objects).spec.volumes).toEqual([
        { name: 'ui-config', configMap: { name: 'headscale-ui-config' } },
        ...WRITABLE_VOLUMES,
      ]);
      const checksum = (data: Record<string, unknown>) =>
        uiPod(withUi({ configMap: { enabled: true, data } })).metadata.annotations['checksum/ui-config'];
      expect(checksum({ theme: 'dark' })).toMatch(/^[0-9a-f]{64}$/);
      expect(checksum({ theme: 'light' })).not.toBe(checksum({ theme: 'dark' }));
      expect(checksum({ theme: 'dark' })).toBe(checksum({ theme: 'dark' }));
    });

    it('from an existing ConfigMap without creating one, the checksum following its name and key', () => {
      const existing = (key: string) =>
        withUi({ configMap: { enabled: true, create: false, name: 'ui-settings', key } });
      expect(kinds(existing('config.yaml')).filter((k) => k.startsWith('ConfigMap/'))).toEqual(['ConfigMap/headscale']);
      expect(uiPod(existing('config.yaml')).spec.volumes).toEqual([
        { name: 'ui-config', configMap: { name: 'ui-settings' } },
        ...WRITABLE_VOLUMES,
      ]);
      const checksum = (key: string) => uiPod(existing(key)).metadata.annotations['checksum/ui-config'];
      expect(checksum('a.yaml')).not.toBe(checksum('b.yaml'));
    });

    it('and no file, volume or checksum otherwise', () => {
      const pod = uiPod(withUi({ configMap: { data: { theme: 'dark' } } }));
      expect(pod.metadata).not.toHaveProperty('annotations');
      expect(pod.spec.volumes).toEqual(WRITABLE_VOLUMES);
      expect(pod.spec.containers[0].volumeMounts).toEqual(WRITABLE_MOUNTS);
    });
  });

  describe('keeps UI data on a claim when ui.persistence.enabled', () => {
    it('creating <fullname>-ui, kept through uninstalls and prunes, mounted at ui.persistence.mountPath', () => {
      const objects = withUi({
        persistence: { enabled: true, size: '5Gi', storageClassName: 'fast', mountPath: '/var/lib/headplane' },
      });
      const claim = find(objects, 'PersistentVolumeClaim', 'headscale-ui');
      expect(claim.metadata.annotations).toEqual({
        'helm.sh/resource-policy': 'keep',
        'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
        'kustomize.toolkit.fluxcd.io/prune': 'disabled',
      });
      expect(claim.spec).toEqual({
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '5Gi' } },
        storageClassName: 'fast',
      });
      expect(uiPod(objects).spec.volumes).toEqual([
        { name: 'ui-data', persistentVolumeClaim: { claimName: 'headscale-ui' } },
        ...WRITABLE_VOLUMES,
      ]);
      expect(uiContainer(objects).volumeMounts).toEqual([
        { name: 'ui-data', mountPath: '/var/lib/headplane' },
        ...WRITABLE_MOUNTS,
      ]);
    });

    it('or mounting ui.persistence.existingClaim without creating one', () => {
      const objects = withUi({ persistence: { enabled: true, existingClaim: 'ui-data' } });
      expect(kinds(objects)).not.toContain('PersistentVolumeClaim/headscale-ui');
      expect(uiPod(objects).spec.volumes).toEqual([
        { name: 'ui-data', persistentVolumeClaim: { claimName: 'ui-data' } },
        ...WRITABLE_VOLUMES,
      ]);
    });
  });

  describe('has a disruption budget', () => {
    const budget = (ui: NonNullable<HeadscaleValuesInput['ui']>) =>
      find(withUi(ui), 'PodDisruptionBudget', 'headscale-ui').spec;

    it('allowing one pod down by default, selecting the UI pods only', () => {
      expect(budget({})).toEqual({
        maxUnavailable: 1,
        selector: {
          matchLabels: {
            'app.kubernetes.io/name': 'headscale',
            'app.kubernetes.io/instance': 'headscale',
            'app.kubernetes.io/component': 'ui',
          },
        },
      });
    });

    it('with minAvailable in place of maxUnavailable when given', () => {
      const spec = budget({ podDisruptionBudget: { minAvailable: '50%' } });
      expect(spec.minAvailable).toBe('50%');
      expect(spec).not.toHaveProperty('maxUnavailable');
    });

    it('unless ui.podDisruptionBudget.enabled is false', () => {
      expect(kinds(withUi({ podDisruptionBudget: { enabled: false } }))).not.toContain(
        'PodDisruptionBudget/headscale-ui',
      );
    });
  });

  it('runs hardened: not root (by UID, as the image names its user), no escalation, no capabilities, default seccomp, a read-only root filesystem, no API token', () => {
    const pod = uiPod(withUi({ persistence: { enabled: true } }));
    expect(pod.spec.containers[0].securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1000,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
    });
    expect(pod.spec.securityContext).toEqual({ fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.spec.automountServiceAccountToken).toBe(false);
  });

  it('gives ui.resources to its container', () => {
    const resources = { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } };
    expect(uiContainer(withUi({ resources })).resources).toEqual(resources);
    expect(uiContainer(withUi())).not.toHaveProperty('resources');
  });

  it('is reachable from the chart, every object as a property', () => {
    const { chart } = renderChart({
      client: { enabled: false },
      ingress,
      ui: { enabled: true, configMap: { enabled: true }, persistence: { enabled: true } },
    });
    const ui = chart.ui!;
    expect(
      [
        ui.deployment,
        ui.service,
        ui.config?.configMap,
        ui.dataClaim?.claim,
        ui.disruptionBudget?.podDisruptionBudget,
        ui.ingress?.ingress,
      ].map((o) => o?.name),
    ).toEqual(['headscale-ui', 'headscale-ui', 'headscale-ui-config', 'headscale-ui', 'headscale-ui', 'headscale-ui']);
  });
});
