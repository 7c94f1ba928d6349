import { Construct } from 'constructs';
import type { Labels } from '../derive/release';
import { namespaceOf } from './common';
import { KubeRole, KubeRoleBinding, KubeServiceAccount, type PolicyRule } from './kube';

/** The props of {@link ServiceAccountWithRole}. */
export interface ServiceAccountWithRoleProps {
  /** The name of the ServiceAccount, the Role and the RoleBinding. */
  readonly name: string;
  /**
   * The namespace the RoleBinding's subject lives in.
   * @default - the chart's namespace, else `default`
   */
  readonly namespace?: string;
  /** Labels of the three objects. */
  readonly labels: Labels;
  /**
   * What the Role allows, in the namespace.
   * @example [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['tailscale-state'], verbs: ['get', 'patch'] }]
   */
  readonly rules: PolicyRule[];
}

/** A ServiceAccount with a namespaced Role bound to it, all three of one name. */
export class ServiceAccountWithRole extends Construct {
  /** The ServiceAccount. */
  public readonly serviceAccount: KubeServiceAccount;
  /** The Role with the `rules`. */
  public readonly role: KubeRole;
  /** Binds the Role to the ServiceAccount. */
  public readonly roleBinding: KubeRoleBinding;

  constructor(scope: Construct, id: string, props: ServiceAccountWithRoleProps) {
    super(scope, id);
    const metadata = { name: props.name, labels: props.labels };
    this.serviceAccount = new KubeServiceAccount(this, 'ServiceAccount', { metadata });
    this.role = new KubeRole(this, 'Role', { metadata, rules: props.rules });
    this.roleBinding = new KubeRoleBinding(this, 'RoleBinding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: props.name },
      subjects: [{ kind: 'ServiceAccount', name: props.name, namespace: props.namespace ?? namespaceOf(this) }],
    });
  }
}

/** A rule on Secrets, by name: a rule with `create` can't be limited to names, so none has it. */
export function namedSecretRule(names: string | readonly string[], verbs: string[]): PolicyRule {
  return {
    apiGroups: [''],
    resources: ['secrets'],
    verbs,
    resourceNames: typeof names === 'string' ? [names] : [...names],
  };
}
