import { authKeySecretName, clientEnvironment, clientHostname, keyJobEnvironment } from '../../src/render/client';
import { deriveRelease } from '../../src/render/release';
import { parseValues } from '../../src/values/parse';

const release = (name: string) => deriveRelease(name, 'vpn', { nameOverride: '', fullnameOverride: '' });

describe('client derivations', () => {
  it('derives the hostname and Secrets from the fullname, within 63 characters before the node suffix', () => {
    expect(clientHostname(release('prod'), false)).toBe('prod-headscale-client');
    expect(clientHostname(release('prod'), true)).toBe('prod-headscale-client-$(NODE_NAME)');
    expect(clientHostname(release('r'.repeat(53)), false)).toHaveLength(63);
    expect(authKeySecretName(release('prod'))).toBe('prod-headscale-client-authkey');
  });

  it('gives the client script one variable per tailscale up setting', () => {
    const values = parseValues({ client: { acceptRoutes: false, advertiseRoutes: ['10.0.0.0/8'] }, service: { port: 80 } });
    expect(clientEnvironment(values, release('prod')).map((e) => `${e.name}=${e.value}`)).toEqual([
      'TS_STATE_SECRET=prod-headscale-client-state',
      'TS_HOSTNAME=prod-headscale-client',
      'LOGIN_SERVER=http://prod-headscale.vpn.svc.cluster.local:80',
      'ACCEPT_DNS=unset',
      'ACCEPT_ROUTES=false',
      'ADVERTISE_ROUTES=10.0.0.0/8',
      'ADVERTISE_EXIT_NODE=false',
    ]);
  });

  it('tags the key only when routes need approving, and only for an enabled client', () => {
    const tags = (input: object) => keyJobEnvironment(parseValues(input), release('prod')).find((e) => e.name === 'KEY_TAGS')!.value;
    expect(tags({ client: { advertiseRoutes: ['10.0.0.0/8'] } })).toBe('tag:in-cluster-client');
    expect(tags({})).toBe('');
  });
});
