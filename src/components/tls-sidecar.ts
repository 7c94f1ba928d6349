import { Construct } from 'constructs';
import { sha256 } from '../derive/checksum';
import { tlsSidecarNginxConfig } from '../derive/internal-tls';
import type { Labels } from '../derive/release';
import {
  HEADSCALE_PORT,
  IMAGE_PULL_POLICY,
  INTERNAL_TLS_IMAGE,
  INTERNAL_TLS_PORT,
  INTERNAL_TLS_RESOURCES,
  INTERNAL_TLS_SERVICE_PORT,
} from '../values/defaults';
import { restrictedContainerAs, standaloneLabels } from './common';
import {
  type Container,
  type ImagePullPolicy,
  KubeConfigMap,
  nonEmpty,
  type ResourceRequirements,
  type ServicePort,
  type Volume,
} from './kube';
import type { IServerSidecar } from './server-sidecar';

/** The props of {@link TlsSidecar}. */
export interface TlsSidecarProps {
  /**
   * The Secret holding the certificate (`tls.crt`, `tls.key`), which the key job fills
   * ({@link PreauthKeyJobProps.internalTls}); the sidecar waits until it has them.
   */
  readonly secretName: string;
  /** The name of the nginx configuration's ConfigMap. @default 'headscale-tls-sidecar' */
  readonly name?: string;
  /** Labels of the ConfigMap. @default - app.kubernetes.io/name `headscale`, instance the name, managed-by `cdk8s` */
  readonly labels?: Labels;
  /** Headscale's HTTP port in the pod, which TLS is terminated to. @default 8080 */
  readonly upstreamPort?: number;
  /** The sidecar's container port, named `https`. @default 8443 */
  readonly port?: number;
  /** The Service's port to it, named `https`. @default 443 */
  readonly servicePort?: number;
  /** An nginx image with the stream module and a POSIX shell. @default 'nginxinc/nginx-unprivileged:1.28.0' */
  readonly image?: string;
  /** When the kubelet pulls the image. @default 'IfNotPresent' */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Resources of nginx's container.
   * @default - 5m CPU and 16Mi requested, 64Mi memory limit
   * @example { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '128Mi' } }
   */
  readonly resources?: ResourceRequirements;
}

/** The sidecar's container name, as chart 0.2.0 names it. */
export const TLS_SIDECAR_CONTAINER = 'tls-sidecar';
const CERT_DIR = '/certs';
const CONFIG_DIR = '/etc/tls-sidecar';
const CONFIG_KEY = 'nginx.conf';
/** nginx's user in the nginx images. */
const NGINX_USER = 101;

/**
 * A TLS listener for {@link HeadscaleServerProps.sidecars}: nginx terminating TLS on the `https`
 * port and passing the connection to Headscale's HTTP port on the pod's loopback, with a Service
 * port (443) to it. The objects of its own: the nginx configuration's ConfigMap; the rest is what
 * the server's pod gets ({@link IServerSidecar}). The certificate
 * Secret is mounted optional, as the key job fills it after the manifests are applied; the
 * container waits for it (the kubelet refreshes a Secret volume) and then starts nginx. Its
 * configuration is whole (`nginx -c`), so the image's own doesn't matter. It runs as nginx's user
 * with no capability, a read-only root filesystem and the restricted Pod Security level.
 */
export class TlsSidecar extends Construct implements IServerSidecar {
  /** The nginx configuration's ConfigMap, named `name`. */
  public readonly configMap: KubeConfigMap;
  /** nginx's container, the one of {@link containers}. */
  public readonly container: Container;
  /** What the server's pod runs for the TLS listener: nginx's one container. */
  public readonly containers: readonly Container[];
  /**
   * The volumes nginx mounts: the certificate Secret (optional until the key job fills it), its
   * configuration, and emptyDirs for /tmp and nginx's cache.
   */
  public readonly volumes: readonly Volume[];
  /** The Service port named `https`. */
  public readonly servicePorts: readonly ServicePort[];
  /** The checksum of nginx's configuration, which restarts the pod when it changes. */
  public readonly podAnnotations: Readonly<Record<string, string>>;
  /** nginx needs no shared process namespace. */
  public readonly sharesProcessNamespace = false;

  constructor(scope: Construct, id: string, props: TlsSidecarProps) {
    super(scope, id);
    const name = props.name ?? 'headscale-tls-sidecar';
    const labels = props.labels ?? standaloneLabels('headscale', name);
    const port = props.port ?? INTERNAL_TLS_PORT;
    const config = tlsSidecarNginxConfig(port, props.upstreamPort ?? HEADSCALE_PORT, CERT_DIR);

    this.configMap = new KubeConfigMap(this, 'Config', { metadata: { name, labels }, data: { [CONFIG_KEY]: config } });
    this.podAnnotations = { 'checksum/tls-sidecar': sha256(config) };

    // The chart's volume names; the certificate comes from the key job's Secret, not an emptyDir.
    this.volumes = [
      {
        name: 'internal-tls-certs',
        secret: {
          secretName: props.secretName,
          items: [
            { key: 'tls.crt', path: 'tls.crt' },
            { key: 'tls.key', path: 'tls.key' },
          ],
          optional: true,
        },
      },
      { name: 'tls-sidecar-config', configMap: { name } },
      { name: 'tls-sidecar-tmp', emptyDir: {} },
      { name: 'tls-sidecar-cache', emptyDir: {} },
    ];
    const waitThenServe = [
      `until [ -s ${CERT_DIR}/tls.crt ] && [ -s ${CERT_DIR}/tls.key ]; do`,
      `  echo "tls-sidecar: waiting for tls.crt and tls.key in Secret ${props.secretName}"`,
      '  sleep 5',
      'done',
      `exec nginx -e stderr -c ${CONFIG_DIR}/${CONFIG_KEY} -g 'daemon off;'`,
    ].join('\n');
    this.container = {
      name: TLS_SIDECAR_CONTAINER,
      image: props.image ?? `${INTERNAL_TLS_IMAGE.repository}:${INTERNAL_TLS_IMAGE.tag}`,
      imagePullPolicy: props.imagePullPolicy ?? IMAGE_PULL_POLICY,
      command: ['/bin/sh', '-c', waitThenServe],
      ports: [{ name: 'https', containerPort: port, protocol: 'TCP' }],
      resources: nonEmpty(props.resources ?? (INTERNAL_TLS_RESOURCES as ResourceRequirements)),
      securityContext: restrictedContainerAs(NGINX_USER, NGINX_USER),
      volumeMounts: [
        { name: 'internal-tls-certs', mountPath: CERT_DIR, readOnly: true },
        { name: 'tls-sidecar-config', mountPath: CONFIG_DIR, readOnly: true },
        { name: 'tls-sidecar-tmp', mountPath: '/tmp' },
        // nginx's compiled-in cache and temporary paths.
        { name: 'tls-sidecar-cache', mountPath: '/var/cache/nginx' },
      ],
    };
    this.containers = [this.container];
    this.servicePorts = [
      { name: 'https', port: props.servicePort ?? INTERNAL_TLS_SERVICE_PORT, targetPort: 'https', protocol: 'TCP' },
    ];
  }
}
