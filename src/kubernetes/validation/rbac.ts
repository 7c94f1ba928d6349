import type { Finding } from '../../core/errors';
import type { JsonMap } from '../../core/json-map';
import { asList, asMap, eachOf } from './fields';
import { dns1123SubdomainProblem, optional } from './names';

/**
 * The rbac API group's rules on Roles and RoleBindings, from kubernetes/kubernetes
 * pkg/apis/rbac/validation/validation.go at commit 1dc8b4f2 (the rules are those of the v1.31
 * line); each comment names the function and its line there. An empty apiGroup of a roleRef, a
 * User or a Group is rbac.authorization.k8s.io by default (pkg/apis/rbac/v1/defaults.go).
 */

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** path.IsValidPathSegmentName, which ValidateRBACName (:32) is: not "." or "..", no "/" or "%". */
export function pathSegmentProblem(name: string): string | undefined {
  return name === '.' || name === '..' || /[/%]/.test(name)
    ? `may not be "." or ".." nor contain "/" or "%" (got ${JSON.stringify(name)})`
    : undefined;
}

const empty = (value: unknown): boolean => asList(value).length === 0;

/**
 * ValidatePolicyRule (:103) of a namespaced rule, as ValidateRole (:36) runs it: at least one
 * verb, no nonResourceURLs (which only a ClusterRole may grant), at least one API group ("" is
 * the core group) and one resource.
 */
export function policyRuleFindings(rule: JsonMap): Finding[] {
  const findings: Finding[] = [];
  if (empty(rule.verbs)) findings.push({ at: ['verbs'], message: 'must have at least one verb' });
  if (!empty(rule.nonResourceURLs))
    return [...findings, { at: ['nonResourceURLs'], message: "can't be granted by a Role, only by a ClusterRole" }];
  if (empty(rule.apiGroups))
    findings.push({ at: ['apiGroups'], message: 'must have at least one API group ("" for the core group)' });
  if (empty(rule.resources)) findings.push({ at: ['resources'], message: 'must have at least one resource' });
  return findings;
}

/** ValidateRole (:36): its rules. */
export function roleFindings(role: JsonMap): Finding[] {
  return eachOf('rules', role.rules, policyRuleFindings);
}

/**
 * ValidateRoleBindingSubject (:217) in a namespaced binding: a name; a ServiceAccount's is a DNS
 * subdomain and takes no apiGroup; a User's or Group's apiGroup is rbac.authorization.k8s.io; no
 * other kind.
 */
function subjectFindings(subject: JsonMap): Finding[] {
  const findings: Finding[] = [];
  const { name, kind } = subject;
  if (typeof name !== 'string' || name === '') findings.push({ at: ['name'], message: 'is required' });
  if (kind === 'ServiceAccount') {
    if (typeof name === 'string' && name !== '') findings.push(...optional(['name'], dns1123SubdomainProblem(name)));
    if (subject.apiGroup)
      findings.push({
        at: ['apiGroup'],
        message: `must be empty for a ServiceAccount (got ${JSON.stringify(subject.apiGroup)})`,
      });
  } else if (kind === 'User' || kind === 'Group') {
    if (subject.apiGroup && subject.apiGroup !== RBAC_GROUP)
      findings.push({
        at: ['apiGroup'],
        message: `must be "${RBAC_GROUP}" for a ${kind} (got ${JSON.stringify(subject.apiGroup)})`,
      });
  } else
    findings.push({
      at: ['kind'],
      message: `expected "ServiceAccount", "User", "Group" (got ${JSON.stringify(kind ?? '')})`,
    });
  return findings;
}

/**
 * ValidateRoleBinding (:128): a roleRef to a Role or ClusterRole of rbac.authorization.k8s.io by
 * a name that is a path segment, and its subjects.
 */
export function roleBindingFindings(binding: JsonMap): Finding[] {
  const roleRef = asMap(binding.roleRef);
  const findings: Finding[] = [];
  if (roleRef.apiGroup && roleRef.apiGroup !== RBAC_GROUP)
    findings.push({
      at: ['roleRef', 'apiGroup'],
      message: `must be "${RBAC_GROUP}" (got ${JSON.stringify(roleRef.apiGroup)})`,
    });
  if (roleRef.kind !== 'Role' && roleRef.kind !== 'ClusterRole')
    findings.push({
      at: ['roleRef', 'kind'],
      message: `expected "Role", "ClusterRole" (got ${JSON.stringify(roleRef.kind ?? '')})`,
    });
  if (typeof roleRef.name !== 'string' || roleRef.name === '')
    findings.push({ at: ['roleRef', 'name'], message: 'is required' });
  else findings.push(...optional(['roleRef', 'name'], pathSegmentProblem(roleRef.name)));
  findings.push(...eachOf('subjects', binding.subjects, subjectFindings));
  return findings;
}
