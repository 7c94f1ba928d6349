import { Construct } from 'constructs';
import type { Finding } from '../core/errors';
import type { MountedFile } from '../derive/mounted-files';
import { type Labels, instanceLabels } from '../derive/release';
import { IMAGE_PULL_POLICY, SERVICE_TYPE, UI_DATA_PATH, UI_IMAGE, UI_PORT, UI_URL_ENV } from '../values/defaults';
import {
  type ComponentServiceProps,
  assertValidProps,
  type DisruptionBudgetLimits,
  findingsUnder,
  type PersistenceProps,
  standaloneLabels,
} from './common';
import { ConfigFile } from './config-file';
import { DisruptionBudget, disruptionBudgetFindings } from './disruption-budget';
import type { IHeadscaleServer } from './headscale-server';
import { type IngressRule, type IngressTls, ServiceIngress } from './service-ingress';
import {
  type EnvVar,
  KubeDeployment,
  KubeService,
  nonEmpty,
  type PodSecurityContext,
  type ResourceRequirements,
  type SecurityContext,
  type Volume,
  type VolumeMount,
  type ImagePullPolicy,
} from './kube';
import { dataVolume, type KeptVolumeClaim } from './kept-volume-claim';

/** Where the UI is reached from outside the cluster. */
export interface UiIngressProps {
  /**
   * The hosts and paths routed to the UI's Service.
   * @example [{ host: 'headscale.example.com', paths: [{ path: '/web', pathType: 'Prefix' }] }]
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

/** The UI's pod. */
export interface UiPodProps {
  /** The pod's security context. @default - fsGroup 1000 and the runtime's default seccomp profile */
  readonly securityContext?: PodSecurityContext;
}

/** The props of {@link HeadscaleUi}. */
export interface HeadscaleUiProps {
  /** The Headscale server the UI manages. */
  readonly server: IHeadscaleServer;
  /**
   * The Headscale URL handed to the UI in `headscaleUrlEnvName`: the one the browser reaches, for
   * a UI that calls Headscale from the browser.
   * @default - the server's `url`
   */
  readonly headscaleUrl?: string;
  /**
   * The name of the Deployment, Service, data claim, PodDisruptionBudget and Ingress.
   * @default 'headscale-ui'
   */
  readonly name?: string;
  /**
   * Labels of every object.
   * @default - app.kubernetes.io/name `headscale`, app.kubernetes.io/instance the name, app.kubernetes.io/managed-by `cdk8s`, app.kubernetes.io/component `ui`
   */
  readonly labels?: Labels;
  /**
   * The labels the Deployment selects its pods by. Kubernetes can't change them once deployed.
   * @default - the name, instance and component labels
   */
  readonly selector?: Labels;
  /** The UI image. @default 'ghcr.io/gurucomputing/headscale-ui:2026.03.17' */
  readonly image?: string;
  /** When the kubelet pulls the image. @default 'IfNotPresent' */
  readonly imagePullPolicy?: ImagePullPolicy;
  /** The environment variable the UI container reads the Headscale URL from. @default 'HEADSCALE_URL' */
  readonly headscaleUrlEnvName?: string;
  /**
   * More variables of the UI container.
   * @default []
   * @example [{ name: 'TZ', value: 'Europe/Berlin' }]
   */
  readonly env?: readonly EnvVar[];
  /** The port the UI listens on in its container, named `http`, which the Service targets. @default 8080 */
  readonly containerPort?: number;
  /**
   * The UI's Service: its type, and its port to the container's `http`.
   * @default { type: 'ClusterIP', port: 8080 }
   * @example { type: 'NodePort', port: 80 }
   */
  readonly service?: ComponentServiceProps;
  /** A configuration file mounted into the UI container. @default - none */
  readonly configFile?: MountedFile;
  /**
   * A volume for the UI's data, at `mountPath` (default /var/lib/headscale-ui).
   * @default false
   * @example { size: '100Mi' }
   */
  readonly persistence?:
    | (PersistenceProps & {
        /** Where the UI container mounts the data volume. */
        readonly mountPath?: string;
      })
    | false;
  /**
   * Resources of the UI container.
   * @default {}
   * @example { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } }
   */
  readonly resources?: ResourceRequirements;
  /**
   * The container's security context. Another image may need another user, or a writable root
   * filesystem when it writes elsewhere than /data, /home/appuser and /tmp.
   * @default - UID 1000, not root, no privilege escalation, no capabilities, a read-only root filesystem
   */
  readonly securityContext?: SecurityContext;
  /**
   * The UI's pod.
   * @default { securityContext: { fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } } }
   * @example { securityContext: { fsGroup: 2000 } }
   */
  readonly pod?: UiPodProps;
  /**
   * The PodDisruptionBudget of the UI's pod; false creates no budget.
   * @default { maxUnavailable: 1 }
   * @example { minAvailable: 1 }
   */
  readonly disruptionBudget?: DisruptionBudgetLimits | false;
  /**
   * An Ingress, named `name`, routing to the UI's Service.
   * @default - none
   * @example
   * {
   *   className: 'nginx',
   *   rules: [{ host: 'headscale.example.com', paths: [{ path: '/web', pathType: 'Prefix' }] }],
   * }
   */
  readonly ingress?: UiIngressProps;
}

/**
 * The user the UI container runs as. The default image (ghcr.io/gurucomputing/headscale-ui)
 * declares `USER appuser` by name, which Kubernetes can't check against `runAsNonRoot`; appuser
 * is Alpine's first regular user, UID 1000, the owner of the files the image serves and writes.
 */
const UI_USER_ID = 1000;

/**
 * The restricted Pod Security level: not root, no privilege escalation, no capabilities, the
 * runtime's default seccomp profile; and a read-only root filesystem. The default image writes in
 * three places, each an emptyDir: it copies its Caddyfile to /data at start, Caddy keeps its
 * internal TLS certificate (for the image's second, HTTPS, port) and its autosaved configuration
 * under the user's home directory, and Go's temporary files go to /tmp.
 */
const UI_POD_SECURITY_CONTEXT: PodSecurityContext = { fsGroup: UI_USER_ID, seccompProfile: { type: 'RuntimeDefault' } };
const UI_SECURITY_CONTEXT: SecurityContext = {
  runAsNonRoot: true,
  runAsUser: UI_USER_ID,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
};
const UI_WRITABLE_DIRS: ReadonlyArray<readonly [string, string]> = [
  ['ui-run', '/data'],
  ['ui-home', '/home/appuser'],
  ['tmp', '/tmp'],
];

/** Everything wrong with the props, each at its prop path. */
export function headscaleUiFindings(props: HeadscaleUiProps): Finding[] {
  return props.disruptionBudget
    ? findingsUnder(['disruptionBudget'], disruptionBudgetFindings(props.disruptionBudget))
    : [];
}

/**
 * A web UI for Headscale: its Deployment (one replica) and Service, and as the props ask its
 * configuration file, data claim, disruption budget and Ingress.
 */
export class HeadscaleUi extends Construct {
  /** The Deployment of one replica that runs the UI. */
  public readonly deployment: KubeDeployment;
  /** Port `http`. */
  public readonly service: KubeService;
  /** With `configFile` (its ConfigMap exists when the file has content). */
  public readonly config?: ConfigFile;
  /** With persistence and no existing claim. */
  public readonly dataClaim?: KeptVolumeClaim;
  /** Unless `disruptionBudget` is false. */
  public readonly disruptionBudget?: DisruptionBudget;
  /** With `ingress`. */
  public readonly ingress?: ServiceIngress;

  constructor(scope: Construct, id: string, props: HeadscaleUiProps) {
    super(scope, id);
    assertValidProps(this, 'HeadscaleUi', props, headscaleUiFindings);
    const name = props.name ?? 'headscale-ui';
    const labels = props.labels ?? { ...standaloneLabels('headscale', name), 'app.kubernetes.io/component': 'ui' };
    const podSelector = props.selector ?? instanceLabels('headscale', name, 'ui');

    if (props.configFile) this.config = new ConfigFile(this, 'Config', { file: props.configFile, labels });

    const persistence = props.persistence ?? false;
    const data = dataVolume(this, {
      volumeName: 'ui-data',
      name,
      labels,
      mountPath: (persistence && persistence.mountPath) || UI_DATA_PATH,
      persistence,
    });
    this.dataClaim = data?.claim;

    const volumes: Volume[] = [];
    const mounts: VolumeMount[] = [];
    if (this.config) {
      volumes.push(this.config.volume);
      mounts.push(this.config.volumeMount);
    }
    if (data) {
      volumes.push(data.volume);
      mounts.push(data.volumeMount);
    }
    for (const [volumeName, mountPath] of UI_WRITABLE_DIRS) {
      volumes.push({ name: volumeName, emptyDir: {} });
      mounts.push({ name: volumeName, mountPath });
    }

    this.deployment = new KubeDeployment(this, 'Deployment', {
      metadata: { name, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: podSelector },
        template: {
          // The pods carry the labels the selector matches, whatever `labels` holds.
          metadata: { labels: { ...labels, ...podSelector }, annotations: this.config?.checksumAnnotations },
          spec: {
            // The UI needs no API token; fsGroup makes a UI volume writable by the UI's user.
            automountServiceAccountToken: false,
            securityContext: props.pod?.securityContext ?? UI_POD_SECURITY_CONTEXT,
            containers: [
              {
                name: 'headscale-ui',
                image: props.image ?? `${UI_IMAGE.repository}:${UI_IMAGE.tag}`,
                imagePullPolicy: props.imagePullPolicy ?? IMAGE_PULL_POLICY,
                ports: [{ name: 'http', containerPort: props.containerPort ?? UI_PORT, protocol: 'TCP' }],
                env: [
                  { name: props.headscaleUrlEnvName ?? UI_URL_ENV, value: props.headscaleUrl ?? props.server.url },
                  ...(props.env ?? []),
                ],
                resources: nonEmpty(props.resources ?? {}),
                securityContext: props.securityContext ?? UI_SECURITY_CONTEXT,
                volumeMounts: nonEmpty(mounts),
              },
            ],
            volumes: nonEmpty(volumes),
          },
        },
      },
    });

    this.service = new KubeService(this, 'Service', {
      metadata: { name, labels },
      spec: {
        type: props.service?.type ?? SERVICE_TYPE,
        ports: [{ name: 'http', port: props.service?.port ?? UI_PORT, targetPort: 'http', protocol: 'TCP' }],
        selector: podSelector,
      },
    });

    if (props.disruptionBudget !== false) {
      this.disruptionBudget = new DisruptionBudget(this, 'DisruptionBudget', {
        name,
        labels,
        matchLabels: podSelector,
        ...props.disruptionBudget,
      });
    }

    if (props.ingress)
      this.ingress = new ServiceIngress(this, 'Ingress', { name, labels, serviceName: name, ...props.ingress });
  }
}
