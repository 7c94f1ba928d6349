import { Construct } from 'constructs';
import type { Labels } from '../derive/release';
import { KubeCertificate } from './kube';

/** The cert-manager Issuer or ClusterIssuer that signs a certificate. */
export interface IssuerReference {
  /** The issuer's name. */
  readonly name: string;
  /** `Issuer`, one in the Certificate's namespace, or `ClusterIssuer`. @default 'Issuer' */
  readonly kind?: string;
  /** The API group of the issuer's kind: another group names an external issuer. @default 'cert-manager.io' */
  readonly group?: string;
}

/** The props of {@link TlsCertificate}. */
export interface TlsCertificateProps {
  /** The Certificate's name. */
  readonly name: string;
  /** Labels of the Certificate. */
  readonly labels: Labels;
  /** The kubernetes.io/tls Secret cert-manager writes (and renews). */
  readonly secretName: string;
  /** The DNS names the certificate is issued for. */
  readonly dnsNames: readonly string[];
  /**
   * The issuer that signs the certificate.
   * @example { name: 'letsencrypt', kind: 'ClusterIssuer' }
   */
  readonly issuerRef: IssuerReference;
}

/** A cert-manager Certificate (cert-manager.io/v1): a kubernetes.io/tls Secret kept issued for DNS names. */
export class TlsCertificate extends Construct {
  /** The Certificate, named `name`. */
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
