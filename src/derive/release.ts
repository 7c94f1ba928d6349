import { ValuesError } from '../core/errors';
import { DNS_LABEL } from '../kubernetes/names';
import type { HeadscaleValues } from '../values/schema';

/**
 * The chart this library reproduces, and its appVersion, which the `app.kubernetes.io/version`
 * label keeps as the chart writes it (the default image may be newer: values/defaults.ts).
 */
export const CHART_NAME = 'headscale';
export const APP_VERSION = '0.28.0';
export const MANAGED_BY = 'cdk8s';

/** Kubernetes' limit for names of Services, labels and most objects (an RFC 1123 label). */
export const NAME_LIMIT = 63;
/** Helm's limit for release names, kept so that a release moves between the two unchanged. */
export const RELEASE_NAME_LIMIT = 53;

export type Component = 'server' | 'client' | 'ui' | 'preauth-key' | 'headplane';
export type Labels = Record<string, string>;

/** Where a release is installed and the names its objects derive from. */
export interface Release {
  /** The release's name, as given. */
  readonly releaseName: string;
  /** The namespace of every object. */
  readonly namespace: string;
  /** The chart name or `nameOverride`: the `app.kubernetes.io/name` label. */
  readonly name: string;
  /** The base of every object name, as the chart's `headscale.fullname`. */
  readonly fullname: string;
}

/** Cuts a name to `limit` characters and drops the `-` that the cut may leave at the end. */
export function truncateName(name: string, limit = NAME_LIMIT): string {
  return name.slice(0, limit).replace(/-+$/, '');
}

/** The chart's naming rules: override, a release name that already contains the name, the cut. */
export function deriveRelease(
  releaseName: string,
  namespace: string,
  values: Pick<HeadscaleValues, 'nameOverride' | 'fullnameOverride'>,
): Release {
  const problems = [
    ...(DNS_LABEL.test(releaseName) && releaseName.length <= RELEASE_NAME_LIMIT
      ? []
      : [
          {
            path: 'releaseName',
            message: `"${releaseName}" is not a valid release name (lowercase letters, digits and "-", at most ${RELEASE_NAME_LIMIT} characters, starting and ending with a letter or digit)`,
          },
        ]),
    ...(DNS_LABEL.test(namespace) && namespace.length <= NAME_LIMIT
      ? []
      : [{ path: 'namespace', message: `"${namespace}" is not a valid namespace name` }]),
  ];
  if (problems.length > 0) throw new ValuesError(problems);
  const name = truncateName(values.nameOverride || CHART_NAME);
  const fullname = values.fullnameOverride
    ? truncateName(values.fullnameOverride)
    : truncateName(releaseName.includes(name) ? releaseName : `${releaseName}-${name}`);
  // ValidateServiceName: the Service is named by the fullname, a DNS-1035 label.
  if (!/^[a-z]/.test(fullname))
    throw new ValuesError([
      {
        path: values.fullnameOverride ? 'fullnameOverride' : 'releaseName',
        message: `"${releaseName}" makes the Service name "${fullname}", which must start with a letter (a DNS-1035 label)`,
      },
    ]);
  return { releaseName, namespace, name, fullname };
}

/**
 * The name of an object: the fullname plus a suffix (`-client`, `-policy`, ...). Unlike the
 * chart, the fullname part is shortened when needed so that the result never passes 63
 * characters; names that fit are the chart's names exactly.
 */
export function objectName(release: Release, suffix = ''): string {
  return objectNamePrefix(release, suffix, 0);
}

/** The Service that carries the embedded DERP server's STUN (UDP) to the server. */
export function stunServiceName(release: Release): string {
  return objectName(release, '-stun');
}

/** The GRPCRoute and the gRPC Ingress. */
export function grpcObjectName(release: Release): string {
  return objectName(release, '-grpc');
}

/** The start of a name that gets `reserved` more characters later (a hash), cut as {@link objectName} cuts. */
export function objectNamePrefix(release: Release, suffix: string, reserved: number): string {
  return truncateName(release.fullname, NAME_LIMIT - suffix.length - reserved) + suffix;
}

/** The labels a workload selects its pods by. The server's Deployment selects without a component, as the chart's does. */
export function selectorLabels(release: Release, component?: Component): Labels {
  return instanceLabels(release.name, release.releaseName, component);
}

/** The recommended labels that tell an app's instance, and its component when given, apart. */
export function instanceLabels(app: string, instance: string, component?: string): Labels {
  return {
    'app.kubernetes.io/name': app,
    'app.kubernetes.io/instance': instance,
    ...(component ? { 'app.kubernetes.io/component': component } : {}),
  };
}

/** The labels on every object, with `component` on the objects the chart gives one. */
export function commonLabels(release: Release, component?: Component): Labels {
  return {
    ...instanceLabels(release.name, release.releaseName),
    'app.kubernetes.io/version': APP_VERSION,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    ...(component ? { 'app.kubernetes.io/component': component } : {}),
  };
}

/** The server's ServiceAccount: the given name, else the fullname when created here, else `default`. */
export function serverServiceAccountName(release: Release, serviceAccount: HeadscaleValues['serviceAccount']): string {
  return serviceAccount.name || (serviceAccount.create ? release.fullname : 'default');
}

/** `repository:tag` of an image in the values. */
export function imageReference(image: { readonly repository: string; readonly tag: string }): string {
  return `${image.repository}:${image.tag}`;
}

/** The tag of an image reference (`repository:tag`, with a digest after it or instead), '' when it has none. */
export function imageTag(image: string): string {
  const name = image.slice(image.lastIndexOf('/') + 1);
  const colon = name.indexOf(':');
  return colon < 0 ? '' : name.slice(colon + 1);
}
