import { internalTlsEnabled, internalTlsSecretName, tlsSidecarConfigName } from '../../derive/internal-tls';
import { serverPorts } from '../../derive/ports';
import { type Release, commonLabels, imageReference } from '../../derive/release';
import { clientTransport } from '../../derive/urls';
import { INTERNAL_TLS_PORT, INTERNAL_TLS_SERVICE_PORT } from '../../values/defaults';
import type { HeadscaleValues } from '../../values/schema';
import type { TlsSidecarProps } from '../../components/tls-sidecar';
import type { Rule } from '../rules';

// The client's TLS listener in the server's pod: its props and rules.

export function tlsSidecarProps(values: HeadscaleValues, release: Release): TlsSidecarProps {
  const { sidecarImage } = values.client.internalTls;
  return {
    name: tlsSidecarConfigName(release),
    labels: commonLabels(release),
    secretName: internalTlsSecretName(release),
    upstreamPort: serverPorts(values).container,
    image: imageReference(sidecarImage),
    imagePullPolicy: sidecarImage.pullPolicy,
  };
}

/**
 * The TLS listener shares the server's pod (one network namespace) and Service: Headscale's port
 * can't be the listener's container port, nor the Service's http port its 443.
 */
export const internalTlsPortsAreFree: Rule = (values) => {
  if (!internalTlsEnabled(values)) return [];
  const ports = serverPorts(values);
  const fix =
    "(the client's TLS listener, as an ingress fronts Headscale): choose another port, or set client.internalTls.enabled to false";
  if (ports.container === INTERNAL_TLS_PORT)
    return [
      {
        path: typeof values.config?.listen_addr === 'string' ? 'config.listen_addr' : 'service.port',
        message: `puts Headscale on port ${INTERNAL_TLS_PORT}, where the TLS sidecar listens in the same pod ${fix}`,
      },
    ];
  return ports.service === INTERNAL_TLS_SERVICE_PORT
    ? [
        {
          path: 'service.port',
          message: `puts Headscale's http port on the Service's port ${INTERNAL_TLS_SERVICE_PORT}, which is the TLS sidecar's ${fix}`,
        },
      ]
    : [];
};

/** Chart 0.2.0's sidecar image (nginx on Alpine, openssl installed at start) is not used: say what is. */
export const internalTlsIsMapped: Rule = (values) => {
  if (values.client.internalTls.image === undefined) return [];
  const transport = clientTransport(values);
  const how =
    transport === 'internal-tls'
      ? 'the TLS sidecar runs client.internalTls.sidecarImage, which has openssl, and the key job makes its certificate'
      : transport === 'server-tls'
        ? 'Headscale serves TLS itself (tls.secretName) and the client trusts its ca.crt'
        : transport === 'public-https'
          ? 'the client logs in to the https server_url'
          : 'nothing gives Headscale TLS yet (see the warning on client.enabled)';
  return [
    {
      path: 'client.internalTls.image',
      message: `is chart 0.2.0's image of its TLS sidecar, whose Alpine nginx has no openssl (the chart installs it at start), and is not used: ${how}`,
    },
  ];
};
