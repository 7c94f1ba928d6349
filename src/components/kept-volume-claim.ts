import { Construct } from 'constructs';
import type { Labels } from '../derive/release';
import { ACCESS_MODES, STORAGE_SIZE } from '../values/defaults';
import type { PersistenceProps } from './common';
import { KubePersistentVolumeClaim, type Volume, type VolumeMount } from './kube';

/**
 * Annotations that keep a claim (and so the data) when the release is removed: Helm's, and the
 * Argo CD and Flux equivalents that stop a prune or an app deletion from deleting it.
 */
export const KEEP_ANNOTATIONS: Readonly<Record<string, string>> = {
  'helm.sh/resource-policy': 'keep',
  'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
  'kustomize.toolkit.fluxcd.io/prune': 'disabled',
};

/** The props of {@link KeptVolumeClaim}. */
export interface KeptVolumeClaimProps extends Omit<PersistenceProps, 'existingClaim'> {
  /** The claim's name. */
  readonly name: string;
  /** Labels of the claim. */
  readonly labels: Labels;
}

/** A PersistentVolumeClaim that no uninstall or GitOps prune deletes. */
export class KeptVolumeClaim extends Construct {
  /** The PersistentVolumeClaim, named `name`, with the annotations that keep it. */
  public readonly claim: KubePersistentVolumeClaim;

  constructor(scope: Construct, id: string, props: KeptVolumeClaimProps) {
    super(scope, id);
    this.claim = new KubePersistentVolumeClaim(this, 'Resource', {
      metadata: { name: props.name, labels: props.labels, annotations: { ...KEEP_ANNOTATIONS } },
      spec: {
        accessModes: [...(props.accessModes ?? ACCESS_MODES)],
        resources: { requests: { storage: props.size ?? STORAGE_SIZE } },
        storageClassName: props.storageClassName || undefined,
      },
    });
  }
}

/**
 * A pod's data volume: the claim `name` created when the props name no existing claim (undefined
 * otherwise), and the volume and mount of whichever claim is used; nothing when persistence is off.
 */
export function dataVolume(
  scope: Construct,
  props: {
    readonly volumeName: string;
    readonly name: string;
    readonly labels: Labels;
    readonly mountPath: string;
    readonly persistence: PersistenceProps | false;
  },
): { claim?: KeptVolumeClaim; volume: Volume; volumeMount: VolumeMount } | undefined {
  const { persistence } = props;
  if (persistence === false) return undefined;
  const claim = persistence.existingClaim
    ? undefined
    : new KeptVolumeClaim(scope, 'Data', { name: props.name, labels: props.labels, ...persistence });
  return {
    claim,
    volume: { name: props.volumeName, persistentVolumeClaim: { claimName: persistence.existingClaim || props.name } },
    volumeMount: { name: props.volumeName, mountPath: props.mountPath },
  };
}
