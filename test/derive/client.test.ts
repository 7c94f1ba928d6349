import {
  authKeySecretName,
  clientEnvironment,
  clientName,
  keyJobEnvironment,
  renewBeforeSeconds,
} from '../../src/derive/client';
import { deriveRelease } from '../../src/derive/release';

const release = (name: string) => deriveRelease(name, 'vpn', { nameOverride: '', fullnameOverride: '' });

const settings = {
  state: { secret: 'prod-headscale-client-state' },
  hostname: 'prod-headscale-client',
  perNode: false,
  userspace: true,
  loginServer: 'http://prod-headscale.vpn.svc.cluster.local:80',
  acceptRoutes: false,
  advertiseRoutes: ['10.0.0.0/8'],
  exitNode: false,
  trustsCa: false,
};

describe('client derivations', () => {
  it('derives the names and Secrets from the fullname, within 63 characters', () => {
    expect(clientName(release('prod'))).toBe('prod-headscale-client');
    expect(clientName(release('r'.repeat(53)))).toHaveLength(63);
    expect(authKeySecretName(release('prod'))).toBe('prod-headscale-client-authkey');
  });

  it('gives the client script one variable per tailscale up setting, "unset" for a flag left out', () => {
    expect(clientEnvironment(settings).map((e) => `${e.name}=${e.value}`)).toEqual([
      'TS_STATE=kube:prod-headscale-client-state',
      'TS_USERSPACE=true',
      'TS_HOSTNAME=prod-headscale-client',
      'LOGIN_SERVER=http://prod-headscale.vpn.svc.cluster.local:80',
      'ACCEPT_DNS=unset',
      'ACCEPT_ROUTES=false',
      'ADVERTISE_ROUTES=10.0.0.0/8',
      'ADVERTISE_EXIT_NODE=false',
    ]);
  });

  it.each([
    [['0.0.0.0/0'], true, '', 'true'],
    [['10.96.0.0/12', '::/0', 'fd00::/8'], true, '10.96.0.0/12,fd00::/8', 'true'],
    [['10.96.0.0/12'], true, '10.96.0.0/12', 'true'],
    [['0.0.0.0/0', '::/0'], false, '', 'true'],
    [['10.96.0.0/12'], false, '10.96.0.0/12', 'false'],
  ])(
    'advertises %j with exitNode %s as ADVERTISE_ROUTES=%j, ADVERTISE_EXIT_NODE=%s: default routes only through --advertise-exit-node',
    (advertiseRoutes, exitNode, routes, exitNodeFlag) => {
      const env = Object.fromEntries(
        clientEnvironment({ ...settings, advertiseRoutes, exitNode }).map((e) => [e.name, e.value]),
      );
      expect(env).toMatchObject({ ADVERTISE_ROUTES: routes, ADVERTISE_EXIT_NODE: exitNodeFlag });
    },
  );

  it("keeps a node's state in its directory, names the hostname per node, and trusts a mounted CA beside the system's", () => {
    const env = Object.fromEntries(
      clientEnvironment({
        ...settings,
        state: { directory: '/var/lib/tailscale' },
        perNode: true,
        userspace: false,
        trustsCa: true,
      }).map((e) => [e.name, e.value]),
    );
    expect(env).toMatchObject({
      TS_STATE: '/var/lib/tailscale/tailscaled.state',
      TS_USERSPACE: 'false',
      TS_HOSTNAME: 'prod-headscale-client-$(NODE_NAME)',
      SSL_CERT_DIR: '/etc/ssl/certs:/etc/headscale-ca',
    });
  });

  it("gives the key script the server's selector, the users and each key with its renewal margin", () => {
    const env = keyJobEnvironment({
      serverSelector: { 'app.kubernetes.io/name': 'headscale', 'app.kubernetes.io/instance': 'prod' },
      serverContainer: 'headscale',
      users: [{ name: 'edge', email: 'edge@example.com' }],
      keys: [
        { secret: 'key', user: 'edge', expiration: '24h', tags: ['tag:a', 'tag:b'], reusable: true, ephemeral: false },
      ],
    });
    expect(Object.fromEntries(env.map((e) => [e.name, e.value]))).toEqual({
      SERVER_SELECTOR: 'app.kubernetes.io/name=headscale,app.kubernetes.io/instance=prod',
      SERVER_CONTAINER: 'headscale',
      USERS: '[{"name":"edge","email":"edge@example.com"}]',
      PREAUTH_KEYS:
        '[{"secret":"key","user":"edge","expiration":"24h","tags":["tag:a","tag:b"],"reusable":true,"ephemeral":false,"renewBeforeSeconds":8640}]',
    });
  });

  it.each([
    ['87600h', 8760 * 3600],
    ['90m', 540],
    ['1h30m', 540],
    ['90d', 9 * 86400],
    ['1w', 7 * 8640],
    ['1y', 365 * 8640],
  ])('renews a key of %s that many seconds before it expires', (expiration, seconds) => {
    expect(renewBeforeSeconds(expiration)).toBe(seconds);
  });
});
