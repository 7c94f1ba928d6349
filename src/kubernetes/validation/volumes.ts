import { describeValue, type Finding } from '../../core/errors';
import type { JsonMap } from '../../core/json-map';
import { asMap, eachOf, given, oneOf, required, under } from './fields';
import { objectFieldSelectorFindings, resourceFieldSelectorFindings } from './env';

/**
 * The API server's rules for a pod's volumes and volume mounts, from kubernetes/kubernetes
 * pkg/apis/core/validation/validation.go at v1.31.1 (the line of each function is in its doc
 * comment).
 */

/** validatePathNoBacksteps (validation.go:1288): no `..` element once split at "/". */
function pathNoBackstepsProblem(path: string): string | undefined {
  return path.split('/').includes('..') ? `must not contain ".." (got ${JSON.stringify(path)})` : undefined;
}

/** A hostPath volume's path (validateHostPathVolumeSource, validation.go:751): given, with no `..` element. */
export function hostPathProblem(path: string): string | undefined {
  return path === '' ? 'is required' : pathNoBackstepsProblem(path);
}

/** validateLocalDescendingPath (validation.go:1273): a relative path with no `..` element. */
export function localDescendingPathProblem(path: string): string | undefined {
  if (path.startsWith('/')) return `must be a relative path (got ${JSON.stringify(path)})`;
  return pathNoBackstepsProblem(path);
}

/** ValidateLocalNonReservedPath (validation.go:1362): a local descending path that doesn't start with `..` either. */
function localNonReservedPathProblem(path: string): string | undefined {
  return (
    localDescendingPathProblem(path) ??
    (path.startsWith('..') ? `must not start with ".." (got ${JSON.stringify(path)})` : undefined)
  );
}

const pathFinding = (at: PropertyKey, path: unknown, problem: (path: string) => string | undefined): Finding[] => {
  const message = typeof path === 'string' ? problem(path) : undefined;
  return message === undefined ? [] : [{ at: [at], message }];
};

/** fileModeErrorMsg: a file mode (defaultMode, mode) is 0 to 0777. */
function fileModeFindings(map: JsonMap, field: 'defaultMode' | 'mode'): Finding[] {
  const mode = map[field];
  return typeof mode === 'number' && (mode < 0 || mode > 0o777)
    ? [{ at: [field], message: `must be a file mode from 0 to 0777 (511 in decimal) (got ${mode})` }]
    : [];
}

/** validateKeyToPath (validation.go:945): a key, a path inside the volume, a file mode. */
function keyToPathFindings(item: JsonMap): Finding[] {
  return [
    ...required(item, 'key'),
    ...required(item, 'path'),
    ...pathFinding('path', item.path, localNonReservedPathProblem),
    ...fileModeFindings(item, 'mode'),
  ];
}

const DOWNWARD_API_VOLUME_FIELDS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.labels',
  'metadata.annotations',
  'metadata.uid',
];

/** validateDownwardAPIVolumeFile (validation.go:1056): a path inside the volume, fieldRef or resourceFieldRef, a file mode. */
function downwardApiFileFindings(file: JsonMap): Finding[] {
  const findings = [...required(file, 'path'), ...pathFinding('path', file.path, localNonReservedPathProblem)];
  if (given(file, 'fieldRef')) {
    findings.push(...under('fieldRef', objectFieldSelectorFindings(asMap(file.fieldRef), DOWNWARD_API_VOLUME_FIELDS)));
    if (given(file, 'resourceFieldRef'))
      findings.push({ at: ['resourceFieldRef'], message: 'may not be given with fieldRef: give one of them' });
  } else if (given(file, 'resourceFieldRef'))
    findings.push(...under('resourceFieldRef', resourceFieldSelectorFindings(asMap(file.resourceFieldRef), true)));
  else findings.push({ at: [], message: 'must have fieldRef or resourceFieldRef' });
  findings.push(...fileModeFindings(file, 'mode'));
  return findings;
}

/** An item's `path` in a volume whose items are at `paths`, which it joins: a path already taken is refused. */
function pathTakenFindings(item: JsonMap, paths: Set<string>): Finding[] {
  if (typeof item.path !== 'string' || item.path === '') return [];
  const taken = paths.has(item.path);
  paths.add(item.path);
  return taken
    ? [{ at: ['path'], message: `must be unique in the volume: another item is at ${JSON.stringify(item.path)}` }]
    : [];
}

/** The key-to-path items of a Secret or ConfigMap source, with the paths a projected volume already holds. */
function itemsFindings(items: unknown, paths: Set<string>): Finding[] {
  return eachOf('items', items, (item) => [...keyToPathFindings(item), ...pathTakenFindings(item, paths)]);
}

/** The longest a projected service account token may live, in seconds (2^32). */
const TOKEN_EXPIRATION_LIMIT = 2 ** 32;

/** validateProjectionSources (validation.go:1095): one source each, items, unique paths, token lifetimes and paths. */
function projectedFindings(projected: JsonMap): Finding[] {
  const paths = new Set<string>();
  return [
    ...fileModeFindings(projected, 'defaultMode'),
    ...eachOf('sources', projected.sources, (source) => {
      const kinds = Object.keys(source).filter((kind) => given(source, kind));
      const findings: Finding[] =
        kinds.length > 1
          ? [{ at: [kinds[1]], message: `may not be given with ${kinds[0]}: one source per entry` }]
          : [];
      for (const kind of ['secret', 'configMap'] as const)
        if (given(source, kind)) findings.push(...under(kind, itemsFindings(asMap(source[kind]).items, paths)));
      if (given(source, 'downwardAPI'))
        findings.push(
          ...under(
            'downwardAPI',
            eachOf('items', asMap(source.downwardAPI).items, (file) => [
              ...downwardApiFileFindings(file),
              ...pathTakenFindings(file, paths),
            ]),
          ),
        );
      if (given(source, 'serviceAccountToken')) {
        const token = asMap(source.serviceAccountToken);
        const seconds = token.expirationSeconds;
        const tokenFindings = [
          ...required(token, 'path'),
          ...pathFinding('path', token.path, localNonReservedPathProblem),
        ];
        if (typeof seconds === 'number' && (seconds < 600 || seconds > TOKEN_EXPIRATION_LIMIT))
          tokenFindings.push({
            at: ['expirationSeconds'],
            message: `must be from 600 (10 minutes) to 2^32 seconds (got ${seconds})`,
          });
        findings.push(...under('serviceAccountToken', tokenFindings));
      }
      return findings;
    }),
  ];
}

const HOST_PATH_TYPES = [
  '',
  'DirectoryOrCreate',
  'Directory',
  'FileOrCreate',
  'File',
  'Socket',
  'CharDevice',
  'BlockDevice',
];

/** Each volume source's own rules (validateXxxVolumeSource). */
const SOURCE_RULES: Readonly<Record<string, (source: JsonMap) => Finding[]>> = {
  // validateHostPathVolumeSource (validation.go:751) and validateHostPathType (validation.go:1260)
  hostPath: (source) => [
    ...(typeof source.path === 'string' ? pathFinding('path', source.path, hostPathProblem) : required(source, 'path')),
    ...oneOf(source, 'type', HOST_PATH_TYPES),
  ],
  // validateSecretVolumeSource (validation.go:907)
  secret: (source) => [
    ...required(source, 'secretName'),
    ...fileModeFindings(source, 'defaultMode'),
    ...itemsFindings(source.items, new Set()),
  ],
  // validateConfigMapVolumeSource (validation.go:926)
  configMap: (source) => [
    ...required(source, 'name'),
    ...fileModeFindings(source, 'defaultMode'),
    ...itemsFindings(source.items, new Set()),
  ],
  // validateDownwardAPIVolumeSource (validation.go:1081)
  downwardAPI: (source) => [
    ...fileModeFindings(source, 'defaultMode'),
    ...eachOf('items', source.items, downwardApiFileFindings),
  ],
  projected: projectedFindings,
  // validateNFSVolumeSource (validation.go:969): a server, and an absolute path on it
  nfs: (source) => [
    ...required(source, 'server'),
    ...required(source, 'path'),
    ...pathFinding('path', source.path, (path) =>
      path === '' || path.startsWith('/') ? undefined : `must be an absolute path (got ${JSON.stringify(path)})`,
    ),
  ],
  // validatePersistentClaimVolumeSource (validation.go:961)
  persistentVolumeClaim: (source) => required(source, 'claimName'),
  // validateVolumeSource (validation.go:487): emptyDir's sizeLimit is not negative
  emptyDir: (source) =>
    typeof source.sizeLimit === 'string' && source.sizeLimit.trim().startsWith('-')
      ? [{ at: ['sizeLimit'], message: `must be 0 or more (got ${describeValue(source.sizeLimit)})` }]
      : [],
};

/** validateVolumeSource (validation.go:487): exactly one source, and that source's rules. */
export function volumeSourceFindings(volume: JsonMap): Finding[] {
  const sources = Object.keys(volume).filter((field) => field !== 'name' && given(volume, field));
  if (sources.length === 0)
    return [
      { at: [], message: 'must have a volume source, such as emptyDir, configMap, secret or persistentVolumeClaim' },
    ];
  const findings: Finding[] = sources
    .slice(1)
    .map((extra) => ({ at: [extra], message: `may not be given with ${sources[0]}: a volume has one source` }));
  const rules = SOURCE_RULES[sources[0]];
  if (rules) findings.push(...under(sources[0], rules(asMap(volume[sources[0]]))));
  return findings;
}

const MOUNT_PROPAGATIONS = ['Bidirectional', 'HostToContainer', 'None'];
const RECURSIVE_READ_ONLY = ['Disabled', 'IfPossible', 'Enabled'];

/**
 * ValidateVolumeMounts (validation.go:2905) for one mount: a mount path; subPath and subPathExpr
 * relative without `..`, not both; validateMountPropagation (validation.go:1302): a known mode,
 * and Bidirectional only in a privileged container (checked when the container is known);
 * validateMountRecursiveReadOnly: a known mode, only on a read-only mount without propagation.
 */
export function volumeMountFindings(mount: JsonMap, container?: JsonMap): Finding[] {
  const findings = required(mount, 'mountPath');
  if (typeof mount.subPath === 'string' && mount.subPath !== '')
    findings.push(...pathFinding('subPath', mount.subPath, localDescendingPathProblem));
  if (typeof mount.subPathExpr === 'string' && mount.subPathExpr !== '') {
    if (typeof mount.subPath === 'string' && mount.subPath !== '')
      findings.push({ at: ['subPathExpr'], message: 'may not be given with subPath: give one of them' });
    findings.push(...pathFinding('subPathExpr', mount.subPathExpr, localDescendingPathProblem));
  }
  findings.push(...oneOf(mount, 'mountPropagation', MOUNT_PROPAGATIONS));
  if (container && mount.mountPropagation === 'Bidirectional' && asMap(container.securityContext).privileged !== true)
    findings.push({
      at: ['mountPropagation'],
      message: 'is Bidirectional, which only a privileged container may use (securityContext.privileged: true)',
    });
  const recursive = mount.recursiveReadOnly;
  findings.push(...oneOf(mount, 'recursiveReadOnly', RECURSIVE_READ_ONLY));
  if (recursive === 'Enabled' || recursive === 'IfPossible') {
    if (mount.readOnly !== true)
      findings.push({ at: ['recursiveReadOnly'], message: `is ${recursive}, which needs readOnly: true` });
    if (given(mount, 'mountPropagation') && mount.mountPropagation !== 'None')
      findings.push({
        at: ['recursiveReadOnly'],
        message: `is ${recursive}, which needs mountPropagation None or unset (got ${JSON.stringify(mount.mountPropagation)})`,
      });
  }
  return findings;
}
