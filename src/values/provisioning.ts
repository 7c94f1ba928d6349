import { z } from 'zod';
import { PREAUTH_KEY_EXPIRATION } from './defaults';

/**
 * The Headscale users and preauth keys declared in values (`users`, `preauthKeys`), which the key
 * job creates and keeps in Secrets (see src/scripts/ensure-client-key.sh). `PreauthKeyJob` checks
 * them, as Headscale's CLI would, for the version of the server.
 */

export const usersSchema = () =>
  z
    .array(
      z.strictObject({
        name: z
          .string()
          .describe('The user name, as Headscale checks it (2 characters or more, starting with a letter).'),
        displayName: z.string().optional().describe('Display name given when the user is created.'),
        email: z.string().optional().describe('Email given when the user is created.'),
      }),
    )
    .default([])
    .describe(
      'Headscale users the key job creates when missing (it execs headscale in the server pod). An existing user is left as it is (its display name and email too), and a user removed from this list is not deleted.',
    );

export const preauthKeysSchema = () =>
  z
    .array(
      z.strictObject({
        secretName: z.string().describe('The Secret the key job keeps the key in; the manifests create it, empty.'),
        key: z.string().default('authkey').describe('The key of the Secret that holds the preauth key.'),
        user: z
          .string()
          .optional()
          .describe(
            'The user that owns the key: one of users, or a user that already exists (the job fails naming it otherwise). Empty with tags: a tagged key of no user, which needs Headscale 0.28 or later.',
          ),
        tags: z
          .array(z.string())
          .default([])
          .describe(
            "Tags of the nodes that join with the key; each must be in the policy's tagOwners when the chart mounts a policy.",
          ),
        reusable: z.boolean().default(false).describe('Whether more than one node may join with the key.'),
        ephemeral: z.boolean().default(false).describe('Whether nodes that join with the key are ephemeral.'),
        expiration: z
          .string()
          .default(PREAUTH_KEY_EXPIRATION)
          .describe(
            'Lifetime of the key. The job replaces a key with less than a tenth of it left; run it on a schedule (client.job.cronjob) to renew keys before they expire.',
          ),
      }),
    )
    .default([])
    .describe(
      "Preauth keys the key job keeps, each in a Secret of its own: it creates a key when the Secret holds none, or one that expired, is expiring, was used up or has other settings. The job's Role may read and patch these Secrets only.",
    );
