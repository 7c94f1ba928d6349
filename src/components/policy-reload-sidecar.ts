import type { MountedFile } from '../derive/mounted-files';
import { scriptText } from '../derive/scripts';
import { IMAGE_PULL_POLICY, POLICY_RELOAD_IMAGE, POLICY_RELOAD_POLL_SECONDS } from '../values/defaults';
import { restrictedContainerAs } from './common';
import { liveFileMount } from './config-file';
import { type ImagePullPolicy, nonEmpty, type ResourceRequirements } from './kube';
import type { IServerSidecar } from './server-sidecar';

/** The props of {@link policyReloadSidecar}. */
export interface PolicyReloadSidecarProps {
  /**
   * The server's policy file, mounted `live` (as its directory), which the sidecar mounts too.
   * @example
   * {
   *   volumeName: 'policy',
   *   checksumName: 'policy',
   *   configMapName: 'headscale-policy',
   *   key: 'policy.json',
   *   mountPath: '/etc/headscale/policy/policy.json',
   *   live: true,
   * }
   */
  readonly policy: MountedFile;
  /**
   * The user Headscale runs as. The sidecar runs as the same user: a process may signal another
   * of its own user without any capability.
   */
  readonly runAsUser: number;
  /** The group the sidecar runs as. @default - the image's group */
  readonly runAsGroup?: number;
  /** An image with a POSIX shell, cksum, tr and sleep. @default 'busybox:1.37.0' */
  readonly image?: string;
  /** When the kubelet pulls the image. @default 'IfNotPresent' */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Resources of the sidecar's container.
   * @default {}
   * @example { requests: { cpu: '5m', memory: '8Mi' }, limits: { memory: '32Mi' } }
   */
  readonly resources?: ResourceRequirements;
  /** How often the file is compared. @default 10 */
  readonly pollSeconds?: number;
}

/** The sidecar container's name. */
export const POLICY_RELOAD_CONTAINER = 'policy-reload';

/**
 * A sidecar for {@link HeadscaleServerProps.sidecars} that sends `headscale serve` SIGHUP when the
 * policy file changes, so that Headscale re-reads it without a restart (juanfont/headscale
 * hscontrol/app.go, Serve: SIGHUP reloads the policy). The server pod shares its process
 * namespace for the sidecar to see Headscale's process. It runs as Headscale's user, with no
 * capability, a read-only root filesystem and no API token. It mounts the server's policy volume,
 * and adds no annotation: a change of the policy must not roll the pod.
 */
export function policyReloadSidecar(props: PolicyReloadSidecarProps): IServerSidecar {
  const container = {
    name: POLICY_RELOAD_CONTAINER,
    image: props.image ?? `${POLICY_RELOAD_IMAGE.repository}:${POLICY_RELOAD_IMAGE.tag}`,
    imagePullPolicy: props.imagePullPolicy ?? IMAGE_PULL_POLICY,
    command: ['/bin/sh', '-c', scriptText('policy-reload.sh')],
    env: [
      { name: 'POLICY_FILE', value: props.policy.mountPath },
      { name: 'POLL_SECONDS', value: String(props.pollSeconds ?? POLICY_RELOAD_POLL_SECONDS) },
    ],
    resources: nonEmpty(props.resources ?? {}),
    securityContext: restrictedContainerAs(props.runAsUser, props.runAsGroup),
    volumeMounts: [liveFileMount(props.policy)],
  };
  return { containers: [container], volumes: [], servicePorts: [], podAnnotations: {}, sharesProcessNamespace: true };
}
