/**
 * The Pod Security Standards' checks, for the pod fields this project's pods can hold, written
 * from https://kubernetes.io/docs/concepts/security/pod-security-standards/ (the "Baseline" and
 * "Restricted" policy tables). `podSecurityLevel` answers which level a pod spec meets: the
 * strictest whose every check passes, as the Pod Security admission controller decides it.
 */

export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

type Spec = Record<string, any>;

/** Baseline, "Capabilities": what a container may add. */
const BASELINE_CAPABILITIES = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
];
/** Baseline, "Sysctls": the safe set. */
const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
/** Baseline, "SELinux": the types a pod may ask for. */
const SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];
/** Restricted, "Volume Types". */
const RESTRICTED_VOLUMES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

const containersOf = (spec: Spec): Spec[] => [
  ...(spec.initContainers ?? []),
  ...(spec.containers ?? []),
  ...(spec.ephemeralContainers ?? []),
];
const contexts = (spec: Spec): Spec[] => [
  spec.securityContext ?? {},
  ...containersOf(spec).map((c) => c.securityContext ?? {}),
];
const volumeType = (volume: Spec) => Object.keys(volume).find((key) => key !== 'name')!;

/** What the Baseline policy refuses in a pod spec, one line each. */
export function baselineViolations(spec: Spec): string[] {
  const found: string[] = [];
  if (contexts(spec).some((c) => c.windowsOptions?.hostProcess === true)) found.push('HostProcess');
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'])
    if (spec[field] === true) found.push(`Host Namespaces: ${field}`);
  for (const c of containersOf(spec)) {
    const context = c.securityContext ?? {};
    if (context.privileged === true) found.push(`Privileged Containers: ${c.name}`);
    const added = (context.capabilities?.add ?? []).filter((cap: string) => !BASELINE_CAPABILITIES.includes(cap));
    if (added.length > 0) found.push(`Capabilities: ${c.name} adds ${added.join(', ')}`);
    if ((c.ports ?? []).some((p: Spec) => p.hostPort !== undefined && p.hostPort !== 0))
      found.push(`Host Ports: ${c.name}`);
    if (context.procMount !== undefined && context.procMount !== 'Default') found.push(`/proc Mount Type: ${c.name}`);
  }
  for (const v of spec.volumes ?? []) if (v.hostPath) found.push(`HostPath Volumes: ${v.name}`);
  for (const context of contexts(spec)) {
    if (
      context.appArmorProfile?.type !== undefined &&
      !['RuntimeDefault', 'Localhost'].includes(context.appArmorProfile.type)
    )
      found.push('AppArmor');
    const selinux = context.seLinuxOptions;
    if (selinux && (!SELINUX_TYPES.includes(selinux.type ?? '') || selinux.user || selinux.role)) found.push('SELinux');
    if (context.seccompProfile?.type === 'Unconfined') found.push('Seccomp: Unconfined');
  }
  for (const sysctl of spec.securityContext?.sysctls ?? [])
    if (!SAFE_SYSCTLS.includes(sysctl.name)) found.push(`Sysctls: ${sysctl.name}`);
  return found;
}

/** What the Restricted policy refuses beyond the Baseline, one line each. */
export function restrictedViolations(spec: Spec): string[] {
  const found: string[] = [];
  const pod = spec.securityContext ?? {};
  for (const v of spec.volumes ?? [])
    if (!RESTRICTED_VOLUMES.includes(volumeType(v))) found.push(`Volume Types: ${v.name} is ${volumeType(v)}`);
  for (const c of containersOf(spec)) {
    const context = c.securityContext ?? {};
    if (context.allowPrivilegeEscalation !== false) found.push(`Privilege Escalation: ${c.name}`);
    if (context.runAsNonRoot === false || (context.runAsNonRoot !== true && pod.runAsNonRoot !== true))
      found.push(`Running as Non-root: ${c.name}`);
    const seccomp = context.seccompProfile?.type ?? pod.seccompProfile?.type;
    if (!['RuntimeDefault', 'Localhost'].includes(seccomp)) found.push(`Seccomp: ${c.name}`);
    if (!(context.capabilities?.drop ?? []).includes('ALL')) found.push(`Capabilities: ${c.name} does not drop ALL`);
    const added = (context.capabilities?.add ?? []).filter((cap: string) => cap !== 'NET_BIND_SERVICE');
    if (added.length > 0) found.push(`Capabilities: ${c.name} adds ${added.join(', ')}`);
  }
  if (contexts(spec).some((c) => c.runAsUser === 0)) found.push('Running as Non-root user');
  return found;
}

/** The strictest level whose every check the pod spec passes. */
export function podSecurityLevel(spec: Spec): PodSecurityLevel {
  if (baselineViolations(spec).length > 0) return 'privileged';
  return restrictedViolations(spec).length > 0 ? 'baseline' : 'restricted';
}

const ORDER: readonly PodSecurityLevel[] = ['restricted', 'baseline', 'privileged'];

/** The least strict of some levels: what a namespace holding all those pods must allow. */
export function loosest(levels: readonly PodSecurityLevel[]): PodSecurityLevel {
  return ORDER[Math.max(0, ...levels.map((level) => ORDER.indexOf(level)))];
}
