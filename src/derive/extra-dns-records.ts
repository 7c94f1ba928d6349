import type { HeadscaleValues } from '../values/schema';

/** The extra DNS records file: a JSON array of `{name, type, value}`. */
export function extraDnsRecordsJson(records: HeadscaleValues['extraDnsRecords']['records']): string {
  return `${JSON.stringify(records, null, 2)}\n`;
}
