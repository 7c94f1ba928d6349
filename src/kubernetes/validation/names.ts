import { describeValue, type Finding } from '../../core/errors';

/**
 * Kubernetes' rules for names, label keys and values, annotations and ports, as apimachinery's
 * pkg/util/validation/validation.go and pkg/api/validation/objectmeta.go state them (the
 * function each copies is named in its doc comment). Each returns what is wrong, or undefined.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const PORT_NAME_CHARACTERS = /^[-a-z0-9]+$/;
const PORT_NAME_LETTER = /[a-z]/;
const IPV4 = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;

/** IsDNS1123Label: lowercase letters, digits and "-", starting and ending alphanumeric, at most 63 characters. */
export function dns1123LabelProblem(value: string): string | undefined {
  return value.length <= 63 && DNS1123_LABEL.test(value)
    ? undefined
    : `must be a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters (got ${describeValue(value)})`;
}

/** IsDNS1123Subdomain: DNS labels joined by ".", at most 253 characters. */
export function dns1123SubdomainProblem(value: string): string | undefined {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value)
    ? undefined
    : `must be a DNS subdomain: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters (got ${describeValue(value)})`;
}

/** IsDNS1035Label (Service names, ValidateServiceName): a DNS label that starts with a letter. */
export function dns1035LabelProblem(value: string): string | undefined {
  return value.length <= 63 && DNS1035_LABEL.test(value)
    ? undefined
    : `must be a DNS-1035 label: lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, at most 63 characters (got ${describeValue(value)})`;
}

/** IsQualifiedName: label and annotation keys, `[prefix/]name`, the prefix a DNS subdomain, the name at most 63 characters. */
export function qualifiedNameProblem(value: string): string | undefined {
  if (validQualifiedNames.has(value)) return undefined;
  const problem = qualifiedNameCheck(value);
  if (problem === undefined && validQualifiedNames.size < VALID_QUALIFIED_NAMES_KEPT) validQualifiedNames.add(value);
  return problem;
}

/** Label and annotation keys found valid: a small vocabulary, met again on every object of a render. */
const validQualifiedNames = new Set<string>();
const VALID_QUALIFIED_NAMES_KEPT = 4096;

function qualifiedNameCheck(value: string): string | undefined {
  const parts = value.split('/');
  const name = parts[parts.length - 1];
  const prefix = parts.length === 2 ? parts[0] : undefined;
  const fine =
    parts.length <= 2 &&
    name.length <= 63 &&
    QUALIFIED_NAME_PART.test(name) &&
    (prefix === undefined || (prefix.length > 0 && dns1123SubdomainProblem(prefix) === undefined));
  return fine
    ? undefined
    : `must be a qualified name: an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit (got ${describeValue(value)})`;
}

/** IsValidLabelValue: empty, or at most 63 letters, digits, "-", "_" and ".", starting and ending alphanumeric. */
export function labelValueProblem(value: string): string | undefined {
  return value.length <= 63 && LABEL_VALUE.test(value)
    ? undefined
    : `must be a label value: empty, or at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit (got ${describeValue(value)})`;
}

/** IsConfigMapKey: letters, digits, "-", "_" and ".", at most 253 characters, not "." or ".." nor starting with "..". */
export function configMapKeyProblem(value: string): string | undefined {
  return value.length <= 253 && CONFIG_MAP_KEY.test(value) && value !== '.' && !value.startsWith('..')
    ? undefined
    : `must be a ConfigMap key: letters, digits, "-", "_" and ".", not "." nor starting with "..", at most 253 characters (got ${describeValue(value)})`;
}

/** IsEnvVarName: letters, digits, "-", "_" and ".", not starting with a digit. */
export function envVarNameProblem(value: string): string | undefined {
  return ENV_VAR_NAME.test(value)
    ? undefined
    : `must be an environment variable name: letters, digits, "-", "_" and ".", not starting with a digit (got ${describeValue(value)})`;
}

/** IsValidPortName (IANA_SVC_NAME): at most 15 lowercase letters, digits and "-", a letter among them, no "-" at either end or twice in a row. */
export function portNameProblem(value: string): string | undefined {
  const fine =
    value.length >= 1 &&
    value.length <= 15 &&
    PORT_NAME_CHARACTERS.test(value) &&
    PORT_NAME_LETTER.test(value) &&
    !value.includes('--') &&
    !value.startsWith('-') &&
    !value.endsWith('-');
  return fine
    ? undefined
    : `must be a port name (IANA_SVC_NAME): at most 15 lowercase letters, digits and "-", with a letter, no "-" at either end or twice in a row (got ${describeValue(value)})`;
}

/** IsValidPortNum: 1 to 65535. */
export function portNumberProblem(value: number): string | undefined {
  return Number.isInteger(value) && value >= 1 && value <= 65535
    ? undefined
    : `must be a port number from 1 to 65535 (got ${describeValue(value)})`;
}

/** supportedPortProtocols (pkg/apis/core/validation/validation.go:2544 at v1.31.1). */
export const PORT_PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

/** A port's protocol once defaulted: TCP when empty or unset. */
export function protocolOf(port: Readonly<Record<string, unknown>>): string {
  return typeof port.protocol === 'string' && port.protocol !== '' ? port.protocol : 'TCP';
}

/** A port given as a number or a name (an IntOrString port of a probe or a Service's targetPort). */
export function portProblem(value: unknown): string | undefined {
  if (typeof value === 'number') return portNumberProblem(value);
  if (typeof value === 'string') return portNameProblem(value);
  return undefined;
}

/** Whether the value reads as an IPv4 or IPv6 address (netutils.ParseIPSloppy). */
export function isIpAddress(value: string): boolean {
  return IPV4.test(value) || (value.includes(':') && /^[0-9a-fA-F:.]+$/.test(value));
}

/** ValidateLabels: every key a qualified name, every value a label value. */
export function labelsFindings(labels: Readonly<Record<string, unknown>>): Finding[] {
  const findings: Finding[] = [];
  for (const key of Object.keys(labels)) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem !== undefined) findings.push({ at: [key], message: keyProblem });
    const value = labels[key];
    const valueProblem = typeof value === 'string' ? labelValueProblem(value) : undefined;
    if (valueProblem !== undefined) findings.push({ at: [key], message: valueProblem });
  }
  return findings;
}

/** TotalAnnotationSizeLimitB: the keys and values of an object's annotations together. */
export const ANNOTATIONS_SIZE_LIMIT = 256 * 1024;

/** ValidateAnnotations: every key a qualified name (compared lowercased), all of them at most 256 KiB. */
export function annotationsFindings(annotations: Readonly<Record<string, unknown>>): Finding[] {
  let size = 0;
  const findings: Finding[] = [];
  for (const [key, value] of Object.entries(annotations)) {
    const keyProblem = qualifiedNameProblem(key.toLowerCase());
    if (keyProblem !== undefined) findings.push({ at: [key], message: keyProblem });
    size += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  }
  if (size > ANNOTATIONS_SIZE_LIMIT)
    findings.push({ at: [], message: `may not be larger than 256 KiB in all (got ${size} bytes)` });
  return findings;
}

/** A finding at `at` when there is a problem. */
export function optional(at: readonly PropertyKey[], problem: string | undefined): Finding[] {
  return problem === undefined ? [] : [{ at, message: problem }];
}
