import { Construct } from 'constructs';
import type { Finding } from '../core/errors';
import { configYaml } from '../derive/config-yaml';
import { SERVER_TLS_DIR, SERVER_TLS_VOLUME } from '../derive/headscale-config';
import { CONFIG_PATH, type MountedFile } from '../derive/mounted-files';
import { servicePortName } from '../derive/ports';
import { imageTag, type Labels, instanceLabels } from '../derive/release';
import { serviceUrl } from '../derive/urls';
import {
  HEADSCALE_CONFIG_DEFAULTS,
  HEADSCALE_PORT,
  listenAddressOn,
  IMAGE_PULL_POLICY,
  SERVER_IMAGE,
  SERVER_POD_SECURITY_CONTEXT,
  SERVER_PROBE,
  SERVER_SECURITY_CONTEXT,
  SERVICE_TYPE,
  SOCKET_DIR,
  STUN_PORT,
} from '../values/defaults';
import { detectHeadscaleVersion, type HeadscaleVersion, NEWEST_HEADSCALE_VERSION } from '../values/headscale-versions';
import { configFileFindings } from '../values/headscale-config-file';
import { isJsonMap, type JsonMap } from '../core/json-map';
import { policyTextFindings } from '../values/policy';
import {
  type ComponentServiceProps,
  assertValidProps,
  type DisruptionBudgetLimits,
  findingsUnder,
  namespaceOf,
  type PersistenceProps,
  standaloneLabels,
} from './common';
import { ConfigFile } from './config-file';
import { DisruptionBudget, disruptionBudgetFindings } from './disruption-budget';
import {
  type Affinity,
  type Container,
  type ContainerPort,
  type EnvVar,
  KubeDeployment,
  KubeService,
  KubeServiceAccount,
  nonEmpty,
  type PodSecurityContext,
  type PodSpec,
  type Probe,
  type ResourceRequirements,
  type SecurityContext,
  type Toleration,
  type Volume,
  type VolumeMount,
  type ImagePullPolicy,
  type ServicePort,
} from './kube';
import { dataVolume, type KeptVolumeClaim } from './kept-volume-claim';
import type { IServerSidecar } from './server-sidecar';

/** How STUN (UDP) reaches the embedded DERP server: a Service of its own, or a port on the node. */
export type StunExposure = 'LoadBalancer' | 'NodePort' | 'hostPort';

/** The embedded DERP server's STUN listener and how clients reach it. */
export interface StunProps {
  /** The STUN Service's name. @default - `<name>-stun` */
  readonly serviceName?: string;
  /**
   * The UDP port of `derp.server.stun_listen_addr` in the config: the container port named `stun`,
   * and the port (and node port) clients reach, since Headscale advertises it in the DERP map.
   * @default 3478
   */
  readonly port?: number;
  /**
   * How clients reach STUN: a Service `serviceName` of type LoadBalancer or NodePort (its node port
   * is `port`), or `hostPort`, the port opened on the node the pod runs on, with no Service.
   * @default 'LoadBalancer'
   */
  readonly expose?: StunExposure;
  /** Annotations of the STUN Service. @default {} */
  readonly annotations?: Record<string, string>;
  /**
   * The address a LoadBalancer Service asks its load balancer for, to keep STUN's address stable;
   * only with expose `LoadBalancer`.
   * @default - any address the load balancer gives
   */
  readonly loadBalancerIP?: string;
  /** Local keeps the client's source address, which STUN reports back. @default 'Local' */
  readonly externalTrafficPolicy?: 'Local' | 'Cluster';
}

/**
 * A Headscale server as the other components use it: the key job, the client and the UIs take one
 * as `server`. {@link HeadscaleServer} is one; {@link HeadscaleServer.fromAttributes} describes
 * one that runs elsewhere.
 */
export interface IHeadscaleServer {
  /** The URL clients log in to and the UIs call. */
  readonly url: string;
  /**
   * The labels of the server's pods, which the key job execs `headscale` in; undefined for a
   * server that runs outside the cluster.
   */
  readonly selector?: Labels;
  /** The container of the server's pods that runs `headscale serve`. */
  readonly containerName: string;
  /** The ServiceAccount the server's pods run as, which a sidecar's Role binds to; undefined when unknown. */
  readonly serviceAccountName?: string;
  /** The Headscale version (major.minor) the server runs, which decides what the components may ask of it. */
  readonly headscaleVersion: HeadscaleVersion;
}

/** What {@link HeadscaleServer.fromAttributes} knows of a server that is not a construct of this app. */
export interface HeadscaleServerAttributes {
  /** The server's URL, as `https://headscale.example.com`. */
  readonly url: string;
  /** The labels of its pods, when they run in this namespace. @default - none: no job can exec in them */
  readonly selector?: Labels;
  /** The container that runs `headscale serve`. @default 'headscale' */
  readonly containerName?: string;
  /** The ServiceAccount its pods run as. @default - unknown */
  readonly serviceAccountName?: string;
  /** The Headscale version it runs. @default - the newest version the checks know */
  readonly headscaleVersion?: HeadscaleVersion;
}

/** The ports Headscale listens on in the server's pod, as its config.yaml sets them. */
export interface ServerListeners {
  /**
   * The container port named `http`, which the Service targets and the probes use: the port of
   * `listen_addr` in the config.
   * @default - `service.port`
   */
  readonly http?: number;
  /**
   * A container port and Service port named `metrics`: the port of `metrics_listen_addr` in the
   * config, which must listen on the pod's addresses (0.0.0.0).
   * @default - none (with the default config: no metrics listener)
   */
  readonly metrics?: number;
  /**
   * A container port and Service port named `grpc`: the port of `grpc_listen_addr` in the config.
   * Headscale starts it only with TLS (`tlsSecretName`) or `grpc_allow_insecure`.
   * @default - none (with the default config: no gRPC listener)
   */
  readonly grpc?: number;
  /**
   * The embedded DERP server's STUN listener: a UDP container port named `stun`, and a Service
   * `<name>-stun` (or a host port) that carries it. The config must enable `derp.server` with
   * `stun_listen_addr` on the port.
   * @default - none
   * @example { port: 3478, expose: 'NodePort' }
   */
  readonly stun?: StunProps;
}

/** The ServiceAccount the server's pods run as. */
export interface ServerServiceAccountProps {
  /** Create it; false runs the pods as an existing one. @default true */
  readonly create?: boolean;
  /**
   * Its name: of the one created, or of an existing one with `create` false.
   * @default - the server's `name` when created, else `default`
   */
  readonly name?: string;
  /** Annotations of the created ServiceAccount. @default {} */
  readonly annotations?: Record<string, string>;
}

/** The server's pod. */
export interface ServerPodProps {
  /** More labels of the pods; they can't replace the others. @default {} */
  readonly labels?: Labels;
  /** Annotations of the pods, beside the checksums of the mounted files that roll them. @default {} */
  readonly annotations?: Record<string, string>;
  /** The pod's security context. @default { fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } } */
  readonly securityContext?: PodSecurityContext;
  /** Labels of the nodes the pod may run on. @default {} */
  readonly nodeSelector?: Record<string, string>;
  /**
   * Which nodes the pod prefers or needs, and which pods it runs near or away from.
   * @default - none
   * @example
   * {
   *   nodeAffinity: {
   *     requiredDuringSchedulingIgnoredDuringExecution: {
   *       nodeSelectorTerms: [
   *         { matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }] },
   *       ],
   *     },
   *   },
   * }
   */
  readonly affinity?: Affinity;
  /**
   * Taints of the nodes the pod may run on despite them.
   * @default []
   * @example [{ key: 'dedicated', operator: 'Equal', value: 'headscale', effect: 'NoSchedule' }]
   */
  readonly tolerations?: readonly Toleration[];
  /** Names of the pod's image pull Secrets. @default [] */
  readonly imagePullSecrets?: readonly string[];
  /**
   * More volumes of the pod, after its own; the server's `extraVolumeMounts` mounts them.
   * @default []
   * @example [{ name: 'oidc', secret: { secretName: 'headscale-oidc' } }]
   */
  readonly volumes?: readonly Volume[];
}

/** The server container's name. */
const SERVER_CONTAINER = 'headscale';

/** Where Headscale keeps its database and noise key. */
export const DATA_PATH = '/var/lib/headscale';

/** The props of {@link HeadscaleServer}; every one is optional. */
export interface HeadscaleServerProps {
  /**
   * The name of the Deployment, Service, ServiceAccount, config.yaml ConfigMap, data claim and
   * PodDisruptionBudget.
   * @default 'headscale'
   */
  readonly name?: string;
  /**
   * Labels of every object.
   * @default - app.kubernetes.io/name `headscale`, app.kubernetes.io/instance the name, app.kubernetes.io/managed-by `cdk8s`
   */
  readonly labels?: Labels;
  /**
   * Labels added to the Deployment, its pods and the PodDisruptionBudget.
   * @default - app.kubernetes.io/component `server`
   */
  readonly workloadLabels?: Labels;
  /**
   * The labels the Service, the PodDisruptionBudget and other workloads find the server's pods by.
   * @default - the name, instance and component labels
   */
  readonly selector?: Labels;
  /**
   * The labels the Deployment selects its pods by. Kubernetes can't change them once deployed.
   * @default - the `selector`
   */
  readonly deploymentSelector?: Labels;
  /**
   * The Headscale image the server container runs; its tag tells the Headscale version unless
   * `headscaleVersion` is given.
   * @default 'headscale/headscale:v0.29.2'
   */
  readonly image?: string;
  /**
   * The Headscale version the image runs, for a tag that names none (`latest`, a digest).
   * @default - the version the image's tag names, else the newest the checks know
   */
  readonly headscaleVersion?: HeadscaleVersion;
  /** When the kubelet pulls the image. @default 'IfNotPresent' */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Headscale's config.yaml, written into the ConfigMap `name`. Its `listen_addr` must be on `listeners.http`.
   * @default - Headscale's defaults, with `server_url` the Service's cluster URL and `listen_addr` on `listeners.http`
   */
  readonly config?: JsonMap;
  /**
   * Mount config.yaml (key `config.yaml`) from this existing ConfigMap instead of writing `config`.
   * @default - the ConfigMap is created from `config`
   */
  readonly existingConfigMap?: string;
  /** A DERP map file, added to `derp.paths` by whoever writes the config. @default - none */
  readonly derpMap?: MountedFile;
  /** An extra DNS records file, named by `dns.extra_records_path` in the config. @default - none */
  readonly extraDnsRecords?: MountedFile;
  /**
   * A policy file, named by `policy.path` in the config. Mounted `live` (as its directory), it is
   * updated in place, and {@link policyReloadSidecar} in `sidecars` makes Headscale reload it without a restart.
   * @default - none
   * @example
   * {
   *   volumeName: 'policy',
   *   checksumName: 'policy',
   *   configMapName: 'headscale-policy',
   *   key: 'policy.json',
   *   mountPath: '/etc/headscale/policy/policy.json',
   *   content: JSON.stringify({ acls: [{ action: 'accept', src: ['*'], dst: ['*:*'] }] }),
   *   live: true,
   * }
   */
  readonly policy?: MountedFile;
  /**
   * The server's Service: its type, and its port to Headscale's HTTP listener, named `https` with
   * `tlsSecretName`, else `http`.
   * @default { type: 'ClusterIP', port: 8080 }
   * @example { type: 'LoadBalancer', port: 443 }
   */
  readonly service?: ComponentServiceProps;
  /**
   * The ports Headscale listens on in the pod, each a container port and (but STUN) a Service
   * port of its name: `http` (`listen_addr`), `metrics` (`metrics_listen_addr`), `grpc`
   * (`grpc_listen_addr`) and the embedded DERP server's STUN.
   * @default { http: service.port }
   * @example { http: 8080, metrics: 9090, grpc: 50443, stun: { port: 3478, expose: 'NodePort' } }
   */
  readonly listeners?: ServerListeners;
  /**
   * The ServiceAccount the pods run as.
   * @default { create: true, name: name }
   * @example { create: false, name: 'headscale-runner' }
   */
  readonly serviceAccount?: ServerServiceAccountProps;
  /**
   * Where the database and noise key live (`/var/lib/headscale`); false keeps them in an emptyDir,
   * lost with the pod.
   * @default - a 1Gi ReadWriteOnce claim named `name`, kept when the release is removed
   * @example { size: '5Gi', storageClassName: 'fast-ssd' }
   */
  readonly persistence?: PersistenceProps | false;
  /** A writable directory (an emptyDir) for Headscale's unix socket; '' mounts none. @default '/var/run/headscale' */
  readonly socketDir?: string;
  /**
   * A kubernetes.io/tls Secret mounted at /etc/headscale/tls, for Headscale to serve HTTPS itself.
   * The probes then speak HTTPS.
   * @default - none
   */
  readonly tlsSecretName?: string;
  /**
   * Environment of the server container (config keys from Secrets, say).
   * @default []
   * @example
   * [{ name: 'HEADSCALE_OIDC_CLIENT_SECRET', valueFrom: { secretKeyRef: { name: 'oidc', key: 'client_secret' } } }]
   */
  readonly env?: readonly EnvVar[];
  /**
   * The check that restarts Headscale when it fails; false removes the probe. An HTTP check speaks
   * HTTPS with `tlsSecretName`, unless it names a scheme.
   * @default - GET /health on `http`
   */
  readonly livenessProbe?: Probe | false;
  /**
   * The check that holds traffic back from the pod until it passes; false removes the probe. An
   * HTTP check speaks HTTPS with `tlsSecretName`, unless it names a scheme.
   * @default - GET /health on `http`
   */
  readonly readinessProbe?: Probe | false;
  /**
   * Resources of the Headscale container.
   * @default {}
   * @example { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } }
   */
  readonly resources?: ResourceRequirements;
  /**
   * The Headscale container's security context.
   * @default - non-root (UID 1000), no privilege escalation, every capability dropped, a read-only root filesystem
   */
  readonly securityContext?: SecurityContext;
  /**
   * The server's pod: its labels and annotations, security context, scheduling, image pull
   * Secrets and volumes beside its own.
   * @default {}
   * @example
   * {
   *   nodeSelector: { 'kubernetes.io/arch': 'amd64' },
   *   volumes: [{ name: 'oidc', secret: { secretName: 'headscale-oidc' } }],
   * }
   */
  readonly pod?: ServerPodProps;
  /**
   * More mounts of the Headscale container, after its own (of `pod.volumes`, say).
   * @default []
   * @example [{ name: 'oidc', mountPath: '/etc/headscale/oidc', readOnly: true }]
   */
  readonly extraVolumeMounts?: readonly VolumeMount[];
  /**
   * The PodDisruptionBudget of the server's pod; false creates no budget.
   * @default { maxUnavailable: 1 }
   * @example { minAvailable: 1 }
   */
  readonly disruptionBudget?: DisruptionBudgetLimits | false;
  /**
   * What other components add to the pod: containers after Headscale's, their volumes, Service
   * ports and pod annotations ({@link IServerSidecar}), in order.
   * @default []
   * @example [policyReloadSidecar({ policy: policyFile, runAsUser: 1000 })]
   */
  readonly sidecars?: readonly IServerSidecar[];
}

/** Everything wrong with the props, each at its prop path. */
export function headscaleServerFindings(props: HeadscaleServerProps): Finding[] {
  const version = serverVersion(props);
  return [
    // Headscale's own start-up checks, for the version the image runs.
    ...(props.config && !props.existingConfigMap
      ? findingsUnder(['config'], configFileFindings(props.config, version))
      : []),
    // The policy Headscale loads at start-up (an invalid one stops it), as that version decodes and validates it.
    ...(props.policy?.content === undefined
      ? []
      : policyTextFindings(props.policy.content, version).map(({ line, column, message }) => ({
          at: ['policy', 'content'],
          message: line === undefined ? message : `line ${line}, column ${column}: ${message}`,
        }))),
    ...(props.disruptionBudget
      ? findingsUnder(['disruptionBudget'], disruptionBudgetFindings(props.disruptionBudget))
      : []),
  ];
}

/** The Headscale version the server runs: as given, else as its image's tag says, else the newest the checks know. */
function serverVersion(props: HeadscaleServerProps): HeadscaleVersion {
  const image = props.image ?? `${SERVER_IMAGE.repository}:${SERVER_IMAGE.tag}`;
  return props.headscaleVersion ?? detectHeadscaleVersion({ tag: imageTag(image) }).version;
}

/**
 * The Headscale server: its Deployment (one replica, Recreate: SQLite allows one writer), Service,
 * ServiceAccount, the ConfigMaps of the files it mounts, its data claim and disruption budget.
 */
export class HeadscaleServer extends Construct implements IHeadscaleServer {
  /** A server that runs elsewhere (another app, namespace or cluster), for the key job, the client and the UIs. */
  public static fromAttributes(attributes: HeadscaleServerAttributes): IHeadscaleServer {
    return {
      containerName: SERVER_CONTAINER,
      headscaleVersion: NEWEST_HEADSCALE_VERSION,
      ...attributes,
    };
  }

  /** The Deployment of one replica (Recreate) that runs `headscale serve`. */
  public readonly deployment: KubeDeployment;
  /** The Service to Headscale's HTTP port, the metrics and gRPC ports given, and the sidecars' ports. */
  public readonly service: KubeService;
  /** Unless `serviceAccount.create` is false. */
  public readonly serviceAccount?: KubeServiceAccount;
  /** config.yaml (its ConfigMap exists unless `existingConfigMap`). */
  public readonly config: ConfigFile;
  /** With `derpMap`: the DERP map file, its ConfigMap when created, its volume and mount. */
  public readonly derpMap?: ConfigFile;
  /** With `extraDnsRecords`: the DNS records file, its ConfigMap when created, its volume and mount. */
  public readonly extraDnsRecords?: ConfigFile;
  /** With `policy`: the policy file, its ConfigMap when created, its volume and mount. */
  public readonly policy?: ConfigFile;
  /** When persistence is on without an existing claim. */
  public readonly dataClaim?: KeptVolumeClaim;
  /** Unless `disruptionBudget` is false. */
  public readonly disruptionBudget?: DisruptionBudget;
  /** With `listeners.stun`, unless it is exposed on a host port: the Service that carries STUN (UDP) to the pod. */
  public readonly stunService?: KubeService;
  /** The Service's cluster URL, `http(s)://<name>.<namespace>.svc.cluster.local:<port>`. */
  public readonly url: string;
  /** The labels of every object. */
  public readonly labels: Labels;
  /** The labels that find the server's pods. */
  public readonly selector: Labels;
  /** The container that runs `headscale serve`, `headscale`. */
  public readonly containerName = SERVER_CONTAINER;
  /** The ServiceAccount the pods run as: the created one, or the one named. */
  public readonly serviceAccountName: string;
  /**
   * The Headscale version the server runs: `headscaleVersion`, else the one the image's tag names,
   * else the newest the checks know.
   */
  public readonly headscaleVersion: HeadscaleVersion;

  /** What sidecars add to the pod and the Service, filled as they are added. */
  private readonly pod: {
    readonly spec: PodSpec;
    readonly annotations: Record<string, string>;
    readonly initContainers: Container[];
    readonly containers: Container[];
    readonly volumes: Volume[];
    readonly servicePorts: ServicePort[];
  };

  constructor(scope: Construct, id: string, props: HeadscaleServerProps = {}) {
    super(scope, id);
    assertValidProps(this, 'HeadscaleServer', props, headscaleServerFindings);
    const name = props.name ?? 'headscale';
    const tls = Boolean(props.tlsSecretName);
    this.labels = props.labels ?? standaloneLabels('headscale', name);
    const workloadLabels = {
      ...this.labels,
      ...(props.workloadLabels ?? { 'app.kubernetes.io/component': 'server' }),
    };
    this.selector = props.selector ?? instanceLabels('headscale', name, 'server');
    this.url = serviceUrl(name, namespaceOf(this), listenerNumbers(props).service, tls);
    this.headscaleVersion = serverVersion(props);

    this.config = this.mountFile(this.configFile(name, props));
    this.derpMap = props.derpMap && this.mountFile(props.derpMap);
    this.extraDnsRecords = props.extraDnsRecords && this.mountFile(props.extraDnsRecords);
    this.policy = props.policy && this.mountFile(props.policy);
    const files = [this.config, this.derpMap, this.extraDnsRecords, this.policy].filter((file) => file !== undefined);

    const account = props.serviceAccount ?? {};
    const createServiceAccount = account.create ?? true;
    this.serviceAccountName = account.name || (createServiceAccount ? name : 'default');
    if (createServiceAccount) this.serviceAccount = this.createServiceAccount(account.annotations);

    const { volumes, mounts, dataClaim } = this.podVolumes(name, props, files);
    this.dataClaim = dataClaim;
    const stun = resolvedStun(props.listeners?.stun);
    const listeners = listenerPorts(props, stun);
    this.pod = this.podOf(props, [this.headscaleContainer(props, listeners.containerPorts, mounts)], volumes, {
      annotations: Object.assign({}, ...files.map((f) => f.checksumAnnotations), props.pod?.annotations),
      servicePorts: listeners.servicePorts,
    });

    this.deployment = this.createDeployment(name, props, workloadLabels);
    this.service = new KubeService(this, 'Service', {
      metadata: { name, labels: this.labels },
      spec: { type: props.service?.type ?? SERVICE_TYPE, ports: this.pod.servicePorts, selector: this.selector },
    });
    if (stun && stun.expose !== 'hostPort') this.stunService = this.createStunService(name, stun);
    if (props.disruptionBudget !== false) {
      this.disruptionBudget = new DisruptionBudget(this, 'DisruptionBudget', {
        name,
        labels: workloadLabels,
        matchLabels: this.selector,
        ...props.disruptionBudget,
      });
    }
    for (const sidecar of props.sidecars ?? []) this.addSidecar(sidecar);
  }

  /**
   * Adds a sidecar to the server's pod: its init containers and its containers after the pod's,
   * its volumes, its Service ports and its pod annotations, and the shared process namespace when
   * it asks for it. A sidecar made after the server (one that needs the server's ServiceAccount,
   * say) is added this way.
   */
  public addSidecar(sidecar: IServerSidecar): void {
    this.pod.initContainers.push(...(sidecar.initContainers ?? []));
    if (this.pod.initContainers.length > 0) this.pod.spec.initContainers = this.pod.initContainers;
    this.pod.containers.push(...sidecar.containers);
    this.pod.volumes.push(...sidecar.volumes);
    this.pod.servicePorts.push(...sidecar.servicePorts);
    Object.assign(this.pod.annotations, sidecar.podAnnotations);
    if (sidecar.sharesProcessNamespace) this.pod.spec.shareProcessNamespace = true;
  }

  private createServiceAccount(annotations: Record<string, string> = {}): KubeServiceAccount {
    return new KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.serviceAccountName, labels: this.labels, annotations: nonEmpty(annotations) },
      automountServiceAccountToken: false,
    });
  }

  /** Headscale's container: `headscale serve` with its config, its listeners' ports, its mounts and probes. */
  private headscaleContainer(props: HeadscaleServerProps, ports: ContainerPort[], mounts: VolumeMount[]): Container {
    const tls = Boolean(props.tlsSecretName);
    const probe = (given: Probe | false | undefined): Probe | undefined =>
      given === false ? undefined : probeScheme(given ?? SERVER_PROBE, tls);
    return {
      name: SERVER_CONTAINER,
      image: props.image ?? `${SERVER_IMAGE.repository}:${SERVER_IMAGE.tag}`,
      imagePullPolicy: props.imagePullPolicy ?? IMAGE_PULL_POLICY,
      command: ['headscale', 'serve'],
      args: ['-c', this.config.volumeMount.mountPath],
      env: nonEmpty([...(props.env ?? [])]),
      ports,
      livenessProbe: probe(props.livenessProbe),
      readinessProbe: probe(props.readinessProbe),
      resources: props.resources ?? {},
      securityContext: nonEmpty(props.securityContext ?? (SERVER_SECURITY_CONTEXT as SecurityContext)),
      volumeMounts: mounts,
    };
  }

  /** The pod's spec, and the lists sidecars add to (see addSidecar), starting with the server's own. */
  private podOf(
    props: HeadscaleServerProps,
    containers: Container[],
    volumes: Volume[],
    own: { annotations: Record<string, string>; servicePorts: ServicePort[] },
  ): HeadscaleServer['pod'] {
    const pod = props.pod ?? {};
    return {
      spec: {
        serviceAccountName: this.serviceAccountName,
        automountServiceAccountToken: false,
        // Set by a sidecar that needs it; the key keeps its place in the manifest.
        shareProcessNamespace: undefined,
        securityContext: nonEmpty(pod.securityContext ?? (SERVER_POD_SECURITY_CONTEXT as PodSecurityContext)),
        imagePullSecrets: nonEmpty((pod.imagePullSecrets ?? []).map((secret) => ({ name: secret }))),
        nodeSelector: nonEmpty(pod.nodeSelector ?? {}),
        affinity: nonEmpty(pod.affinity ?? {}),
        tolerations: nonEmpty([...(pod.tolerations ?? [])]),
        // Set by the first sidecar that brings init containers; the key keeps its place in the manifest.
        initContainers: undefined,
        containers,
        volumes,
      },
      annotations: own.annotations,
      initContainers: [],
      containers,
      volumes,
      servicePorts: own.servicePorts,
    };
  }

  private createDeployment(name: string, props: HeadscaleServerProps, workloadLabels: Labels): KubeDeployment {
    return new KubeDeployment(this, 'Deployment', {
      metadata: { name, labels: workloadLabels },
      spec: {
        replicas: 1,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: props.deploymentSelector ?? this.selector },
        template: {
          // The pods carry the labels the selectors match, whatever `labels` holds.
          metadata: {
            labels: { ...props.pod?.labels, ...workloadLabels, ...this.selector, ...props.deploymentSelector },
            annotations: this.pod.annotations,
          },
          spec: this.pod.spec,
        },
      },
    });
  }

  /** config.yaml: the given config, the defaults with the Service's URL and the listeners' ports, or an existing ConfigMap's. */
  private configFile(name: string, props: HeadscaleServerProps): MountedFile {
    const { http, metrics, grpc } = listenerNumbers(props);
    const defaults = () => ({
      ...HEADSCALE_CONFIG_DEFAULTS,
      server_url: this.url,
      listen_addr: listenAddressOn(http),
      ...(metrics === undefined ? {} : { metrics_listen_addr: listenAddressOn(metrics) }),
      ...(grpc === undefined
        ? {}
        : { grpc_listen_addr: listenAddressOn(grpc), grpc_allow_insecure: !props.tlsSecretName }),
    });
    return {
      volumeName: 'config',
      checksumName: 'config',
      configMapName: props.existingConfigMap ?? name,
      key: 'config.yaml',
      mountPath: CONFIG_PATH,
      content: props.existingConfigMap ? undefined : configYaml(props.config ?? defaults()),
    };
  }

  private mountFile(file: MountedFile): ConfigFile {
    return new ConfigFile(this, file.volumeName, { file, labels: this.labels });
  }

  /**
   * The volumes of the pod and Headscale's mounts: its data (a claim, or an emptyDir), /tmp, the
   * socket directory, the mounted files, the TLS Secret and the extra volumes. The root filesystem
   * is read-only, so every place Headscale writes is a volume.
   */
  private podVolumes(name: string, props: HeadscaleServerProps, files: readonly ConfigFile[]) {
    const data = dataVolume(this, {
      volumeName: 'data',
      name,
      labels: this.labels,
      mountPath: DATA_PATH,
      persistence: props.persistence ?? {},
    });
    const socketDir = props.socketDir ?? SOCKET_DIR;
    const tls = props.tlsSecretName;
    const entries: Array<readonly [Volume, VolumeMount]> = [
      data
        ? [data.volume, data.volumeMount]
        : [
            { name: 'data', emptyDir: {} },
            { name: 'data', mountPath: DATA_PATH },
          ],
      // SQLite writes its temporary files to /tmp.
      [
        { name: 'tmp', emptyDir: {} },
        { name: 'tmp', mountPath: '/tmp' },
      ],
      ...(socketDir
        ? ([
            [
              { name: 'runtime', emptyDir: {} },
              { name: 'runtime', mountPath: socketDir },
            ],
          ] as const)
        : []),
      ...files.map((file) => [file.volume, file.volumeMount] as const),
      ...(tls
        ? ([
            [
              { name: SERVER_TLS_VOLUME, secret: { secretName: tls } },
              { name: SERVER_TLS_VOLUME, mountPath: SERVER_TLS_DIR, readOnly: true },
            ],
          ] as const)
        : []),
    ];
    return {
      dataClaim: data?.claim,
      volumes: [...entries.map(([volume]) => volume), ...(props.pod?.volumes ?? [])],
      mounts: [...entries.map(([, mount]) => mount), ...(props.extraVolumeMounts ?? [])],
    };
  }

  /** The Service that carries STUN (UDP) to the pod: the DERP map advertises the listening port, so the Service (and node) port is that port. */
  private createStunService(name: string, stun: ResolvedStun): KubeService {
    return new KubeService(this, 'StunService', {
      metadata: {
        name: stun.serviceName ?? `${name}-stun`,
        labels: this.labels,
        annotations: nonEmpty(stun.annotations ?? {}),
      },
      spec: {
        type: stun.expose as 'LoadBalancer' | 'NodePort',
        externalTrafficPolicy: stun.externalTrafficPolicy ?? 'Local',
        loadBalancerIP: stun.expose === 'LoadBalancer' ? stun.loadBalancerIP || undefined : undefined,
        ports: [
          {
            name: 'stun',
            port: stun.port,
            targetPort: 'stun',
            protocol: 'UDP',
            ...(stun.expose === 'NodePort' ? { nodePort: stun.port } : {}),
          },
        ],
        selector: this.selector,
      },
    });
  }
}

/** STUN's props with the port and exposure decided. */
type ResolvedStun = StunProps & { readonly port: number; readonly expose: StunExposure };

function resolvedStun(stun: StunProps | undefined): ResolvedStun | undefined {
  return stun && { ...stun, port: stun.port ?? STUN_PORT, expose: stun.expose ?? 'LoadBalancer' };
}

/** The Service's port and the listeners' ports, with the defaults applied. */
function listenerNumbers(props: HeadscaleServerProps) {
  const service = props.service?.port ?? HEADSCALE_PORT;
  const { http = service, metrics, grpc } = props.listeners ?? {};
  return { service, http, metrics, grpc };
}

/** Headscale's container ports and the Service's ports to them: HTTP, and the metrics, gRPC and STUN listeners given. */
function listenerPorts(props: HeadscaleServerProps, stun: ResolvedStun | undefined) {
  const { service, http, metrics, grpc } = listenerNumbers(props);
  const containerPorts: ContainerPort[] = [{ name: 'http', containerPort: http, protocol: 'TCP' }];
  const servicePorts: ServicePort[] = [
    { name: servicePortName(Boolean(props.tlsSecretName)), port: service, targetPort: 'http', protocol: 'TCP' },
  ];
  for (const [portName, listenerPort] of [
    ['metrics', metrics],
    ['grpc', grpc],
  ] as const) {
    if (listenerPort === undefined) continue;
    containerPorts.push({ name: portName, containerPort: listenerPort, protocol: 'TCP' });
    servicePorts.push({ name: portName, port: listenerPort, targetPort: portName, protocol: 'TCP' });
  }
  if (stun) {
    containerPorts.push({
      name: 'stun',
      containerPort: stun.port,
      protocol: 'UDP',
      ...(stun.expose === 'hostPort' ? { hostPort: stun.port } : {}),
    });
  }
  return { containerPorts, servicePorts };
}

/** A probe's HTTP check speaks HTTPS when the server serves TLS itself, unless the probe names a scheme. */
function probeScheme(probe: Probe, tls: boolean): Probe {
  if (!tls || !isJsonMap(probe.httpGet) || probe.httpGet.scheme) return probe;
  return { ...probe, httpGet: { ...probe.httpGet, scheme: 'HTTPS' } };
}
