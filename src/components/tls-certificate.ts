import { Construct } from 'constructs';
import type { Labels } from '../derive/release';
import { KubeCertificate } from './kube';

/** The cert-manager Issuer or ClusterIssuer that signs a certificate. */
export interface IssuerReference {
  readonly name: string;
  /** @default 'Issuer' */
  readonly kind?: string;
  /** @default 'cert-manager.io' */
  readonly group?: string;
}

export interface TlsCertificateProps {
  readonly name: string;
  readonly labels: Labels;
  /** The kubernetes.io/tls Secret cert-manager writes (and renews). */
  readonly secretName: string;
  readonly dnsNames: readonly string[];
  readonly issuerRef: IssuerReference;
}

/** A cert-manager Certificate (cert-manager.io/v1): a kubernetes.io/tls Secret kept issued for DNS names. */
export class TlsCertificate extends Construct {
  public readonly certificate: KubeCertificate;

  constructor(scope: Construct, id: string, props: TlsCertificateProps) {
    super(scope, id);
    this.certificate = new KubeCertificate(this, 'Resource', {
      metadata: { name: props.name, labels: props.labels },
      spec: {
        secretName: props.secretName,
        dnsNames: [...props.dnsNames],
        issuerRef: { name: props.issuerRef.name, kind: props.issuerRef.kind ?? 'Issuer', group: props.issuerRef.group },
      },
    });
  }
}
