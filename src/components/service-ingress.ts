import { Construct } from 'constructs';
import type { Labels } from '../derive/release';
import { KubeIngress, type PathType } from './kube';

export interface IngressPath {
  readonly path: string;
  readonly pathType: PathType;
  /** The Service's port, by name, that the path routes to. @default 'http' */
  readonly servicePortName?: string;
}

/** A host and the paths on it routed to the Service. */
export interface IngressRule {
  readonly host: string;
  readonly paths: readonly IngressPath[];
}

/** A TLS entry: the Secret with the certificate, and the hosts it covers. */
export interface IngressTls {
  readonly secretName?: string;
  readonly hosts?: readonly string[];
}

export interface ServiceIngressProps {
  readonly name: string;
  readonly labels: Labels;
  /** The Service every path routes to, on its port named `servicePortName` unless the path names another. */
  readonly serviceName: string;
  /** @default 'http' */
  readonly servicePortName?: string;
  readonly rules: readonly IngressRule[];
  /** @default - the cluster's default class */
  readonly className?: string;
  /** @default {} */
  readonly annotations?: Record<string, string>;
  /** @default [] */
  readonly tls?: readonly IngressTls[];
}

/** An Ingress routing hosts and paths to one Service: to its `http` port, or the port the props or a path name. */
export class ServiceIngress extends Construct {
  public readonly ingress: KubeIngress;

  constructor(scope: Construct, id: string, props: ServiceIngressProps) {
    super(scope, id);
    const backend = (port = props.servicePortName ?? 'http') => ({
      service: { name: props.serviceName, port: { name: port } },
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
            paths: rule.paths.map((p) => ({ path: p.path, pathType: p.pathType, backend: backend(p.servicePortName) })),
          },
        })),
      },
    });
  }
}
