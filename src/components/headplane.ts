import { Construct } from 'constructs';
import type { Finding } from '../core/errors';
import { HEADPLANE_OIDC_DIR, HEADPLANE_SECRET_DIR } from '../derive/headplane';
import { SERVER_TLS_DIR } from '../derive/headscale-config';
import { CONFIG_PATH, type MountedFile } from '../derive/mounted-files';
import { type Labels, instanceLabels } from '../derive/release';
import { configYaml } from '../derive/config-yaml';
import {
  HEADPLANE_DATA_PATH,
  HEADPLANE_IMAGE,
  HEADPLANE_PORT,
  IMAGE_PULL_POLICY,
  SERVER_POD_SECURITY_CONTEXT,
  SERVER_SECURITY_CONTEXT,
  SERVICE_TYPE,
} from '../values/defaults';
import { headplaneConfigFindings, headplaneVersionOfImage } from '../values/headplane-config';
import { isJsonMap, type JsonMap } from '../core/json-map';
import {
  assertValidProps,
  type ComponentServiceProps,
  findingAt,
  findingsUnder,
  type PersistenceProps,
  standaloneLabels,
} from './common';
import type { SecretKeySelector } from './tailscale-client';
import { ConfigFile } from './config-file';
import {
  type ImagePullPolicy,
  KubeDeployment,
  KubeSecret,
  KubeService,
  KubeServiceAccount,
  nonEmpty,
  type Probe,
  type ResourceRequirements,
  type Volume,
  type VolumeMount,
} from './kube';
import { dataVolume, type KeptVolumeClaim } from './kept-volume-claim';
import type { IHeadscaleServer } from './headscale-server';

/** The props of {@link Headplane}. */
export interface HeadplaneProps {
  /** The Headscale server Headplane manages, through the URL in its config's `headscale.url`. */
  readonly server: IHeadscaleServer;
  /**
   * The name of the Deployment, Service, ServiceAccount, ConfigMap, Secret and data claim.
   * @default 'headplane'
   */
  readonly name?: string;
  /** Labels of every object. @default - app.kubernetes.io/name `headplane`, instance the name, managed-by `cdk8s` */
  readonly labels?: Labels;
  /**
   * The labels the Deployment selects its pods by. Kubernetes can't change them once deployed.
   * @default - app.kubernetes.io/name `headplane` and app.kubernetes.io/instance the name
   */
  readonly selector?: Labels;
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
   *     url: 'http://headscale.vpn.svc.cluster.local:8080',
   *     config_path: '/etc/headscale/config.yaml',
   *     api_key_path: '/etc/headplane-secrets/api_key',
   *   },
   * }
   */
  readonly config: JsonMap;
  /**
   * The ConfigMap with the server's config.yaml (key `config.yaml`), mounted read-only at
   * /etc/headscale/config.yaml for the config's `headscale.config_path`.
   * @default - none: Headplane runs without Headscale's config file
   */
  readonly serverConfigMap?: string;
  /** The Secret of the server's TLS certificate, when Headscale serves TLS: Headplane trusts its ca.crt. @default - none */
  readonly serverTlsSecret?: string;
  /**
   * The Headplane image. The version of its tag decides the rules `config` is checked by: Headplane
   * 0.6 and 0.7 read the API key from different keys.
   * @default 'ghcr.io/tale/headplane:0.7.0-beta.4'
   */
  readonly image?: string;
  /** When the kubelet pulls the image. @default 'IfNotPresent' */
  readonly imagePullPolicy?: ImagePullPolicy;
  /** Headplane's port, as in the config's `server.port`: the container's port `http` and the Service's. @default 3000 */
  readonly port?: number;
  /**
   * Headplane's Service; its port is `port`, Headplane's own.
   * @default { type: 'ClusterIP' }
   * @example { type: 'LoadBalancer' }
   */
  readonly service?: Omit<ComponentServiceProps, 'port'>;
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

/** Everything wrong with the props, each at its prop path; the config as the image's Headplane version reads it. */
export function headplaneFindings(props: HeadplaneProps): Finding[] {
  const configFindings = headplaneConfigFindings(props.config, headplaneVersionOfImage(headplaneImage(props)));
  return [
    ...findingsUnder(['config'], configFindings),
    // Compared once the config itself is right.
    ...(configFindings.length === 0 ? findingAt(['config', 'server', 'port'], listenPortProblem(props)) : []),
  ];
}

function headplaneImage(props: HeadplaneProps): string {
  return props.image ?? `${HEADPLANE_IMAGE.repository}:${HEADPLANE_IMAGE.tag}`;
}

/** Headplane listens on its config's `server.port`: the container port, the probes and the Service's port must be it. */
function listenPortProblem(props: HeadplaneProps): string | undefined {
  const listening = isJsonMap(props.config.server) ? props.config.server.port : undefined;
  const port = props.port ?? HEADPLANE_PORT;
  return typeof listening === 'number' && listening !== port
    ? `is ${listening}, where Headplane listens, but the container port and probes are on ${port} (the port prop): give both the same port`
    : undefined;
}

/** The name of Headplane's container port and Service port. */
const PORT_NAME = 'http';

/**
 * Headplane's own `/admin/healthz` answers 500 unless Headscale's `/health` does
 * (app/routes/util/healthz.ts, v0.7.0-beta.4 and v0.6.3), and its login page asks the OIDC
 * provider when OIDC is on: either would tie Headplane's pod to another program's. A TCP probe on
 * its port reflects Headplane alone: its HTTP server accepts connections once it has loaded its
 * config and opened its database.
 */
const PROBE: Probe = { tcpSocket: { port: PORT_NAME }, periodSeconds: 10 };

/**
 * Headplane in a Deployment of its own (one replica, replaced rather than rolled, as it keeps a
 * SQLite database in its data directory), with its Service (port `http`), its ServiceAccount (no
 * API token: it does not use its Kubernetes integration), its config.yaml's ConfigMap, the Secret
 * the key job fills with its API key and cookie secret, and its data claim. It reaches Headscale
 * at its config's `headscale.url`, the server's Service.
 */
export class Headplane extends Construct {
  /** One replica, recreated on change. */
  public readonly deployment: KubeDeployment;
  /** Port `http`, Headplane's. */
  public readonly service: KubeService;
  /** Headplane's pods run as it; it mounts no token. */
  public readonly serviceAccount: KubeServiceAccount;
  /** Headplane's config.yaml: its ConfigMap, named `name`, and its volume and mount. */
  public readonly configFile: ConfigFile;
  /** Holds `cookie_secret` and `api_key`, which the key job writes; created empty. */
  public readonly secret: KubeSecret;
  /** When persistence is on without an existing claim. */
  public readonly dataClaim?: KeptVolumeClaim;

  constructor(scope: Construct, id: string, props: HeadplaneProps) {
    super(scope, id);
    assertValidProps(this, 'Headplane', props, headplaneFindings);
    const name = props.name ?? 'headplane';
    const labels = props.labels ?? standaloneLabels('headplane', name);
    const podSelector = props.selector ?? instanceLabels('headplane', name);
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

    this.serviceAccount = new KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name, labels },
      automountServiceAccountToken: false,
    });

    const data = dataVolume(this, {
      volumeName: 'headplane-data',
      name,
      labels,
      mountPath: HEADPLANE_DATA_PATH,
      persistence: props.persistence ?? {},
    });
    this.dataClaim = data?.claim;

    const mounted = (volume: Volume, mount: Omit<VolumeMount, 'name'>) => ({
      volume,
      mount: { name: volume.name, ...mount },
    });
    const entries = [
      { volume: this.configFile.volume, mount: this.configFile.volumeMount },
      mounted(
        { name: 'headplane-secret', secret: { secretName: name } },
        { mountPath: HEADPLANE_SECRET_DIR, readOnly: true },
      ),
      data
        ? { volume: data.volume, mount: data.volumeMount }
        : mounted({ name: 'headplane-data', emptyDir: {} }, { mountPath: HEADPLANE_DATA_PATH }),
      mounted({ name: 'headplane-tmp', emptyDir: {} }, { mountPath: '/tmp' }),
      ...(props.serverConfigMap
        ? [
            mounted(
              {
                name: 'headscale-config',
                configMap: { name: props.serverConfigMap, items: [{ key: 'config.yaml', path: 'config.yaml' }] },
              },
              { mountPath: CONFIG_PATH, subPath: 'config.yaml', readOnly: true },
            ),
          ]
        : []),
      ...(props.serverTlsSecret
        ? [
            mounted(
              { name: 'headscale-tls', secret: { secretName: props.serverTlsSecret } },
              { mountPath: SERVER_TLS_DIR, readOnly: true },
            ),
          ]
        : []),
      ...(props.oidcClientSecret
        ? [
            mounted(
              {
                name: 'headplane-oidc',
                secret: {
                  secretName: props.oidcClientSecret.name,
                  items: [{ key: props.oidcClientSecret.key ?? 'client_secret', path: 'client_secret' }],
                },
              },
              { mountPath: HEADPLANE_OIDC_DIR, readOnly: true },
            ),
          ]
        : []),
    ];

    this.deployment = new KubeDeployment(this, 'Deployment', {
      metadata: { name, labels },
      spec: {
        replicas: 1,
        // Two pods would share one SQLite database (and a ReadWriteOnce claim): the old one goes first.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: podSelector },
        template: {
          metadata: { labels: { ...labels, ...podSelector }, annotations: this.configFile.checksumAnnotations },
          spec: {
            serviceAccountName: name,
            automountServiceAccountToken: false,
            // Headplane reads every HEADPLANE_* variable as a config key (app/server/config/load.ts:101-109
            // at v0.6.3, 104-112 at v0.7.0-beta.4), and a Service named headplane-* would inject some.
            enableServiceLinks: false,
            securityContext: SERVER_POD_SECURITY_CONTEXT,
            containers: [
              {
                name: 'headplane',
                image: headplaneImage(props),
                imagePullPolicy: props.imagePullPolicy ?? IMAGE_PULL_POLICY,
                ports: [{ name: PORT_NAME, containerPort: port, protocol: 'TCP' }],
                readinessProbe: PROBE,
                livenessProbe: { ...PROBE, initialDelaySeconds: 30 },
                resources: nonEmpty(props.resources ?? {}),
                securityContext: SERVER_SECURITY_CONTEXT,
                volumeMounts: entries.map((entry) => entry.mount),
              },
            ],
            volumes: entries.map((entry) => entry.volume),
          },
        },
      },
    });

    this.service = new KubeService(this, 'Service', {
      metadata: { name, labels },
      spec: {
        type: props.service?.type ?? SERVICE_TYPE,
        ports: [{ name: PORT_NAME, port, targetPort: PORT_NAME, protocol: 'TCP' }],
        selector: podSelector,
      },
    });
  }
}
