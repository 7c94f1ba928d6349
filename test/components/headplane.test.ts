import { standaloneLabels } from '../../src/components/common';
import { Headplane, type HeadplaneProps } from '../../src/components/headplane';
import { HeadscaleServer } from '../../src/components/headscale-server';
import { KEEP_ANNOTATIONS } from '../../src/components/kept-volume-claim';
import { HEADPLANE_OIDC_DIR, HEADPLANE_PORT_NAME } from '../../src/derive/headplane';
import { SERVER_TLS_DIR } from '../../src/derive/headscale-config';
import { CONFIG_PATH } from '../../src/derive/mounted-files';
import {
  HEADPLANE_DATA_PATH,
  HEADPLANE_IMAGE,
  HEADPLANE_PORT,
  IMAGE_PULL_POLICY,
  STORAGE_SIZE,
} from '../../src/values/defaults';
import { problemAt, propsProblems, synthComponents, userChart } from '../support/components';
import { find, kinds } from '../support/render';

const config = {
  server: { port: HEADPLANE_PORT, cookie_secret_path: '/etc/headplane-secrets/cookie_secret' },
  headscale: { url: 'http://127.0.0.1:8080' },
};
const server = HeadscaleServer.fromAttributes({ url: 'http://hs:8080', serviceAccountName: 'hs' });
const required: HeadplaneProps = { config, server };

describe('Headplane', () => {
  it("with the required props only: its own objects, and a container for the server's pod", () => {
    let headplane: Headplane | undefined;
    const objects = synthComponents((chart) => {
      headplane = new Headplane(chart, 'headplane', required);
    });
    expect(kinds(objects)).toEqual([
      'ConfigMap/headplane',
      'PersistentVolumeClaim/headplane',
      'Role/headplane',
      'RoleBinding/headplane',
      'Secret/headplane',
    ]);
    for (const object of objects) expect(object.metadata.labels).toEqual(standaloneLabels('headplane', 'headplane'));
    expect(find(objects, 'PersistentVolumeClaim', 'headplane')).toMatchObject({
      metadata: { annotations: KEEP_ANNOTATIONS },
      spec: { resources: { requests: { storage: STORAGE_SIZE } } },
    });
    expect(find(objects, 'RoleBinding', 'headplane').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'hs', namespace: 'vpn' },
    ]);
    expect(headplane!.sharesProcessNamespace).toBe(true);
    expect(headplane!.podAnnotations).toEqual(headplane!.configFile.checksumAnnotations);
    expect(headplane!.servicePorts).toEqual([
      { name: HEADPLANE_PORT_NAME, port: HEADPLANE_PORT, targetPort: HEADPLANE_PORT_NAME, protocol: 'TCP' },
    ]);
    expect(headplane!.containers).toEqual([headplane!.container]);
    const { container } = headplane!;
    expect(container).toMatchObject({
      image: `${HEADPLANE_IMAGE.repository}:${HEADPLANE_IMAGE.tag}`,
      imagePullPolicy: IMAGE_PULL_POLICY,
      ports: [{ name: HEADPLANE_PORT_NAME, containerPort: HEADPLANE_PORT, protocol: 'TCP' }],
    });
    expect(container.resources).toBeUndefined();
    expect(container.volumeMounts).toContainEqual({ name: 'headplane-data', mountPath: HEADPLANE_DATA_PATH });
    expect(container.volumeMounts).toContainEqual({
      name: 'config',
      mountPath: CONFIG_PATH,
      subPath: 'config.yaml',
      readOnly: true,
    });
    expect(headplane!.volumes).toContainEqual({
      name: 'headplane-data',
      persistentVolumeClaim: { claimName: 'headplane' },
    });
  });

  it('with every prop: each reaches the object and field its constructor puts it in', () => {
    const resources = { requests: { cpu: '10m', memory: '128Mi' }, limits: { memory: '256Mi' } };
    let headplane: Headplane | undefined;
    const objects = synthComponents((chart) => {
      headplane = new Headplane(chart, 'headplane', {
        ...required,
        config: { ...config, server: { ...config.server, port: 3100 } },
        name: 'admin',
        labels: { team: 'vpn' },
        serverConfigVolume: 'headscale-config',
        serverTlsVolume: 'headscale-tls',
        image: 'registry.example.com/headplane:custom',
        imagePullPolicy: 'Always',
        port: 3100,
        resources,
        persistence: { existingClaim: 'admin-data' },
        oidcClientSecret: { name: 'oidc', key: 'secret' },
      });
    });
    expect(kinds(objects)).toEqual(['ConfigMap/admin', 'Role/admin', 'RoleBinding/admin', 'Secret/admin']);
    for (const object of objects) expect(object.metadata.labels).toEqual({ team: 'vpn' });
    expect(find(objects, 'ConfigMap', 'admin').data['config.yaml']).toContain('port: 3100');
    expect(find(objects, 'RoleBinding', 'admin').roleRef).toMatchObject({ kind: 'Role', name: 'admin' });
    const { container, volumes } = headplane!;
    expect(container).toMatchObject({
      image: 'registry.example.com/headplane:custom',
      imagePullPolicy: 'Always',
      ports: [{ name: HEADPLANE_PORT_NAME, containerPort: 3100, protocol: 'TCP' }],
      resources,
    });
    expect(headplane!.servicePorts).toEqual([
      { name: HEADPLANE_PORT_NAME, port: 3100, targetPort: HEADPLANE_PORT_NAME, protocol: 'TCP' },
    ]);
    expect(container.volumeMounts).toEqual(
      expect.arrayContaining([
        { name: 'headscale-config', mountPath: CONFIG_PATH, subPath: 'config.yaml', readOnly: true },
        { name: 'headscale-tls', mountPath: SERVER_TLS_DIR, readOnly: true },
        { name: 'headplane-oidc', mountPath: HEADPLANE_OIDC_DIR, readOnly: true },
      ]),
    );
    expect(volumes).toEqual(
      expect.arrayContaining([
        { name: 'headplane-secret', secret: { secretName: 'admin' } },
        { name: 'headplane-data', persistentVolumeClaim: { claimName: 'admin-data' } },
        { name: 'headplane-oidc', secret: { secretName: 'oidc', items: [{ key: 'secret', path: 'client_secret' }] } },
      ]),
    );
  });

  it('keeps its data in an emptyDir with persistence false', () => {
    let headplane: Headplane | undefined;
    const objects = synthComponents((chart) => {
      headplane = new Headplane(chart, 'headplane', { ...required, persistence: false });
    });
    expect(kinds(objects)).not.toContain('PersistentVolumeClaim/headplane');
    expect(headplane!.volumes).toContainEqual({ name: 'headplane-data', emptyDir: {} });
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

  it('refuses a server without a ServiceAccount at server.serviceAccountName, and takes one that names it', () => {
    const unknown = HeadscaleServer.fromAttributes({ url: 'http://hs:8080' });
    expect(propsProblems(() => new Headplane(userChart(), 'headplane', { ...required, server: unknown }))).toEqual(
      problemAt('server.serviceAccountName'),
    );
    expect(
      () => new Headplane(userChart(), 'headplane', { ...required, server: new HeadscaleServer(userChart(), 'hs') }),
    ).not.toThrow();
  });
});
