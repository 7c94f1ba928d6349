import { cidrContains, formatCidr, isCanonical, parseCidr, parseIp } from '../../src/core/cidr';

describe('parseIp', () => {
  it.each([
    ['0.0.0.0', 4, 0n],
    ['100.64.0.10', 4, 0x6440000an],
    ['255.255.255.255', 4, 0xffffffffn],
    ['::', 6, 0n],
    ['::1', 6, 1n],
    ['fd7a:115c:a1e0::', 6, 0xfd7a115ca1e0n << 80n],
    ['1:2:3:4:5:6:7:8', 6, 0x00010002000300040005000600070008n],
    ['1:2:3:4:5:6:7::', 6, 0x00010002000300040005000600070000n],
    ['::ffff:1.2.3.4', 6, 0xffff01020304n],
    ['FD7A:115C:A1E0::1', 6, (0xfd7a115ca1e0n << 80n) + 1n],
  ])('reads %s', (text, version, value) => {
    expect(parseIp(text)).toEqual({ version, value });
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.0.0.1',
    '01.2.3.4',
    '1.2.3.-4',
    'a.b.c.d',
    ':::',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '12345::',
    '1.2.3.4::',
    'fe80::1%eth0',
    ' 1.2.3.4',
  ])('refuses %j, as Go refuses it', (text) => {
    expect(parseIp(text)).toBeUndefined();
  });
});

describe('parseCidr', () => {
  it('reads an address and a prefix length', () => {
    expect(parseCidr('10.96.0.0/12')).toEqual({ version: 4, value: 0x0a600000n, prefixLength: 12 });
    expect(parseCidr('::/0')).toEqual({ version: 6, value: 0n, prefixLength: 0 });
    expect(parseCidr('0.0.0.0/0')).toMatchObject({ prefixLength: 0 });
    expect(parseCidr('fd7a:115c:a1e0::/48')).toMatchObject({ version: 6, prefixLength: 48 });
  });

  it.each([
    '10.0.0.0',
    '10.0.0.0/',
    '10.0.0.0/33',
    '::/129',
    '10.0.0.0/08',
    '10.0.0.0/-1',
    '10.0.0.0/8/8',
    'x/8',
    '/8',
  ])('refuses %j', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it('tells a canonical prefix from one with host bits set, and writes it canonically', () => {
    expect(isCanonical(parseCidr('10.0.0.0/8')!)).toBe(true);
    expect(isCanonical(parseCidr('10.0.0.1/8')!)).toBe(false);
    expect(isCanonical(parseCidr('fd7a:115c:a1e0::1/48')!)).toBe(false);
    expect(formatCidr(parseCidr('10.1.2.3/8')!)).toBe('10.0.0.0/8');
    expect(formatCidr(parseCidr('fd7a:115c:a1e0:0:0:0:0:1/48')!)).toBe('fd7a:115c:a1e0::/48');
    expect(formatCidr(parseCidr('1:0:0:2:0:0:0:3/128')!)).toBe('1:0:0:2::3/128');
    expect(formatCidr(parseCidr('1:2:3:4:5:6:7:8/128')!)).toBe('1:2:3:4:5:6:7:8/128');
  });

  it('knows which prefix contains which', () => {
    const cgnat = parseCidr('100.64.0.0/10')!;
    expect(cidrContains(cgnat, parseCidr('100.64.0.0/24')!)).toBe(true);
    expect(cidrContains(cgnat, parseCidr('100.128.0.0/24')!)).toBe(false);
    expect(cidrContains(cgnat, parseCidr('100.64.0.0/8')!)).toBe(false);
    expect(cidrContains(cgnat, parseCidr('::/0')!)).toBe(false);
  });
});
