import type { Finding } from '../../core/errors';
import { isJsonMap, type JsonMap } from '../../core/json-map';

/**
 * The Gateway API's CEL rules on a route's parentRefs, from kubernetes-sigs/gateway-api
 * config/crd/standard/gateway.networking.k8s.io_httproutes.yaml:318-337 and
 * gateway.networking.k8s.io_grpcroutes.yaml (v1.6.1, the standard channel; the same rules since
 * v1.0): two references to one parent both name a sectionName, and no two name the same one.
 */

/** ParentReference's defaults (group gateway.networking.k8s.io, kind Gateway), which apply before the CEL rules. */
const DEFAULT_GROUP = 'gateway.networking.k8s.io';
const DEFAULT_KIND = 'Gateway';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The parent a reference names: group, kind, namespace (empty when unset) and name. */
function parentOf(ref: JsonMap): string {
  const group = typeof ref.group === 'string' ? ref.group : DEFAULT_GROUP;
  const kind = typeof ref.kind === 'string' ? ref.kind : DEFAULT_KIND;
  return JSON.stringify([group, kind, text(ref.namespace), text(ref.name)]);
}

/** The findings of a route's parentRefs, each at its index. */
export function parentRefsFindings(refs: unknown): Finding[] {
  const list = (Array.isArray(refs) ? refs : []).filter(isJsonMap);
  const findings: Finding[] = [];
  list.forEach((ref, index) => {
    const earlier = list.slice(0, index).filter((other) => parentOf(other) === parentOf(ref));
    if (earlier.length === 0) return;
    const section = text(ref.sectionName);
    if (section === '' || earlier.some((other) => text(other.sectionName) === ''))
      findings.push({
        at: [index, 'sectionName'],
        message: `must be given on every reference to the parent ${text(ref.name)}, as it is named more than once`,
      });
    else if (earlier.some((other) => text(other.sectionName) === section))
      findings.push({
        at: [index, 'sectionName'],
        message: `must be unique among the references to the parent ${text(ref.name)} (got ${JSON.stringify(section)} twice)`,
      });
  });
  return findings;
}
