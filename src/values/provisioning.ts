import { z } from 'zod';
import { PREAUTH_KEY_EXPIRATION } from './defaults';
import { describeValue, type Finding } from './errors';
import { cliDurationProblem, parseCliDuration } from './cli-duration';
import { userNameProblem } from './headscale-names';
import { HEADSCALE_VERSIONS } from './headscale-versions';
import { nameProblem } from './k8s-names';
import { reportFindings, reportProblem } from './zod-issues';

/**
 * The Headscale users and preauth keys declared in values (`users`, `preauthKeys`), which the key
 * job creates and keeps in Secrets (see src/scripts/ensure-client-key.sh).
 */

/**
 * A user name that Headscale's user name rule accepts at every version the checks know (the
 * newest versions' rule is the strictest), so the key job can create it and find it whatever the
 * server's version.
 */
const userNameInEveryVersionProblem = (name: string): string | undefined =>
  [...HEADSCALE_VERSIONS]
    .reverse()
    .map((version) => userNameProblem(name, version))
    .find((problem) => problem !== undefined);

/** One line, as the key job passes these to `headscale users create`. */
const oneLine = (key: string) =>
  z
    .string()
    .superRefine(
      reportProblem((text: string) => (/[\n\r\t]/.test(text) ? `${key} is one line, without tabs` : undefined)),
    );

/**
 * A key's lifetime, given to `headscale preauthkeys create --expiration` or `headscale apikeys
 * create --expiration`, which read it as a Prometheus duration; a key that expires at once can't
 * log in.
 */
export const keyExpirationProblem = (value: string): string | undefined => {
  const problem = cliDurationProblem(value);
  if (problem) return problem;
  return (parseCliDuration(value) ?? 0) > 0
    ? undefined
    : `expected a lifetime above zero: a key that expires at once can't be used (got ${describeValue(value)})`;
};

/** Headscale refuses a tag that does not start with "tag:" (policy v2, CHANGELOG 0.26.0). */
const tagProblem = (tag: string): string | undefined =>
  /^tag:[^\s,]+$/.test(tag)
    ? undefined
    : `tags start with "tag:" and hold no spaces or commas (got ${describeValue(tag)})`;

export const usersSchema = z
  .array(
    z.strictObject({
      name: z
        .string()
        .superRefine(reportProblem(userNameInEveryVersionProblem))
        .describe('The user name, as Headscale checks it (2 characters or more, starting with a letter).'),
      displayName: oneLine('displayName').optional().describe('Display name given when the user is created.'),
      email: oneLine('email').optional().describe('Email given when the user is created.'),
    }),
  )
  .superRefine(reportFindings(uniqueFindings('name')))
  .default([])
  .describe(
    'Headscale users the key job creates when missing (it execs headscale in the server pod). An existing user is left as it is (its display name and email too), and a user removed from this list is not deleted.',
  );

export const preauthKeysSchema = z
  .array(
    z
      .strictObject({
        secretName: z
          .string()
          .superRefine(reportProblem((name: string) => nameProblem(name, 'subdomain')))
          .describe('The Secret the key job keeps the key in; the manifests create it, empty.'),
        key: z
          .string()
          .superRefine(reportProblem((name: string) => nameProblem(name, 'data key')))
          .default('authkey')
          .describe('The key of the Secret that holds the preauth key.'),
        user: z
          .string()
          .superRefine(reportProblem(userNameInEveryVersionProblem))
          .optional()
          .describe(
            'The user that owns the key: one of users, or a user that already exists (the job fails naming it otherwise). Empty with tags: a tagged key of no user, which needs Headscale 0.28 or later.',
          ),
        tags: z
          .array(z.string().superRefine(reportProblem(tagProblem)))
          .default([])
          .describe(
            "Tags of the nodes that join with the key; each must be in the policy's tagOwners when the chart mounts a policy.",
          ),
        reusable: z.boolean().default(false).describe('Whether more than one node may join with the key.'),
        ephemeral: z.boolean().default(false).describe('Whether nodes that join with the key are ephemeral.'),
        expiration: z
          .string()
          .superRefine(reportProblem(keyExpirationProblem))
          .default(PREAUTH_KEY_EXPIRATION)
          .describe(
            'Lifetime of the key. The job replaces a key with less than a tenth of it left; run it on a schedule (client.job.cronjob) to renew keys before they expire.',
          ),
      })
      .superRefine(
        reportFindings((entry: { user?: string; tags: string[] }) =>
          entry.user === undefined && entry.tags.length === 0
            ? [{ at: ['user'], message: 'is missing: a preauth key needs a user, tags, or both' }]
            : [],
        ),
      ),
  )
  .superRefine(reportFindings(uniqueFindings('secretName')))
  .default([])
  .describe(
    "Preauth keys the key job keeps, each in a Secret of its own: it creates a key when the Secret holds none, or one that expired, is expiring, was used up or has other settings. The job's Role may read and patch these Secrets only.",
  );

/** A finding for each entry whose `field` repeats an earlier entry's. */
function uniqueFindings<Field extends string>(field: Field) {
  return (entries: ReadonlyArray<Record<Field, unknown>>): Finding[] =>
    entries.flatMap((entry, index) =>
      entries.findIndex((other) => other[field] === entry[field]) < index
        ? [{ at: [index, field], message: `repeats ${describeValue(entry[field])}: each must be unique` }]
        : [],
    );
}
