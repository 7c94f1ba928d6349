/**
 * IP addresses and CIDR prefixes, parsed the way Go's net/netip parses them (Headscale and
 * tailscale are Go programs): dotted-quad IPv4 without leading zeros, RFC 4291 IPv6 with `::`
 * and an optional dotted-quad tail, no zones, and a decimal prefix length without leading zeros.
 */

export type IpVersion = 4 | 6;

export interface IpAddress {
  readonly version: IpVersion;
  /** The address as an unsigned integer of 32 (IPv4) or 128 (IPv6) bits. */
  readonly value: bigint;
}

export interface Cidr extends IpAddress {
  readonly prefixLength: number;
}

const BITS: Record<IpVersion, number> = { 4: 32, 6: 128 };

function parseIpv4(text: string): bigint | undefined {
  const octets = text.split('.');
  if (octets.length !== 4) return undefined;
  let value = 0n;
  for (const octet of octets) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(octet) || Number(octet) > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseIpv6Groups(text: string): bigint[] | undefined {
  if (text === '') return [];
  const groups: bigint[] = [];
  const parts = text.split(':');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (v4 === undefined) return undefined;
      groups.push(v4 >> 16n, v4 & 0xffffn);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) {
      groups.push(BigInt(`0x${part}`));
    } else {
      return undefined;
    }
  }
  return groups;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseIpv6Groups(halves[0]);
  const tail = halves.length === 2 ? parseIpv6Groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  // A dotted-quad tail may only end the address.
  if (halves.length === 2 && halves[0].includes('.')) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  return [...head, ...Array<bigint>(halves.length === 2 ? missing : 0).fill(0n), ...tail].reduce(
    (value, group) => (value << 16n) | group,
    0n,
  );
}

/** An IPv4 or IPv6 address, or undefined when `text` is none. */
export function parseIp(text: string): IpAddress | undefined {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    return value === undefined ? undefined : { version: 6, value };
  }
  const value = parseIpv4(text);
  return value === undefined ? undefined : { version: 4, value };
}

/** A prefix `address/length`, or undefined when `text` is none. Host bits may be set (see {@link isCanonical}). */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIp(text.slice(0, slash));
  const length = text.slice(slash + 1);
  if (!address || !/^(0|[1-9][0-9]{0,2})$/.test(length) || Number(length) > BITS[address.version]) return undefined;
  return { ...address, prefixLength: Number(length) };
}

function hostMask(cidr: Cidr): bigint {
  return (1n << BigInt(BITS[cidr.version] - cidr.prefixLength)) - 1n;
}

/** Whether the prefix has no bits set after its length (`10.0.0.0/8`, not `10.0.0.1/8`). */
export function isCanonical(cidr: Cidr): boolean {
  return (cidr.value & hostMask(cidr)) === 0n;
}

/** Whether `inner` lies wholly inside `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.version !== inner.version || inner.prefixLength < outer.prefixLength) return false;
  const mask = ~hostMask(outer);
  return (outer.value & mask) === (inner.value & mask);
}

/** The prefix written canonically: host bits cleared, IPv6 in its shortest form. */
export function formatCidr(cidr: Cidr): string {
  const value = cidr.value & ~hostMask(cidr);
  return `${formatIp({ version: cidr.version, value })}/${cidr.prefixLength}`;
}

/** The address written as Go's netip prints it: dotted quad, or IPv6 in its shortest form. */
export function formatIp(address: IpAddress): string {
  if (address.version === 4)
    return [24n, 16n, 8n, 0n].map((shift) => String((address.value >> shift) & 0xffn)).join('.');
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) => (address.value >> shift) & 0xffffn);
  // The longest run of two or more zero groups becomes "::" (RFC 5952).
  let best = { start: -1, length: 1 };
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0n) length++;
    if (length > best.length) best = { start, length };
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}
