import { authKeySecretName, clientStateSecret } from '../../derive/client';
import { internalTlsEnabled, internalTlsSecretName } from '../../derive/internal-tls';
import type { Release } from '../../derive/release';
import type { ValuesProblem } from '../../core/errors';
import type { HeadscaleValues } from '../../values/schema';

// Secrets of one release that hold different things: one name may not serve two of them.

/** A Secret the release reads or writes, what it holds, and the values key that names it (when one does). */
interface SecretUse {
  readonly name: string;
  readonly holds: string;
  readonly key?: string;
}

/** The Secrets the release's pods read or its key job and client write, each with what it holds. */
function secretUses(values: HeadscaleValues, release: Release): SecretUse[] {
  const { client, tls } = values;
  const uses: SecretUse[] = [];
  if (values.server.enabled && tls.secretName)
    uses.push({ name: tls.secretName, holds: "the server's TLS certificate", key: 'tls.secretName' });
  if (client.enabled) {
    if (client.authKeySecret.name)
      uses.push({
        name: client.authKeySecret.name,
        holds: "the client's preauth key",
        key: 'client.authKeySecret.name',
      });
    else if (values.server.enabled)
      uses.push({ name: authKeySecretName(release), holds: "the client's preauth key, which the key job writes" });
    if (!client.daemonset) uses.push({ name: clientStateSecret(release), holds: "the in-cluster client's state" });
  }
  if (internalTlsEnabled(values))
    uses.push({ name: internalTlsSecretName(release), holds: "the client's TLS listener's CA and certificate" });
  return uses;
}

/**
 * A Secret named for one purpose and used for another: a certificate Secret that is also the
 * client's key Secret, or a Secret the user keeps that the client or key job would overwrite.
 * Named at the values key that gives the second use; the key job's own Secrets are checked by
 * keySecretsAreTheirOwn.
 */
export function secretsKeepOnePurpose(values: HeadscaleValues, release: Release): ValuesProblem[] {
  const uses = secretUses(values, release);
  return uses.flatMap((use, index) => {
    const earlier = uses.slice(0, index).find((other) => other.name === use.name);
    if (!earlier) return [];
    const [named, other] = use.key ? [use, earlier] : [earlier, use];
    return named.key
      ? [
          {
            path: named.key,
            message: `names the Secret ${JSON.stringify(use.name)}, which holds ${other.holds}: it can't hold ${named.holds} too, so choose another name`,
          },
        ]
      : [];
  });
}
