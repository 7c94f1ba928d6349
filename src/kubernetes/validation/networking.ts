import { describeValue, type Finding } from '../../core/errors';
import { type Cidr, cidrContains, formatCidr, isCanonical, parseCidr } from '../../core/cidr';
import { isJsonMap, type JsonMap } from '../../core/json-map';
import { eachOf, given, oneOf, under } from './fields';
import { optional, PORT_PROTOCOLS, portNameProblem, portNumberProblem } from './names';
import { labelSelectorFindings } from './selectors';

/**
 * The API server's rules for NetworkPolicies, from kubernetes/kubernetes
 * pkg/apis/networking/validation/validation.go as of commit 019c5dc5 (the v1.35 line; these
 * functions read as at v1.31.1 but for the CIDR check, IsValidCIDRForLegacyField), with CIDRs as
 * apimachinery pkg/util/validation/ip.go (v0.35.0) parses them.
 */

/**
 * ValidateNetworkPolicyPort: a known protocol; a port number or name; endPort only after a port
 * number, and not below it.
 */
export function networkPolicyPortFindings(port: JsonMap): Finding[] {
  const findings = oneOf(port, 'protocol', PORT_PROTOCOLS);
  const { endPort } = port;
  if (typeof port.port === 'number') {
    findings.push(...optional(['port'], portNumberProblem(port.port)));
    if (typeof endPort === 'number') {
      if (endPort < port.port)
        findings.push({
          at: ['endPort'],
          message: `must be greater than or equal to port ${port.port} (got ${endPort})`,
        });
      findings.push(...optional(['endPort'], portNumberProblem(endPort)));
    }
  } else if (typeof port.port === 'string') {
    findings.push(...optional(['port'], portNameProblem(port.port)));
    if (given(port, 'endPort'))
      findings.push({
        at: ['endPort'],
        message: `may not be given with a named port (got port ${JSON.stringify(port.port)})`,
      });
  } else if (given(port, 'endPort')) findings.push({ at: ['endPort'], message: 'may not be given without port' });
  return findings;
}

/**
 * IsValidCIDRForLegacyField with strict validation (the StrictIPCIDRValidation gate): a prefix
 * without leading zeros, not an IPv4-mapped IPv6 one, and no bits set after its length. Without
 * the gate the API server takes `10.0.0.1/8` as `10.0.0.0/8` with a warning; with it, it refuses
 * it, so the strict form is what every cluster accepts.
 */
function cidrProblem(text: string): { cidr?: Cidr; problem?: string } {
  const cidr = parseCidr(text);
  if (!cidr) return { problem: `must be a CIDR such as 10.9.8.0/24 or 2001:db8::/64 (got ${describeValue(text)})` };
  if (cidr.version === 6 && cidr.value >> 32n === 0xffffn)
    return { problem: `must not be an IPv4-mapped IPv6 prefix (got ${JSON.stringify(text)})` };
  if (!isCanonical(cidr))
    return {
      cidr,
      problem: `must not have bits set after the prefix length: write ${formatCidr(cidr)} (got ${JSON.stringify(text)})`,
    };
  return { cidr };
}

/** ValidateIPBlock: a CIDR, and each of except a CIDR strictly inside it. */
export function ipBlockFindings(block: JsonMap): Finding[] {
  if (typeof block.cidr !== 'string' || block.cidr === '') return [{ at: ['cidr'], message: 'is required' }];
  const outerText = block.cidr;
  const outer = cidrProblem(outerText);
  const findings = optional(['cidr'], outer.problem);
  if (!outer.cidr) return findings;
  const cidr = outer.cidr;
  (Array.isArray(block.except) ? block.except : []).forEach((text, index) => {
    if (typeof text !== 'string') return;
    const inner = cidrProblem(text);
    findings.push(...optional(['except', index], inner.problem));
    if (inner.cidr && (!cidrContains(cidr, inner.cidr) || inner.cidr.prefixLength <= cidr.prefixLength))
      findings.push({
        at: ['except', index],
        message: `must be a strict subset of cidr ${outerText} (got ${JSON.stringify(text)})`,
      });
  });
  return findings;
}

/**
 * ValidateNetworkPolicyPeer: at least one of podSelector, namespaceSelector and ipBlock (an
 * empty peer selects nothing and is refused; an empty selector `{}` selects all), ipBlock alone,
 * and each part's rules.
 */
export function networkPolicyPeerFindings(peer: JsonMap): Finding[] {
  const findings: Finding[] = [];
  for (const selector of ['podSelector', 'namespaceSelector'] as const)
    if (isJsonMap(peer[selector])) findings.push(...under(selector, labelSelectorFindings(peer[selector])));
  if (isJsonMap(peer.ipBlock)) findings.push(...under('ipBlock', ipBlockFindings(peer.ipBlock)));
  const parts = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((part) => given(peer, part));
  if (parts.length === 0)
    findings.push({
      at: [],
      message:
        'must have a podSelector, namespaceSelector or ipBlock: an empty peer is refused (use podSelector: {} for every pod of the namespace)',
    });
  else if (parts.length > 1 && given(peer, 'ipBlock'))
    findings.push({
      at: ['ipBlock'],
      message: `may not be given with ${parts.filter((part) => part !== 'ipBlock').join(' or ')}: give ipBlock in a peer of its own`,
    });
  return findings;
}

/** The ports and peers of one ingress (`from`) or egress (`to`) rule. */
export const networkPolicyRuleFindings =
  (direction: 'from' | 'to') =>
  (rule: JsonMap): Finding[] => [
    ...eachOf('ports', rule.ports, networkPolicyPortFindings),
    ...eachOf(direction, rule[direction], networkPolicyPeerFindings),
  ];

/** ValidateNetworkPolicySpec: the pod selector, ingress and egress rules, at most two known policy types. */
export function networkPolicySpecFindings(spec: JsonMap): Finding[] {
  const types = Array.isArray(spec.policyTypes) ? spec.policyTypes : [];
  return [
    ...(isJsonMap(spec.podSelector) ? under('podSelector', labelSelectorFindings(spec.podSelector)) : []),
    ...eachOf('ingress', spec.ingress, networkPolicyRuleFindings('from')),
    ...eachOf('egress', spec.egress, networkPolicyRuleFindings('to')),
    ...(types.length > 2
      ? [{ at: ['policyTypes'], message: `may have at most two entries, Ingress and Egress (got ${types.length})` }]
      : types.flatMap((type, index) =>
          type === 'Ingress' || type === 'Egress'
            ? []
            : [{ at: ['policyTypes', index], message: `expected "Ingress" or "Egress" (got ${describeValue(type)})` }],
        )),
  ];
}
