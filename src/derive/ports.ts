import { HEADSCALE_PORT, HEADSCALE_TLS_PORT, listenAddressOn } from '../values/defaults';
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
 * When Headscale serves TLS itself (`tls.secretName`) and neither is set, the Service's port is
 * 443, where clients dial an https URL without a port, and Headscale listens on 8080: a user
 * other than root can't bind a port below 1024.
 */
export function serverPorts(values: Pick<HeadscaleValues, 'service' | 'config' | 'tls'>): ServerPorts {
  const listenAddr = values.config?.listen_addr;
  if (typeof listenAddr === 'string') {
    const port = listenPort(listenAddr);
    return { service: values.service.port ?? port, container: port, listenAddr };
  }
  const port = values.service.port ?? HEADSCALE_PORT;
  const service = values.service.port ?? (values.tls.secretName ? HEADSCALE_TLS_PORT : HEADSCALE_PORT);
  return { service, container: port, listenAddr: listenAddressOn(port) };
}

/** The name of the server Service's port: `https` when Headscale serves TLS itself. */
export function servicePortName(tls: boolean): string {
  return tls ? 'https' : 'http';
}
