import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  advertiseRoutesFindings,
  clientRouteFlags,
  hostnameFindings,
  tailscaleArgsProblem,
} from '../../src/values/tailscale-flags';

interface FlagCase {
  readonly id: string;
  readonly command: 'up' | 'set';
  readonly args: string[];
  readonly verdict: 'accept' | 'refuse';
  readonly error: string | null;
  readonly note: string;
}

const CASES: FlagCase[] = readFileSync(join(__dirname, '../fixtures/conformance/tailscale-flags/cases.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as FlagCase);

describe('tailscaleArgsProblem agrees with the tailscale-flags corpus (v1.84.0)', () => {
  it('has the whole corpus', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(50);
  });

  it.each(CASES.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const problem = tailscaleArgsProblem(c.command, c.args);
    if (c.verdict === 'accept') expect(problem).toBeUndefined();
    else expect(problem).toContain(c.error ?? '');
  });
});

describe('tailscaleArgsProblem', () => {
  it.each([
    [['--authkey=file:/etc/client-auth/authkey', '--reset'], undefined],
    [['--auth-key', 'tskey'], undefined],
    [['--timeout'], 'flag needs an argument: -timeout'],
    [['--timeout=soon'], 'invalid value "soon" for flag -timeout: parse error'],
    [['--nickname=x'], 'flag provided but not defined: -nickname'],
    [['---reset'], 'bad flag syntax: ---reset'],
    [['--reset', '--reset'], 'invalid boolean flag reset: flag provided multiple times'],
    [['--host-routes=false'], 'invalid boolean value "false" for -host-routes: parse error'],
    [['--', '--reset'], 'too many non-flag arguments: ["--reset"]'],
    [['--exit-node-allow-lan-access'], '--exit-node-allow-lan-access can only be used with --exit-node'],
    [['--advertise-tags=server'], `tag: "server": tags must start with 'tag:'`],
    [['--advertise-routes=fd7a:115c:a1e0:b1a:1::/96'], 'contains invalid site ID 00010000; must be 0xffff or less'],
  ] as const)('up %j: %s', (args, expected) => {
    const problem = tailscaleArgsProblem('up', args);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toContain(expected);
  });

  it('checks the relay port of set, and not its hostname', () => {
    expect(tailscaleArgsProblem('set', ['--relay-server-port=70000'])).toContain('value out of range');
    expect(tailscaleArgsProblem('set', ['--relay-server-port=41641', '--hostname=a_b'])).toBeUndefined();
    expect(tailscaleArgsProblem('set', ['--netfilter-mode=none'])).toBe('invalid value --netfilter-mode="none"');
  });
});

describe('advertiseRoutesFindings', () => {
  it('names each route tailscale refuses, at its index', () => {
    expect(
      advertiseRoutesFindings(['10.0.0.0/8', '10.0.0.1/8', '10.0.0.0/33', 'fe80::1%eth0/64', '0.0.0.0/0', '::/0']),
    ).toEqual([
      { at: [1], message: 'is refused by tailscale: 10.0.0.1/8 has non-address bits set; expected 10.0.0.0/8' },
      {
        at: [2],
        message:
          'is refused by tailscale: "10.0.0.0/33" is not a valid IP address or CIDR prefix; expected a CIDR prefix such as 10.96.0.0/12, fd00::/8 or 0.0.0.0/0',
      },
      {
        at: [3],
        message:
          'is refused by tailscale: "fe80::1%eth0/64" is not a valid IP address or CIDR prefix; expected a CIDR prefix such as 10.96.0.0/12, fd00::/8 or 0.0.0.0/0',
      },
    ]);
  });

  it('refuses a 4via6 prefix shorter than /96', () => {
    expect(advertiseRoutesFindings(['fd7a:115c:a1e0:b1a::/64'])).toEqual([
      { at: [0], message: 'is refused by tailscale: fd7a:115c:a1e0:b1a::/64 4-in-6 prefix must be at least a /96' },
    ]);
  });

  it('lets a lone default route through, as clientRouteFlags makes it an exit node', () => {
    expect(advertiseRoutesFindings(['0.0.0.0/0'])).toEqual([]);
    expect(advertiseRoutesFindings(['::/0'])).toEqual([]);
  });
});

describe('clientRouteFlags', () => {
  it.each([
    [[], false, { advertiseRoutes: [], advertiseExitNode: false }],
    [[], true, { advertiseRoutes: [], advertiseExitNode: true }],
    [['0.0.0.0/0'], true, { advertiseRoutes: [], advertiseExitNode: true }],
    [['::/0'], false, { advertiseRoutes: [], advertiseExitNode: true }],
    [['0.0.0.0/0', '::/0'], false, { advertiseRoutes: [], advertiseExitNode: true }],
    [['10.96.0.0/12', '0.0.0.0/0'], true, { advertiseRoutes: ['10.96.0.0/12'], advertiseExitNode: true }],
    [['10.96.0.0/12', 'fd00::/8'], true, { advertiseRoutes: ['10.96.0.0/12', 'fd00::/8'], advertiseExitNode: true }],
    [['10.96.0.0/12'], false, { advertiseRoutes: ['10.96.0.0/12'], advertiseExitNode: false }],
  ])('%j with exitNode %s', (routes, exitNode, flags) => {
    expect(clientRouteFlags(routes, exitNode)).toEqual(flags);
  });

  it('gives flags tailscale up accepts for any accepted routes', () => {
    const routes = ['10.96.0.0/12', 'fd00::/8', '0.0.0.0/0', '::/0', '192.168.1.0/24'];
    for (let mask = 0; mask < 1 << routes.length; mask++) {
      const chosen = routes.filter((_, bit) => mask & (1 << bit));
      for (const exitNode of [false, true]) {
        const flags = clientRouteFlags(chosen, exitNode);
        const args = [
          ...(flags.advertiseRoutes.length > 0 ? [`--advertise-routes=${flags.advertiseRoutes.join(',')}`] : []),
          ...(flags.advertiseExitNode ? ['--advertise-exit-node'] : []),
        ];
        expect(tailscaleArgsProblem('up', args)).toBeUndefined();
      }
    }
  });
});

describe('hostnameFindings', () => {
  it.each(['headscale-client', 'tailnet-headscale-client-ip-10-0-0-1.ec2.internal', 'MyHost', '123', 'a'])(
    'accepts %s',
    (hostname) => {
      expect(hostnameFindings(hostname)).toEqual([]);
    },
  );

  it.each([
    ['my_host', `"my_host" is not a valid DNS label: contains invalid character '_'`],
    ['-host', '"-host" is not a valid DNS label: must start with a letter or number'],
    ['host-', '"host-" is not a valid DNS label: must end with a letter or number'],
    [`${'a'.repeat(64)}`, `"${'a'.repeat(64)}" is too long, max length is 63 bytes`],
    [`${'a'.repeat(64)}.b`, `"${'a'.repeat(64)}" is not a valid DNS label`],
    ['.', 'empty DNS label'],
    ['é', '"é" is not a valid DNS label: must start with a letter or number'],
  ])('refuses %j', (hostname, message) => {
    expect(hostnameFindings(hostname)).toEqual([{ at: [], message: `is a hostname tailscale refuses: ${message}` }]);
  });
});
