import { ApiObject, type ApiObjectMetadata, type JsonPatch } from 'cdk8s';
import type { Construct } from 'constructs';
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { ICronJob } from 'kubernetes-models/batch/v1/CronJob';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IJobSpec } from 'kubernetes-models/batch/v1/JobSpec';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyEgressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule';
import type { INetworkPolicyIngressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyIngressRule';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IPolicyRule } from 'kubernetes-models/rbac.authorization.k8s.io/v1/PolicyRule';
import type { IRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import type { IRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import type { IAffinity } from 'kubernetes-models/v1/Affinity';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IPodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IPersistentVolumeClaimSpec } from 'kubernetes-models/v1/PersistentVolumeClaimSpec';
import type { IServiceSpec } from 'kubernetes-models/v1/ServiceSpec';
import type { IHTTPIngressPath } from 'kubernetes-models/networking.k8s.io/v1/HTTPIngressPath';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { IToleration } from 'kubernetes-models/v1/Toleration';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';

/**
 * The Kubernetes objects this library emits: cdk8s `ApiObject`s typed by the Kubernetes API's
 * own models (the kubernetes-models package, imported as types only). Their props are written as
 * given, and JSON patches apply last, as cdk8s's `ApiObject` does: the manifest is what the code
 * and the user's patches say, and the schema check at synth holds both to the API.
 */

/** The props of an object of kind `Model`: its fields but the type meta, with cdk8s's metadata. */
export type KubeProps<Model> = Omit<Model, 'apiVersion' | 'kind' | 'metadata' | 'status'> & {
  readonly metadata: ApiObjectMetadata;
};

/** A class of objects of one kind. */
export interface KubeClass<Model> {
  readonly apiVersion: string;
  readonly kind: string;
  new (scope: Construct, id: string, props: KubeProps<Model>): ApiObject;
}

/** An object of one of these classes; it remembers its props until a patch changes it. */
class KubeObject extends ApiObject {
  public readonly given: Readonly<Record<string, unknown>>;
  public patched = false;

  constructor(scope: Construct, id: string, props: Record<string, unknown>) {
    super(scope, id, props as never);
    this.given = props;
  }

  public override addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }
}

/**
 * The props `object` was created with (apiVersion and kind included) when it is one of these
 * classes and nothing has patched it; undefined otherwise. A synthesis that knows the app's
 * resolvers leave plain JSON alone may serialize these props directly.
 */
export function unpatchedProps(object: ApiObject): Readonly<Record<string, unknown>> | undefined {
  if (!(object instanceof KubeObject)) return undefined;
  const kubeObject = object as KubeObject;
  return kubeObject.patched ? undefined : kubeObject.given;
}

function kubeClass<Model>(apiVersion: string, kind: string): KubeClass<Model> {
  return class extends KubeObject {
    public static readonly apiVersion = apiVersion;
    public static readonly kind = kind;

    constructor(scope: Construct, id: string, props: KubeProps<Model>) {
      super(scope, id, { ...props, apiVersion, kind });
    }
  };
}

export const KubeConfigMap = kubeClass<IConfigMap>('v1', 'ConfigMap');
export const KubeSecret = kubeClass<ISecret>('v1', 'Secret');
export const KubeServiceAccount = kubeClass<IServiceAccount>('v1', 'ServiceAccount');
export const KubeService = kubeClass<IService>('v1', 'Service');
export const KubePersistentVolumeClaim = kubeClass<IPersistentVolumeClaim>('v1', 'PersistentVolumeClaim');
export const KubeDeployment = kubeClass<IDeployment>('apps/v1', 'Deployment');
export const KubeDaemonSet = kubeClass<IDaemonSet>('apps/v1', 'DaemonSet');
export const KubeJob = kubeClass<IJob>('batch/v1', 'Job');
export const KubeCronJob = kubeClass<ICronJob>('batch/v1', 'CronJob');
export const KubePodDisruptionBudget = kubeClass<IPodDisruptionBudget>('policy/v1', 'PodDisruptionBudget');
export const KubeIngress = kubeClass<IIngress>('networking.k8s.io/v1', 'Ingress');
export const KubeNetworkPolicy = kubeClass<INetworkPolicy>('networking.k8s.io/v1', 'NetworkPolicy');
export const KubeRole = kubeClass<IRole>('rbac.authorization.k8s.io/v1', 'Role');
export const KubeRoleBinding = kubeClass<IRoleBinding>('rbac.authorization.k8s.io/v1', 'RoleBinding');

/** The value, or undefined when it is an empty map or list, so that the key is left out. */
export function nonEmpty<T extends object>(value: T): T | undefined {
  return Object.keys(value).length > 0 ? value : undefined;
}

export type Affinity = IAffinity;
export type Container = IContainer;
export type EnvVar = IEnvVar;
export type JobSpec = IJobSpec;
export type NetworkPolicyEgressRule = INetworkPolicyEgressRule;
export type NetworkPolicyIngressRule = INetworkPolicyIngressRule;
export type NetworkPolicyPeer = INetworkPolicyPeer;
export type PodSecurityContext = IPodSecurityContext;
export type PodSpec = IPodSpec;
export type PodTemplateSpec = IPodTemplateSpec;
export type PolicyRule = IPolicyRule;
export type Probe = IProbe;
export type ResourceRequirements = IResourceRequirements;
export type SecurityContext = ISecurityContext;
export type Toleration = IToleration;
export type Volume = IVolume;
export type VolumeMount = IVolumeMount;
export type ImagePullPolicy = NonNullable<IContainer['imagePullPolicy']>;
export type ServiceType = NonNullable<IServiceSpec['type']>;
export type ServicePort = NonNullable<IServiceSpec['ports']>[number];
export type PathType = IHTTPIngressPath['pathType'];
export type AccessMode = NonNullable<IPersistentVolumeClaimSpec['accessModes']>[number];
