import type { Finding } from '../../core/errors';
import type { JsonMap } from '../../core/json-map';
import { cronScheduleProblem } from './cron';
import { asList, asMap, eachOf, given, nonNegative, oneOf, under } from './fields';
import { dns1123LabelProblem, optional, qualifiedNameProblem } from './names';

/**
 * The apps and batch API groups' rules on the specs of Deployments, DaemonSets, Jobs and
 * CronJobs, from kubernetes/kubernetes pkg/apis/apps/validation/validation.go ("apps") and
 * pkg/apis/batch/validation/validation.go ("batch") at commit 2dd1588c, in the v1.31 line; each
 * comment names the function and its line there. A field the API server defaults before it
 * validates (pkg/apis/apps/v1/defaults.go, pkg/apis/batch/v1/defaults.go) is read as defaulted.
 */

const PERCENT = /^([0-9]+)%$/;

/** ValidatePositiveIntOrPercent (apps :454): a count of 0 or more, or a percentage (IsValidPercent). */
export function intOrPercentProblem(value: unknown): string | undefined {
  if (typeof value === 'number') return value < 0 ? `must be 0 or more (got ${value})` : undefined;
  if (typeof value !== 'string' || PERCENT.test(value)) return undefined;
  return `expected a number or a percentage such as "50%" (got ${JSON.stringify(value)})`;
}

/** getIntOrPercentValue (apps :480): the number, or the number of the percentage; 0 for anything else. */
function intOrPercentValue(value: unknown): number {
  if (typeof value === 'number') return value;
  const percent = typeof value === 'string' ? PERCENT.exec(value) : null;
  return percent ? Number(percent[1]) : 0;
}

/** IsNotMoreThan100Percent (apps :490): a percentage is at most 100%. */
export function over100PercentProblem(value: unknown): string | undefined {
  const percent = typeof value === 'string' ? PERCENT.exec(value) : null;
  return percent && Number(percent[1]) > 100
    ? `must not be greater than 100% (got ${JSON.stringify(value)})`
    : undefined;
}

function intOrPercentFindings(map: JsonMap, field: string, atMost100Percent: boolean): Finding[] {
  const value = map[field];
  return optional([field], intOrPercentProblem(value) ?? (atMost100Percent ? over100PercentProblem(value) : undefined));
}

/** A workload's selector is required and selects something ("empty selector is invalid for deployment/daemonset"). */
function nonEmptySelectorFindings(spec: JsonMap, kind: string): Finding[] {
  if (!given(spec, 'selector')) return [{ at: ['selector'], message: 'is required' }];
  const selector = asMap(spec.selector);
  return Object.keys(asMap(selector.matchLabels)).length + asList(selector.matchExpressions).length === 0
    ? [
        {
          at: ['selector'],
          message: `must have matchLabels or matchExpressions: an empty selector is invalid for a ${kind}`,
        },
      ]
    : [];
}

/**
 * ValidatePodTemplateSpecForReplicaSet (apps :732) and ValidateDaemonSetSpec (apps :347): the
 * pods of a Deployment or DaemonSet restart Always (the default) and have no activeDeadlineSeconds.
 */
function alwaysRestartingTemplateFindings(spec: JsonMap, kind: string): Finding[] {
  const podSpec = asMap(asMap(spec.template).spec);
  const findings = under('template', under('spec', oneOf(podSpec, 'restartPolicy', ['Always'])));
  if (given(podSpec, 'activeDeadlineSeconds'))
    findings.push({ at: ['template', 'spec', 'activeDeadlineSeconds'], message: `is not supported in a ${kind}` });
  return findings;
}

/** SetDefaults_Deployment (pkg/apis/apps/v1/defaults.go): what the API server fills in. */
const DEPLOYMENT_DEFAULT_SURGE_AND_UNAVAILABLE = '25%';
const DEPLOYMENT_DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

/**
 * ValidateRollingUpdateDeployment (apps :501): maxUnavailable and maxSurge counts or percentages,
 * not both 0, maxUnavailable at most 100% (maxSurge may be more); an absent one is 25%.
 */
function rollingUpdateDeploymentFindings(update: JsonMap): Finding[] {
  const findings = [
    ...intOrPercentFindings(update, 'maxUnavailable', true),
    ...intOrPercentFindings(update, 'maxSurge', false),
  ];
  const unavailable = intOrPercentValue(update.maxUnavailable ?? DEPLOYMENT_DEFAULT_SURGE_AND_UNAVAILABLE);
  const surge = intOrPercentValue(update.maxSurge ?? DEPLOYMENT_DEFAULT_SURGE_AND_UNAVAILABLE);
  if (unavailable === 0 && surge === 0)
    findings.push({
      at: ['maxUnavailable'],
      message: 'may not be 0 when maxSurge is 0: no pod could ever be replaced',
    });
  return findings;
}

/** ValidateDeploymentStrategy (apps :515): Recreate takes no rollingUpdate; an absent type is RollingUpdate. */
function deploymentStrategyFindings(strategy: JsonMap): Finding[] {
  const type = strategy.type || 'RollingUpdate';
  if (type === 'Recreate')
    return given(strategy, 'rollingUpdate')
      ? [{ at: ['rollingUpdate'], message: 'may not be given when type is Recreate' }]
      : [];
  if (type === 'RollingUpdate')
    return under('rollingUpdate', rollingUpdateDeploymentFindings(asMap(strategy.rollingUpdate)));
  return oneOf(strategy, 'type', ['Recreate', 'RollingUpdate']);
}

/**
 * ValidateDeploymentSpec (apps :545): replicas, minReadySeconds and revisionHistoryLimit 0 or
 * more, a selector that selects something, pods that restart Always, the strategy, and
 * progressDeadlineSeconds (600 when absent) greater than minReadySeconds.
 */
export function deploymentSpecFindings(spec: JsonMap): Finding[] {
  const findings = [
    ...nonNegative(spec, 'replicas'),
    ...nonEmptySelectorFindings(spec, 'Deployment'),
    ...alwaysRestartingTemplateFindings(spec, 'Deployment'),
    ...under('strategy', deploymentStrategyFindings(asMap(spec.strategy))),
    ...nonNegative(spec, 'minReadySeconds'),
    ...nonNegative(spec, 'revisionHistoryLimit'),
    ...nonNegative(spec, 'progressDeadlineSeconds'),
  ];
  const deadline = spec.progressDeadlineSeconds ?? DEPLOYMENT_DEFAULT_PROGRESS_DEADLINE_SECONDS;
  const minReady = spec.minReadySeconds ?? 0;
  if (typeof deadline === 'number' && typeof minReady === 'number' && deadline <= minReady)
    findings.push({
      at: ['progressDeadlineSeconds'],
      message: `must be greater than minReadySeconds ${minReady} (got ${deadline}${given(spec, 'progressDeadlineSeconds') ? '' : ', the default'})`,
    });
  return findings;
}

/** SetDefaults_DaemonSet (pkg/apis/apps/v1/defaults.go): a rolling update's maxUnavailable is 1 and maxSurge 0 when absent. */
const DAEMON_SET_DEFAULT_UNAVAILABLE = 1;
const DAEMON_SET_DEFAULT_SURGE = 0;

/**
 * ValidateRollingUpdateDaemonSet (apps :381): counts or percentages of at most 100%, and exactly
 * one of maxUnavailable and maxSurge not 0 (a node's pod is either stopped first or surged).
 */
function rollingUpdateDaemonSetFindings(update: JsonMap): Finding[] {
  const findings = [
    ...intOrPercentFindings(update, 'maxUnavailable', true),
    ...intOrPercentFindings(update, 'maxSurge', true),
  ];
  const unavailable = intOrPercentValue(update.maxUnavailable ?? DAEMON_SET_DEFAULT_UNAVAILABLE) !== 0;
  const surge = intOrPercentValue(update.maxSurge ?? DAEMON_SET_DEFAULT_SURGE) !== 0;
  if (unavailable && surge)
    findings.push({
      at: ['maxSurge'],
      message: `may not be set when maxUnavailable is not 0 (${given(update, 'maxUnavailable') ? 'it is' : 'it is 1 by default'}): set maxUnavailable to 0`,
    });
  else if (!unavailable && !surge)
    findings.push({ at: ['maxUnavailable'], message: 'may not be 0 when maxSurge is 0' });
  return findings;
}

/** ValidateDaemonSetUpdateStrategy (apps :426): OnDelete, or RollingUpdate (the default) with its limits. */
function daemonSetUpdateStrategyFindings(strategy: JsonMap): Finding[] {
  const type = strategy.type || 'RollingUpdate';
  if (type === 'OnDelete') return [];
  if (type === 'RollingUpdate')
    return under('rollingUpdate', rollingUpdateDaemonSetFindings(asMap(strategy.rollingUpdate)));
  return oneOf(strategy, 'type', ['RollingUpdate', 'OnDelete']);
}

/**
 * ValidateDaemonSetSpec (apps :347): a selector that selects something, pods that restart Always,
 * minReadySeconds, templateGeneration and revisionHistoryLimit 0 or more, the update strategy.
 */
export function daemonSetSpecFindings(spec: JsonMap): Finding[] {
  return [
    ...nonEmptySelectorFindings(spec, 'DaemonSet'),
    ...alwaysRestartingTemplateFindings(spec, 'DaemonSet'),
    ...nonNegative(spec, 'minReadySeconds'),
    ...nonNegative(spec, 'templateGeneration'),
    ...under('updateStrategy', daemonSetUpdateStrategyFindings(asMap(spec.updateStrategy))),
    ...nonNegative(spec, 'revisionHistoryLimit'),
  ];
}

/** The limits of validateJobSpec (batch, the constants above ValidateJob). */
const MAX_PARALLELISM_INDEXED = 100_000;
const MAX_FAILED_INDEXES = 100_000;
const COMPLETIONS_SOFT_LIMIT = 100_000;
const PARALLELISM_LIMIT_HIGH_COMPLETIONS = 10_000;
const MAX_FAILED_INDEXES_HIGH_COMPLETIONS = 10_000;
const MAX_POD_FAILURE_POLICY_RULES = 20;
const MAX_EXIT_CODES = 255;
const MAX_POD_CONDITION_PATTERNS = 20;
const MAX_SUCCESS_POLICY_RULES = 20;

function tooMany(map: JsonMap, field: string, limit: number): Finding[] {
  const length = asList(map[field]).length;
  return length > limit ? [{ at: [field], message: `must have at most ${limit} entries (got ${length})` }] : [];
}

/** validatePodFailurePolicyRuleOnExitCodes (batch :375): In or NotIn, a container of the pod, 1 to 255 values, ordered and unique, no 0 with In. */
function onExitCodesFindings(onExitCodes: JsonMap, containerNames: ReadonlySet<unknown>): Finding[] {
  const findings: Finding[] = [];
  if (!onExitCodes.operator) findings.push({ at: ['operator'], message: 'is required: In or NotIn' });
  else findings.push(...oneOf(onExitCodes, 'operator', ['In', 'NotIn']));
  if (given(onExitCodes, 'containerName') && !containerNames.has(onExitCodes.containerName))
    findings.push({
      at: ['containerName'],
      message: `must name a container or init container of the pod template (got ${JSON.stringify(onExitCodes.containerName)})`,
    });
  const values = asList(onExitCodes.values);
  if (values.length === 0) findings.push({ at: ['values'], message: 'must have at least one exit code' });
  findings.push(...tooMany(onExitCodes, 'values', MAX_EXIT_CODES));
  const seen = new Set<unknown>();
  values.forEach((value, index) => {
    if (onExitCodes.operator === 'In' && value === 0)
      findings.push({ at: ['values', index], message: 'must not be 0 with operator In' });
    if (seen.has(value)) findings.push({ at: ['values', index], message: `is a duplicate of ${String(value)}` });
    seen.add(value);
  });
  if (values.some((value, index) => index > 0 && (values[index - 1] as number) > (value as number)))
    findings.push({ at: ['values'], message: 'must be in increasing order' });
  return findings;
}

/** validatePodFailurePolicyRuleOnPodConditions (batch :357): at most 20 patterns, each a qualified type and a status True, False or Unknown. */
function onPodConditionsFindings(rule: JsonMap): Finding[] {
  return [
    ...tooMany(rule, 'onPodConditions', MAX_POD_CONDITION_PATTERNS),
    ...eachOf('onPodConditions', rule.onPodConditions, (pattern) => [
      ...(typeof pattern.type === 'string' ? optional(['type'], qualifiedNameProblem(pattern.type)) : []),
      ...(pattern.status
        ? oneOf(pattern, 'status', ['False', 'True', 'Unknown'])
        : [{ at: ['status'], message: 'is required: True, False or Unknown' }]),
    ]),
  ];
}

const POD_FAILURE_POLICY_ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];

/** validatePodFailurePolicy (batch :295) and validatePodFailurePolicyRule (batch :330). */
function podFailurePolicyFindings(spec: JsonMap, policy: JsonMap): Finding[] {
  const podSpec = asMap(asMap(spec.template).spec);
  const containerNames = new Set(
    [...asList(podSpec.containers), ...asList(podSpec.initContainers)].map((container) => asMap(container).name),
  );
  return [
    ...tooMany(policy, 'rules', MAX_POD_FAILURE_POLICY_RULES),
    ...eachOf('rules', policy.rules, (rule) => {
      const findings: Finding[] = [];
      if (!rule.action)
        findings.push({ at: ['action'], message: `is required: ${POD_FAILURE_POLICY_ACTIONS.join(', ')}` });
      else if (rule.action === 'FailIndex' && !given(spec, 'backoffLimitPerIndex'))
        findings.push({ at: ['action'], message: 'is FailIndex, which needs backoffLimitPerIndex' });
      else findings.push(...oneOf(rule, 'action', POD_FAILURE_POLICY_ACTIONS));
      const exitCodes = given(rule, 'onExitCodes');
      const conditions = asList(rule.onPodConditions).length > 0;
      if (exitCodes)
        findings.push(...under('onExitCodes', onExitCodesFindings(asMap(rule.onExitCodes), containerNames)));
      if (conditions) findings.push(...onPodConditionsFindings(rule));
      if (exitCodes === conditions)
        findings.push({ at: [], message: 'must have exactly one of onExitCodes and onPodConditions' });
      return findings;
    }),
  ];
}

/** validateSuccessPolicy (batch :415) and validateSuccessPolicyRule (batch :430); the succeededIndexes format is left to the cluster. */
function successPolicyFindings(spec: JsonMap, policy: JsonMap): Finding[] {
  const rules = asList(policy.rules);
  const findings: Finding[] = rules.length === 0 ? [{ at: ['rules'], message: 'must have at least one rule' }] : [];
  findings.push(...tooMany(policy, 'rules', MAX_SUCCESS_POLICY_RULES));
  findings.push(
    ...eachOf('rules', rules, (rule) => {
      if (!given(rule, 'succeededCount'))
        return given(rule, 'succeededIndexes')
          ? []
          : [{ at: [], message: 'must have succeededCount or succeededIndexes' }];
      const count = rule.succeededCount;
      const ruleFindings = nonNegative(rule, 'succeededCount');
      if (typeof count === 'number' && typeof spec.completions === 'number' && count > spec.completions)
        ruleFindings.push({
          at: ['succeededCount'],
          message: `must be at most completions ${spec.completions} (got ${count})`,
        });
      return ruleFindings;
    }),
  );
  return findings;
}

/** validateJobSpec (batch :192) on completionMode: Indexed needs completions and bounds its parallelism and failed indexes; the per-index limits need Indexed. */
function completionModeFindings(spec: JsonMap): Finding[] {
  const findings = oneOf(spec, 'completionMode', ['NonIndexed', 'Indexed'], false);
  const { completions, parallelism, maxFailedIndexes } = spec;
  const atMost = (field: string, value: unknown, limit: number, when: string): Finding[] =>
    typeof value === 'number' && value > limit
      ? [{ at: [field], message: `must be at most ${limit}${when} (got ${value})` }]
      : [];
  if (spec.completionMode === 'Indexed') {
    if (!given(spec, 'completions'))
      findings.push({ at: ['completions'], message: 'is required with completionMode Indexed' });
    findings.push(...atMost('parallelism', parallelism, MAX_PARALLELISM_INDEXED, ' with completionMode Indexed'));
    if (typeof completions === 'number')
      findings.push(...atMost('maxFailedIndexes', maxFailedIndexes, completions, ', the completions,'));
    findings.push(...atMost('maxFailedIndexes', maxFailedIndexes, MAX_FAILED_INDEXES, ''));
    if (
      typeof completions === 'number' &&
      completions > COMPLETIONS_SOFT_LIMIT &&
      given(spec, 'backoffLimitPerIndex')
    ) {
      const high = ` with completions above ${COMPLETIONS_SOFT_LIMIT} and backoffLimitPerIndex`;
      if (!given(spec, 'maxFailedIndexes')) findings.push({ at: ['maxFailedIndexes'], message: `is required${high}` });
      findings.push(...atMost('parallelism', parallelism, PARALLELISM_LIMIT_HIGH_COMPLETIONS, high));
      findings.push(...atMost('maxFailedIndexes', maxFailedIndexes, MAX_FAILED_INDEXES_HIGH_COMPLETIONS, high));
    }
  } else if (!given(spec, 'completionMode') || spec.completionMode === 'NonIndexed') {
    for (const field of ['backoffLimitPerIndex', 'maxFailedIndexes'])
      if (given(spec, field)) findings.push({ at: [field], message: 'requires completionMode Indexed' });
  }
  return findings;
}

/** validatePodReplacementPolicy (batch :314): Failed or TerminatingOrFailed, only Failed with a podFailurePolicy. */
function podReplacementPolicyFindings(spec: JsonMap): Finding[] {
  return oneOf(
    spec,
    'podReplacementPolicy',
    given(spec, 'podFailurePolicy') ? ['Failed'] : ['Failed', 'TerminatingOrFailed'],
    false,
  );
}

/** validateJobSpec (batch :192): the restart policy is OnFailure or Never (Always is the pod default, so it must be given), Never with a podFailurePolicy. */
function jobRestartPolicyFindings(spec: JsonMap): Finding[] {
  const policy = asMap(asMap(spec.template).spec).restartPolicy;
  const at = ['template', 'spec', 'restartPolicy'];
  if (policy === undefined || policy === null || policy === '' || policy === 'Always')
    return [
      {
        at,
        message: `must be OnFailure or Never for a Job's pods (got ${JSON.stringify(policy ?? '')}, or Always by default)`,
      },
    ];
  if (policy !== 'OnFailure' && policy !== 'Never')
    return [{ at, message: `expected "OnFailure", "Never" (got ${JSON.stringify(policy)})` }];
  return given(spec, 'podFailurePolicy') && policy !== 'Never'
    ? [{ at, message: `must be Never with a podFailurePolicy (got ${JSON.stringify(policy)})` }]
    : [];
}

/**
 * validateJobSpec (batch :192), which ValidateJobSpec (batch :171) and ValidateJobTemplateSpec
 * (batch :827) run: counts and durations 0 or more, the completion mode and its limits, the pod
 * failure, success and replacement policies, the restart policy. The pod template itself is
 * ValidatePodTemplateSpec's (objects.ts); managedBy is checked for its schema only.
 */
export function jobSpecRulesFindings(spec: JsonMap): Finding[] {
  const findings = [
    'parallelism',
    'completions',
    'activeDeadlineSeconds',
    'backoffLimit',
    'ttlSecondsAfterFinished',
    'backoffLimitPerIndex',
    'maxFailedIndexes',
  ].flatMap((field) => nonNegative(spec, field));
  if (given(spec, 'maxFailedIndexes') && !given(spec, 'backoffLimitPerIndex'))
    findings.push({ at: ['backoffLimitPerIndex'], message: 'is required with maxFailedIndexes' });
  findings.push(...completionModeFindings(spec));
  if (given(spec, 'podFailurePolicy'))
    findings.push(...under('podFailurePolicy', podFailurePolicyFindings(spec, asMap(spec.podFailurePolicy))));
  if (given(spec, 'successPolicy'))
    findings.push(
      ...(spec.completionMode === 'Indexed'
        ? under('successPolicy', successPolicyFindings(spec, asMap(spec.successPolicy)))
        : [{ at: ['successPolicy'], message: 'requires completionMode Indexed' }]),
    );
  findings.push(...podReplacementPolicyFindings(spec), ...jobRestartPolicyFindings(spec));
  return findings;
}

/**
 * ValidateJob (batch :152): an Indexed Job's pods are named after it with "-<index>" appended,
 * and the last such name must be a DNS label.
 */
export function indexedJobNameProblem(name: string, spec: JsonMap): string | undefined {
  const { completions } = spec;
  if (spec.completionMode !== 'Indexed' || typeof completions !== 'number' || completions <= 0) return undefined;
  const lastPod = `${name}-${completions - 1}`;
  return (
    dns1123LabelProblem(lastPod) &&
    `leaves no room for the index of the last pod, ${JSON.stringify(lastPod)}, which must be a DNS label`
  );
}

/** ValidateJobTemplateSpec (batch :827): the job spec's rules; the selector is generated, never given. */
function jobTemplateSpecFindings(spec: JsonMap): Finding[] {
  const findings = jobSpecRulesFindings(spec);
  if (given(spec, 'selector'))
    findings.push({ at: ['selector'], message: 'may not be given: it is generated for each Job' });
  if (spec.manualSelector === true) findings.push({ at: ['manualSelector'], message: 'may not be true in a CronJob' });
  return findings;
}

const TIME_ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

/**
 * validateTimeZone (batch :797): a name of the IANA time zone database's form: parts of 1 to 14
 * letters, digits, ".", "-", "_" or "+" between "/", no part "." or ".." or starting with "-",
 * and not Local. Whether the database has the name (time.LoadLocation) needs the database the API
 * server was built with, and is left to the cluster.
 */
export function timeZoneProblem(timeZone: string): string | undefined {
  const example = 'such as "Etc/UTC" or "Europe/Berlin"';
  if (timeZone === '') return `must be a time zone ${example}, or absent (got "")`;
  const invalid = timeZone
    .split('/')
    .some((part) => part === '.' || part === '..' || part.startsWith('-') || !TIME_ZONE_PART.test(part));
  if (invalid) return `must be a time zone name ${example} (got ${JSON.stringify(timeZone)})`;
  return timeZone.toLowerCase() === 'local'
    ? `must name an explicit time zone ${example}, not the API server's Local (got ${JSON.stringify(timeZone)})`
    : undefined;
}

/**
 * validateCronJobSpec (batch :721), which ValidateCronJobCreate (batch :696) runs: a schedule
 * (validateScheduleFormat, batch :772), startingDeadlineSeconds and the history limits 0 or more,
 * the time zone, the concurrency policy (validateConcurrencyPolicy, batch :757; Allow when
 * absent), and the job template.
 */
export function cronJobSpecRulesFindings(spec: JsonMap): Finding[] {
  const findings: Finding[] = [];
  if (typeof spec.schedule === 'string')
    findings.push(
      ...(spec.schedule === ''
        ? [{ at: ['schedule'], message: 'is required' }]
        : optional(['schedule'], cronScheduleProblem(spec.schedule))),
    );
  findings.push(...nonNegative(spec, 'startingDeadlineSeconds'));
  if (typeof spec.timeZone === 'string') findings.push(...optional(['timeZone'], timeZoneProblem(spec.timeZone)));
  findings.push(...oneOf(spec, 'concurrencyPolicy', ['Allow', 'Forbid', 'Replace']));
  findings.push(...under('jobTemplate', under('spec', jobTemplateSpecFindings(asMap(asMap(spec.jobTemplate).spec)))));
  findings.push(...nonNegative(spec, 'successfulJobsHistoryLimit'), ...nonNegative(spec, 'failedJobsHistoryLimit'));
  return findings;
}
