import { authKeySecretName, clientStateSecret, keyJobName, provisioningJobName } from '../../derive/client';
import { clientAdvertisesRoutes, CLIENT_TAG, CLIENT_USER, policyDocument, policyNeeded } from '../../derive/policy';
import { internalTlsEnabled, internalTlsDnsNames, internalTlsSecretName } from '../../derive/internal-tls';
import {
  type Release,
  commonLabels,
  imageReference,
  NAME_LIMIT,
  objectName,
  objectNamePrefix,
  selectorLabels,
} from '../../derive/release';
import { CRON_JOB_NAME_LIMIT } from '../../kubernetes/validation/objects';
import type { ValuesProblem } from '../../core/errors';
import type { HeadscaleValues } from '../../values/schema';
import type { PreauthKeyJobProps } from '../../components/preauth-key-job';
import { headplaneName } from '../../derive/headplane';
import { serverReference } from './server';
import type { Rule } from '../rules';

// The preauth key job: when it runs, its props, and the rules on the keys it keeps.

/** The key job gives the client a key from the Headscale deployed here, unless the user gives the client one. */
function clientKeyFromJob(values: HeadscaleValues): boolean {
  return values.server.enabled && values.client.enabled && !values.client.authKeySecret.name;
}

/** The key job's name: the chart's when it keeps the client's key, else one of its own. */
export function keyJobObjectName(values: HeadscaleValues, release: Release): string {
  return clientKeyFromJob(values) ? keyJobName(release) : provisioningJobName(release);
}

/** The key job, which the client's key, the declared users and keys and Headplane's Secret share. */
export function keyJobNeeded(values: HeadscaleValues): boolean {
  return (
    values.server.enabled &&
    (clientKeyFromJob(values) ||
      values.users.length > 0 ||
      values.preauthKeys.length > 0 ||
      values.headplane.enabled ||
      internalTlsEnabled(values))
  );
}

export function preauthKeyProps(values: HeadscaleValues, release: Release): PreauthKeyJobProps {
  const { job } = values.client;
  // With the client, the chart's names; without it, names of the job's own.
  const objectNames = clientKeyFromJob(values)
    ? {
        scriptConfigMap: objectName(release, '-client-job-script'),
        // The Job's name ends in `-` and a hash of 8 characters.
        jobPrefix: objectNamePrefix(release, '-create-client-secret', 9),
        // A CronJob's name leaves 11 characters for its Jobs' suffix.
        cronJob: objectNamePrefix(release, '-ensure-client-key', NAME_LIMIT - CRON_JOB_NAME_LIMIT),
      }
    : undefined;
  return {
    name: keyJobObjectName(values, release),
    objectNames,
    labels: commonLabels(release),
    server: serverReference(values, release),
    selector: selectorLabels(release, 'preauth-key'),
    authKeySecret: clientKeyFromJob(values) ? { name: authKeySecretName(release) } : undefined,
    users: values.users,
    keys: values.preauthKeys,
    headplaneSecret: values.headplane.enabled
      ? {
          name: headplaneName(release),
          apiKeyExpiration: values.headplane.apiKeyExpiration,
          deployment: headplaneName(release),
        }
      : undefined,
    user: CLIENT_USER,
    // Routes are approved for the tag (see derive/policy.ts), so only a tagged key gets them approved.
    tags: clientAdvertisesRoutes(values) ? [CLIENT_TAG] : [],
    expiration: values.client.preauthKeyExpiration,
    image: imageReference(job.image),
    imagePullPolicy: job.image.pullPolicy,
    resources: job.resources,
    ttlSecondsAfterFinished: job.ttlSecondsAfterFinished,
    argocdHook: job.argocdHook,
    schedule: job.cronjob.enabled ? job.cronjob.schedule : undefined,
    internalTls: internalTlsEnabled(values)
      ? {
          secretName: internalTlsSecretName(release),
          dnsNames: internalTlsDnsNames(release),
          image: imageReference(values.client.internalTls.sidecarImage),
          imagePullPolicy: values.client.internalTls.sidecarImage.pullPolicy,
        }
      : undefined,
  };
}

/**
 * Headscale refuses a preauth key whose tags its policy does not define (policy v2: "every tag
 * used must be defined in tagOwners", hscontrol/policy/v2), so a key's tags must be in the policy
 * the chart mounts. A policy from an existing ConfigMap, or none, is not checked.
 */
export const keyTagsAreOwned: Rule = (values) => {
  if (!policyNeeded(values) || (values.policy.enabled && !values.policy.configMap.create)) return [];
  const tagOwners = policyDocument(values).tagOwners;
  const owned = typeof tagOwners === 'object' && tagOwners !== null ? Object.keys(tagOwners) : [];
  return values.preauthKeys.flatMap((key, index) =>
    key.tags
      .map((tag, tagIndex) => ({ tag, tagIndex }))
      .filter(({ tag }) => !owned.includes(tag))
      .map(({ tag, tagIndex }) => ({
        path: `preauthKeys[${index}].tags[${tagIndex}]`,
        message: `is not in the policy's tagOwners, and Headscale refuses a key with a tag its policy does not define: add "${tag}" to policy.content.tagOwners`,
      })),
  );
};

/** The key job would overwrite a Secret the chart keeps for something else. */
export function keySecretsAreTheirOwn(values: HeadscaleValues, release: Release): ValuesProblem[] {
  const taken = new Map<string, string>([
    ...(values.client.enabled
      ? ([
          // The client's key Secret is the job's own: PreauthKeyJob refuses a key kept in it.
          [clientStateSecret(release), "the in-cluster client's state"],
        ] as const)
      : []),
    ...(values.tls.secretName ? ([[values.tls.secretName, 'tls.secretName']] as const) : []),
  ]);
  return values.preauthKeys.flatMap((key, index) => {
    const owner = taken.get(key.secretName);
    return owner
      ? [{ path: `preauthKeys[${index}].secretName`, message: `is the Secret of ${owner}: choose another name` }]
      : [];
  });
}
