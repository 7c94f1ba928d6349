import {
  GRPC_PORT,
  HEADSCALE_PORT,
  HEADSCALE_TLS_PORT,
  listenAddressOn,
  METRICS_PORT,
  STUN_PORT,
} from '../values/defaults';
import { listenPort } from '../values/go-syntax';
import { isJsonMap } from '../core/json-map';
import type { HeadscaleValues } from '../values/schema';
import { serverServesTls } from './server-tls';

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
 * ports must agree (a rule in chart/features/server.ts), or nothing would listen where the probes look.
 * When Headscale serves TLS itself ({@link serverServesTls}) and neither is set, or `service.port` is
 * 443 (as the parsed values show it), the Service's port is 443, where clients dial an https URL
 * without a port, and Headscale listens on 8080: a user other than root can't bind a port below
 * 1024.
 */
export function serverPorts(values: Pick<HeadscaleValues, 'service' | 'config' | 'tls' | 'ingress'>): ServerPorts {
  const given = values.service.port;
  const listenAddr = values.config?.listen_addr;
  if (typeof listenAddr === 'string') {
    const port = listenPort(listenAddr);
    return { service: given ?? port, container: port, listenAddr };
  }
  const tls = serverServesTls(values);
  const port = given === undefined || (tls && given === HEADSCALE_TLS_PORT) ? HEADSCALE_PORT : given;
  const service = given ?? (tls ? HEADSCALE_TLS_PORT : HEADSCALE_PORT);
  return { service, container: port, listenAddr: listenAddressOn(port) };
}

/**
 * The values with `service.port` showing the Service's port, given or derived (8080, the port of
 * `config.listen_addr`, or 443 when Headscale serves TLS itself). Given again, the shown port
 * derives the same ports.
 */
export function withServicePortShown<T extends Pick<HeadscaleValues, 'service' | 'config' | 'tls' | 'ingress'>>(
  values: T,
): T {
  return { ...values, service: { ...values.service, port: serverPorts(values).service } };
}

/** The name of the server Service's port: `https` when Headscale serves TLS itself. */
export function servicePortName(tls: boolean): string {
  return tls ? 'https' : 'http';
}

/**
 * The port of an optional listener of Headscale that a values switch turns on: the port of its
 * config.yaml address when that is set (not empty), else the values' port, else the default. When
 * both are set their ports must agree (a rule in chart/features/listeners.ts).
 */
function listenerPort(address: unknown, given: number | undefined, fallback: number): number {
  return typeof address === 'string' && address !== '' ? listenPort(address) : (given ?? fallback);
}

/** With `metrics.enabled`, the port of `metrics_listen_addr`: the container and Service port named `metrics`. */
export function metricsPort(values: Pick<HeadscaleValues, 'metrics' | 'config'>): number | undefined {
  if (!values.metrics.enabled) return undefined;
  return listenerPort(values.config?.metrics_listen_addr, values.metrics.port, METRICS_PORT);
}

/** With `grpc.enabled`, the port of `grpc_listen_addr`: the container and Service port named `grpc`. */
export function grpcPort(values: Pick<HeadscaleValues, 'grpc' | 'config'>): number | undefined {
  if (!values.grpc.enabled) return undefined;
  return listenerPort(values.config?.grpc_listen_addr, values.grpc.port, GRPC_PORT);
}

/** The embedded DERP server's settings in config.yaml (`derp.server`), as far as they are maps. */
function derpServer(values: Pick<HeadscaleValues, 'config'>): Record<string, unknown> {
  const derp = values.config?.derp;
  const server = isJsonMap(derp) ? derp.server : undefined;
  return isJsonMap(server) ? server : {};
}

/** Whether config.yaml turns the embedded DERP server on. */
export function embeddedDerpEnabled(values: Pick<HeadscaleValues, 'config'>): boolean {
  return derpServer(values).enabled === true;
}

/** With the embedded DERP server, the port of `derp.server.stun_listen_addr` (UDP): the port named `stun`. */
export function stunPort(values: Pick<HeadscaleValues, 'config'>): number | undefined {
  if (!embeddedDerpEnabled(values)) return undefined;
  return listenerPort(derpServer(values).stun_listen_addr, undefined, STUN_PORT);
}
