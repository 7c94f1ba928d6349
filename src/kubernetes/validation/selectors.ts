import { describeValue, type Finding } from '../../core/errors';
import type { JsonMap } from '../../core/json-map';
import { asList, asMap, eachOf, under } from './fields';
import { labelsFindings, labelValueProblem, optional, qualifiedNameProblem } from './names';

/**
 * Label selectors, from kubernetes/apimachinery pkg/apis/meta/v1/validation/validation.go at
 * v0.31.1 (the apimachinery of Kubernetes v1.31.1).
 */

const SET_OPERATORS = ['In', 'NotIn'];
const EXISTENCE_OPERATORS = ['Exists', 'DoesNotExist'];

/**
 * ValidateLabelSelectorRequirement (validation.go:74): In and NotIn take values, Exists and
 * DoesNotExist none, no other operator (Gt and Lt are node selector operators only); the key a
 * qualified name, the values label values.
 */
function labelSelectorRequirementFindings(requirement: JsonMap): Finding[] {
  const { key, operator } = requirement;
  const values = asList(requirement.values);
  const findings: Finding[] = [];
  if (SET_OPERATORS.includes(operator as string)) {
    if (values.length === 0)
      findings.push({ at: ['values'], message: `must have at least one value with operator ${String(operator)}` });
  } else if (EXISTENCE_OPERATORS.includes(operator as string)) {
    if (values.length > 0)
      findings.push({ at: ['values'], message: `must be empty with operator ${String(operator)}` });
  } else
    findings.push({
      at: ['operator'],
      message: `expected ${[...SET_OPERATORS, ...EXISTENCE_OPERATORS].map((o) => JSON.stringify(o)).join(', ')} in a label selector (got ${describeValue(operator)})`,
    });
  if (typeof key === 'string') findings.push(...optional(['key'], qualifiedNameProblem(key)));
  values.forEach((value, index) => {
    if (typeof value === 'string') findings.push(...optional(['values', index], labelValueProblem(value)));
  });
  return findings;
}

/** ValidateLabelSelector (validation.go:60): matchLabels are labels, and each of matchExpressions is a valid requirement. */
export function labelSelectorFindings(selector: JsonMap): Finding[] {
  return [
    ...under('matchLabels', labelsFindings(asMap(selector.matchLabels))),
    ...eachOf('matchExpressions', selector.matchExpressions, labelSelectorRequirementFindings),
  ];
}
