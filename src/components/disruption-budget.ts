import { Construct } from 'constructs';
import type { Labels } from '../derive/release';
import { MAX_UNAVAILABLE } from '../values/defaults';
import type { Finding } from '../core/errors';
import { assertValidProps, type DisruptionBudgetLimits } from './common';
import { KubePodDisruptionBudget } from './kube';

/** The props of {@link DisruptionBudget}. */
export interface DisruptionBudgetProps extends DisruptionBudgetLimits {
  /** The PodDisruptionBudget's name. */
  readonly name: string;
  /** Labels of the PodDisruptionBudget. */
  readonly labels: Labels;
  /** The pods the budget covers. */
  readonly matchLabels: Labels;
}

/** Kubernetes refuses a PodDisruptionBudget with both limits. */
export function disruptionBudgetFindings(limits: DisruptionBudgetLimits): Finding[] {
  return limits.minAvailable !== undefined && limits.maxUnavailable !== undefined
    ? [
        {
          at: ['maxUnavailable'],
          message: "can't be combined with minAvailable: Kubernetes takes one of them (remove one)",
        },
      ]
    : [];
}

/** A PodDisruptionBudget with exactly one of `minAvailable` and `maxUnavailable`. */
export class DisruptionBudget extends Construct {
  /** The PodDisruptionBudget, named `name`. */
  public readonly podDisruptionBudget: KubePodDisruptionBudget;

  constructor(scope: Construct, id: string, props: DisruptionBudgetProps) {
    super(scope, id);
    assertValidProps(this, 'DisruptionBudget', props, disruptionBudgetFindings);
    const limit =
      props.minAvailable !== undefined
        ? { minAvailable: props.minAvailable }
        : { maxUnavailable: props.maxUnavailable ?? MAX_UNAVAILABLE };
    this.podDisruptionBudget = new KubePodDisruptionBudget(this, 'Resource', {
      metadata: { name: props.name, labels: props.labels },
      spec: { selector: { matchLabels: props.matchLabels }, ...limit },
    });
  }
}
