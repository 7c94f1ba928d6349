import { isDeepStrictEqual } from 'node:util';
import YAML from 'yaml';
import type { K8sObject } from '../support/render';

/**
 * Compares a render of this project with the Helm chart's render of the same values, on the
 * fields test/fixtures/parity/README.md says must be equal. Returns one line per difference,
 * `<Kind>/<name>.<field path>: helm=<json> ours=<json>`, or `<Kind>/<name>: missing`.
 */

/** Labels that name the tool, not the deployment. */
const TOOL_LABELS = ['helm.sh/chart', 'app.kubernetes.io/managed-by'];

export function loadRender(yaml: string): K8sObject[] {
  return YAML.parseAllDocuments(yaml)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null)
    .filter((o) => !(o.kind === 'Pod' && o.metadata.annotations?.['helm.sh/hook'] === 'test'));
}

export const objectKey = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;

/** Our object for a Helm object: same kind and name; a Job may carry a suffix (a spec hash). */
export function counterpart(helm: K8sObject, ours: K8sObject[]): K8sObject | undefined {
  return (
    ours.find((o) => objectKey(o) === objectKey(helm)) ??
    (helm.kind === 'Job'
      ? ours.find((o) => o.kind === 'Job' && o.metadata.name.startsWith(helm.metadata.name))
      : undefined)
  );
}

export function compareRenders(helm: K8sObject[], ours: K8sObject[]): string[] {
  const differences: string[] = [];
  for (const h of helm) {
    const o = counterpart(h, ours);
    if (!o) differences.push(`${objectKey(h)}: missing`);
    else diff(comparedFields(h), comparedFields(o), objectKey(h), differences);
  }
  return differences;
}

function withoutToolLabels(labels: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(labels ?? {}).filter(([key]) => !TOOL_LABELS.includes(key)));
}

function comparedFields(o: K8sObject): Record<string, unknown> {
  const spec = o.spec ?? {};
  const base = { name: o.metadata.name, labels: withoutToolLabels(o.metadata.labels) };
  switch (o.kind) {
    case 'Deployment':
    case 'DaemonSet':
      return {
        ...base,
        replicas: spec.replicas,
        strategy: spec.strategy,
        selector: spec.selector,
        pod: podFields(spec.template),
      };
    case 'Service':
      return { ...base, type: spec.type, ports: spec.ports, selector: spec.selector };
    case 'Ingress':
      return {
        ...base,
        annotations: o.metadata.annotations,
        className: spec.ingressClassName,
        tls: spec.tls,
        rules: spec.rules,
      };
    case 'PersistentVolumeClaim':
    case 'PodDisruptionBudget':
      return { ...base, spec };
    case 'ConfigMap':
      return { ...base, data: parsedFiles(o.data) };
    case 'ServiceAccount':
      return { ...base, annotations: o.metadata.annotations };
    case 'CronJob':
      return { ...base, schedule: spec.schedule, concurrencyPolicy: spec.concurrencyPolicy };
    default:
      return base;
  }
}

/** File contents compared parsed (YAML is a superset of JSON); scripts are replaced in the Helm renders, so only their presence counts. */
function parsedFiles(data: Record<string, string> | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(data ?? {}).map(([key, text]) => {
      if (key.endsWith('.sh')) return [key, '(script)'];
      try {
        return [key, YAML.parse(text)];
      } catch {
        return [key, text];
      }
    }),
  );
}

function podFields(template: any): Record<string, unknown> {
  const annotations: Record<string, string> = template?.metadata?.annotations ?? {};
  const spec = template?.spec ?? {};
  return {
    labels: withoutToolLabels(template?.metadata?.labels),
    hasChecksum: Object.keys(annotations).some((key) => key.startsWith('checksum/')),
    annotations: Object.fromEntries(Object.entries(annotations).filter(([key]) => !key.startsWith('checksum/'))),
    serviceAccountName: spec.serviceAccountName,
    hostNetwork: spec.hostNetwork,
    dnsPolicy: spec.dnsPolicy,
    imagePullSecrets: spec.imagePullSecrets,
    volumes: Object.fromEntries(
      (spec.volumes ?? []).map(({ name, ...source }: any) => [
        name,
        source.configMap?.name ??
          source.persistentVolumeClaim?.claimName ??
          source.secret?.secretName ??
          Object.keys(source)[0],
      ]),
    ),
    containers: Object.fromEntries(
      (spec.containers ?? []).map((c: any) => [
        c.name,
        {
          image: c.image,
          imagePullPolicy: c.imagePullPolicy,
          ports: c.ports,
          livenessProbe: c.livenessProbe,
          readinessProbe: c.readinessProbe,
          resources: c.resources && Object.keys(c.resources).length > 0 ? c.resources : undefined,
          mounts: Object.fromEntries(
            (c.volumeMounts ?? []).map((m: any) => [m.name, { mountPath: m.mountPath, subPath: m.subPath }]),
          ),
        },
      ]),
    ),
  };
}

function diff(helm: unknown, ours: unknown, path: string, out: string[]): void {
  if (isDeepStrictEqual(helm, ours)) return;
  const bothMaps = [helm, ours].every((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
  if (!bothMaps) {
    out.push(`${path}: helm=${JSON.stringify(helm)} ours=${JSON.stringify(ours)}`);
    return;
  }
  const a = helm as Record<string, unknown>;
  const b = ours as Record<string, unknown>;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (a[key] !== undefined || b[key] !== undefined) diff(a[key], b[key], `${path}.${key}`, out);
  }
}
