import { k8s } from 'cdk8s-plus-28';
import { isJsonMap, JsonMap } from '../values/json-map';

/**
 * Values hold Kubernetes fragments as plain JSON (`memory: 256Mi`, `port: http`). The generated
 * k8s bindings expect Quantity and IntOrString objects in a few places and drop plain values
 * there, so fragments pass through these converters on their way into an object.
 */

export function intOrString(value: number | string): k8s.IntOrString {
  return typeof value === 'number' ? k8s.IntOrString.fromNumber(value) : k8s.IntOrString.fromString(value);
}

function quantity(value: unknown): k8s.Quantity {
  return typeof value === 'number' ? k8s.Quantity.fromNumber(value) : k8s.Quantity.fromString(String(value));
}

function quantities(map: unknown): Record<string, k8s.Quantity> | undefined {
  if (!isJsonMap(map)) return undefined;
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, quantity(value)]));
}

/** `resources` of a container or a claim: requests and limits are quantities. */
export function resourcesFromJson(json: JsonMap): k8s.ResourceRequirements {
  return { ...json, limits: quantities(json.limits), requests: quantities(json.requests) };
}

/** A probe: the port of `httpGet` and `tcpSocket` is a number or a port name. */
export function probeFromJson(json: JsonMap | undefined): k8s.Probe | undefined {
  if (!json) return undefined;
  const withPort = (action: unknown) => (isJsonMap(action) ? { ...action, port: intOrString(action.port as number | string) } : undefined);
  return { ...json, httpGet: withPort(json.httpGet), tcpSocket: withPort(json.tcpSocket) } as k8s.Probe;
}

/** A volume: an emptyDir's size limit and a generic ephemeral volume's request are quantities. */
export function volumeFromJson(json: JsonMap): k8s.Volume {
  const volume = { ...json } as JsonMap;
  if (isJsonMap(json.emptyDir)) volume.emptyDir = { ...json.emptyDir, sizeLimit: json.emptyDir.sizeLimit === undefined ? undefined : quantity(json.emptyDir.sizeLimit) };
  const template = isJsonMap(json.ephemeral) && isJsonMap(json.ephemeral.volumeClaimTemplate) ? json.ephemeral.volumeClaimTemplate : undefined;
  if (template && isJsonMap(template.spec) && isJsonMap(template.spec.resources)) {
    volume.ephemeral = { ...(json.ephemeral as JsonMap), volumeClaimTemplate: { ...template, spec: { ...template.spec, resources: resourcesFromJson(template.spec.resources) } } };
  }
  return volume as unknown as k8s.Volume;
}
