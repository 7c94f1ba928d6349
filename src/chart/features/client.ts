import { authKeySecretName, clientStateSecret, clientName } from '../../derive/client';
import { clientAdvertisesRoutes, CLIENT_TAG } from '../../derive/policy';
import { type Release, commonLabels, imageReference, selectorLabels } from '../../derive/release';
import { clientTransport, clientCaSecretName, clientLoginServer } from '../../derive/urls';
import { AUTHKEY_KEY } from '../../values/defaults';
import { clientVersionProblem } from '../../values/headscale-versions';
import type { HeadscaleValues } from '../../values/schema';
import type { TailscaleClientProps } from '../../components/tailscale-client';
import { HeadscaleServer } from '../../components/headscale-server';
import { serverReference, serverVersion } from './server';
import type { Rule } from '../rules';

// The in-cluster tailscale client: its props and the rules that span it and the server.

export function clientProps(values: HeadscaleValues, release: Release): TailscaleClientProps {
  const { client } = values;
  const name = clientName(release);
  const caSecretName = clientCaSecretName(values, release);
  return {
    name,
    labels: commonLabels(release),
    workloadLabels: { 'app.kubernetes.io/component': 'client' },
    selector: selectorLabels(release, 'client'),
    daemonSet: client.daemonset,
    userspace: client.userspace,
    image: imageReference(client.image),
    imagePullPolicy: client.image.pullPolicy,
    resources: client.resources,
    // A Headscale elsewhere is known by its URL alone.
    server: values.server.enabled
      ? serverReference(values, release)
      : HeadscaleServer.fromAttributes({ url: client.loginServer }),
    // TLS wherever the values give it (see derive/urls.ts); the chart hard-codes http and port 8080.
    loginServer: clientLoginServer(values, release),
    // The user's own Secret (a Headscale elsewhere), else the one the key job writes.
    authKeySecret: client.authKeySecret.name ? client.authKeySecret : { name: authKeySecretName(release) },
    caSecret: caSecretName ? { name: caSecretName } : undefined,
    // Derived from the fullname, so two releases' clients don't collide (the chart registers every release's client as `headscale-client`).
    hostname: name,
    stateSecret: clientStateSecret(release),
    acceptDns: flag(client.acceptDns),
    acceptRoutes: flag(client.acceptRoutes),
    advertiseRoutes: client.advertiseRoutes,
    exitNode: client.exitNode,
    disruptionBudget: client.podDisruptionBudget.enabled ? client.podDisruptionBudget : false,
  };
}

/** `unset` in the values leaves a flag out. */
function flag(setting: boolean | 'unset'): boolean | undefined {
  return setting === 'unset' ? undefined : setting;
}

/** A client of a Headscale elsewhere needs that Headscale's URL and a key from it: nothing here can derive them. */
export const externalServerIsNamed: Rule = ({ server, client }) =>
  !server.enabled && client.enabled
    ? [
        ...(client.loginServer
          ? []
          : [
              {
                path: 'client.loginServer',
                message:
                  'is required while server.enabled is false: the URL of the Headscale the client joins, such as https://headscale.example.com',
              },
            ]),
        ...(client.authKeySecret.name
          ? []
          : [
              {
                path: 'client.authKeySecret.name',
                message: `is required while server.enabled is false: an existing Secret holding a preauth key from that Headscale (headscale preauthkeys create), under the key client.authKeySecret.key ("${client.authKeySecret.key}")`,
              },
            ]),
      ]
    : [];

/** The key job writes its Secret's key as `authkey`: another key names a Secret of the user's. */
export const authKeyNamesItsSecret: Rule = ({ client }) =>
  client.enabled && !client.authKeySecret.name && client.authKeySecret.key !== AUTHKEY_KEY
    ? [
        {
          path: 'client.authKeySecret.key',
          message: `is ${JSON.stringify(client.authKeySecret.key)} without client.authKeySecret.name: the key job writes the key as "${AUTHKEY_KEY}"; name your own Secret in client.authKeySecret.name, or leave the key unset`,
        },
      ]
    : [];

/**
 * The in-cluster client registers only when Headscale accepts its version: it refuses clients older
 * than its minimum at registration (values/headscale-versions.ts, clientVersionProblem).
 */
export const clientIsRecentEnough: Rule = (values) => {
  if (!values.client.enabled) return [];
  const message = clientVersionProblem(values.client.image.tag, serverVersion(values).version);
  return message ? [{ path: 'client.image.tag', message }] : [];
};

/** tailscale/tailscale issue 15008: clients from 1.78 on redial control on port 443 with TLS after a recent connection. */
export const clientReachesHeadscaleOverTls: Rule = (values) => {
  if (!values.client.enabled || clientTransport(values) !== 'plain-http') return [];
  const issue = 'fails to reconnect after a quick restart (tailscale 1.78+)';
  const see = 'see docs/configuration.md#tls-for-the-client';
  return [
    values.client.loginServer
      ? {
          path: 'client.loginServer',
          message: `is plain HTTP (got ${JSON.stringify(values.client.loginServer)}): the client ${issue}; give it an https URL, ${see}`,
        }
      : {
          path: 'client.enabled',
          message: `logs the client in over plain HTTP, so it ${issue}: give Headscale TLS, ${see}`,
        },
  ];
};

/** Routes are auto-approved for the key job's tag: a key of the user's gets them approved only with that tag. */
export const ownKeyCarriesTheClientTag: Rule = (values) =>
  values.server.enabled && values.client.authKeySecret.name && clientAdvertisesRoutes(values)
    ? [
        {
          path: 'client.authKeySecret.name',
          message: `names your own key, so the policy approves client.advertiseRoutes only if that key carries ${CLIENT_TAG} (headscale preauthkeys create --tags ${CLIENT_TAG}); else approve the routes by hand`,
        },
      ]
    : [];

/** The server's parts that the values turn on, which a release without the server leaves out. */
export const serverPartsWithoutServer: Rule = (values) =>
  values.server.enabled
    ? []
    : [
        { path: 'ingress.enabled', on: values.ingress.enabled },
        { path: 'ui.enabled', on: values.ui.enabled },
        { path: 'policy.enabled', on: values.policy.enabled },
        { path: 'derpMap.enabled', on: values.derpMap.enabled },
        { path: 'extraDnsRecords.enabled', on: values.extraDnsRecords.enabled },
        { path: 'headplane.enabled', on: values.headplane.enabled },
        { path: 'users', on: values.users.length > 0 },
        { path: 'preauthKeys', on: values.preauthKeys.length > 0 },
      ]
        .filter(({ on }) => on)
        .map(({ path }) => ({
          path,
          message:
            'has no effect while server.enabled is false: only the client is deployed (configure this on the Headscale it joins)',
        }));
