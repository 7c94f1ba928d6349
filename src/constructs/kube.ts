import { ApiObject, ApiObjectMetadata, App, ImplicitTokenResolver, JsonPatch, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { sortKeys } from '../values/json-map';

/**
 * The Kubernetes objects this library emits. The generated classes of cdk8s-plus-28
 * (`k8s.KubeDeployment`, ...) pass every object through the Kubernetes 1.28 bindings at synth,
 * after JSON patches: a field the bindings don't know, one whose JSON name differs from its
 * TypeScript name (`downwardAPI`), or a plain quantity in a patch (`memory: 1Gi`) is dropped
 * without a word. These classes keep the bindings' types (imported as types only, so none of
 * cdk8s-plus-28 loads at run time) but write their props as given and apply patches last, as
 * cdk8s's `ApiObject` does: the manifest is what the code and the user's patches say.
 */

/** A type of the bindings with quantities and int-or-strings as the plain values Kubernetes takes. */
export type Manifest<T> = T extends k8s.Quantity | k8s.IntOrString
  ? string | number
  : T extends ReadonlyArray<infer Item>
    ? Array<Manifest<Item>>
    : T extends object
      ? { [Key in keyof T]: Manifest<T[Key]> }
      : T;

/** The props of an object of the bindings' kind `Props`, as plain JSON, with cdk8s's metadata. */
export type KubeProps<Props> = Omit<Manifest<Props>, 'metadata'> & { readonly metadata: ApiObjectMetadata };

/** A class of objects of one kind, created like the bindings' `k8s.Kube*` classes. */
export interface KubeClass<Props> {
  readonly apiVersion: string;
  readonly kind: string;
  new (scope: Construct, id: string, props: KubeProps<Props>): ApiObject;
}

function kubeClass<Props>(apiVersion: string, kind: string): KubeClass<Props> {
  return class extends ApiObject {
    public static readonly apiVersion = apiVersion;
    public static readonly kind = kind;
    private readonly given: Record<string, unknown>;
    private patched = false;

    constructor(scope: Construct, id: string, props: KubeProps<Props>) {
      const given = { ...props, apiVersion, kind };
      super(scope, id, given);
      this.given = given;
    }

    public override addJsonPatch(...ops: JsonPatch[]): void {
      this.patched = true;
      super.addJsonPatch(...ops);
    }

    public override toJson(): any {
      if (!this.patched) {
        try {
          const json = plainObjectJson(this, this.given);
          if (json) return json;
        } catch {
          // ApiObject.toJson() fails the same way, and says which object failed.
        }
      }
      return super.toJson();
    }
  };
}

/**
 * What `ApiObject.toJson()` makes of props that are plain JSON, when nothing can change them on
 * the way. cdk8s's resolution visits every value with each of the app's resolvers, making a
 * context and a key path for each, and leaves plain JSON as it is; so this is its sanitizing
 * copy alone (keys sorted unless CDK8S_DISABLE_SORT, null and undefined map values left out),
 * with apiVersion, kind and metadata first. Undefined, for `ApiObject.toJson()` to do it all,
 * when the app has resolvers of its own or the props hold anything but plain JSON (a `Lazy`, a
 * class instance).
 */
function plainObjectJson(object: ApiObject, props: Record<string, unknown>): Record<string, unknown> | undefined {
  if (!hasBuiltInResolversOnly(App.of(object))) return undefined;
  const copy = plainCopy({ ...props, metadata: object.metadata.toJson() }, !process.env.CDK8S_DISABLE_SORT);
  if (copy === NOT_PLAIN) return undefined;
  const { apiVersion: _apiVersion, kind: _kind, metadata, ...rest } = copy as Record<string, unknown>;
  return { apiVersion: props.apiVersion, kind: props.kind, metadata, ...rest };
}

function hasBuiltInResolversOnly(app: App): boolean {
  const [lazy, token, union, ...others] = app.resolvers;
  return others.length === 0 && lazy instanceof LazyResolver && token instanceof ImplicitTokenResolver && union instanceof NumberStringUnionResolver;
}

const NOT_PLAIN = Symbol('not plain JSON');

/** A copy of plain JSON as cdk8s sanitizes it, or NOT_PLAIN. */
function plainCopy(value: unknown, sorted: boolean): unknown {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'object': {
      if (value === null) return undefined;
      if (Array.isArray(value)) {
        const items = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) {
          const item = plainCopy(value[i], sorted);
          if (item === NOT_PLAIN) return NOT_PLAIN;
          items[i] = item;
        }
        return items;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return NOT_PLAIN;
      const map = value as Record<string, unknown>;
      const keys = Object.keys(map);
      if (sorted) sortKeys(keys);
      const copy: Record<string, unknown> = {};
      for (const key of keys) {
        const item = plainCopy(map[key], sorted);
        if (item === NOT_PLAIN) return NOT_PLAIN;
        if (item !== undefined) copy[key] = item;
      }
      return copy;
    }
    default:
      return NOT_PLAIN;
  }
}

export const KubeConfigMap = kubeClass<k8s.KubeConfigMapProps>('v1', 'ConfigMap');
export const KubeServiceAccount = kubeClass<k8s.KubeServiceAccountProps>('v1', 'ServiceAccount');
export const KubeService = kubeClass<k8s.KubeServiceProps>('v1', 'Service');
export const KubePersistentVolumeClaim = kubeClass<k8s.KubePersistentVolumeClaimProps>('v1', 'PersistentVolumeClaim');
export const KubeDeployment = kubeClass<k8s.KubeDeploymentProps>('apps/v1', 'Deployment');
export const KubeDaemonSet = kubeClass<k8s.KubeDaemonSetProps>('apps/v1', 'DaemonSet');
export const KubeJob = kubeClass<k8s.KubeJobProps>('batch/v1', 'Job');
export const KubeCronJob = kubeClass<k8s.KubeCronJobProps>('batch/v1', 'CronJob');
export const KubePodDisruptionBudget = kubeClass<k8s.KubePodDisruptionBudgetProps>('policy/v1', 'PodDisruptionBudget');
export const KubeIngress = kubeClass<k8s.KubeIngressProps>('networking.k8s.io/v1', 'Ingress');
export const KubeRole = kubeClass<k8s.KubeRoleProps>('rbac.authorization.k8s.io/v1', 'Role');
export const KubeRoleBinding = kubeClass<k8s.KubeRoleBindingProps>('rbac.authorization.k8s.io/v1', 'RoleBinding');

/** The value, or undefined when it is an empty map or list, so that the key is left out. */
export function nonEmpty<T extends object>(value: T): T | undefined {
  return Object.keys(value).length > 0 ? value : undefined;
}

export type Container = Manifest<k8s.Container>;
export type EnvVar = Manifest<k8s.EnvVar>;
export type JobSpec = Manifest<k8s.JobSpec>;
export type PodSpec = Manifest<k8s.PodSpec>;
export type PodTemplateSpec = Manifest<k8s.PodTemplateSpec>;
export type PolicyRule = Manifest<k8s.PolicyRule>;
export type Volume = Manifest<k8s.Volume>;
export type VolumeMount = Manifest<k8s.VolumeMount>;
