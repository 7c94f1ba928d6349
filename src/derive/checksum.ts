import { createHash } from 'node:crypto';

/** SHA-256 of a text, in hex: the value of a pod's `checksum/<file>` annotation. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
