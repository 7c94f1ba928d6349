import { Construct } from 'constructs';
import { fileChecksum, type MountedFile, splitPath } from '../derive/mounted-files';
import type { Labels } from '../derive/release';
import { KubeConfigMap, type Volume, type VolumeMount } from './kube';

/** The props of {@link ConfigFile}. */
export interface ConfigFileProps {
  /** The file: where it comes from, where it is mounted, and its content when created here. */
  readonly file: MountedFile;
  /** Labels of the ConfigMap, when it is created. */
  readonly labels: Labels;
}

/**
 * One file mounted read-only by subPath from a ConfigMap (or, when `live`, as the only file of
 * its directory): the ConfigMap itself when the file's content is given (else an existing
 * ConfigMap is mounted), and the volume, mount and checksum annotation for the pod that mounts it.
 */
export class ConfigFile extends Construct {
  /** The ConfigMap, when it is created from values. */
  public readonly configMap?: KubeConfigMap;
  /** The pod's volume of the ConfigMap (of its one key, when `live`). */
  public readonly volume: Volume;
  /** The container's read-only mount of the file: by subPath, or its directory when `live`. */
  public readonly volumeMount: VolumeMount;
  /** Pod annotations that roll the pod when the file changes. */
  public readonly checksumAnnotations: Record<string, string>;

  constructor(scope: Construct, id: string, props: ConfigFileProps) {
    super(scope, id);
    const { file } = props;
    if (file.content !== undefined) {
      this.configMap = new KubeConfigMap(this, 'ConfigMap', {
        metadata: { name: file.configMapName, labels: props.labels },
        data: { [file.key]: file.content },
      });
    }
    if (file.live) {
      this.volume = {
        name: file.volumeName,
        configMap: { name: file.configMapName, items: [{ key: file.key, path: splitPath(file.mountPath).fileName }] },
      };
      this.volumeMount = liveFileMount(file);
      this.checksumAnnotations = {};
    } else {
      this.volume = { name: file.volumeName, configMap: { name: file.configMapName } };
      this.volumeMount = { name: file.volumeName, mountPath: file.mountPath, subPath: file.key, readOnly: true };
      this.checksumAnnotations = { [`checksum/${file.checksumName}`]: fileChecksum(file) };
    }
  }
}

/**
 * The mount of a `live` file: its directory, read-only. Kubelet updates a ConfigMap volume in
 * place, but never a file mounted by subPath. Other containers of the pod that read the file mount it so too.
 */
export function liveFileMount(file: MountedFile): VolumeMount {
  return { name: file.volumeName, mountPath: splitPath(file.mountPath).directory, readOnly: true };
}
