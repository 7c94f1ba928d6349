import { grpcPort, serverPorts, servicePortName } from '../../derive/ports';
import { type Release, commonLabels, grpcObjectName } from '../../derive/release';
import { ingressTls, serverServesTls } from '../../derive/server-tls';
import type { HeadscaleValues } from '../../values/schema';
import type { ServiceIngressProps } from '../../components/service-ingress';
import type { TlsCertificateProps } from '../../components/tls-certificate';
import type { ParentReference } from '../../components/kube';
import type { RoutePath, ServiceGrpcRouteProps, ServiceHttpRouteProps } from '../../components/routes';
import { HEADPLANE_PATH, headplaneIngressPath, headplaneName } from '../../derive/headplane';
import { uiName } from '../../derive/ui';
import type { Rule } from '../rules';

// The ways in from outside: Ingresses, Gateway API routes and the TLS certificate.

export function ingressProps(values: HeadscaleValues, release: Release): ServiceIngressProps {
  const { ingress } = values;
  return {
    name: release.fullname,
    labels: commonLabels(release),
    serviceName: release.fullname,
    servicePortName: servicePortName(serverServesTls(values)),
    className: ingress.className,
    annotations: ingress.annotations,
    tls: ingressTls(values),
    // Headplane's path joins each host's, to Headplane's Service.
    rules: values.headplane.enabled
      ? ingress.hosts.map((host) => ({ ...host, paths: [...host.paths, headplaneIngressPath(release)] }))
      : ingress.hosts,
  };
}

/**
 * The HTTPRoute's paths: everything to the server, and the UI's path to the UI, as the ingresses
 * route them. Another backend (an admin UI, say) adds its path here.
 */
export function httpRoutePaths(values: HeadscaleValues, release: Release): RoutePath[] {
  return [
    { path: '/', serviceName: release.fullname, port: serverPorts(values).service },
    ...(values.ui.enabled
      ? [{ path: values.ui.ingress.path, serviceName: uiName(release), port: values.ui.service.port }]
      : []),
    ...(values.headplane.enabled
      ? [{ path: HEADPLANE_PATH, serviceName: headplaneName(release), port: values.headplane.port }]
      : []),
  ];
}

export function httpRouteProps(values: HeadscaleValues, release: Release): ServiceHttpRouteProps {
  const { httpRoute } = values;
  return {
    name: release.fullname,
    labels: { ...httpRoute.labels, ...commonLabels(release) },
    annotations: httpRoute.annotations,
    parentRefs: httpRoute.parentRefs as unknown as ParentReference[],
    hostnames: httpRoute.hostnames,
    paths: httpRoutePaths(values, release),
  };
}

export function grpcRouteProps(values: HeadscaleValues, release: Release): ServiceGrpcRouteProps {
  const { grpcRoute, httpRoute } = values;
  return {
    name: grpcObjectName(release),
    labels: { ...grpcRoute.labels, ...commonLabels(release) },
    annotations: grpcRoute.annotations,
    parentRefs: (grpcRoute.parentRefs.length > 0
      ? grpcRoute.parentRefs
      : httpRoute.parentRefs) as unknown as ParentReference[],
    hostnames: grpcRoute.hostnames,
    serviceName: release.fullname,
    port: grpcPort(values)!,
  };
}

/**
 * An Ingress to the gRPC port. ingress-nginx speaks HTTP/1 to backends unless told: its
 * backend-protocol annotation makes it gRPC (GRPCS over Headscale's own TLS)
 * (https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#backend-protocol).
 */
export function grpcIngressProps(values: HeadscaleValues, release: Release): ServiceIngressProps {
  const { ingress } = values.grpc;
  const className = ingress.className || values.ingress.className;
  const derived: Record<string, string> =
    className === 'nginx'
      ? { 'nginx.ingress.kubernetes.io/backend-protocol': serverServesTls(values) ? 'GRPCS' : 'GRPC' }
      : {};
  return {
    name: grpcObjectName(release),
    labels: commonLabels(release),
    serviceName: release.fullname,
    servicePortName: 'grpc',
    className,
    annotations: { ...derived, ...ingress.annotations },
    tls: ingress.tls,
    rules: [{ host: ingress.host, paths: [{ path: '/', pathType: 'Prefix' }] }],
  };
}

/**
 * The names the Secret is served for, and the names given: the Service's cluster names, which the
 * in-cluster client and the UI dial, when Headscale serves TLS itself; else the ingress's hosts,
 * as the ingress terminates TLS with it (a public issuer can't sign cluster names).
 */
export function certificateProps(values: HeadscaleValues, release: Release): TlsCertificateProps {
  const { certificate, secretName } = values.tls;
  const service = `${release.fullname}.${release.namespace}.svc`;
  const served = serverServesTls(values)
    ? [`${service}.cluster.local`, service]
    : values.ingress.hosts.map((entry) => entry.host);
  return {
    name: release.fullname,
    labels: commonLabels(release),
    secretName,
    dnsNames: [...new Set([...served, ...certificate.dnsNames])],
    issuerRef: certificate.issuerRef,
  };
}

export const ingressHasAHost: Rule = (values) =>
  values.ingress.enabled && values.ingress.hosts.length === 0
    ? [{ path: 'ingress.hosts', message: 'needs at least one host when ingress.enabled is true' }]
    : [];

/** One way in from outside: the two would each derive server_url and route the same paths. */
export const ingressOrHttpRoute: Rule = ({ ingress, httpRoute }) =>
  ingress.enabled && httpRoute.enabled
    ? [
        {
          path: 'httpRoute.enabled',
          message:
            "can't be combined with ingress.enabled: expose Headscale through an Ingress or a Gateway API HTTPRoute, not both (turn one off)",
        },
      ]
    : [];

/** A route attaches to a Gateway through its parentRefs; without one no Gateway serves it. */
export const routesHaveParents: Rule = ({ httpRoute, grpcRoute }) => [
  ...(httpRoute.enabled && httpRoute.parentRefs.length === 0
    ? [
        {
          path: 'httpRoute.parentRefs',
          message: 'needs at least one Gateway (such as { name: public }) when httpRoute.enabled is true',
        },
      ]
    : []),
  ...(grpcRoute.enabled && grpcRoute.parentRefs.length === 0 && httpRoute.parentRefs.length === 0
    ? [
        {
          path: 'grpcRoute.parentRefs',
          message: 'needs at least one Gateway (or httpRoute.parentRefs) when grpcRoute.enabled is true',
        },
      ]
    : []),
];

/** cert-manager writes the Certificate into tls.secretName, which Headscale or the ingress serves, and needs an issuer. */
export const certificateIsNamed: Rule = ({ tls }) =>
  tls.certificate.enabled
    ? [
        ...(tls.secretName
          ? []
          : [
              {
                path: 'tls.secretName',
                message:
                  'is required with tls.certificate.enabled: the Secret cert-manager writes and Headscale (or, with an ingress, the ingress) serves TLS from',
              },
            ]),
        ...(tls.certificate.issuerRef.name
          ? []
          : [
              {
                path: 'tls.certificate.issuerRef.name',
                message:
                  'is required with tls.certificate.enabled: the Issuer or ClusterIssuer that signs the certificate',
              },
            ]),
      ]
    : [];

const BACKEND_PROTOCOL = 'nginx.ingress.kubernetes.io/backend-protocol';

/**
 * The backend protocol an ingress's annotations set, when it is another than the plain HTTP every
 * backend behind an ingress speaks.
 */
function backendProtocolOtherThanHttp(annotations: Readonly<Record<string, string>>): string | undefined {
  const protocol = annotations[BACKEND_PROTOCOL];
  return protocol !== undefined && protocol.toUpperCase() !== 'HTTP' ? protocol : undefined;
}

/**
 * With an ingress, Headscale behind it serves plain HTTP, as in chart 0.2.0: `tls.secretName` is
 * the ingress's certificate unless `ingress.tls` gives its own, and nothing speaks HTTPS to the
 * backend. Headplane (a path of the same ingress) and headscale-ui (an ingress of its own, with
 * the ingress's annotations and its own) speak plain HTTP too.
 */
export const ingressTerminatesTls: Rule = ({ ingress, tls, ui, headplane }) => {
  if (!ingress.enabled) return [];
  const ingressProtocol = backendProtocolOtherThanHttp(ingress.annotations);
  const uiProtocol = ui.enabled ? backendProtocolOtherThanHttp(ui.ingress.annotations) : undefined;
  const backends = ['Headscale', ...(headplane.enabled ? ['Headplane'] : []), ...(ui.enabled ? ['headscale-ui'] : [])];
  return [
    ...(tls.secretName && ingress.tls.length > 0
      ? [
          {
            path: 'tls.secretName',
            message: `is not used: with an ingress, Headscale serves plain HTTP behind it and the ingress terminates TLS, here with ingress.tls's Secrets. Leave ingress.tls empty for the ingress to serve ${JSON.stringify(tls.secretName)} for its hosts, or remove tls.secretName`,
          },
        ]
      : []),
    ...(ingressProtocol
      ? [
          {
            path: 'ingress.annotations',
            message: `sets ${BACKEND_PROTOCOL}: ${ingressProtocol}, but ${backends.join(', ')} behind an ingress serve${backends.length === 1 ? 's' : ''} plain HTTP (tls.secretName is the ingress's certificate there): remove the annotation, or the ingress fails to reach them`,
          },
        ]
      : []),
    ...(uiProtocol
      ? [
          {
            path: 'ui.ingress.annotations',
            message: `sets ${BACKEND_PROTOCOL}: ${uiProtocol}, but headscale-ui serves plain HTTP: remove the annotation, or its ingress fails to reach it`,
          },
        ]
      : []),
  ];
};

/**
 * Without an ingress, `tls.secretName` makes Headscale serve TLS itself, and the HTTPRoute sends
 * the Gateway's traffic to that port; a Gateway speaks plain HTTP to a backend unless a
 * BackendTLSPolicy says otherwise. Headplane and headscale-ui, on their own paths, speak HTTP.
 */
export const gatewayReachesHeadscaleOverTls: Rule = (values) =>
  values.httpRoute.enabled && serverServesTls(values)
    ? [
        {
          path: 'tls.secretName',
          message: `makes Headscale serve TLS itself, so the HTTPRoute sends the Gateway's requests to its https port, and a Gateway speaks plain HTTP to a backend: add a BackendTLSPolicy (Gateway API) for the Service's port https that trusts the certificate's CA, or remove tls.secretName and let the Gateway's listener terminate TLS`,
        },
      ]
    : [];
