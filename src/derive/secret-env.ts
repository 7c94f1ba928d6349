import type { HeadscaleValues } from '../values/schema';

/** The variable Headscale reads a config key from: `HEADSCALE_` and the key in capitals, `.` as `_`. */
export function configKeyVariable(key: string): string {
  return `HEADSCALE_${key.toUpperCase().replace(/\./g, '_')}`;
}

/** A container variable taken from a key of a Secret. */
export interface SecretEnvVar {
  readonly name: string;
  readonly valueFrom: { readonly secretKeyRef: { readonly name: string; readonly key: string } };
}

/** The server container's variables for `secretEnv`: each config key from its Secret, so no secret is written in a ConfigMap. */
export function secretEnvironment(values: Pick<HeadscaleValues, 'secretEnv'>): SecretEnvVar[] {
  return values.secretEnv.map((entry) => ({
    name: configKeyVariable(entry.key),
    valueFrom: { secretKeyRef: { name: entry.secretName, key: entry.secretKey } },
  }));
}
