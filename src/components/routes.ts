import { Construct } from 'constructs';
import type { Labels } from '../derive/release';
import { KubeGrpcRoute, KubeHttpRoute, nonEmpty, type ParentReference } from './kube';

/** Requests under a path prefix, sent to a Service's port (by number, as Gateway API takes it). */
export interface RoutePath {
  /** The path prefix the requests match, as `/` or `/web`. */
  readonly path: string;
  /** The Service the requests go to. */
  readonly serviceName: string;
  /** The Service's port, by number. */
  readonly port: number;
}

/** What both routes take: their names, the parents they attach to and the host names they match. */
interface RouteProps {
  /** The route's name. */
  readonly name: string;
  /** Labels of the route. */
  readonly labels: Labels;
  /** Annotations of the route. @default {} */
  readonly annotations?: Record<string, string>;
  /**
   * The Gateways (or other parents) the route attaches to.
   * @example [{ name: 'public', namespace: 'gateways', sectionName: 'https' }]
   */
  readonly parentRefs: readonly ParentReference[];
  /**
   * The host names the route matches, among those of the parents' listeners.
   * @default - every hostname of the parents' listeners
   */
  readonly hostnames?: readonly string[];
}

/** The props of {@link ServiceHttpRoute}. */
export interface ServiceHttpRouteProps extends RouteProps {
  /**
   * A rule per path prefix; the longest matching prefix wins, as Gateway API orders matches.
   * @example
   * [
   *   { path: '/', serviceName: 'headscale', port: 8080 },
   *   { path: '/web', serviceName: 'headscale-ui', port: 8080 },
   * ]
   */
  readonly paths: readonly RoutePath[];
}

/** The props of {@link ServiceGrpcRoute}. */
export interface ServiceGrpcRouteProps extends RouteProps {
  /** The Service every gRPC call goes to. */
  readonly serviceName: string;
  /** Its gRPC port. */
  readonly port: number;
}

const metadata = (props: RouteProps) => ({
  name: props.name,
  labels: props.labels,
  annotations: nonEmpty(props.annotations ?? {}),
});

/** A Gateway API HTTPRoute (gateway.networking.k8s.io/v1) from path prefixes to Services. */
export class ServiceHttpRoute extends Construct {
  /** The HTTPRoute, named `name`. */
  public readonly route: KubeHttpRoute;

  constructor(scope: Construct, id: string, props: ServiceHttpRouteProps) {
    super(scope, id);
    this.route = new KubeHttpRoute(this, 'Resource', {
      metadata: metadata(props),
      spec: {
        parentRefs: [...props.parentRefs],
        hostnames: props.hostnames?.length ? [...props.hostnames] : undefined,
        rules: props.paths.map((path) => ({
          matches: [{ path: { type: 'PathPrefix', value: path.path } }],
          backendRefs: [{ name: path.serviceName, port: path.port }],
        })),
      },
    });
  }
}

/** A Gateway API GRPCRoute (gateway.networking.k8s.io/v1) sending every call to one Service. */
export class ServiceGrpcRoute extends Construct {
  /** The GRPCRoute, named `name`. */
  public readonly route: KubeGrpcRoute;

  constructor(scope: Construct, id: string, props: ServiceGrpcRouteProps) {
    super(scope, id);
    this.route = new KubeGrpcRoute(this, 'Resource', {
      metadata: metadata(props),
      spec: {
        parentRefs: [...props.parentRefs],
        hostnames: props.hostnames?.length ? [...props.hostnames] : undefined,
        rules: [{ backendRefs: [{ name: props.serviceName, port: props.port }] }],
      },
    });
  }
}
