import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { type Finding, formatPath, PropsError } from '../core/errors';
import { instanceLabels, type Labels, MANAGED_BY } from '../derive/release';
import type { AccessMode, SecurityContext, ServiceType } from './kube';

/** How many pods a PodDisruptionBudget lets go at once: one of the two limits. */
export interface DisruptionBudgetLimits {
  /**
   * Pods that must stay available (a number or a percentage); when given, `maxUnavailable` is ignored.
   * @default - none: `maxUnavailable` applies
   */
  readonly minAvailable?: number | string;
  /**
   * Pods that may be unavailable at once (a number or a percentage).
   * @default 1
   */
  readonly maxUnavailable?: number | string;
}

/** A PersistentVolumeClaim to create, or an existing one to mount. */
export interface PersistenceProps {
  /**
   * Mount this existing claim instead of creating one.
   * @default - a claim is created
   */
  readonly existingClaim?: string;
  /**
   * Requested storage of the created claim.
   * @default '1Gi'
   */
  readonly size?: string;
  /**
   * Access modes of the created claim.
   * @default ['ReadWriteOnce']
   */
  readonly accessModes?: readonly AccessMode[];
  /**
   * Storage class of the created claim.
   * @default - the cluster's default storage class
   */
  readonly storageClassName?: string;
}

/**
 * The labels of a component used on its own: the recommended `app.kubernetes.io` labels, with
 * the object's name as the instance.
 */
export function standaloneLabels(app: string, instance: string): Labels {
  return { ...instanceLabels(app, instance), 'app.kubernetes.io/managed-by': MANAGED_BY };
}

/** The namespace the objects of `scope` land in: their chart's, else Kubernetes' default. */
export function namespaceOf(scope: Construct): string {
  return Chart.of(scope).namespace ?? 'default';
}

/**
 * A container's security context at the restricted Pod Security level, as the given user: no
 * privilege escalation, no capability, a read-only root filesystem, the runtime's seccomp profile.
 */
export function restrictedContainerAs(runAsUser: number, runAsGroup?: number): SecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser,
    ...(runAsGroup === undefined ? {} : { runAsGroup }),
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: true,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** A component's Service. */
export interface ComponentServiceProps {
  /** The Service's type. @default 'ClusterIP' */
  readonly type?: ServiceType;
  /** The Service's port. @default - the component's */
  readonly port?: number;
}

/** The findings of each component's check, by the props object it checked. */
const findingsByCheck = new WeakMap<(props: never) => readonly Finding[], WeakMap<object, readonly Finding[]>>();

/**
 * What `check` finds wrong in `props`, found once per props object: a chart checks the props it
 * maps from values (to name each problem's values key) before it builds the component, and the
 * component checks its props again when it is built. Props are readonly.
 */
export function propsFindings<P extends object>(props: P, check: (props: P) => readonly Finding[]): readonly Finding[] {
  let byProps = findingsByCheck.get(check);
  if (!byProps) findingsByCheck.set(check, (byProps = new WeakMap()));
  let findings = byProps.get(props);
  if (!findings) byProps.set(props, (findings = check(props)));
  return findings;
}

/**
 * Throws a {@link PropsError} listing every problem `check` finds in a component's props, each at
 * its prop path; returns when there is none.
 */
export function assertValidProps<P extends object>(
  component: Construct,
  className: string,
  props: P,
  check: (props: P) => readonly Finding[],
): void {
  const findings = propsFindings(props, check);
  if (findings.length === 0) return;
  throw new PropsError(
    `${className} ${component.node.path}`,
    findings.map((finding) => ({ path: formatPath(finding.at), message: finding.message })),
  );
}

/** The findings of a check of one prop (a problem message), at that prop. */
export function findingAt(at: readonly PropertyKey[], message: string | undefined): Finding[] {
  return message === undefined ? [] : [{ at, message }];
}

/** The findings of a nested prop's check, moved under that prop's path. */
export function findingsUnder(prefix: readonly PropertyKey[], findings: readonly Finding[]): Finding[] {
  return findings.map((finding) => ({ at: [...prefix, ...finding.at], message: finding.message }));
}
