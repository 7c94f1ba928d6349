import { standaloneLabels } from '../../src/components/common';
import { TLS_SIDECAR_CONTAINER, TlsSidecar } from '../../src/components/tls-sidecar';
import { sha256 } from '../../src/derive/checksum';
import {
  HEADSCALE_PORT,
  IMAGE_PULL_POLICY,
  INTERNAL_TLS_IMAGE,
  INTERNAL_TLS_PORT,
  INTERNAL_TLS_RESOURCES,
  INTERNAL_TLS_SERVICE_PORT,
} from '../../src/values/defaults';
import { synthComponents } from '../support/components';
import { find, kinds } from '../support/render';

/** The upstream and listening ports in nginx's configuration. */
const nginxPorts = (config: string) => ({
  listen: Number(/listen (\d+)/.exec(config)?.[1]),
  upstream: Number(/127\.0\.0\.1:(\d+)/.exec(config)?.[1]),
});

describe('TlsSidecar', () => {
  it("with the required props only: nginx's ConfigMap, and a container, volumes, port and checksum for the server's pod", () => {
    let sidecar: TlsSidecar | undefined;
    const objects = synthComponents((chart) => {
      sidecar = new TlsSidecar(chart, 'tls', { secretName: 'internal-tls' });
    });
    expect(kinds(objects)).toEqual(['ConfigMap/headscale-tls-sidecar']);
    const configMap = find(objects, 'ConfigMap', 'headscale-tls-sidecar');
    expect(configMap.metadata.labels).toEqual(standaloneLabels('headscale', 'headscale-tls-sidecar'));
    const config = configMap.data['nginx.conf'];
    expect(nginxPorts(config)).toEqual({ listen: INTERNAL_TLS_PORT, upstream: HEADSCALE_PORT });
    expect(sidecar!.podAnnotations).toEqual({ 'checksum/tls-sidecar': sha256(config) });
    expect(sidecar!.sharesProcessNamespace).toBe(false);
    expect(sidecar!.containers).toEqual([sidecar!.container]);
    expect(sidecar!.container).toMatchObject({
      name: TLS_SIDECAR_CONTAINER,
      image: `${INTERNAL_TLS_IMAGE.repository}:${INTERNAL_TLS_IMAGE.tag}`,
      imagePullPolicy: IMAGE_PULL_POLICY,
      ports: [{ name: 'https', containerPort: INTERNAL_TLS_PORT, protocol: 'TCP' }],
      resources: INTERNAL_TLS_RESOURCES,
    });
    expect(sidecar!.volumes[0]).toMatchObject({ secret: { secretName: 'internal-tls', optional: true } });
    expect(sidecar!.volumes[1]).toEqual({ name: 'tls-sidecar-config', configMap: { name: 'headscale-tls-sidecar' } });
    expect(sidecar!.servicePorts).toEqual([
      { name: 'https', port: INTERNAL_TLS_SERVICE_PORT, targetPort: 'https', protocol: 'TCP' },
    ]);
  });

  it('with every prop: name, labels, ports, image, pull policy and resources', () => {
    const resources = { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '128Mi' } };
    let sidecar: TlsSidecar | undefined;
    const objects = synthComponents((chart) => {
      sidecar = new TlsSidecar(chart, 'tls', {
        secretName: 'internal-tls',
        name: 'listener',
        labels: { team: 'vpn' },
        upstreamPort: 9000,
        port: 9443,
        servicePort: 8443,
        image: 'registry.example.com/nginx:1.27',
        imagePullPolicy: 'Always',
        resources,
      });
    });
    expect(kinds(objects)).toEqual(['ConfigMap/listener']);
    const configMap = find(objects, 'ConfigMap', 'listener');
    expect(configMap.metadata.labels).toEqual({ team: 'vpn' });
    expect(nginxPorts(configMap.data['nginx.conf'])).toEqual({ listen: 9443, upstream: 9000 });
    expect(sidecar!.container).toMatchObject({
      image: 'registry.example.com/nginx:1.27',
      imagePullPolicy: 'Always',
      ports: [{ name: 'https', containerPort: 9443, protocol: 'TCP' }],
      resources,
    });
    expect(sidecar!.volumes[1]).toEqual({ name: 'tls-sidecar-config', configMap: { name: 'listener' } });
    expect(sidecar!.servicePorts).toEqual([{ name: 'https', port: 8443, targetPort: 'https', protocol: 'TCP' }]);
  });
});
