import type { Container, ServicePort, Volume } from './kube';

/**
 * What a component adds to the Headscale server's pod, through {@link HeadscaleServerProps.sidecars}:
 * The TLS listener, the policy watcher, Litestream and the copy before an upgrade implement it,
 * and so can a sidecar of your own. The server adds the init containers in order, before
 * Headscale starts; the containers after Headscale's, the volumes after its own, the Service ports
 * after its own, and the annotations to the pod template, so that the pod rolls when a file the
 * sidecar mounts changes.
 */
export interface IServerSidecar {
  /** The containers, added after Headscale's, in order. They may mount the server's volumes by name (`config`, `policy`). */
  readonly containers: readonly Container[];
  /**
   * Containers that run to completion, in order, before Headscale starts (a restore of its
   * database, a copy before an upgrade), after those of sidecars added before.
   */
  readonly initContainers?: readonly Container[];
  /** The volumes the containers mount that the server does not have. */
  readonly volumes: readonly Volume[];
  /** Ports of the server's Service to the containers, each named as the container port it targets. */
  readonly servicePorts: readonly ServicePort[];
  /**
   * Pod template annotations, as `checksum/<file>` of each file the containers mount, so that a
   * change of the file rolls the pod.
   */
  readonly podAnnotations: Readonly<Record<string, string>>;
  /**
   * Whether the pod's containers must share one process namespace: a sidecar that signals
   * Headscale needs it. Every container then sees the others' processes.
   */
  readonly sharesProcessNamespace: boolean;
}
