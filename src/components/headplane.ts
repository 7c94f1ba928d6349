import { Construct } from 'constructs';
import type { Finding } from '../core/errors';
import { HEADPLANE_OIDC_DIR, HEADPLANE_PATH, HEADPLANE_PORT_NAME, HEADPLANE_SECRET_DIR } from '../derive/headplane';
import { SERVER_TLS_DIR } from '../derive/headscale-config';
import { CONFIG_PATH, type MountedFile } from '../derive/mounted-files';
import type { Labels } from '../derive/release';
import { configYaml } from '../derive/config-yaml';
import {
  HEADPLANE_DATA_PATH,
  HEADPLANE_IMAGE,
  HEADPLANE_PORT,
  IMAGE_PULL_POLICY,
  SERVER_SECURITY_CONTEXT,
} from '../values/defaults';
import { headplaneConfigFindings } from '../values/headplane-config';
import { isJsonMap, type JsonMap } from '../core/json-map';
import { assertValidProps, findingAt, findingsUnder, type PersistenceProps, standaloneLabels } from './common';
import type { SecretKeySelector } from './tailscale-client';
import { ConfigFile } from './config-file';
import {
  type Container,
  type ImagePullPolicy,
  KubeRole,
  KubeRoleBinding,
  KubeSecret,
  nonEmpty,
  type ResourceRequirements,
  type ServicePort,
  type Volume,
  type VolumeMount,
} from './kube';
import { dataVolume, type KeptVolumeClaim } from './kept-volume-claim';
import type { IHeadscaleServer } from './headscale-server';
import type { IServerSidecar } from './server-sidecar';
import { namespaceOf } from './common';

/** The props of {@link Headplane}. */
export interface HeadplaneProps {
  /**
   * The name of the ConfigMap, the Secret, the claim, the Role and the RoleBinding.
   * @default 'headplane'
   */
  readonly name?: string;
  /** Labels of every object. @default - app.kubernetes.io/name `headplane`, instance the name, managed-by `cdk8s` */
  readonly labels?: Labels;
  /**
   * Headplane's config.yaml, written into the ConfigMap `name` (the chart derives one from its
   * values); secrets belong in files (`*_path`), not here.
   * @example
   * {
   *   server: {
   *     host: '0.0.0.0',
   *     port: 3000,
   *     cookie_secret_path: '/etc/headplane-secrets/cookie_secret',
   *     data_path: '/var/lib/headplane',
   *   },
   *   headscale: {
   *     url: 'http://127.0.0.1:8080',
   *     config_path: '/etc/headscale/config.yaml',
   *     api_key_path: '/etc/headplane-secrets/api_key',
   *   },
   *   integration: { kubernetes: { enabled: true } },
   * }
   */
  readonly config: JsonMap;
  /** The Headscale server whose pod Headplane runs in: the Role is bound to its ServiceAccount. */
  readonly server: IHeadscaleServer;
  /** The volume of the server's config.yaml, mounted read-only where Headplane's config says. @default 'config' */
  readonly serverConfigVolume?: string;
  /** The volume of the server's TLS Secret, when Headscale serves TLS: Headplane trusts its ca.crt. @default - none */
  readonly serverTlsVolume?: string;
  /** The Headplane image. @default 'ghcr.io/tale/headplane:0.7.0' */
  readonly image?: string;
  /** When the kubelet pulls the image. @default 'IfNotPresent' */
  readonly imagePullPolicy?: ImagePullPolicy;
  /** Headplane's port, as in the config's `server.port`. @default 3000 */
  readonly port?: number;
  /**
   * Resources of the Headplane container.
   * @default {}
   * @example { requests: { cpu: '10m', memory: '128Mi' }, limits: { memory: '256Mi' } }
   */
  readonly resources?: ResourceRequirements;
  /**
   * Where `/var/lib/headplane` lives; false keeps it in an emptyDir.
   * @default - a 1Gi claim named `name`
   * @example { existingClaim: 'headplane-data' }
   */
  readonly persistence?: PersistenceProps | false;
  /**
   * The OIDC client secret, mounted where the config's `oidc.client_secret_path` says. `key`
   * defaults to `client_secret`.
   * @default - none
   * @example { name: 'headplane-oidc', key: 'client_secret' }
   */
  readonly oidcClientSecret?: SecretKeySelector;
}

/** Everything wrong with the props, each at its prop path. */
export function headplaneFindings(props: HeadplaneProps): Finding[] {
  const configFindings = headplaneConfigFindings(props.config);
  return [
    ...findingsUnder(['config'], configFindings),
    // Compared once the config itself is right.
    ...(configFindings.length === 0 ? findingAt(['config', 'server', 'port'], listenPortProblem(props)) : []),
    ...findingAt(
      ['server', 'serviceAccountName'],
      props.server.serviceAccountName === undefined
        ? "is required: Headplane's Role is bound to the ServiceAccount of the server's pod it runs in"
        : undefined,
    ),
  ];
}

/** Headplane listens on its config's `server.port`: the container port, the probes and the Service's port must be it. */
function listenPortProblem(props: HeadplaneProps): string | undefined {
  const listening = isJsonMap(props.config.server) ? props.config.server.port : undefined;
  const port = props.port ?? HEADPLANE_PORT;
  return typeof listening === 'number' && listening !== port
    ? `is ${listening}, where Headplane listens, but the container port and probes are on ${port} (the port prop): give both the same port`
    : undefined;
}

/**
 * Headplane beside Headscale in the server's pod: the objects of its own (its config.yaml's
 * ConfigMap, the Secret the key job fills with its API key and cookie secret, its data claim, and a
 * Role that may read pods, bound to the server's ServiceAccount) and what the pod gets: the
 * `container`, the `volumes`, a shared process namespace and the Service port. Its Kubernetes
 * integration reads its own pod (named by the Downward API) and signals `headscale serve` in the
 * shared process namespace to reload the policy and DNS settings, which needs the same user as
 * Headscale's (1000).
 */
export class Headplane extends Construct implements IServerSidecar {
  /** Headplane's config.yaml: its ConfigMap, named `name`, and its volume and mount. */
  public readonly configFile: ConfigFile;
  /** Holds `cookie_secret` and `api_key`, which the key job writes; created empty. */
  public readonly secret: KubeSecret;
  /** When persistence is on without an existing claim. */
  public readonly dataClaim?: KeptVolumeClaim;
  /** A Role that may read the namespace's pods, for Headplane to read its own. */
  public readonly role: KubeRole;
  /** Binds the Role to the server's ServiceAccount. */
  public readonly roleBinding: KubeRoleBinding;
  /** Headplane's container, the one of {@link containers}. */
  public readonly container: Container;
  /** What the server's pod runs for Headplane: its one container. */
  public readonly containers: readonly Container[];
  /**
   * The volumes Headplane's container mounts that the server's pod does not have: its config, its
   * Secret, its data, /tmp, its Kubernetes API token and, with `oidcClientSecret`, the OIDC client secret.
   */
  public readonly volumes: readonly Volume[];
  /** The Service port named `headplane`. */
  public readonly servicePorts: readonly ServicePort[];
  /** The checksum of Headplane's config.yaml. */
  public readonly podAnnotations: Readonly<Record<string, string>>;
  /** Headplane signals `headscale serve` to reload the policy and DNS settings. */
  public readonly sharesProcessNamespace = true;

  constructor(scope: Construct, id: string, props: HeadplaneProps) {
    super(scope, id);
    assertValidProps(this, 'Headplane', headplaneFindings(props));
    const serviceAccountName = props.server.serviceAccountName!;
    const name = props.name ?? 'headplane';
    const labels = props.labels ?? standaloneLabels('headplane', name);
    const port = props.port ?? HEADPLANE_PORT;

    const file: MountedFile = {
      volumeName: 'headplane-config',
      checksumName: 'headplane-config',
      configMapName: name,
      key: 'config.yaml',
      mountPath: '/etc/headplane/config.yaml',
      content: configYaml(props.config),
    };
    this.configFile = new ConfigFile(this, 'Config', { file, labels });

    // The key job writes only the data: the metadata stays the manifests'.
    this.secret = new KubeSecret(this, 'Secret', { metadata: { name, labels }, type: 'Opaque' });

    const data = dataVolume(this, {
      volumeName: 'headplane-data',
      name,
      labels,
      mountPath: HEADPLANE_DATA_PATH,
      persistence: props.persistence ?? {},
    });
    this.dataClaim = data?.claim;

    // Headplane's Kubernetes integration reads its own pod to check the shared process namespace.
    // Its Kubernetes integration reads its own pod (readNamespacedPod, to check shareProcessNamespace:
    // tale/headplane app/server/config/integration/kubernetes.ts), which `get` allows. A rule can't
    // name a Deployment's pod (its name is random), so it may read the namespace's pods.
    this.role = new KubeRole(this, 'Role', {
      metadata: { name, labels },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
    });
    this.roleBinding = new KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccountName, namespace: namespaceOf(this) }],
    });

    const volumes: Volume[] = [
      this.configFile.volume,
      { name: 'headplane-secret', secret: { secretName: name } },
      data?.volume ?? { name: 'headplane-data', emptyDir: {} },
      { name: 'headplane-tmp', emptyDir: {} },
      // The pod mounts no token (the server needs none); this one is Headplane's alone.
      {
        name: 'headplane-token',
        projected: {
          sources: [
            { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
          ],
        },
      },
      ...(props.oidcClientSecret
        ? [
            {
              name: 'headplane-oidc',
              secret: {
                secretName: props.oidcClientSecret.name,
                items: [{ key: props.oidcClientSecret.key ?? 'client_secret', path: 'client_secret' }],
              },
            },
          ]
        : []),
    ];
    const mounts: VolumeMount[] = [
      this.configFile.volumeMount,
      { name: 'headplane-secret', mountPath: HEADPLANE_SECRET_DIR, readOnly: true },
      data?.volumeMount ?? { name: 'headplane-data', mountPath: HEADPLANE_DATA_PATH },
      { name: 'headplane-tmp', mountPath: '/tmp' },
      { name: 'headplane-token', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true },
      { name: props.serverConfigVolume ?? 'config', mountPath: CONFIG_PATH, subPath: 'config.yaml', readOnly: true },
      ...(props.serverTlsVolume ? [{ name: props.serverTlsVolume, mountPath: SERVER_TLS_DIR, readOnly: true }] : []),
      ...(props.oidcClientSecret ? [{ name: 'headplane-oidc', mountPath: HEADPLANE_OIDC_DIR, readOnly: true }] : []),
    ];
    this.volumes = volumes;

    const probe = { httpGet: { path: `${HEADPLANE_PATH}/healthz`, port: HEADPLANE_PORT_NAME }, periodSeconds: 10 };
    this.container = {
      name: 'headplane',
      image: props.image ?? `${HEADPLANE_IMAGE.repository}:${HEADPLANE_IMAGE.tag}`,
      imagePullPolicy: props.imagePullPolicy ?? IMAGE_PULL_POLICY,
      env: [
        // The pod's name is known only at run time: Headplane takes it from the environment.
        { name: 'HEADPLANE_LOAD_ENV_OVERRIDES', value: 'true' },
        {
          name: 'HEADPLANE_INTEGRATION__KUBERNETES__POD_NAME',
          valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
        },
      ],
      ports: [{ name: HEADPLANE_PORT_NAME, containerPort: port, protocol: 'TCP' }],
      readinessProbe: probe,
      livenessProbe: { ...probe, initialDelaySeconds: 30 },
      resources: nonEmpty(props.resources ?? {}),
      // Headscale's user: signalling `headscale serve` across the shared process namespace needs it.
      securityContext: SERVER_SECURITY_CONTEXT,
      volumeMounts: mounts,
    };
    this.containers = [this.container];
    this.servicePorts = [{ name: HEADPLANE_PORT_NAME, port, targetPort: HEADPLANE_PORT_NAME, protocol: 'TCP' }];
    this.podAnnotations = this.configFile.checksumAnnotations;
  }
}
