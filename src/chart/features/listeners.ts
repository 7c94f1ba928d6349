import { LITESTREAM_METRICS_PORT_NAME } from '../../components/litestream-sidecar';
import { embeddedDerpEnabled, grpcPort, metricsPort, serverPorts, stunPort } from '../../derive/ports';
import { type Release, commonLabels, selectorLabels, stunServiceName } from '../../derive/release';
import { derivedServerUrl } from '../../derive/urls';
import type { ValuesProblem } from '../../core/errors';
import { scrapeTimeoutProblem } from '../../kubernetes/validation/prometheus';
import { configValue } from '../../values/headscale-config';
import type { HeadscaleValues } from '../../values/schema';
import type { StunProps } from '../../components/headscale-server';
import type { MetricsServiceMonitorProps } from '../../components/metrics-service-monitor';
import type { Rule } from '../rules';

// The server's listeners beyond HTTP: metrics and the ServiceMonitor, gRPC, the embedded DERP server's STUN.

export function stunProps(values: HeadscaleValues, release: Release): StunProps | undefined {
  const port = stunPort(values);
  if (port === undefined) return undefined;
  const { expose, annotations, loadBalancerIP, externalTrafficPolicy } = values.stun;
  return { serviceName: stunServiceName(release), port, expose, annotations, loadBalancerIP, externalTrafficPolicy };
}

export function serviceMonitorProps(values: HeadscaleValues, release: Release): MetricsServiceMonitorProps {
  const { serviceMonitor } = values.metrics;
  return {
    name: release.fullname,
    labels: { ...serviceMonitor.labels, ...commonLabels(release) },
    // The server's Service: the UI's carries these labels too, but no port named metrics.
    serviceSelector: selectorLabels(release),
    // Litestream's metrics, beside Headscale in the server's pod.
    additionalPorts: values.backup.enabled ? [LITESTREAM_METRICS_PORT_NAME] : [],
    interval: serviceMonitor.interval,
    scrapeTimeout: serviceMonitor.scrapeTimeout,
    relabelings: serviceMonitor.relabelings,
    metricRelabelings: serviceMonitor.metricRelabelings,
  };
}

/** The ServiceMonitor scrapes the metrics port, and the GRPCRoute routes to the gRPC port: each needs its listener. */
export const listenersOfTheirConsumers: Rule = (values) => [
  ...(values.metrics.serviceMonitor.enabled && !values.metrics.enabled
    ? [
        {
          path: 'metrics.serviceMonitor.enabled',
          message: 'needs metrics.enabled: the ServiceMonitor scrapes the port it adds',
        },
      ]
    : []),
  ...(values.grpcRoute.enabled && !values.grpc.enabled
    ? [{ path: 'grpcRoute.enabled', message: 'needs grpc.enabled: the GRPCRoute routes to the gRPC port it adds' }]
    : []),
  ...(values.grpc.ingress.enabled && !values.grpc.enabled
    ? [{ path: 'grpc.ingress.enabled', message: 'needs grpc.enabled: the Ingress routes to the gRPC port it adds' }]
    : []),
  ...(values.grpc.enabled && values.grpc.ingress.enabled && !values.grpc.ingress.host
    ? [{ path: 'grpc.ingress.host', message: 'is required when grpc.ingress.enabled is true' }]
    : []),
];

/** A ServiceMonitor endpoint the Prometheus Operator drops, found at the values key (see scrapeTimeoutProblem). */
export const scrapeTimeoutWithinInterval: Rule = ({ metrics }) => {
  const { enabled, interval, scrapeTimeout } = metrics.serviceMonitor;
  const problem = enabled
    ? scrapeTimeoutProblem(interval, scrapeTimeout, 'metrics.serviceMonitor.interval')
    : undefined;
  return problem ? [{ path: 'metrics.serviceMonitor.scrapeTimeout', message: problem }] : [];
};

/** A port of the server's Service and the values key that gives it (or, left to its default, turns it on). */
interface ServicePortOrigin {
  readonly port: number | undefined;
  readonly key: string;
}

/** The key of a listener's port: its config.yaml address when set, else its port key when set, else its switch. */
function originKey(values: HeadscaleValues, name: 'metrics' | 'grpc', address: string): string {
  const configured = values.config?.[address];
  if (typeof configured === 'string' && configured !== '') return `config.${address}`;
  return values[name].port !== undefined ? `${name}.port` : `${name}.enabled`;
}

/**
 * The server's Service carries Headscale's HTTP port, the metrics port and the gRPC port: the API
 * server refuses two Service ports of one number and protocol (ValidateService,
 * pkg/apis/core/validation/validation.go:5657 at v1.31.1), and Headscale can't bind one port
 * twice, so each listener needs a port of its own. Named at the key that gave the later port.
 */
export const listenersOnPortsOfTheirOwn: Rule = (values) => {
  const origins: ServicePortOrigin[] = [
    { port: serverPorts(values).service, key: 'service.port' },
    { port: metricsPort(values), key: originKey(values, 'metrics', 'metrics_listen_addr') },
    { port: grpcPort(values), key: originKey(values, 'grpc', 'grpc_listen_addr') },
  ];
  return origins.flatMap((origin, index) => {
    const earlier = origins.slice(0, index).find((other) => other.port !== undefined && other.port === origin.port);
    return earlier
      ? [
          {
            path: origin.key,
            message: `puts a port of the server's Service on ${origin.port}, where ${earlier.key} has one already: give each listener a port of its own`,
          },
        ]
      : [];
  });
};

const LOOPBACK = /^(127\.|localhost:|\[::1\]:)/;

/**
 * A listener that a values switch turns on and config.yaml's address both set must name one port,
 * on the pod's addresses: the container and Service ports follow it (as for listen_addr).
 */
export const listenersOnTheirPorts: Rule = (values) =>
  [
    { switch: 'metrics', key: 'metrics_listen_addr', given: values.metrics.port, port: metricsPort(values) },
    { switch: 'grpc', key: 'grpc_listen_addr', given: values.grpc.port, port: grpcPort(values) },
  ].flatMap(({ switch: name, key, given, port }) => {
    const address = values.config?.[key];
    if (port === undefined || typeof address !== 'string' || address === '') return [];
    if (LOOPBACK.test(address))
      return [
        {
          path: `config.${key}`,
          message: `listens on the loopback address only (got ${JSON.stringify(address)}), which ${name}.enabled exposes through the Service: listen on 0.0.0.0, or leave it unset`,
        },
      ];
    return given !== undefined && given !== port
      ? [
          {
            path: `config.${key}`,
            message: `listens on port ${port} (got ${JSON.stringify(address)}) while ${name}.port is ${given}: set one of them (the other follows it), or the same port in both`,
          },
        ]
      : [];
  });

/**
 * Headscale advertises the STUN listener's port in the DERP map (hscontrol/derp/server/derp_server.go,
 * GenerateRegion), so a NodePort Service uses it as its node port, which most clusters allow only
 * in 30000-32767 (the API server's --service-node-port-range).
 */
export const stunNodePortInRange: Rule = (values) => {
  const port = stunPort(values);
  return port !== undefined && values.stun.expose === 'NodePort' && (port < 30000 || port > 32767)
    ? [
        {
          path: 'stun.expose',
          message: `is NodePort, so the STUN port ${port} is also the node port, outside the default node port range 30000-32767: set config.derp.server.stun_listen_addr to a port in the cluster's range (such as 0.0.0.0:30478), or use LoadBalancer or hostPort`,
        },
      ]
    : [];
};

/**
 * Without TLS of its own, Headscale's gRPC (API keys included) is plaintext on the pod network:
 * only when asked for. Headscale starts the gRPC listener only with TLS (a certificate and key, or
 * Let's Encrypt) or grpc_allow_insecure: hscontrol/app.go:788 (v0.29.2).
 */
export const grpcIsInsecureOnlyWhenAsked: Rule = (values, config) => {
  if (!values.grpc.enabled || !config) return [];
  const given = (key: string) => {
    const value = configValue(config.config, key);
    return value !== undefined && value !== null && value !== '';
  };
  const tls = given('tls_letsencrypt_hostname') || (given('tls_cert_path') && given('tls_key_path'));
  return tls || configValue(config.config, 'grpc_allow_insecure') === true
    ? []
    : [
        {
          path: 'grpc.enabled',
          message:
            'needs TLS or grpc.allowInsecure: true: Headscale has no certificate of its own, so its gRPC (API keys included) would be plaintext on the pod network. Give Headscale TLS (tls.secretName without an ingress), or set grpc.allowInsecure: true when a grpcRoute or grpc.ingress terminates TLS in front',
        },
      ];
};

/**
 * The embedded DERP server's node in the DERP map is server_url's host, on its port or 443 for
 * https and 80 for http (hscontrol/derp/server/derp_server.go, GenerateRegion), and tailscale
 * clients speak TLS to a DERP node (its DERPPort is "the DERP HTTPS server", tailscale/tailscale
 * tailcfg/derpmap.go): server_url must be https.
 */
export function embeddedDerpIsServedOverHttps(values: HeadscaleValues, release: Release): ValuesProblem[] {
  if (!values.configMap.create || !embeddedDerpEnabled(values)) return [];
  const given = values.config?.server_url;
  const url = typeof given === 'string' && given !== '' ? given : derivedServerUrl(values, release);
  return url.startsWith('https://')
    ? []
    : [
        {
          path: 'config.derp.server.enabled',
          message: `needs an https server_url (got ${JSON.stringify(url)}): clients reach the embedded DERP server at server_url's host over TLS. Give ingress.tls, httpRoute.hostnames (https), tls.secretName, or an https config.server_url`,
        },
      ];
}
