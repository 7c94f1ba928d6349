import { HEADPLANE_DATA_PATH } from '../values/defaults';
import { HEADPLANE_CONFIG_RULES, detectHeadplaneVersion } from '../values/headplane-config';
import { helmMerge } from '../values/helm-merge';
import type { JsonMap } from '../core/json-map';
import type { HeadscaleValues } from '../values/schema';
import { SERVER_TLS_DIR } from './headscale-config';
import { CONFIG_PATH } from './mounted-files';
import { objectName, type Release } from './release';
import { serverServesTls } from './server-tls';
import { clusterServiceUrl, publicUrl } from './urls';

/**
 * Headplane (tale/headplane), a web UI in a Deployment of its own: its names, its route on the
 * ingress and its config.yaml. Headplane reads /etc/headplane/config.yaml (config.example.yaml,
 * docs/configuration/index.md); secrets come from files (`*_path`), never from this file.
 */

/** Headplane serves its UI, and `/admin/healthz`, under this path; it can't be changed. */
export const HEADPLANE_PATH = '/admin';
/** Where Headplane's Secret (cookie_secret, api_key) is mounted. */
export const HEADPLANE_SECRET_DIR = '/etc/headplane-secrets';
/** Where the OIDC client secret is mounted. */
export const HEADPLANE_OIDC_DIR = '/etc/headplane-oidc';

/**
 * The ingress path that reaches Headplane: a path of the server's ingress to Headplane's Service,
 * port `http`, beside Headscale's own paths on the same hosts.
 */
export function headplaneIngressPath(release: Release) {
  return {
    path: HEADPLANE_PATH,
    pathType: 'Prefix',
    serviceName: headplaneName(release),
    servicePortName: 'http',
  } as const;
}

/** Headplane's Deployment, Service, ServiceAccount, ConfigMap, Secret and claim: `<fullname>-headplane`. */
export function headplaneName(release: Release): string {
  return objectName(release, '-headplane');
}

type HeadplaneValues = Pick<HeadscaleValues, 'headplane' | 'ingress' | 'httpRoute' | 'service' | 'tls' | 'config'>;

/**
 * Headplane's config.yaml, as the Headplane version of the image reads it: the server on
 * `headplane.port` under the ingress URL, Headscale reached at its Service's cluster name
 * (trusting its CA with TLS), its config.yaml read from the server's ConfigMap, secrets from
 * mounted files (the API key in `headscale.api_key_path` from 0.7, in `oidc.headscale_api_key_path`
 * before, which reads it only for OIDC), OIDC when enabled; then `headplane.config` merged over
 * it. It has no integration: with Headscale's config read-only (a ConfigMap) the Kubernetes
 * integration could edit nothing, and it would need the Headscale pod's process namespace.
 */
export function headplaneConfig(values: HeadplaneValues, release: Release): JsonMap {
  const { headplane } = values;
  const tls = serverServesTls(values);
  const headplaneUrl = publicUrl(values);
  const apiKeyPath = `${HEADPLANE_SECRET_DIR}/api_key`;
  const apiKeyInOidc =
    HEADPLANE_CONFIG_RULES[detectHeadplaneVersion(headplane.image.tag).version].apiKey === 'oidc.headscale_api_key';
  const derived: JsonMap = {
    server: {
      host: '0.0.0.0',
      port: headplane.port,
      ...(headplaneUrl ? { base_url: headplaneUrl } : {}),
      cookie_secret_path: `${HEADPLANE_SECRET_DIR}/cookie_secret`,
      cookie_secure: headplane.cookieSecure,
      data_path: HEADPLANE_DATA_PATH,
    },
    headscale: {
      url: clusterServiceUrl(values, release),
      ...(tls ? { tls_cert_path: `${SERVER_TLS_DIR}/ca.crt` } : {}),
      ...(headplaneUrl ? { public_url: headplaneUrl } : {}),
      config_path: CONFIG_PATH,
      config_strict: headplane.configStrict,
      ...(apiKeyInOidc ? {} : { api_key_path: apiKeyPath }),
    },
    ...(headplane.oidc.enabled
      ? {
          oidc: {
            issuer: headplane.oidc.issuer,
            client_id: headplane.oidc.clientId,
            client_secret_path: `${HEADPLANE_OIDC_DIR}/client_secret`,
            ...(apiKeyInOidc ? { headscale_api_key_path: apiKeyPath } : {}),
            disable_api_key_login: headplane.oidc.disableApiKeyLogin,
            use_pkce: headplane.oidc.usePkce,
            scope: headplane.oidc.scope,
          },
        }
      : {}),
  };
  return helmMerge(derived, headplane.config);
}
