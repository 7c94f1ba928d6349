import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { SERVER_TLS_DIR } from '../render/headscale-config';
import { MountedFile, serverFiles } from '../render/mounted-files';
import { commonLabels, imageReference, Release, selectorLabels, serverServiceAccountName } from '../render/release';
import { secretEnvironment } from '../render/secret-env';
import { isJsonMap, JsonMap } from '../values/json-map';
import type { HeadscaleValues } from '../values/schema';
import { ConfigFile } from './config-file';
import { DisruptionBudget } from './disruption-budget';
import { Container, KubeDeployment, KubeService, KubeServiceAccount, nonEmpty, PodSpec, Volume, VolumeMount } from './kube';
import { claimVolume, KeptVolumeClaim } from './persistence';

export interface HeadscaleServerProps {
  readonly release: Release;
  /** Parsed values (see `parseValues`). */
  readonly values: HeadscaleValues;
}

/** Where Headscale keeps its database and noise key; fixed, as in the chart. */
export const DATA_PATH = '/var/lib/headscale';

/**
 * The Headscale server: its Deployment (one replica, Recreate: SQLite allows one writer), Service,
 * ServiceAccount, the ConfigMaps of the files it mounts, its data claim and disruption budget.
 */
export class HeadscaleServer extends Construct {
  public readonly deployment: ApiObject;
  public readonly service: ApiObject;
  /** When `serviceAccount.create`. */
  public readonly serviceAccount?: ApiObject;
  /** config.yaml (its ConfigMap exists when `configMap.create`). */
  public readonly config: ConfigFile;
  /** When `derpMap.enabled`. */
  public readonly derpMap?: ConfigFile;
  /** When `extraDnsRecords.enabled`. */
  public readonly extraDnsRecords?: ConfigFile;
  /** When `policy.enabled`, or the client advertises routes. */
  public readonly policy?: ConfigFile;
  /** When persistence is enabled without an existing claim. */
  public readonly dataClaim?: KeptVolumeClaim;
  /** When `podDisruptionBudget.enabled`. */
  public readonly disruptionBudget?: DisruptionBudget;

  constructor(scope: Construct, id: string, props: HeadscaleServerProps) {
    super(scope, id);
    const { release, values } = props;
    const labels = commonLabels(release);
    const serverLabels = commonLabels(release, 'server');

    const files = new Map(serverFiles(values, release).map((file: MountedFile) => [file.volumeName, new ConfigFile(this, file.volumeName, { file, labels })]));
    this.config = files.get('config')!;
    this.derpMap = files.get('derp-map');
    this.extraDnsRecords = files.get('extra-dns-records');
    this.policy = files.get('policy');

    if (values.serviceAccount.create) {
      this.serviceAccount = new KubeServiceAccount(this, 'ServiceAccount', {
        metadata: { name: serverServiceAccountName(release, values.serviceAccount), labels, annotations: nonEmpty(values.serviceAccount.annotations) },
        automountServiceAccountToken: false,
      });
    }

    const { persistence } = values;
    this.dataClaim = KeptVolumeClaim.fromValues(this, 'Data', { name: release.fullname, labels, values: persistence });

    const volumes: Volume[] = [];
    const mounts: VolumeMount[] = [];
    const data = claimVolume('data', release.fullname, DATA_PATH, persistence);
    if (data) {
      volumes.push(data.volume);
      mounts.push(data.volumeMount);
    }
    if (values.runtime.socketDir) {
      volumes.push({ name: 'runtime', emptyDir: {} });
      mounts.push({ name: 'runtime', mountPath: values.runtime.socketDir });
    }
    for (const file of files.values()) {
      volumes.push(file.volume);
      mounts.push(file.volumeMount);
    }
    if (values.tls.secretName) {
      volumes.push({ name: 'tls', secret: { secretName: values.tls.secretName } });
      mounts.push({ name: 'tls', mountPath: SERVER_TLS_DIR, readOnly: true });
    }
    // Fragments from values are checked against the Kubernetes schema when parsed (see values/k8s-schema.ts).
    volumes.push(...(values.extraVolumes as Volume[]));
    mounts.push(...(values.extraVolumeMounts as VolumeMount[]));

    this.deployment = new KubeDeployment(this, 'Deployment', {
      metadata: { name: release.fullname, labels: serverLabels },
      spec: {
        replicas: 1,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: selectorLabels(release) },
        template: {
          metadata: {
            labels: { ...values.podLabels, ...serverLabels },
            annotations: Object.assign({}, ...[...files.values()].map((f) => f.checksumAnnotations), values.podAnnotations),
          },
          spec: {
            serviceAccountName: serverServiceAccountName(release, values.serviceAccount),
            automountServiceAccountToken: false,
            securityContext: values.podSecurityContext as PodSpec['securityContext'],
            imagePullSecrets: nonEmpty(values.imagePullSecrets),
            nodeSelector: nonEmpty(values.nodeSelector),
            affinity: nonEmpty(values.affinity) as PodSpec['affinity'],
            tolerations: nonEmpty(values.tolerations) as PodSpec['tolerations'],
            containers: [{
              name: 'headscale',
              image: imageReference(values.image),
              imagePullPolicy: values.image.pullPolicy,
              command: ['headscale', 'serve'],
              args: ['-c', this.config.volumeMount.mountPath],
              env: nonEmpty(secretEnvironment(values)),
              ports: [{ name: 'http', containerPort: values.service.port, protocol: 'TCP' }],
              livenessProbe: probeScheme(values.livenessProbe, values.tls) as Container['livenessProbe'],
              readinessProbe: probeScheme(values.readinessProbe, values.tls) as Container['readinessProbe'],
              resources: values.resources as Container['resources'],
              securityContext: values.securityContext as Container['securityContext'],
              volumeMounts: mounts,
            }],
            volumes,
          },
        },
      },
    });

    this.service = new KubeService(this, 'Service', {
      metadata: { name: release.fullname, labels },
      spec: {
        type: values.service.type,
        ports: [{ name: 'http', port: values.service.port, targetPort: 'http', protocol: 'TCP' }],
        selector: selectorLabels(release, 'server'),
      },
    });

    if (values.podDisruptionBudget.enabled) {
      this.disruptionBudget = new DisruptionBudget(this, 'DisruptionBudget', {
        name: release.fullname,
        labels: serverLabels,
        matchLabels: selectorLabels(release, 'server'),
        ...values.podDisruptionBudget,
      });
    }
  }
}

/** A probe's HTTP check speaks HTTPS when the server serves TLS itself, unless the probe names a scheme. */
function probeScheme(probe: JsonMap | undefined, tls: HeadscaleValues['tls']): JsonMap | undefined {
  if (!probe || !tls.secretName || !isJsonMap(probe.httpGet) || probe.httpGet.scheme) return probe;
  return { ...probe, httpGet: { ...probe.httpGet, scheme: 'HTTPS' } };
}
