import type { HeadscaleValues } from '../values/schema';
import { sha256 } from './checksum';
import { derpMapYaml } from './derp-map';
import { extraDnsRecordsJson } from './extra-dns-records';
import { headscaleConfig, toSortedYaml } from './headscale-config';
import { policyDocument, policyNeeded, policyPath } from './policy';
import { objectName, Release } from './release';

/** One file mounted into a pod by subPath from a ConfigMap. */
export interface MountedFile {
  /** The pod volume's name. */
  readonly volumeName: string;
  /** The pod annotation `checksum/<checksumName>` that rolls the pod when the file changes. */
  readonly checksumName: string;
  readonly configMapName: string;
  readonly key: string;
  readonly mountPath: string;
  /** The file's text when the ConfigMap is created from values; absent for an existing ConfigMap. */
  readonly content?: string;
}

/**
 * The checksum annotation's value. For an existing ConfigMap the content is unknown here, so
 * the reference is hashed: pointing at another ConfigMap or key still rolls the pod.
 */
export function fileChecksum(file: MountedFile): string {
  return sha256(file.content ?? `configmap:${file.configMapName}/${file.key}`);
}

export const CONFIG_PATH = '/etc/headscale/config.yaml';
const CONFIG_KEY = 'config.yaml';

/** The files the Headscale server mounts: config.yaml, and the DERP map, extra DNS records and policy when used. */
export function serverFiles(values: HeadscaleValues, release: Release): MountedFile[] {
  const files: MountedFile[] = [{
    volumeName: 'config',
    checksumName: 'config',
    configMapName: release.fullname,
    key: CONFIG_KEY,
    mountPath: CONFIG_PATH,
    content: values.configMap.create ? toSortedYaml(headscaleConfig(values, release)) : undefined,
  }];
  const { derpMap, extraDnsRecords, policy } = values;
  if (derpMap.enabled) {
    files.push({
      volumeName: 'derp-map',
      checksumName: 'derp-map',
      configMapName: derpMap.configMap.name || objectName(release, '-derp-map'),
      key: derpMap.configMap.key,
      mountPath: derpMap.path,
      content: derpMap.configMap.create ? derpMapYaml(derpMap.content) : undefined,
    });
  }
  if (extraDnsRecords.enabled) {
    files.push({
      volumeName: 'extra-dns-records',
      checksumName: 'extra-dns',
      configMapName: extraDnsRecords.configMap.name || objectName(release, '-extra-dns'),
      key: extraDnsRecords.configMap.key,
      mountPath: extraDnsRecords.path,
      content: extraDnsRecords.configMap.create ? extraDnsRecordsJson(extraDnsRecords.records) : undefined,
    });
  }
  if (policyNeeded(values)) {
    // A policy generated only for the client's routes is always created, whatever policy.configMap.create says.
    const created = !policy.enabled || policy.configMap.create;
    files.push({
      volumeName: 'policy',
      checksumName: 'policy',
      configMapName: policy.configMap.name || objectName(release, '-policy'),
      key: policy.configMap.key,
      mountPath: policyPath(values),
      content: created ? `${JSON.stringify(policyDocument(values), null, 2)}\n` : undefined,
    });
  }
  return files;
}
