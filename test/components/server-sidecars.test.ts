import { Chart, Testing } from 'cdk8s';
import { checkRelease } from '../../src/chart/parse-values';
import { TlsSidecar } from '../../src/components/tls-sidecar';
import { HeadscaleServer } from '../../src/components/headscale-server';
import { LitestreamSidecar } from '../../src/components/litestream-sidecar';
import { upgradeBackupSidecar } from '../../src/components/upgrade-backup';
import type { HeadscaleValuesInput } from '../../src/values/schema';
import { find, type K8sObject, render } from '../support/render';

/**
 * Headplane (in a Deployment of its own), the client's TLS listener (an ingress and the client, no
 * tls.secretName), the policy watcher, Litestream and the copy before an upgrade, all on.
 */
const VALUES: HeadscaleValuesInput = {
  headplane: { enabled: true },
  ingress: { enabled: true, hosts: [{ host: 'vpn.example.com', paths: [{ path: '/', pathType: 'Prefix' as const }] }] },
  policy: {
    enabled: true,
    path: '/etc/headscale/policy/policy.json',
    content: { acls: [{ action: 'accept', src: ['*'], dst: ['*:*'] }] },
    hotReload: { enabled: true },
  },
  backup: { enabled: true, url: 's3://tailnet-backups/headscale', secretName: 's3-creds' },
  metrics: { enabled: true },
};

const serverPod = (objects: K8sObject[]) => find(objects, 'Deployment', 'headscale').spec.template;
const servicePorts = (objects: K8sObject[]) => find(objects, 'Service', 'headscale').spec.ports;

describe('the server sidecars composed by hand', () => {
  it("give the server's pod and Service what the chart's do: containers, volumes, annotations, ports", () => {
    const charted = render(VALUES);
    // The same props the chart maps from the values, each component built by hand and handed to the server.
    const { components } = checkRelease(VALUES, 'headscale', 'headscale');
    const chart = new Chart(Testing.app(), 'by-hand', { namespace: 'headscale' });
    const listener = new TlsSidecar(chart, 'TlsSidecar', components.tlsSidecar!);
    const litestream = new LitestreamSidecar(chart, 'Litestream', components.litestream!);
    new HeadscaleServer(chart, 'Server', {
      ...components.server,
      sidecars: [
        ...(components.server!.sidecars ?? []),
        listener,
        litestream,
        upgradeBackupSidecar(components.upgradeBackup!),
      ],
    });
    const byHand = Testing.synth(chart) as K8sObject[];

    expect(serverPod(byHand).spec.containers.map((c: { name: string }) => c.name)).toEqual([
      'headscale',
      'policy-reload',
      'tls-sidecar',
      'litestream',
    ]);
    expect(serverPod(byHand).spec.initContainers.map((c: { name: string }) => c.name)).toEqual([
      'litestream-restore',
      'upgrade-backup',
    ]);
    expect(serverPod(byHand)).toEqual(serverPod(charted));
    expect(Object.keys(serverPod(byHand).metadata.annotations)).toEqual(
      expect.arrayContaining(['checksum/config', 'checksum/tls-sidecar', 'checksum/litestream']),
    );
    expect(servicePorts(byHand)).toEqual(servicePorts(charted));
  });
});
