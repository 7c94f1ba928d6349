import type { Finding } from '../../core/errors';
import { isJsonMap, type JsonMap } from '../../core/json-map';
import { asList, eachOf, under } from './fields';

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

/** HTTPPathMatch's defaults (type PathPrefix, value `/`), which apply before its CEL rules. */
const DEFAULT_PATH_MATCH = { type: 'PathPrefix', value: '/' };

/** The characters of a path an Exact or PathPrefix match takes (the last of the rules below). */
const PATH_CHARACTERS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;

/**
 * The CEL rules of an HTTPRoute's path match (HTTPPathMatch), gateway.networking.k8s.io_httproutes.yaml:2959-3004
 * (v1.6.1), for the types Exact and PathPrefix; `type` is an enum the schema checks already.
 */
export function httpPathMatchFindings(path: JsonMap): Finding[] {
  const type = typeof path.type === 'string' ? path.type : DEFAULT_PATH_MATCH.type;
  const value = typeof path.value === 'string' ? path.value : DEFAULT_PATH_MATCH.value;
  if (type !== 'Exact' && type !== 'PathPrefix') return [];
  const problems = [
    ...(value.startsWith('/') ? [] : ["must be an absolute path, starting with '/'"]),
    ...['//', '/./', '/../', '%2f', '%2F', '#']
      .filter((part) => value.includes(part))
      .map((part) => `must not contain '${part}'`),
    ...['/..', '/.'].filter((end) => value.endsWith(end)).map((end) => `must not end with '${end}'`),
    ...(PATH_CHARACTERS.test(value)
      ? []
      : [`must only contain the characters of a URL path (matching ${PATH_CHARACTERS.source})`]),
  ];
  return problems.map((problem) => ({
    at: ['value'],
    message: `${problem} with type ${type} (got ${JSON.stringify(value)})`,
  }));
}

/**
 * A backendRef to a Service (its group and kind default to the core group and Service) needs a
 * port: the CEL rule of HTTPBackendRef, gateway.networking.k8s.io_httproutes.yaml:1613-1616, and of
 * GRPCBackendRef, gateway.networking.k8s.io_grpcroutes.yaml:1036-1039 (v1.6.1).
 */
export function backendRefFindings(ref: JsonMap): Finding[] {
  const group = typeof ref.group === 'string' ? ref.group : '';
  const kind = typeof ref.kind === 'string' ? ref.kind : 'Service';
  return group === '' && kind === 'Service' && ref.port === undefined
    ? [{ at: ['port'], message: 'is required for a reference to a Service' }]
    : [];
}

/** The most matches of all a route's rules together. */
const MAX_MATCHES = 128;

/**
 * The CEL rule of a route's rules on their matches together, HTTPRoute
 * gateway.networking.k8s.io_httproutes.yaml:3192-3206 and GRPCRoute
 * gateway.networking.k8s.io_grpcroutes.yaml:1788-1810 (v1.6.1). An HTTPRoute rule without matches
 * has one by default (`/`, PathPrefix), a GRPCRoute rule none.
 */
function matchCountFindings(rules: readonly JsonMap[], unmatchedRuleCount: number): Finding[] {
  const count = rules.reduce(
    (sum, rule) => sum + (Array.isArray(rule.matches) ? rule.matches.length : unmatchedRuleCount),
    0,
  );
  return count > MAX_MATCHES
    ? [{ at: [], message: `have ${count} matches in all, more than the ${MAX_MATCHES} a route may have` }]
    : [];
}

/** An HTTPRoute's spec: the CEL rules on its parentRefs, its rules' matches, path matches and backendRefs. */
export function httpRouteSpecFindings(spec: JsonMap): Finding[] {
  const rules = asList(spec.rules).filter(isJsonMap);
  return [
    ...under('parentRefs', parentRefsFindings(spec.parentRefs)),
    ...under('rules', matchCountFindings(rules, 1)),
    ...eachOf('rules', spec.rules, (rule) => [
      ...eachOf('matches', rule.matches, (match) =>
        isJsonMap(match.path) ? under('path', httpPathMatchFindings(match.path)) : [],
      ),
      ...eachOf('backendRefs', rule.backendRefs, backendRefFindings),
    ]),
  ];
}

/** A GRPCRoute's spec: the CEL rules on its parentRefs, its rules' matches and backendRefs. */
export function grpcRouteSpecFindings(spec: JsonMap): Finding[] {
  const rules = asList(spec.rules).filter(isJsonMap);
  return [
    ...under('parentRefs', parentRefsFindings(spec.parentRefs)),
    ...under('rules', matchCountFindings(rules, 0)),
    ...eachOf('rules', spec.rules, (rule) => eachOf('backendRefs', rule.backendRefs, backendRefFindings)),
  ];
}
