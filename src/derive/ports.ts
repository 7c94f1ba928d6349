import { HEADSCALE_PORT, listenAddressOn } from '../values/defaults';
import { listenPort } from '../values/go-syntax';
import type { HeadscaleValues } from '../values/schema';

/** Where Headscale serves HTTP, and the ports that must follow it. */
export interface ServerPorts {
  /** The Service's port. */
  readonly service: number;
  /** The container port named `http` (the Service's target and the probes' port): where Headscale listens. */
  readonly container: number;
  /** config.yaml's `listen_addr`. */
  readonly listenAddr: string;
}

/**
 * One port for Headscale's listener, the container and (unless both are given) the Service: a
 * `config.listen_addr` that is set gives the container port, and the Service's when `service.port`
 * is not set; else `service.port` (8080 when unset) gives `listen_addr`. When both are set their
 * ports must agree (a rule in checks/rules.ts), or nothing would listen where the probes look.
 */
export function serverPorts(values: Pick<HeadscaleValues, 'service' | 'config'>): ServerPorts {
  const listenAddr = values.config?.listen_addr;
  if (typeof listenAddr === 'string') {
    const port = listenPort(listenAddr);
    return { service: values.service.port ?? port, container: port, listenAddr };
  }
  const port = values.service.port ?? HEADSCALE_PORT;
  return { service: port, container: port, listenAddr: listenAddressOn(port) };
}
