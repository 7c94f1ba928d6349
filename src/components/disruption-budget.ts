import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { Labels } from '../derive/release';
import { MAX_UNAVAILABLE } from '../values/defaults';
import type { DisruptionBudgetLimits } from './common';
import { KubePodDisruptionBudget } from './kube';

export interface DisruptionBudgetProps extends DisruptionBudgetLimits {
  readonly name: string;
  readonly labels: Labels;
  /** The pods the budget covers. */
  readonly matchLabels: Labels;
}

/** A PodDisruptionBudget with exactly one of `minAvailable` and `maxUnavailable`. */
export class DisruptionBudget extends Construct {
  public readonly podDisruptionBudget: ApiObject;

  constructor(scope: Construct, id: string, props: DisruptionBudgetProps) {
    super(scope, id);
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
