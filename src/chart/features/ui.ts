import { problemAt } from '../../core/errors';
import { detectHeadplaneVersion, headplaneConfigWarnings } from '../../values/headplane-config';
import { serverServesTls } from '../../derive/server-tls';
import { type Release, commonLabels, imageReference, selectorLabels } from '../../derive/release';
import { ingressUrl, publicUrl } from '../../derive/urls';
import { FEATURE_SINCE, isAtLeast } from '../../values/headscale-versions';
import type { HeadscaleValues } from '../../values/schema';
import type { HeadplaneProps } from '../../components/headplane';
import type { EnvVar } from '../../components/kube';
import type { HeadscaleUiProps } from '../../components/headscale-ui';
import { headplaneConfig, headplaneName } from '../../derive/headplane';
import { uiConfigFile, uiHeadscaleUrl, uiIngressRoute, uiName } from '../../derive/ui';
import { serverReference, serverVersion } from './server';
import type { Rule } from '../rules';

// The web UIs, headscale-ui and Headplane: their props and rules.

export function uiProps(values: HeadscaleValues, release: Release): HeadscaleUiProps {
  const { ui } = values;
  return {
    name: uiName(release),
    labels: commonLabels(release, 'ui'),
    selector: selectorLabels(release, 'ui'),
    server: serverReference(values, release),
    headscaleUrl: uiHeadscaleUrl(values, release),
    headscaleUrlEnvName: ui.headscaleUrlEnvName,
    image: imageReference(ui.image),
    imagePullPolicy: ui.image.pullPolicy,
    env: ui.extraEnv as unknown as EnvVar[],
    resources: ui.resources,
    containerPort: ui.containerPort,
    service: { type: ui.service.type, port: ui.service.port },
    configFile: uiConfigFile(values, release),
    persistence: ui.persistence.enabled ? ui.persistence : false,
    disruptionBudget: ui.podDisruptionBudget.enabled ? ui.podDisruptionBudget : false,
    ingress: uiIngressRoute(values),
  };
}

export function headplaneProps(values: HeadscaleValues, release: Release): HeadplaneProps {
  const { headplane } = values;
  return {
    name: headplaneName(release),
    labels: commonLabels(release, 'headplane'),
    selector: selectorLabels(release, 'headplane'),
    config: headplaneConfig(values, release),
    server: serverReference(values, release),
    serverConfigMap: release.fullname,
    serverTlsSecret: serverServesTls(values) ? values.tls.secretName : undefined,
    image: imageReference(headplane.image),
    imagePullPolicy: headplane.image.pullPolicy,
    port: headplane.port,
    resources: headplane.resources,
    persistence: headplane.persistence.enabled ? headplane.persistence : false,
    oidcClientSecret: headplane.oidc.enabled ? headplane.oidc.clientSecret : undefined,
  };
}

/** Headplane's OIDC sign-in redirects back to its public URL, the ingress's, with the client secret from a Secret. */
export const headplaneOidcIsComplete: Rule = ({ headplane, ingress }) => {
  if (!headplane.enabled || !headplane.oidc.enabled) return [];
  return [
    ...(ingress.enabled
      ? []
      : [
          {
            path: 'headplane.oidc.enabled',
            message: "needs ingress.enabled: OIDC redirects back to Headplane's public URL",
          },
        ]),
    ...(headplane.oidc.clientSecret.name
      ? []
      : [{ path: 'headplane.oidc.clientSecret.name', message: 'is required with headplane.oidc.enabled' }]),
  ];
};

/** Browsers keep a Secure cookie only over HTTPS: Headplane's sign-in fails at an http:// URL. */
export const headplaneCookieNeedsHttps: Rule = (values) =>
  values.headplane.enabled && values.headplane.cookieSecure && ingressUrl(values)?.startsWith('http://')
    ? [
        {
          path: 'headplane.cookieSecure',
          message:
            'is true while the ingress has no TLS: browsers keep the session cookie only over HTTPS, so signing in to Headplane at its http:// URL fails; add ingress.tls, or set headplane.cookieSecure to false',
        },
      ]
    : [];

/** Headplane and keys owned by tags alone need a Headscale version that serves them (values/headscale-versions.ts). */
export const featuresTheVersionServes: Rule = (values) => {
  const { version } = serverVersion(values);
  const tooOld = (feature: keyof typeof FEATURE_SINCE) => !isAtLeast(version, FEATURE_SINCE[feature]);
  return [
    ...(values.headplane.enabled && tooOld('headplane')
      ? [
          {
            path: 'headplane.enabled',
            message: `needs Headscale ${FEATURE_SINCE.headplane} or later, and the image is Headscale ${version}: upgrade Headscale one minor version at a time first`,
          },
        ]
      : []),
  ];
};

/** Headplane's API key expires, and only the key job's CronJob renews it (and restarts Headplane). */
export const headplaneKeyIsRenewed: Rule = ({ headplane, client }) =>
  headplane.enabled && !client.job.cronjob.enabled
    ? [
        {
          path: 'client.job.cronjob.enabled',
          message: `is false while headplane.enabled is true: nothing renews Headplane's API key, which expires ${headplane.apiKeyExpiration} (headplane.apiKeyExpiration) after the key job made it, and signing in to Headplane fails from then on; set client.job.cronjob.enabled to true`,
        },
      ]
    : [];

/** Headplane's config follows the version of its image, and the checks know some releases (values/headplane-config.ts). */
export const headplaneVersionIsKnown: Rule = ({ headplane }) => {
  if (!headplane.enabled) return [];
  const { warning } = detectHeadplaneVersion(headplane.image.tag);
  return warning ? [{ path: 'headplane.image.tag', message: warning }] : [];
};

/** Keys of headplane.config that Headplane's version drops, or reads with a deprecation warning. */
export const headplaneConfigKeysItIgnores: Rule = ({ headplane }) =>
  headplane.enabled
    ? headplaneConfigWarnings(headplane.config, detectHeadplaneVersion(headplane.image.tag).version).map((finding) =>
        problemAt(['headplane', 'config'], finding),
      )
    : [];

const ENABLE_CORS = 'nginx.ingress.kubernetes.io/enable-cors';

/**
 * headscale-ui calls Headscale's API from the browser, at the URL it is given, with an
 * Authorization header (src/lib/common/apiFunctions.svelte:9-23, headscale-ui 2026.03.17), which
 * a browser sends to another origin only after a CORS preflight; Headscale answers none with CORS
 * headers (its only Access-Control-Allow-Origin is the DERP server's, hscontrol/derp/server/
 * derp_server.go:290, v0.29.2). So the UI's own ingress host must be Headscale's, or the ingress
 * in front of Headscale must add the headers.
 */
export const uiSharesHeadscaleOrigin: Rule = (values) => {
  const { ui, ingress } = values;
  if (!ui.enabled || !ingress.enabled || ingress.annotations[ENABLE_CORS] === 'true') return [];
  const headscaleUrl = ui.headscaleUrl || publicUrl(values);
  const uiHost = ui.ingress.host || ingress.hosts[0]?.host;
  if (!headscaleUrl || !uiHost) return [];
  let headscaleHost: string;
  try {
    headscaleHost = new URL(headscaleUrl).hostname;
  } catch {
    return [];
  }
  if (headscaleHost === uiHost) return [];
  return [
    {
      path: ui.headscaleUrl ? 'ui.headscaleUrl' : 'ui.ingress.host',
      message: `serves headscale-ui at ${uiHost} and has it call Headscale at ${headscaleUrl}, another origin: the UI calls Headscale's API from the browser, which needs CORS headers there, and Headscale sends none. Serve the UI on Headscale's host (leave ui.ingress.host empty), or have the ingress add them to Headscale's responses (ingress-nginx: ${ENABLE_CORS}: "true" and nginx.ingress.kubernetes.io/cors-allow-origin in ingress.annotations)`,
    },
  ];
};
