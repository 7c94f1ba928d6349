import { POLICY_RELOAD_CONTAINER, policyReloadSidecar } from '../../src/components/policy-reload-sidecar';
import type { MountedFile } from '../../src/derive/mounted-files';
import { IMAGE_PULL_POLICY, POLICY_RELOAD_IMAGE, POLICY_RELOAD_POLL_SECONDS } from '../../src/values/defaults';
import { envValues } from '../support/render';

const policy: MountedFile = {
  volumeName: 'policy',
  checksumName: 'policy',
  configMapName: 'headscale-policy',
  key: 'policy.json',
  mountPath: '/etc/headscale/policy/policy.json',
  live: true,
};

describe('policyReloadSidecar', () => {
  it("with the required props only: one restricted container as Headscale's user, in a shared process namespace", () => {
    const sidecar = policyReloadSidecar({ policy, runAsUser: 1000 });
    expect(sidecar).toMatchObject({ volumes: [], servicePorts: [], podAnnotations: {}, sharesProcessNamespace: true });
    expect(sidecar.containers).toHaveLength(1);
    const [container] = sidecar.containers;
    expect(container).toMatchObject({
      name: POLICY_RELOAD_CONTAINER,
      image: `${POLICY_RELOAD_IMAGE.repository}:${POLICY_RELOAD_IMAGE.tag}`,
      imagePullPolicy: IMAGE_PULL_POLICY,
      volumeMounts: [{ name: 'policy', mountPath: '/etc/headscale/policy', readOnly: true }],
    });
    expect(container.resources).toBeUndefined();
    expect(container.securityContext).toMatchObject({ runAsUser: 1000, readOnlyRootFilesystem: true });
    expect(container.securityContext).not.toHaveProperty('runAsGroup');
    expect(envValues(container)).toEqual({
      POLICY_FILE: policy.mountPath,
      POLL_SECONDS: String(POLICY_RELOAD_POLL_SECONDS),
    });
  });

  it('with every prop: group, image, pull policy, resources and poll interval', () => {
    const resources = { requests: { cpu: '5m', memory: '8Mi' }, limits: { memory: '32Mi' } };
    const [container] = policyReloadSidecar({
      policy,
      runAsUser: 2000,
      runAsGroup: 3000,
      image: 'registry.example.com/busybox:1.36',
      imagePullPolicy: 'Always',
      resources,
      pollSeconds: 3,
    }).containers;
    expect(container).toMatchObject({
      image: 'registry.example.com/busybox:1.36',
      imagePullPolicy: 'Always',
      resources,
      securityContext: { runAsUser: 2000, runAsGroup: 3000 },
    });
    expect(envValues(container).POLL_SECONDS).toBe('3');
  });
});
