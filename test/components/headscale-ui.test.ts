import { standaloneLabels } from '../../src/components/common';
import { HeadscaleServer } from '../../src/components/headscale-server';
import { HeadscaleUi, type HeadscaleUiProps } from '../../src/components/headscale-ui';
import { fileChecksum, type MountedFile } from '../../src/derive/mounted-files';
import { instanceLabels } from '../../src/derive/release';
import {
  IMAGE_PULL_POLICY,
  MAX_UNAVAILABLE,
  SERVICE_TYPE,
  UI_DATA_PATH,
  UI_IMAGE,
  UI_PORT,
  UI_URL_ENV,
} from '../../src/values/defaults';
import { problemAt, propsProblems, synthComponents, userChart } from '../support/components';
import { find, kinds } from '../support/render';

const server = HeadscaleServer.fromAttributes({ url: 'http://hs:8080' });
const required: HeadscaleUiProps = { server };

describe('HeadscaleUi', () => {
  it("with the required props only: a Deployment, Service and budget, given the server's URL", () => {
    const objects = synthComponents((chart) => new HeadscaleUi(chart, 'ui', required));
    expect(kinds(objects)).toEqual([
      'Deployment/headscale-ui',
      'PodDisruptionBudget/headscale-ui',
      'Service/headscale-ui',
    ]);
    const labels = { ...standaloneLabels('headscale', 'headscale-ui'), 'app.kubernetes.io/component': 'ui' };
    const selector = instanceLabels('headscale', 'headscale-ui', 'ui');
    for (const object of objects) expect(object.metadata.labels).toEqual(labels);
    const deployment = find(objects, 'Deployment', 'headscale-ui');
    expect(deployment.spec.selector).toEqual({ matchLabels: selector });
    expect(deployment.spec.template.metadata).toEqual({ labels });
    const [container] = deployment.spec.template.spec.containers;
    expect(container).toMatchObject({
      image: `${UI_IMAGE.repository}:${UI_IMAGE.tag}`,
      imagePullPolicy: IMAGE_PULL_POLICY,
      ports: [{ name: 'http', containerPort: UI_PORT, protocol: 'TCP' }],
      env: [{ name: UI_URL_ENV, value: server.url }],
    });
    expect(container).not.toHaveProperty('resources');
    expect(container.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).not.toContain(UI_DATA_PATH);
    expect(find(objects, 'Service', 'headscale-ui').spec).toEqual({
      type: SERVICE_TYPE,
      ports: [{ name: 'http', port: UI_PORT, targetPort: 'http', protocol: 'TCP' }],
      selector,
    });
    expect(find(objects, 'PodDisruptionBudget', 'headscale-ui').spec).toEqual({
      selector: { matchLabels: selector },
      maxUnavailable: MAX_UNAVAILABLE,
    });
  });

  it('with every prop: each reaches the object and field its constructor puts it in', () => {
    const configFile: MountedFile = {
      volumeName: 'ui-config',
      checksumName: 'ui-config',
      configMapName: 'panel-config',
      key: 'config.json',
      mountPath: '/data/config.json',
      content: '{}',
    };
    const labels = { team: 'vpn', app: 'panel' };
    const resources = { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } };
    const securityContext = { runAsNonRoot: true, runAsUser: 2000, allowPrivilegeEscalation: false };
    const podSecurityContext = { fsGroup: 2000 };
    const ingress = {
      className: 'nginx',
      annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
      rules: [{ host: 'panel.example.com', paths: [{ path: '/web', pathType: 'Prefix' as const }] }],
      tls: [{ secretName: 'panel-tls', hosts: ['panel.example.com'] }],
    };
    const objects = synthComponents(
      (chart) =>
        new HeadscaleUi(chart, 'ui', {
          server,
          headscaleUrl: 'https://hs.example.com',
          name: 'panel',
          labels,
          selector: { app: 'panel' },
          image: 'registry.example.com/ui:custom',
          imagePullPolicy: 'Always',
          headscaleUrlEnvName: 'HS_URL',
          env: [{ name: 'TZ', value: 'Europe/Berlin' }],
          containerPort: 8081,
          service: { type: 'NodePort', port: 80 },
          configFile,
          persistence: { mountPath: '/srv/ui', size: '100Mi', storageClassName: 'fast-ssd' },
          resources,
          securityContext,
          pod: { securityContext: podSecurityContext },
          disruptionBudget: { minAvailable: 1 },
          ingress,
        }),
    );
    expect(kinds(objects)).toEqual([
      'ConfigMap/panel-config',
      'Deployment/panel',
      'Ingress/panel',
      'PersistentVolumeClaim/panel',
      'PodDisruptionBudget/panel',
      'Service/panel',
    ]);
    for (const object of objects) expect(object.metadata.labels).toEqual(labels);
    const deployment = find(objects, 'Deployment', 'panel');
    expect(deployment.spec.selector).toEqual({ matchLabels: { app: 'panel' } });
    expect(deployment.spec.template.metadata).toEqual({
      labels,
      annotations: { 'checksum/ui-config': fileChecksum(configFile) },
    });
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext).toEqual(podSecurityContext);
    const [container] = pod.containers;
    expect(container).toMatchObject({
      image: 'registry.example.com/ui:custom',
      imagePullPolicy: 'Always',
      ports: [{ name: 'http', containerPort: 8081, protocol: 'TCP' }],
      env: [
        { name: 'HS_URL', value: 'https://hs.example.com' },
        { name: 'TZ', value: 'Europe/Berlin' },
      ],
      resources,
      securityContext,
    });
    expect(container.volumeMounts.slice(0, 2)).toEqual([
      { name: 'ui-config', mountPath: '/data/config.json', subPath: 'config.json', readOnly: true },
      { name: 'ui-data', mountPath: '/srv/ui' },
    ]);
    expect(pod.volumes).toContainEqual({ name: 'ui-data', persistentVolumeClaim: { claimName: 'panel' } });
    expect(find(objects, 'PersistentVolumeClaim', 'panel').spec).toMatchObject({
      resources: { requests: { storage: '100Mi' } },
      storageClassName: 'fast-ssd',
    });
    expect(find(objects, 'Service', 'panel').spec).toEqual({
      type: 'NodePort',
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
      selector: { app: 'panel' },
    });
    expect(find(objects, 'PodDisruptionBudget', 'panel').spec).toEqual({
      selector: { matchLabels: { app: 'panel' } },
      minAvailable: 1,
    });
    const ingressObject = find(objects, 'Ingress', 'panel');
    expect(ingressObject.metadata.annotations).toEqual(ingress.annotations);
    expect(ingressObject.spec).toMatchObject({ ingressClassName: 'nginx', tls: ingress.tls });
    expect(ingressObject.spec.rules[0].http.paths[0].backend).toEqual({
      service: { name: 'panel', port: { name: 'http' } },
    });
  });

  it('mounts an existing claim at the default data path, and creates no budget with disruptionBudget false', () => {
    const objects = synthComponents(
      (chart) =>
        new HeadscaleUi(chart, 'ui', {
          ...required,
          persistence: { existingClaim: 'ui-data' },
          disruptionBudget: false,
        }),
    );
    expect(kinds(objects)).toEqual(['Deployment/headscale-ui', 'Service/headscale-ui']);
    const pod = find(objects, 'Deployment', 'headscale-ui').spec.template.spec;
    expect(pod.volumes[0]).toEqual({ name: 'ui-data', persistentVolumeClaim: { claimName: 'ui-data' } });
    expect(pod.containers[0].volumeMounts[0]).toEqual({ name: 'ui-data', mountPath: UI_DATA_PATH });
  });

  it('gives its pods the labels its selector matches, when labels hold none of them', () => {
    const objects = synthComponents((chart) => new HeadscaleUi(chart, 'ui', { ...required, labels: { team: 'vpn' } }));
    expect(find(objects, 'Deployment', 'headscale-ui').spec.template.metadata.labels).toEqual({
      team: 'vpn',
      ...instanceLabels('headscale', 'headscale-ui', 'ui'),
    });
  });

  it('refuses both limits of its budget at disruptionBudget.maxUnavailable, and takes one', () => {
    expect(
      propsProblems(
        () =>
          new HeadscaleUi(userChart(), 'ui', { ...required, disruptionBudget: { minAvailable: 1, maxUnavailable: 1 } }),
      ),
    ).toEqual(problemAt('disruptionBudget.maxUnavailable'));
    expect(
      () => new HeadscaleUi(userChart(), 'ui', { ...required, disruptionBudget: { minAvailable: 1 } }),
    ).not.toThrow();
  });
});
