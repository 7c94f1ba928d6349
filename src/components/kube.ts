import { ApiObject, type ApiObjectMetadata } from 'cdk8s';
import type { Construct } from 'constructs';
import type { Certificate, GRPCRoute, HTTPRoute, ServiceMonitor } from '../kubernetes/crd-types';
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
 * own models (the kubernetes-models package, imported as types only), and the custom resources
 * by their CRDs. Their props are written as
 * given, and JSON patches apply last, as cdk8s's `ApiObject` does: the manifest is what the code
 * and the user's patches say, and the schema check at synth holds both to the API.
 */

/** The props of an object of kind `Model`: its fields but the type meta, with cdk8s's metadata. */
export type KubeProps<Model> = Omit<Model, 'apiVersion' | 'kind' | 'metadata' | 'status'> & {
  /** The object's name, labels and annotations; the namespace is the chart's unless given. */
  readonly metadata: ApiObjectMetadata;
};

/** A class of objects of one kind. */
export interface KubeClass<Model> {
  /** The apiVersion of the objects, as `apps/v1`. */
  readonly apiVersion: string;
  /** The kind of the objects, as `Deployment`. */
  readonly kind: string;
  new (scope: Construct, id: string, props: KubeProps<Model>): KubeApiObject<Model>;
}

/**
 * A Kubernetes object this library emits: a cdk8s `ApiObject` whose fields are typed by the
 * Kubernetes model of its kind. Edit `fields` in place before synth (completion and type errors
 * included), or add JSON patches as to any `ApiObject`; both reach the manifest and are checked
 * against the Kubernetes schema at synth.
 */
export class KubeApiObject<Model> extends ApiObject {
  /**
   * The object's fields but apiVersion, kind and metadata (which `metadata` edits), typed by its
   * kind's model: the manifest is these fields at synth, then the JSON patches.
   * @example deployment.fields.spec!.template.spec!.priorityClassName = 'system-cluster-critical';
   */
  public readonly fields: KubeProps<Model>;

  constructor(scope: Construct, id: string, props: KubeProps<Model> & { apiVersion: string; kind: string }) {
    super(scope, id, props);
    this.fields = props;
  }
}

function kubeClass<Model>(apiVersion: string, kind: string): KubeClass<Model> {
  return class extends KubeApiObject<Model> {
    public static readonly apiVersion = apiVersion;
    public static readonly kind = kind;

    constructor(scope: Construct, id: string, props: KubeProps<Model>) {
      super(scope, id, { ...props, apiVersion, kind });
    }
  };
}

export const KubeConfigMap = kubeClass<IConfigMap>('v1', 'ConfigMap');
export type KubeConfigMap = KubeApiObject<IConfigMap>;
export const KubeSecret = kubeClass<ISecret>('v1', 'Secret');
export type KubeSecret = KubeApiObject<ISecret>;
export const KubeServiceAccount = kubeClass<IServiceAccount>('v1', 'ServiceAccount');
export type KubeServiceAccount = KubeApiObject<IServiceAccount>;
export const KubeService = kubeClass<IService>('v1', 'Service');
export type KubeService = KubeApiObject<IService>;
export const KubePersistentVolumeClaim = kubeClass<IPersistentVolumeClaim>('v1', 'PersistentVolumeClaim');
export type KubePersistentVolumeClaim = KubeApiObject<IPersistentVolumeClaim>;
export const KubeDeployment = kubeClass<IDeployment>('apps/v1', 'Deployment');
export type KubeDeployment = KubeApiObject<IDeployment>;
export const KubeDaemonSet = kubeClass<IDaemonSet>('apps/v1', 'DaemonSet');
export type KubeDaemonSet = KubeApiObject<IDaemonSet>;
export const KubeJob = kubeClass<IJob>('batch/v1', 'Job');
export type KubeJob = KubeApiObject<IJob>;
export const KubeCronJob = kubeClass<ICronJob>('batch/v1', 'CronJob');
export type KubeCronJob = KubeApiObject<ICronJob>;
export const KubePodDisruptionBudget = kubeClass<IPodDisruptionBudget>('policy/v1', 'PodDisruptionBudget');
export type KubePodDisruptionBudget = KubeApiObject<IPodDisruptionBudget>;
export const KubeIngress = kubeClass<IIngress>('networking.k8s.io/v1', 'Ingress');
export type KubeIngress = KubeApiObject<IIngress>;
export const KubeNetworkPolicy = kubeClass<INetworkPolicy>('networking.k8s.io/v1', 'NetworkPolicy');
export type KubeNetworkPolicy = KubeApiObject<INetworkPolicy>;
export const KubeRole = kubeClass<IRole>('rbac.authorization.k8s.io/v1', 'Role');
export type KubeRole = KubeApiObject<IRole>;
export const KubeRoleBinding = kubeClass<IRoleBinding>('rbac.authorization.k8s.io/v1', 'RoleBinding');
export type KubeRoleBinding = KubeApiObject<IRoleBinding>;
// Custom resources, typed by their CRDs at the releases their schemas come from (kubernetes/crd-types.ts).
export const KubeServiceMonitor = kubeClass<ServiceMonitor>('monitoring.coreos.com/v1', 'ServiceMonitor');
export type KubeServiceMonitor = KubeApiObject<ServiceMonitor>;
export const KubeHttpRoute = kubeClass<HTTPRoute>('gateway.networking.k8s.io/v1', 'HTTPRoute');
export type KubeHttpRoute = KubeApiObject<HTTPRoute>;
export const KubeGrpcRoute = kubeClass<GRPCRoute>('gateway.networking.k8s.io/v1', 'GRPCRoute');
export type KubeGrpcRoute = KubeApiObject<GRPCRoute>;
export const KubeCertificate = kubeClass<Certificate>('cert-manager.io/v1', 'Certificate');
export type KubeCertificate = KubeApiObject<Certificate>;

/** The value, or undefined when it is an empty map or list, so that the key is left out. */
export function nonEmpty<T extends object>(value: T): T | undefined {
  return Object.keys(value).length > 0 ? value : undefined;
}

export type Affinity = IAffinity;
export type Container = IContainer;
export type ContainerPort = NonNullable<IContainer['ports']>[number];
export type ServicePort = NonNullable<IServiceSpec['ports']>[number];
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
export type PathType = IHTTPIngressPath['pathType'];
/** A route's parent (a Gateway, usually), as Gateway API's `parentRefs` take it. */
export type ParentReference = NonNullable<HTTPRoute['spec']['parentRefs']>[number];
/** A Prometheus relabeling, as a ServiceMonitor endpoint's `relabelings` and `metricRelabelings` take it. */
export type RelabelConfig = NonNullable<ServiceMonitor['spec']['endpoints'][number]['relabelings']>[number];
export type AccessMode = NonNullable<IPersistentVolumeClaimSpec['accessModes']>[number];
