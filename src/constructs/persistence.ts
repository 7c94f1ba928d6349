import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { Labels } from '../render/release';
import { KubePersistentVolumeClaim, Volume, VolumeMount } from './kube';

/**
 * Annotations that keep a claim (and so the data) when the release is removed: Helm's, and the
 * Argo CD and Flux equivalents that stop a prune or an app deletion from deleting it.
 */
export const KEEP_ANNOTATIONS: Readonly<Record<string, string>> = {
  'helm.sh/resource-policy': 'keep',
  'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
  'kustomize.toolkit.fluxcd.io/prune': 'disabled',
};

export interface KeptVolumeClaimProps {
  readonly name: string;
  readonly labels: Labels;
  /** @default ['ReadWriteOnce'] */
  readonly accessModes?: string[];
  /** Requested storage, e.g. `1Gi`. */
  readonly size: string;
  /** @default - the cluster's default storage class */
  readonly storageClassName?: string;
}

/** A claim as the values describe it (`persistence`, `ui.persistence`). */
export interface ClaimValues {
  readonly enabled: boolean;
  /** Mount this claim instead of creating one. */
  readonly existingClaim: string;
  readonly accessModes: string[];
  readonly size: string;
  readonly storageClassName: string;
}

/**
 * The pod's side of claim values: the volume of the existing claim, or else of the claim
 * `claimName` that {@link KeptVolumeClaim.fromValues} creates, mounted at `mountPath`; undefined
 * when the values are not enabled.
 */
export function claimVolume(volumeName: string, claimName: string, mountPath: string, values: ClaimValues): { volume: Volume; volumeMount: VolumeMount } | undefined {
  if (!values.enabled) return undefined;
  return {
    volume: { name: volumeName, persistentVolumeClaim: { claimName: values.existingClaim || claimName } },
    volumeMount: { name: volumeName, mountPath },
  };
}

/** A PersistentVolumeClaim that no uninstall or GitOps prune deletes. */
export class KeptVolumeClaim extends Construct {
  /**
   * The claim `name` that claim values ask to create: when they are enabled and name no existing
   * claim; undefined otherwise.
   */
  public static fromValues(scope: Construct, id: string, props: { readonly name: string; readonly labels: Labels; readonly values: ClaimValues }): KeptVolumeClaim | undefined {
    const { values } = props;
    if (!values.enabled || values.existingClaim) return undefined;
    return new KeptVolumeClaim(scope, id, {
      name: props.name,
      labels: props.labels,
      accessModes: values.accessModes,
      size: values.size,
      storageClassName: values.storageClassName,
    });
  }

  public readonly claim: ApiObject;

  constructor(scope: Construct, id: string, props: KeptVolumeClaimProps) {
    super(scope, id);
    this.claim = new KubePersistentVolumeClaim(this, 'Resource', {
      metadata: { name: props.name, labels: props.labels, annotations: { ...KEEP_ANNOTATIONS } },
      spec: {
        accessModes: props.accessModes ?? ['ReadWriteOnce'],
        resources: { requests: { storage: props.size } },
        storageClassName: props.storageClassName || undefined,
      },
    });
  }
}
