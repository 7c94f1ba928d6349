import { Chart, Testing } from 'cdk8s';
import { HeadscaleServer, HeadscaleUi, PreauthKeyJob, TailscaleClient } from '../../src';
import { parseValues } from '../../src/chart/parse-values';
import { CLIENT_IMAGE, KEY_JOB_IMAGE, SERVER_IMAGE, UI_IMAGE } from '../../src/values/defaults';
import { type K8sObject, render } from '../support/render';

/**
 * Default images are pinned: a version tag (v1.2.3, 1.2.3, a dated 2026.03.17) or a digest, so
 * that a default moves only when someone bumps it. Tags that move by themselves are refused.
 */
const FLOATING = /^(latest|stable|main|master|edge|dev|nightly|unstable|beta|alpha|rc)$|^v?\d+(\.\d+)?$/;
const PINNED = /^v?\d+(\.\d+){2,}$/;

function pinningProblem(reference: string): string | undefined {
  const digest = reference.indexOf('@sha256:');
  if (digest >= 0)
    return /^[0-9a-f]{64}$/.test(reference.slice(digest + 8)) ? undefined : `${reference}: malformed digest`;
  const name = reference.slice(reference.lastIndexOf('/') + 1);
  if (!name.includes(':')) return `${reference}: no tag (Kubernetes pulls latest)`;
  const tag = name.slice(name.indexOf(':') + 1);
  if (FLOATING.test(tag) || !PINNED.test(tag)) return `${reference}: floating tag ${JSON.stringify(tag)}`;
  return undefined;
}

const images = (objects: K8sObject[]) =>
  objects.flatMap((o) => {
    const spec = o.spec?.template?.spec ?? o.spec?.jobTemplate?.spec?.template?.spec;
    return spec ? [...(spec.initContainers ?? []), ...spec.containers].map((c: any) => c.image as string) : [];
  });

describe('the default images', () => {
  it('recognizes floating tags and pinned ones', () => {
    for (const floating of [
      'nginx',
      'nginx:latest',
      'tailscale/tailscale:stable',
      'x:main',
      'x:v1',
      'x:1.30',
      'registry:5000/x',
      'x@sha256:abc',
    ]) {
      expect(pinningProblem(floating)).toBeDefined();
    }
    for (const pinned of [
      'x:v1.84.0',
      'alpine/k8s:1.30.2',
      'ghcr.io/a/b:2026.03.17',
      'registry:5000/x:1.2.3',
      `x@sha256:${'a'.repeat(64)}`,
    ]) {
      expect(pinningProblem(pinned)).toBeUndefined();
    }
  });

  it('are pinned in defaults.ts and in the values', () => {
    const defaults = [SERVER_IMAGE, CLIENT_IMAGE, KEY_JOB_IMAGE, UI_IMAGE].map((i) => `${i.repository}:${i.tag}`);
    const values = parseValues({});
    const inValues = [values.image, values.client.image, values.client.job.image, values.ui.image].map(
      (i) => `${i.repository}:${i.tag}`,
    );
    expect(inValues).toEqual(defaults);
    expect(defaults.map(pinningProblem).filter(Boolean)).toEqual([]);
  });

  it('are pinned in every workload the chart renders, init containers included', () => {
    const objects = [
      ...render({
        ui: { enabled: true },
        client: { advertiseRoutes: ['10.96.0.0/12'], userspace: false, job: { cronjob: { enabled: true } } },
      }),
      ...render({ client: { daemonset: true } }),
    ];
    expect(images(objects).length).toBeGreaterThanOrEqual(7);
    expect(images(objects).map(pinningProblem).filter(Boolean)).toEqual([]);
  });

  it('are pinned in the components used on their own', () => {
    const chart = new Chart(Testing.app(), 'c');
    const server = new HeadscaleServer(chart, 'server');
    new TailscaleClient(chart, 'client', { server, authKeySecret: { name: 'key' } });
    new PreauthKeyJob(chart, 'key', { server, authKeySecret: { name: 'key' } });
    new HeadscaleUi(chart, 'ui', { server });
    const found = images(Testing.synth(chart) as K8sObject[]);
    expect(found).toHaveLength(4);
    expect(found.map(pinningProblem).filter(Boolean)).toEqual([]);
  });
});
