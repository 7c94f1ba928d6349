import { type JsonMap, mapAt } from '../core/json-map';
import { POLICY_PATH } from '../values/defaults';
import type { HeadscaleValues } from '../values/schema';
import { advertiseRoutesFindings, clientRouteFlags } from '../values/tailscale-flags';

/** The Headscale user that owns the in-cluster client's key, and the tag the key carries. */
export const CLIENT_USER = 'headscale-system';
export const CLIENT_TAG = 'tag:in-cluster-client';

/** Where the policy file is mounted when only the client's routes need one. */
export const GENERATED_POLICY_PATH = POLICY_PATH;

type PolicyValues = Pick<HeadscaleValues, 'policy' | 'client'>;

/** Whether the client advertises routes or an exit node, which the policy auto-approves for its tag. */
export function clientAdvertisesRoutes(values: Pick<HeadscaleValues, 'client'>): boolean {
  return values.client.enabled && (values.client.advertiseRoutes.length > 0 || values.client.exitNode);
}

/** Whether Headscale gets a policy file: the user's, or one generated for the client's routes. */
export function policyNeeded(values: PolicyValues): boolean {
  return values.policy.enabled || clientAdvertisesRoutes(values);
}

/** Whether Headscale re-reads the user's policy file on a signal instead of restarting for a change (`policy.hotReload`). */
export function policyHotReload(values: Pick<HeadscaleValues, 'policy'>): boolean {
  return values.policy.enabled && values.policy.hotReload.enabled;
}

export function policyPath(values: PolicyValues): string {
  return values.policy.enabled ? values.policy.path : GENERATED_POLICY_PATH;
}

/**
 * The policy file: `policy.content` plus, when the client advertises routes or an exit node, its
 * tag owned by the client's user and each route (and the exit node, with `exitNode` or a default
 * route) auto-approved for the tag. The chart forgets the exit node, which then is never approved.
 */
export function policyDocument(values: PolicyValues): JsonMap {
  const policy: JsonMap = structuredClone(values.policy.content);
  if (!clientAdvertisesRoutes(values)) return policy;
  const tagOwners = mapAt(policy, 'tagOwners');
  tagOwners[CLIENT_TAG] = withEntry(tagOwners[CLIENT_TAG], `${CLIENT_USER}@`);
  const autoApprovers = mapAt(policy, 'autoApprovers');
  if (values.client.advertiseRoutes.length > 0) {
    const routes = mapAt(autoApprovers, 'routes');
    const refused = new Set(advertiseRoutesFindings(values.client.advertiseRoutes).map((finding) => finding.at[0]));
    values.client.advertiseRoutes.forEach((route, index) => {
      if (!refused.has(index)) routes[route] = withEntry(routes[route], CLIENT_TAG);
    });
  }
  if (clientRouteFlags(values.client.advertiseRoutes, values.client.exitNode).advertiseExitNode)
    autoApprovers.exitNode = withEntry(autoApprovers.exitNode, CLIENT_TAG);
  return policy;
}

/** A list with `entry` added once. */
function withEntry(list: unknown, entry: string): unknown[] {
  const entries = Array.isArray(list) ? list : [];
  return entries.includes(entry) ? entries : [...entries, entry];
}
