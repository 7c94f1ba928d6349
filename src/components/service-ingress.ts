import { Construct } from 'constructs';
import type { Labels } from '../derive/release';
import { KubeIngress, type PathType } from './kube';

/** A path on a host routed to the Service. */
export interface IngressPath {
  /** The path the requests match, as `/` or `/web`. */
  readonly path: string;
  /**
   * How the path matches: `Prefix` (by path segments), `Exact`, or `ImplementationSpecific` (as the
   * ingress controller decides).
   */
  readonly pathType: PathType;
  /** The Service the path routes to. @default - the Ingress's `serviceName` */
  readonly serviceName?: string;
  /** The Service's port, by name, that the path routes to. @default 'http' */
  readonly servicePortName?: string;
}

/** A host and the paths on it routed to the Service. */
export interface IngressRule {
  /** The host name the rule matches, as `headscale.example.com`. */
  readonly host: string;
  /**
   * The paths on the host routed to the Service.
   * @example [{ path: '/', pathType: 'Prefix' }]
   */
  readonly paths: readonly IngressPath[];
}

/** A TLS entry: the Secret with the certificate, and the hosts it covers. */
export interface IngressTls {
  /** The kubernetes.io/tls Secret holding the certificate of the hosts. */
  readonly secretName?: string;
  /** The hosts the certificate covers. */
  readonly hosts?: readonly string[];
}

/** The props of {@link ServiceIngress}. */
export interface ServiceIngressProps {
  /** The Ingress's name. */
  readonly name: string;
  /** Labels of the Ingress. */
  readonly labels: Labels;
  /** The Service every path routes to, on its port named `servicePortName` unless the path names another. */
  readonly serviceName: string;
  /** The Service's port, by name, that a path naming none routes to. @default 'http' */
  readonly servicePortName?: string;
  /**
   * The hosts and paths routed to the Service.
   * @example [{ host: 'headscale.example.com', paths: [{ path: '/', pathType: 'Prefix' }] }]
   */
  readonly rules: readonly IngressRule[];
  /** The IngressClass of the controller that serves the Ingress. @default - the cluster's default class */
  readonly className?: string;
  /** Annotations of the Ingress, for its controller or cert-manager. @default {} */
  readonly annotations?: Record<string, string>;
  /**
   * The TLS of the hosts: each Secret with its certificate, and the hosts it covers.
   * @default []
   * @example [{ secretName: 'headscale-tls', hosts: ['headscale.example.com'] }]
   */
  readonly tls?: readonly IngressTls[];
}

/** An Ingress routing hosts and paths to a Service: to its `http` port, or the port the props or a path name; a path may name another Service. */
export class ServiceIngress extends Construct {
  /** The Ingress, named `name`. */
  public readonly ingress: KubeIngress;

  constructor(scope: Construct, id: string, props: ServiceIngressProps) {
    super(scope, id);
    const backend = (path: IngressPath) => ({
      service: {
        name: path.serviceName ?? props.serviceName,
        port: { name: path.servicePortName ?? props.servicePortName ?? 'http' },
      },
    });
    this.ingress = new KubeIngress(this, 'Resource', {
      metadata: { name: props.name, labels: props.labels, annotations: props.annotations },
      spec: {
        ingressClassName: props.className || undefined,
        tls: props.tls?.length
          ? props.tls.map((t) => ({ secretName: t.secretName, hosts: t.hosts ? [...t.hosts] : undefined }))
          : undefined,
        rules: props.rules.map((rule) => ({
          host: rule.host,
          http: {
            paths: rule.paths.map((p) => ({ path: p.path, pathType: p.pathType, backend: backend(p) })),
          },
        })),
      },
    });
  }
}
