import type { HeadscaleValues } from '../values/schema';
import { configMapFile, type MountedFile } from './mounted-files';
import { serverPorts } from './ports';
import { objectName, type Release } from './release';
import { ingressTls, serverServesTls } from './server-tls';
import { clusterServiceUrl, publicUrl } from './urls';
import { configYaml } from './config-yaml';

/** The suffix of the UI's Deployment, Service, claim, PodDisruptionBudget and Ingress: `<fullname>-ui`. */
export const UI_SUFFIX = '-ui';

/** The name of every UI object but its ConfigMap. */
export function uiName(release: Release): string {
  return objectName(release, UI_SUFFIX);
}

/**
 * The Headscale URL handed to the UI, in the chart's order: `ui.headscaleUrl`; else the main
 * ingress's first host (https when `ingress.tls` has an entry) when the ingress is enabled, or the
 * HTTPRoute's first hostname; else
 * the server's Service by its short name, `http://<fullname>:<service.port>`, or, when the server
 * serves TLS itself, by the cluster DNS name its certificate covers.
 */
export function uiHeadscaleUrl(
  values: Pick<HeadscaleValues, 'ui' | 'ingress' | 'httpRoute' | 'service' | 'tls' | 'config'>,
  release: Release,
): string {
  const serviceUrl = serverServesTls(values)
    ? clusterServiceUrl(values, release)
    : `http://${release.fullname}:${serverPorts(values).service}`;
  return values.ui.headscaleUrl || publicUrl(values) || serviceUrl;
}

/**
 * The UI's configuration file when `ui.configMap.enabled`: `ui.configMap.data` as YAML under
 * `ui.configMap.key` in `<fullname>-ui-config` (or `ui.configMap.name`), mounted at
 * `ui.configMap.path`; an existing ConfigMap when `ui.configMap.create` is false.
 */
export function uiConfigFile(values: Pick<HeadscaleValues, 'ui'>, release: Release): MountedFile | undefined {
  const { configMap } = values.ui;
  if (!configMap.enabled) return undefined;
  return configMapFile(
    release,
    {
      volumeName: 'ui-config',
      checksumName: 'ui-config',
      nameSuffix: `${UI_SUFFIX}-config`,
      mountPath: configMap.path,
      configMap,
    },
    () => configYaml(configMap.data),
  );
}

type PathType = HeadscaleValues['ui']['ingress']['pathType'];

/** What the UI's Ingress routes, and how: the parts of it that derive from the values. */
export interface UiIngressRoute {
  /** One rule: the UI's host and its one path. */
  readonly rules: ReadonlyArray<{
    readonly host: string;
    readonly paths: ReadonlyArray<{ readonly path: string; readonly pathType: PathType }>;
  }>;
  readonly annotations: Record<string, string>;
  readonly tls: HeadscaleValues['ingress']['tls'];
  readonly className: string;
}

/**
 * The UI's Ingress when the main ingress is enabled (undefined otherwise), on the main ingress's
 * host unless `ui.ingress.host` is given, at `ui.ingress.path`; the main ingress's annotations
 * with `ui.ingress.annotations` over them; `ui.ingress.tls`, else the main ingress's TLS; the
 * main ingress's class.
 */
export function uiIngressRoute(values: Pick<HeadscaleValues, 'ui' | 'ingress' | 'tls'>): UiIngressRoute | undefined {
  const { ingress, ui } = values;
  if (!ingress.enabled) return undefined;
  return {
    rules: [
      {
        host: ui.ingress.host || (ingress.hosts[0]?.host ?? ''),
        paths: [{ path: ui.ingress.path, pathType: ui.ingress.pathType }],
      },
    ],
    annotations: { ...ingress.annotations, ...ui.ingress.annotations },
    tls: ui.ingress.tls.length > 0 ? ui.ingress.tls : ingressTls(values),
    className: ingress.className,
  };
}
