import type { HeadscaleValues } from '../values/schema';
import { sha256 } from './checksum';
import { derpMapYaml } from './derp-map';
import { extraDnsRecordsJson } from './extra-dns-records';
import { policyDocument, policyHotReload, policyNeeded, policyPath } from './policy';
import { objectName, type Release } from './release';

/**
 * One file mounted into a pod by subPath from a ConfigMap.
 * @example
 * {
 *   volumeName: 'extra-records',
 *   checksumName: 'extra-records',
 *   configMapName: 'headscale-extra-records',
 *   key: 'extra-records.json',
 *   mountPath: '/etc/headscale/extra-records.json',
 *   content: '[{ "name": "grafana.tailnet.example.com", "type": "A", "value": "100.64.0.3" }]',
 * }
 */
export interface MountedFile {
  /** The pod volume's name. */
  readonly volumeName: string;
  /** The pod annotation `checksum/<checksumName>` that rolls the pod when the file changes. */
  readonly checksumName: string;
  /** The ConfigMap the file comes from: created from `content`, else an existing one. */
  readonly configMapName: string;
  /** The ConfigMap's data key that holds the file. */
  readonly key: string;
  /** Where the containers see the file, as `/etc/headscale/derp.yaml`. */
  readonly mountPath: string;
  /** The file's text when the ConfigMap is created from values; absent for an existing ConfigMap. */
  readonly content?: string;
  /**
   * Mounted as the only file of its directory rather than by subPath, so that kubelet updates it
   * in place when the ConfigMap changes; no checksum annotation rolls the pod. The directory
   * (the mount path's parent) must hold no other mount.
   */
  readonly live?: boolean;
}

/** A file's directory and name: `/etc/headscale/policy/policy.json` → `/etc/headscale/policy`, `policy.json`. */
export function splitPath(path: string): { directory: string; fileName: string } {
  const slash = path.lastIndexOf('/');
  return { directory: path.slice(0, slash) || '/', fileName: path.slice(slash + 1) };
}

/**
 * The checksum annotation's value. For an existing ConfigMap the content is unknown here, so
 * the reference is hashed: pointing at another ConfigMap or key still rolls the pod.
 */
export function fileChecksum(file: MountedFile): string {
  return sha256(file.content ?? `configmap:${file.configMapName}/${file.key}`);
}

/** Where a mounted file's ConfigMap comes from, as the values give it (`<file>.configMap`). */
export interface FileConfigMapValues {
  /** Create the ConfigMap from values; false mounts an existing one. */
  readonly create: boolean;
  /** The ConfigMap's name; empty derives one from the fullname. */
  readonly name: string;
  readonly key: string;
}

/** A file from a ConfigMap that the values describe, and where the pod mounts it. */
export interface ConfigMapFileSource {
  readonly volumeName: string;
  readonly checksumName: string;
  /** Appended to the fullname when `configMap.name` is empty (`-derp-map`, `-ui-config`, ...). */
  readonly nameSuffix: string;
  readonly mountPath: string;
  readonly configMap: FileConfigMapValues;
}

/**
 * The file of a `{ create, name, key }` ConfigMap value: the named ConfigMap, else
 * `<fullname><nameSuffix>`; `content` is rendered only when the ConfigMap is created here.
 */
export function configMapFile(
  release: Release,
  source: ConfigMapFileSource,
  content: () => string,
  live = false,
): MountedFile {
  return {
    ...(live ? { live } : {}),
    volumeName: source.volumeName,
    checksumName: source.checksumName,
    configMapName: source.configMap.name || objectName(release, source.nameSuffix),
    key: source.configMap.key,
    mountPath: source.mountPath,
    content: source.configMap.create ? content() : undefined,
  };
}

export const CONFIG_PATH = '/etc/headscale/config.yaml';

/** The files the Headscale server mounts besides config.yaml, as the values ask. */
export interface ServerFiles {
  readonly derpMap?: MountedFile;
  readonly extraDnsRecords?: MountedFile;
  readonly policy?: MountedFile;
}

/** The DERP map, extra DNS records and policy files, each when used. */
export function serverFiles(values: HeadscaleValues, release: Release): ServerFiles {
  const { derpMap, extraDnsRecords, policy } = values;
  return {
    derpMap: derpMap.enabled
      ? configMapFile(
          release,
          {
            volumeName: 'derp-map',
            checksumName: 'derp-map',
            nameSuffix: '-derp-map',
            mountPath: derpMap.path,
            configMap: derpMap.configMap,
          },
          () => derpMapYaml(derpMap.content),
        )
      : undefined,
    extraDnsRecords: extraDnsRecords.enabled
      ? configMapFile(
          release,
          {
            volumeName: 'extra-dns-records',
            checksumName: 'extra-dns',
            nameSuffix: '-extra-dns',
            mountPath: extraDnsRecords.path,
            configMap: extraDnsRecords.configMap,
          },
          () => extraDnsRecordsJson(extraDnsRecords.records),
        )
      : undefined,
    // A policy generated only for the client's routes is always created, whatever policy.configMap.create says.
    policy: policyNeeded(values)
      ? configMapFile(
          release,
          {
            volumeName: 'policy',
            checksumName: 'policy',
            nameSuffix: '-policy',
            mountPath: policyPath(values),
            configMap: { ...policy.configMap, create: !policy.enabled || policy.configMap.create },
          },
          () => `${JSON.stringify(policyDocument(values), null, 2)}\n`,
          policyHotReload(values),
        )
      : undefined,
  };
}
