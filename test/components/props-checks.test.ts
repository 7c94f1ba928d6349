import { assertValidProps, propsFindings } from '../../src/components/common';
import { HeadscaleServer } from '../../src/components/headscale-server';
import { PreauthKeyJob } from '../../src/components/preauth-key-job';
import { TailscaleClient, type TailscaleClientProps } from '../../src/components/tailscale-client';
import { propsProblems, userChart as chart } from '../support/components';
import { problemsOf } from '../support/problems';
import { render } from '../support/render';

const elsewhere = HeadscaleServer.fromAttributes({ url: 'https://hs.example.com' });

describe('a component built by hand checks its own props', () => {
  it.each<[string, Partial<TailscaleClientProps>, string]>([
    ['a login URL without a scheme', { loginServer: 'hs.example.com' }, 'loginServer'],
    [
      'a server URL without a scheme',
      { server: HeadscaleServer.fromAttributes({ url: 'hs.example.com' }) },
      'server.url',
    ],
    ['a prefix longer than its family', { advertiseRoutes: ['10.0.0.0/33'] }, 'advertiseRoutes[0]'],
    ['host bits in a route', { advertiseRoutes: ['10.96.0.0/12', '10.0.0.1/8'] }, 'advertiseRoutes[1]'],
    ['a Secret name Kubernetes refuses', { authKeySecret: { name: 'Bad_Name' } }, 'authKeySecret.name'],
    ['a hostname tailscale refuses', { hostname: 'router_1' }, 'hostname'],
    ['userspace networking in a DaemonSet', { daemonSet: true, userspace: true }, 'userspace'],
    ['a host directory with a ".." element', { daemonSet: true, hostStateDir: '/var/lib/../etc' }, 'hostStateDir'],
    ['an empty host directory', { daemonSet: true, hostStateDir: '' }, 'hostStateDir'],
    [
      'both limits of a budget',
      { disruptionBudget: { minAvailable: 1, maxUnavailable: 1 } },
      'disruptionBudget.maxUnavailable',
    ],
  ])('TailscaleClient refuses %s at the prop', (_, props, path) => {
    const problems = propsProblems(
      () => new TailscaleClient(chart(), 'client', { server: elsewhere, authKeySecret: { name: 'key' }, ...props }),
    );
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^${path.replace(/[.[\]]/g, '\\$&')}: `))]);
  });

  it('names the component and its construct path, and lists every problem at once', () => {
    expect(
      () =>
        new TailscaleClient(chart(), 'router', {
          server: elsewhere,
          loginServer: 'hs.example.com',
          authKeySecret: { name: 'Bad_Name' },
        }),
    ).toThrow(/^invalid props of TailscaleClient app\/router:\n {2}loginServer: .*\n {2}authKeySecret\.name: /);
  });

  it('PreauthKeyJob refuses lifetimes, users and tags the headscale CLI of the server refuses', () => {
    const server = HeadscaleServer.fromAttributes({
      url: 'http://hs',
      selector: { app: 'hs' },
      headscaleVersion: '0.27',
    });
    expect(
      propsProblems(
        () =>
          new PreauthKeyJob(chart(), 'keys', {
            server,
            expiration: 'forever',
            users: [{ name: '1st' }],
            keys: [{ secretName: 'k', tags: ['tag:web'] }],
          }),
      ),
    ).toEqual([
      expect.stringMatching(/^users\[0\]\.name: /),
      expect.stringMatching(/^keys\[0\]\.user: is required on Headscale 0\.27/),
      expect.stringMatching(/^expiration: /),
    ]);
    expect(propsProblems(() => new PreauthKeyJob(chart(), 'keys', { server: elsewhere }))).toEqual([
      expect.stringMatching(/^server\.selector: is required/),
    ]);
  });

  it('checks one props object once, and each props object on its own', () => {
    const check = jest.fn((props: { name: string }) =>
      props.name === '' ? [{ at: ['name'], message: 'is empty' }] : [],
    );
    const fine = { name: 'a' };
    const empty = { name: '' };
    expect(propsFindings(fine, check)).toEqual([]);
    expect(propsFindings(empty, check)).toEqual([{ at: ['name'], message: 'is empty' }]);
    expect(() => assertValidProps(chart(), 'Thing', fine, check)).not.toThrow();
    expect(() => assertValidProps(chart(), 'Thing', empty, check)).toThrow(
      /^invalid props of Thing app:\n {2}name: is empty$/,
    );
    expect(check.mock.calls.map(([props]) => props)).toEqual([fine, empty]);
    // Another check of the same props runs: each component's check is its own.
    expect(propsFindings(fine, (props: { name: string }) => [{ at: [], message: props.name }])).toEqual([
      { at: [], message: 'a' },
    ]);
  });
});

describe('the same mistakes through values', () => {
  it.each([
    [{ client: { loginServer: 'hs.example.com' } }, 'client.loginServer'],
    [{ client: { advertiseRoutes: ['10.0.0.0/33'] } }, 'client.advertiseRoutes[0]'],
    [
      {
        client: { authKeySecret: { name: 'edge-key' }, caSecretName: 'x' },
        podDisruptionBudget: { minAvailable: 1, maxUnavailable: 1 },
      },
      'podDisruptionBudget.maxUnavailable',
    ],
    [{ client: { preauthKeyExpiration: 'forever' } }, 'client.preauthKeyExpiration'],
  ])('%j is refused at %s', (values, path) => {
    expect(problemsOf(() => render(values))).toContainEqual(
      expect.stringMatching(new RegExp(`^${path.replace(/[.[\]]/g, '\\$&')}: `)),
    );
  });
});
