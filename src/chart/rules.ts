import type { Release } from '../derive/release';
import type { ValuesProblem } from '../core/errors';
import type { ConfigUnderCheck } from '../values/headscale-config';
import type { HeadscaleValues } from '../values/schema';
import {
  authKeyNamesItsSecret,
  clientIsRecentEnough,
  clientReachesHeadscaleOverTls,
  externalServerIsNamed,
  ownKeyCarriesTheClientTag,
  serverPartsWithoutServer,
} from './features/client';
import { backupHasWhatItNeeds, litestreamMetricsPortIsFree, upgradeFollowsHeadscalesPath } from './features/backup';
import { keySecretsAreTheirOwn, keyTagsAreOwned } from './features/key-job';
import {
  embeddedDerpIsServedOverHttps,
  grpcIsInsecureOnlyWhenAsked,
  listenersOfTheirConsumers,
  listenersOnPortsOfTheirOwn,
  listenersOnTheirPorts,
  scrapeTimeoutWithinInterval,
  stunNodePortInRange,
} from './features/listeners';
import { networkPolicyLetsTheIngressIn } from './features/network-policy';
import {
  databasePolicyIgnoresTheFile,
  hotReloadHasWhatItNeeds,
  policyMeansWhatItSays,
  policyPassesHeadscaleChecks,
  routesNeedApprovalsInExistingPolicy,
} from './features/policy';
import {
  certificateIsNamed,
  gatewayReachesHeadscaleOverTls,
  ingressHasAHost,
  ingressOrHttpRoute,
  ingressTerminatesTls,
  routesHaveParents,
} from './features/routes';
import {
  configKeysTheVersionAccepts,
  configKeysTheVersionIgnores,
  configUnderCheck,
  derivedUrlOutsideBaseDomain,
  existingConfigMapsAreNamed,
  headscaleStartsWithTheConfig,
  headscaleVersionIsKnown,
  listenAddressIsOnServicePort,
  prefixesOutsideTailscaleRanges,
  secretEnvKeysAreUnique,
  secretEnvKeysHeadscaleKnows,
  socketHasAVolume,
  somethingIsDeployed,
  statedVersionAgreesWithTheTag,
} from './features/server';
import { secretsKeepOnePurpose } from './features/secrets';
import { internalTlsIsMapped, internalTlsPortsAreFree } from './features/tls-listener';
import {
  featuresTheVersionServes,
  headplaneConfigKeysItIgnores,
  headplaneCookieNeedsHttps,
  headplaneKeyIsRenewed,
  headplaneOidcIsComplete,
  headplaneVersionIsKnown,
  uiSharesHeadscaleOrigin,
} from './features/ui';

/**
 * Rules between keys that the schema's per-key types can't express. Each returns the problems it
 * finds, so the user sees all of them at once. Rules on config.yaml get it as the chart writes it,
 * made once for all of them: undefined when an existing ConfigMap replaces it (the user's to check).
 */
export type Rule = (values: HeadscaleValues, config: ConfigUnderCheck | undefined) => ValuesProblem[];

/** A rule on the server's keys, which have no effect while server.enabled is false. */
const serverOnly =
  (rule: Rule): Rule =>
  (values, config) =>
    values.server.enabled ? rule(values, config) : [];

const RULES: readonly Rule[] = [
  somethingIsDeployed,
  internalTlsPortsAreFree,
  externalServerIsNamed,
  authKeyNamesItsSecret,
  serverOnly(ingressOrHttpRoute),
  serverOnly(routesHaveParents),
  serverOnly(listenersOfTheirConsumers),
  serverOnly(listenersOnTheirPorts),
  serverOnly(listenersOnPortsOfTheirOwn),
  serverOnly(scrapeTimeoutWithinInterval),
  serverOnly(certificateIsNamed),
  serverOnly(keyTagsAreOwned),
  serverOnly(headplaneOidcIsComplete),
  serverOnly(listenAddressIsOnServicePort),
  serverOnly(existingConfigMapsAreNamed),
  serverOnly(ingressHasAHost),
  serverOnly(secretEnvKeysAreUnique),
  serverOnly(headscaleStartsWithTheConfig),
  serverOnly(statedVersionAgreesWithTheTag),
  serverOnly(configKeysTheVersionAccepts),
  serverOnly(policyPassesHeadscaleChecks),
  serverOnly(clientIsRecentEnough),
  serverOnly(featuresTheVersionServes),
  serverOnly(hotReloadHasWhatItNeeds),
  serverOnly(grpcIsInsecureOnlyWhenAsked),
  serverOnly(backupHasWhatItNeeds),
  serverOnly(litestreamMetricsPortIsFree),
  serverOnly(upgradeFollowsHeadscalesPath),
];

const WARNING_RULES: readonly Rule[] = [
  serverOnly(headscaleVersionIsKnown),
  serverOnly(configKeysTheVersionIgnores),
  serverOnly(policyMeansWhatItSays),
  serverOnly(stunNodePortInRange),
  serverOnly(headplaneCookieNeedsHttps),
  serverOnly(headplaneKeyIsRenewed),
  serverOnly(headplaneVersionIsKnown),
  serverOnly(headplaneConfigKeysItIgnores),
  serverOnly(uiSharesHeadscaleOrigin),
  serverOnly(ingressTerminatesTls),
  serverOnly(gatewayReachesHeadscaleOverTls),
  serverOnly(databasePolicyIgnoresTheFile),
  serverOnly(routesNeedApprovalsInExistingPolicy),
  serverOnly(prefixesOutsideTailscaleRanges),
  serverOnly(secretEnvKeysHeadscaleKnows),
  clientReachesHeadscaleOverTls,
  internalTlsIsMapped,
  serverOnly(socketHasAVolume),
  serverOnly(networkPolicyLetsTheIngressIn),
  ownKeyCarriesTheClientTag,
  serverPartsWithoutServer,
];

/**
 * The cross-field checks of parsed values: the problems that make them invalid, and the warnings
 * about what is likely a mistake but renders, and Headscale starts with.
 */
export function crossFieldChecks(values: HeadscaleValues): { problems: ValuesProblem[]; warnings: ValuesProblem[] } {
  const config = values.server.enabled && values.configMap.create ? configUnderCheck(values) : undefined;
  return {
    problems: RULES.flatMap((rule) => rule(values, config)),
    warnings: WARNING_RULES.flatMap((rule) => rule(values, config)),
  };
}

/**
 * Problems that show only once the release is known: an empty server_url is derived from the
 * ingress or the Service, and that URL too must stay outside dns.base_domain.
 */
export function releaseProblems(values: HeadscaleValues, release: Release): ValuesProblem[] {
  if (!values.server.enabled) return [];
  return [
    ...derivedUrlOutsideBaseDomain(values, release),
    ...embeddedDerpIsServedOverHttps(values, release),
    ...keySecretsAreTheirOwn(values, release),
    ...secretsKeepOnePurpose(values, release),
  ];
}
