import { standaloneLabels } from '../../src/components/common';
import { Headplane, type HeadplaneProps } from '../../src/components/headplane';
import { HeadscaleServer } from '../../src/components/headscale-server';
import { KEEP_ANNOTATIONS } from '../../src/components/kept-volume-claim';
import { HEADPLANE_OIDC_DIR } from '../../src/derive/headplane';
import { SERVER_TLS_DIR } from '../../src/derive/headscale-config';
import { CONFIG_PATH } from '../../src/derive/mounted-files';
import { instanceLabels } from '../../src/derive/release';
import {
  HEADPLANE_DATA_PATH,
  HEADPLANE_IMAGE,
  HEADPLANE_PORT,
  IMAGE_PULL_POLICY,
  STORAGE_SIZE,
} from '../../src/values/defaults';
import { problemAt, propsProblems, synthComponents, userChart } from '../support/components';
import { find, kinds, type K8sObject } from '../support/render';

const config = {
  server: { port: HEADPLANE_PORT, cookie_secret_path: '/etc/headplane-secrets/cookie_secret' },
  headscale: { url: 'http://hs.vpn.svc.cluster.local:8080' },
};
const server = HeadscaleServer.fromAttributes({ url: 'http://hs.vpn.svc.cluster.local:8080' });
const required: HeadplaneProps = { config, server };

const podSpec = (objects: K8sObject[], name: string) => find(objects, 'Deployment', name).spec.template.spec;

describe('Headplane', () => {
  it('with the required props only: a Deployment of its own, its Service, ServiceAccount, config, Secret and claim', () => {
    const objects = synthComponents((chart) => {
      new Headplane(chart, 'headplane', required);
    });
    expect(kinds(objects)).toEqual([
      'ConfigMap/headplane',
      'Deployment/headplane',
      'PersistentVolumeClaim/headplane',
      'Secret/headplane',
      'Service/headplane',
      'ServiceAccount/headplane',
    ]);
    for (const object of objects) expect(object.metadata.labels).toEqual(standaloneLabels('headplane', 'headplane'));
    expect(find(objects, 'PersistentVolumeClaim', 'headplane')).toMatchObject({
      metadata: { annotations: KEEP_ANNOTATIONS },
      spec: { resources: { requests: { storage: STORAGE_SIZE } } },
    });
    expect(find(objects, 'ServiceAccount', 'headplane').automountServiceAccountToken).toBe(false);

    const deployment = find(objects, 'Deployment', 'headplane');
    expect(deployment.spec).toMatchObject({
      replicas: 1,
      strategy: { type: 'Recreate' },
      selector: { matchLabels: instanceLabels('headplane', 'headplane') },
    });
    const pod = deployment.spec.template;
    expect(Object.keys(pod.metadata.annotations)).toEqual(['checksum/headplane-config']);
    expect(pod.spec).toMatchObject({ serviceAccountName: 'headplane', automountServiceAccountToken: false });
    expect(pod.spec.shareProcessNamespace).toBeUndefined();
    // Headplane would read a service link's HEADPLANE_* variable as config.
    expect(pod.spec.enableServiceLinks).toBe(false);
    const [container] = pod.spec.containers;
    expect(container).toMatchObject({
      name: 'headplane',
      image: `${HEADPLANE_IMAGE.repository}:${HEADPLANE_IMAGE.tag}`,
      imagePullPolicy: IMAGE_PULL_POLICY,
      ports: [{ name: 'http', containerPort: HEADPLANE_PORT, protocol: 'TCP' }],
      readinessProbe: { tcpSocket: { port: 'http' } },
      livenessProbe: { tcpSocket: { port: 'http' } },
    });
    expect(container.env).toBeUndefined();
    expect(container.resources).toBeUndefined();
    expect(container.volumeMounts).toContainEqual({ name: 'headplane-data', mountPath: HEADPLANE_DATA_PATH });
    expect(container.volumeMounts.map((mount: { mountPath: string }) => mount.mountPath)).not.toContain(CONFIG_PATH);
    expect(pod.spec.volumes).toContainEqual({
      name: 'headplane-data',
      persistentVolumeClaim: { claimName: 'headplane' },
    });
    expect(find(objects, 'Service', 'headplane').spec).toEqual({
      type: 'ClusterIP',
      ports: [{ name: 'http', port: HEADPLANE_PORT, targetPort: 'http', protocol: 'TCP' }],
      selector: deployment.spec.selector.matchLabels,
    });
  });

  it('with every prop: each reaches the object and field its constructor puts it in', () => {
    const resources = { requests: { cpu: '10m', memory: '128Mi' }, limits: { memory: '256Mi' } };
    const selector = { app: 'admin' };
    const objects = synthComponents((chart) => {
      new Headplane(chart, 'headplane', {
        ...required,
        config: { ...config, server: { ...config.server, port: 3100 } },
        name: 'admin',
        labels: { team: 'vpn' },
        selector,
        serverConfigMap: 'headscale',
        serverTlsSecret: 'headscale-tls',
        image: 'registry.example.com/headplane:custom',
        imagePullPolicy: 'Always',
        port: 3100,
        service: { type: 'NodePort' },
        resources,
        persistence: { existingClaim: 'admin-data' },
        oidcClientSecret: { name: 'oidc', key: 'secret' },
      });
    });
    expect(kinds(objects)).toEqual([
      'ConfigMap/admin',
      'Deployment/admin',
      'Secret/admin',
      'Service/admin',
      'ServiceAccount/admin',
    ]);
    for (const object of objects) expect(object.metadata.labels).toEqual({ team: 'vpn' });
    expect(find(objects, 'ConfigMap', 'admin').data['config.yaml']).toContain('port: 3100');
    const deployment = find(objects, 'Deployment', 'admin');
    expect(deployment.spec.selector).toEqual({ matchLabels: selector });
    expect(deployment.spec.template.metadata.labels).toEqual({ team: 'vpn', ...selector });
    const spec = podSpec(objects, 'admin');
    expect(spec.containers[0]).toMatchObject({
      image: 'registry.example.com/headplane:custom',
      imagePullPolicy: 'Always',
      ports: [{ name: 'http', containerPort: 3100, protocol: 'TCP' }],
      resources,
    });
    expect(find(objects, 'Service', 'admin').spec).toMatchObject({
      type: 'NodePort',
      ports: [{ name: 'http', port: 3100, targetPort: 'http', protocol: 'TCP' }],
      selector,
    });
    expect(spec.containers[0].volumeMounts).toEqual(
      expect.arrayContaining([
        { name: 'headscale-config', mountPath: CONFIG_PATH, subPath: 'config.yaml', readOnly: true },
        { name: 'headscale-tls', mountPath: SERVER_TLS_DIR, readOnly: true },
        { name: 'headplane-oidc', mountPath: HEADPLANE_OIDC_DIR, readOnly: true },
      ]),
    );
    expect(spec.volumes).toEqual(
      expect.arrayContaining([
        { name: 'headplane-secret', secret: { secretName: 'admin' } },
        { name: 'headplane-data', persistentVolumeClaim: { claimName: 'admin-data' } },
        {
          name: 'headscale-config',
          configMap: { name: 'headscale', items: [{ key: 'config.yaml', path: 'config.yaml' }] },
        },
        { name: 'headscale-tls', secret: { secretName: 'headscale-tls' } },
        { name: 'headplane-oidc', secret: { secretName: 'oidc', items: [{ key: 'secret', path: 'client_secret' }] } },
      ]),
    );
  });

  it('keeps its data in an emptyDir with persistence false', () => {
    const objects = synthComponents((chart) => {
      new Headplane(chart, 'headplane', { ...required, persistence: false });
    });
    expect(kinds(objects)).not.toContain('PersistentVolumeClaim/headplane');
    expect(podSpec(objects, 'headplane').volumes).toContainEqual({ name: 'headplane-data', emptyDir: {} });
  });

  it("refuses a config Headplane refuses at config's key, and takes a valid one", () => {
    const refused = { ...config, server: { ...config.server, port: 70000 } };
    expect(propsProblems(() => new Headplane(userChart(), 'headplane', { ...required, config: refused }))).toEqual(
      problemAt('config.server.port'),
    );
    expect(() => new Headplane(userChart(), 'headplane', required)).not.toThrow();
  });

  it('refuses a config.server.port other than its port prop, where Headplane must listen, and takes the same port', () => {
    const listening = (port: number) => ({ ...config, server: { ...config.server, port } });
    expect(
      propsProblems(() => new Headplane(userChart(), 'headplane', { ...required, config: listening(3100) })),
    ).toEqual(problemAt('config.server.port'));
    expect(
      () => new Headplane(userChart(), 'headplane', { ...required, config: listening(3100), port: 3100 }),
    ).not.toThrow();
  });

  it("checks config by the Headplane version of its image's tag", () => {
    const withApiKey = {
      ...config,
      headscale: { ...config.headscale, api_key_path: '/etc/headplane-secrets/api_key' },
    };
    expect(() => new Headplane(userChart(), 'headplane', { ...required, config: withApiKey })).not.toThrow();
    expect(
      propsProblems(
        () =>
          new Headplane(userChart(), 'headplane', {
            ...required,
            config: withApiKey,
            image: 'ghcr.io/tale/headplane:0.6.3',
          }),
      ),
    ).toEqual(problemAt('config.headscale.api_key_path'));
  });

  it("refuses an integration that reaches Headscale's process, and takes one turned off", () => {
    const integration = (enabled: boolean) => ({
      ...config,
      integration: { kubernetes: { enabled, pod_name: 'headscale-0' } },
    });
    expect(
      propsProblems(() => new Headplane(userChart(), 'headplane', { ...required, config: integration(true) })),
    ).toEqual(problemAt('config.integration.kubernetes'));
    expect(() => new Headplane(userChart(), 'headplane', { ...required, config: integration(false) })).not.toThrow();
  });

  it('takes the port Headscale listens on in its own pod: nothing else listens there', () => {
    const listening = { ...config, server: { ...config.server, port: 8080 } };
    expect(() => new Headplane(userChart(), 'headplane', { ...required, config: listening, port: 8080 })).not.toThrow();
  });
});
