import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { fileChecksum, type MountedFile } from '../derive/mounted-files';
import type { Labels } from '../derive/release';
import { KubeConfigMap, type Volume, type VolumeMount } from './kube';

export interface ConfigFileProps {
  /** The file: where it comes from, where it is mounted, and its content when created here. */
  readonly file: MountedFile;
  /** Labels of the ConfigMap, when it is created. */
  readonly labels: Labels;
}

/**
 * One file mounted read-only by subPath from a ConfigMap: the ConfigMap itself when the file's
 * content is given (else an existing ConfigMap is mounted), and the volume, mount and checksum
 * annotation for the pod that mounts it.
 */
export class ConfigFile extends Construct {
  /** The ConfigMap, when it is created from values. */
  public readonly configMap?: ApiObject;
  public readonly volume: Volume;
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
    this.volume = { name: file.volumeName, configMap: { name: file.configMapName } };
    this.volumeMount = { name: file.volumeName, mountPath: file.mountPath, subPath: file.key, readOnly: true };
    this.checksumAnnotations = { [`checksum/${file.checksumName}`]: fileChecksum(file) };
  }
}
