import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { Labels } from '../render/release';
import { KubePodDisruptionBudget } from './kube';

export interface DisruptionBudgetProps {
  readonly name: string;
  readonly labels: Labels;
  /** The pods the budget covers. */
  readonly matchLabels: Labels;
  /**
   * Pods that must stay available; when given, `maxUnavailable` is ignored.
   * @default - none: `maxUnavailable` applies
   */
  readonly minAvailable?: number | string;
  /**
   * Pods that may be unavailable at once.
   * @default 1
   */
  readonly maxUnavailable?: number | string;
}

/** A PodDisruptionBudget with exactly one of `minAvailable` and `maxUnavailable`. */
export class DisruptionBudget extends Construct {
  public readonly podDisruptionBudget: ApiObject;

  constructor(scope: Construct, id: string, props: DisruptionBudgetProps) {
    super(scope, id);
    const limit = props.minAvailable !== undefined
      ? { minAvailable: props.minAvailable }
      : { maxUnavailable: props.maxUnavailable ?? 1 };
    this.podDisruptionBudget = new KubePodDisruptionBudget(this, 'Resource', {
      metadata: { name: props.name, labels: props.labels },
      spec: { selector: { matchLabels: props.matchLabels }, ...limit },
    });
  }
}
