import { Construct } from 'constructs';
import type { Labels } from '../derive/release';
import { KubeGrpcRoute, KubeHttpRoute, nonEmpty, type ParentReference } from './kube';

/** Requests under a path prefix, sent to a Service's port (by number, as Gateway API takes it). */
export interface RoutePath {
  readonly path: string;
  readonly serviceName: string;
  readonly port: number;
}

interface RouteProps {
  readonly name: string;
  readonly labels: Labels;
  /** @default {} */
  readonly annotations?: Record<string, string>;
  /** The Gateways (or other parents) the route attaches to. */
  readonly parentRefs: readonly ParentReference[];
  /** @default - every hostname of the parents' listeners */
  readonly hostnames?: readonly string[];
}

export interface ServiceHttpRouteProps extends RouteProps {
  /** A rule per path prefix; the longest matching prefix wins, as Gateway API orders matches. */
  readonly paths: readonly RoutePath[];
}

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
