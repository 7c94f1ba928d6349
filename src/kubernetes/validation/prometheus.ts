import type { Finding } from '../../core/errors';
import type { JsonMap } from '../../core/json-map';
import { prometheusDurationMs } from '../../core/prometheus-duration';
import { eachOf, given } from './fields';

/**
 * The Prometheus Operator's checks of a ServiceMonitor's relabelings, which make it drop the
 * ServiceMonitor when they fail: prometheus-operator pkg/prometheus/validation/validator.go:90
 * ValidateRelabelConfig (v0.93.0), called for relabelings and metricRelabelings by
 * resource_selector.go:245. The rules that depend on the Prometheus version, which the release
 * doesn't know, are left out: the actions lowercase and uppercase (2.36+), keepequal and dropequal
 * (2.41+), and label names that only Prometheus 2 refuses (see labelNameProblem).
 */

/** relabel.DefaultRelabelConfig: what an unset field means. */
const DEFAULT_SEPARATOR = ';';
const DEFAULT_REGEX = '(.*)';
const DEFAULT_REPLACEMENT = '$1';

const NEEDS_TARGET_LABEL = ['replace', 'hashmod', 'lowercase', 'uppercase', 'keepequal', 'dropequal'];
const NO_REPLACEMENT = ['lowercase', 'uppercase', 'keepequal', 'dropequal'];

/** A lone surrogate, which has no UTF-8 encoding. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why every Prometheus refuses `name` as a label name, or undefined. The operator checks label
 * names by the Prometheus version (validator.go:72 isValidLabelName): from 3.0 any non-empty UTF-8
 * (pkg/operator/validations.go:23 ValidationSchemeForPrometheus, v0.93.0, the version the operator
 * runs by default), before it only `[a-zA-Z_][a-zA-Z0-9_]*`. What both refuse is refused here: a
 * name such as `service.name` needs Prometheus 3, which the manifest doesn't tell.
 */
export function labelNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty, which is not a label name';
  if (LONE_SURROGATE.test(name)) return `is not UTF-8, which a label name is (got ${JSON.stringify(name)})`;
  return undefined;
}

/** A field given with other than its default value. */
function changed(config: JsonMap, field: string, fallback: string | number): boolean {
  return given(config, field) && config[field] !== fallback && config[field] !== '';
}

/** The checks of one relabeling, each at the field it names. */
export function relabelConfigFindings(config: JsonMap): Finding[] {
  const action = typeof config.action === 'string' && config.action !== '' ? config.action.toLowerCase() : 'replace';
  const findings: Finding[] = [];
  if (action === 'hashmod' && !changed(config, 'modulus', 0))
    findings.push({ at: ['modulus'], message: 'is required (not 0) with action hashmod' });
  if (NEEDS_TARGET_LABEL.includes(action) && !changed(config, 'targetLabel', ''))
    findings.push({ at: ['targetLabel'], message: `is required with action ${action}` });
  else if (NEEDS_TARGET_LABEL.includes(action) && typeof config.targetLabel === 'string') {
    // validator.go:118-128 and :138.
    const problem = labelNameProblem(config.targetLabel);
    if (problem) findings.push({ at: ['targetLabel'], message: problem });
  }
  if (action === 'labelmap' && typeof config.replacement === 'string') {
    // validator.go:134: a labelmap's replacement names the labels it makes.
    const problem = labelNameProblem(config.replacement);
    if (problem) findings.push({ at: ['replacement'], message: `${problem} (with action labelmap it names a label)` });
  }
  if (NO_REPLACEMENT.includes(action) && changed(config, 'replacement', DEFAULT_REPLACEMENT))
    findings.push({ at: ['replacement'], message: `may not be set with action ${action}` });
  if (
    (action === 'keepequal' || action === 'dropequal') &&
    (changed(config, 'regex', DEFAULT_REGEX) ||
      changed(config, 'modulus', 0) ||
      changed(config, 'separator', DEFAULT_SEPARATOR))
  )
    findings.push({ at: ['action'], message: `is ${action}, which takes only sourceLabels and targetLabel` });
  if (
    (action === 'labeldrop' || action === 'labelkeep') &&
    ((Array.isArray(config.sourceLabels) && config.sourceLabels.length > 0) ||
      changed(config, 'targetLabel', '') ||
      changed(config, 'modulus', 0) ||
      changed(config, 'separator', DEFAULT_SEPARATOR) ||
      changed(config, 'replacement', DEFAULT_REPLACEMENT))
  )
    findings.push({ at: ['action'], message: `is ${action}, which takes only regex` });
  return findings;
}

/**
 * Why the Prometheus Operator drops an endpoint with this scrapeTimeout and interval, or undefined:
 * a timeout longer than the interval (pkg/prometheus/resource_selector.go:291
 * validateScrapeIntervalAndTimeout and promcfg.go:977 CompareScrapeTimeoutToScrapeInterval,
 * v0.93.0, both Prometheus durations). Without an interval, Prometheus's own applies, which the
 * manifest does not say. `intervalName` names the interval in the message.
 */
export function scrapeTimeoutProblem(
  interval: unknown,
  scrapeTimeout: unknown,
  intervalName: string,
): string | undefined {
  if (typeof interval !== 'string' || typeof scrapeTimeout !== 'string') return undefined;
  const every = prometheusDurationMs(interval);
  const timeout = prometheusDurationMs(scrapeTimeout);
  return every !== undefined && timeout !== undefined && timeout > every
    ? `is ${scrapeTimeout}, longer than ${intervalName} ${interval}: the Prometheus Operator drops such an endpoint, so make it at most the interval`
    : undefined;
}

/** Each endpoint's scrapeTimeout against its interval, and its relabelings and metricRelabelings (resource_selector.go:245-251). */
export function serviceMonitorSpecFindings(spec: JsonMap): Finding[] {
  return eachOf('endpoints', spec.endpoints, (endpoint) => {
    const timeoutProblem = scrapeTimeoutProblem(endpoint.interval, endpoint.scrapeTimeout, 'interval');
    return [
      ...(timeoutProblem ? [{ at: ['scrapeTimeout'], message: timeoutProblem }] : []),
      ...eachOf('relabelings', endpoint.relabelings, relabelConfigFindings),
      ...eachOf('metricRelabelings', endpoint.metricRelabelings, relabelConfigFindings),
    ];
  });
}
