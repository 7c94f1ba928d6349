import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { commonLabels, imageReference, Release, selectorLabels } from '../render/release';
import { uiConfigFile, uiHeadscaleUrl, uiIngressRoute, uiName } from '../render/ui';
import type { HeadscaleValues } from '../values/schema';
import { ConfigFile } from './config-file';
import { DisruptionBudget } from './disruption-budget';
import { ServiceIngress } from './ingress';
import { Container, EnvVar, KubeDeployment, KubeService, nonEmpty, Volume, VolumeMount } from './kube';
import { claimVolume, KeptVolumeClaim } from './persistence';

export interface HeadscaleUiProps {
  readonly release: Release;
  /** Parsed values (see `parseValues`). */
  readonly values: HeadscaleValues;
}

/**
 * The user the UI container runs as. The default image (ghcr.io/gurucomputing/headscale-ui)
 * declares `USER appuser` by name, which Kubernetes can't check against `runAsNonRoot`; appuser
 * is Alpine's first regular user, UID 1000, the owner of the files the image serves and writes.
 */
export const UI_USER_ID = 1000;

/**
 * The UI container's security context, which the chart leaves empty: not root, no privilege
 * escalation, no capabilities, the runtime's default seccomp profile. The root filesystem stays
 * writable: the default image copies its Caddyfile to /data at start and Caddy keeps its internal
 * TLS certificate (for the image's second, HTTPS, port) under the user's home directory.
 */
export const UI_SECURITY_CONTEXT: Container['securityContext'] = {
  runAsNonRoot: true,
  runAsUser: UI_USER_ID,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
  readOnlyRootFilesystem: false,
};

/**
 * The optional web UI (`ui.enabled`): its Deployment (one replica) and Service, and as the values
 * ask its configuration file, data claim, disruption budget and Ingress (beside the main ingress,
 * on the same host by default, under `/web`). Every object is `<fullname>-ui` (the ConfigMap
 * `<fullname>-ui-config`) with the `ui` component label.
 */
export class HeadscaleUi extends Construct {
  /** The UI's Deployment, `<fullname>-ui`. */
  public readonly deployment: ApiObject;
  /** The UI's Service, `<fullname>-ui`, port `http`. */
  public readonly service: ApiObject;
  /** When `ui.configMap.enabled` (its ConfigMap exists when `ui.configMap.create`). */
  public readonly config?: ConfigFile;
  /** When `ui.persistence.enabled` without an existing claim. */
  public readonly dataClaim?: KeptVolumeClaim;
  /** When `ui.podDisruptionBudget.enabled`. */
  public readonly disruptionBudget?: DisruptionBudget;
  /** When the main ingress is enabled (`ingress.enabled`). */
  public readonly ingress?: ServiceIngress;

  constructor(scope: Construct, id: string, props: HeadscaleUiProps) {
    super(scope, id);
    const { release, values } = props;
    const { ui } = values;
    const name = uiName(release);
    const labels = commonLabels(release, 'ui');
    const podSelector = selectorLabels(release, 'ui');

    const configFile = uiConfigFile(values, release);
    if (configFile) this.config = new ConfigFile(this, 'Config', { file: configFile, labels });

    const { persistence } = ui;
    this.dataClaim = KeptVolumeClaim.fromValues(this, 'Data', { name, labels, values: persistence });

    const volumes: Volume[] = [];
    const mounts: VolumeMount[] = [];
    if (this.config) {
      volumes.push(this.config.volume);
      mounts.push(this.config.volumeMount);
    }
    const data = claimVolume('ui-data', name, persistence.mountPath, persistence);
    if (data) {
      volumes.push(data.volume);
      mounts.push(data.volumeMount);
    }

    this.deployment = new KubeDeployment(this, 'Deployment', {
      metadata: { name, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: podSelector },
        template: {
          metadata: { labels, annotations: this.config?.checksumAnnotations },
          spec: {
            // The UI needs no API token; fsGroup makes a UI volume writable by the UI's user.
            automountServiceAccountToken: false,
            securityContext: { fsGroup: UI_USER_ID },
            containers: [{
              name: 'headscale-ui',
              image: imageReference(ui.image),
              imagePullPolicy: ui.image.pullPolicy,
              ports: [{ name: 'http', containerPort: ui.containerPort, protocol: 'TCP' }],
              env: [
                { name: ui.headscaleUrlEnvName, value: uiHeadscaleUrl(values, release) },
                ...(ui.extraEnv as unknown as EnvVar[]),
              ],
              securityContext: UI_SECURITY_CONTEXT,
              volumeMounts: nonEmpty(mounts),
            }],
            volumes: nonEmpty(volumes),
          },
        },
      },
    });

    this.service = new KubeService(this, 'Service', {
      metadata: { name, labels },
      spec: {
        type: ui.service.type,
        ports: [{ name: 'http', port: ui.service.port, targetPort: 'http', protocol: 'TCP' }],
        selector: podSelector,
      },
    });

    if (ui.podDisruptionBudget.enabled) {
      this.disruptionBudget = new DisruptionBudget(this, 'DisruptionBudget', { name, labels, matchLabels: podSelector, ...ui.podDisruptionBudget });
    }

    const route = uiIngressRoute(values);
    if (route) this.ingress = new ServiceIngress(this, 'Ingress', { name, labels, serviceName: name, ...route });
  }
}
