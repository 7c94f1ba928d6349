import { configKeyVariable } from '../../src/derive/secret-env';
import { find, render, renderChart } from '../support/render';

describe('secretEnv', () => {
  it('names the variable Headscale reads a config key from', () => {
    expect(configKeyVariable('oidc.client_secret')).toBe('HEADSCALE_OIDC_CLIENT_SECRET');
    expect(configKeyVariable('database.postgres.pass')).toBe('HEADSCALE_DATABASE_POSTGRES_PASS');
  });

  it('gives the server container each config key from its Secret, and nothing in the ConfigMap', () => {
    const objects = render({
      config: { oidc: { issuer: 'https://sso.example.com', client_id: 'headscale' } },
      secretEnv: [
        { key: 'oidc.client_secret', secretName: 'headscale-oidc', secretKey: 'client-secret' },
        { key: 'database.postgres.pass', secretName: 'headscale-db', secretKey: 'password' },
      ],
    });
    const [container] = find(objects, 'Deployment', 'headscale').spec.template.spec.containers;
    expect(container.env).toEqual([
      {
        name: 'HEADSCALE_OIDC_CLIENT_SECRET',
        valueFrom: { secretKeyRef: { name: 'headscale-oidc', key: 'client-secret' } },
      },
      {
        name: 'HEADSCALE_DATABASE_POSTGRES_PASS',
        valueFrom: { secretKeyRef: { name: 'headscale-db', key: 'password' } },
      },
    ]);
    expect(find(objects, 'ConfigMap', 'headscale').data['config.yaml']).not.toMatch(/client_secret|pass:/);
  });

  it('adds no env to the server container without secretEnv', () => {
    expect(find(render(), 'Deployment', 'headscale').spec.template.spec.containers[0]).not.toHaveProperty('env');
  });
});

describe('HeadscaleChart.warnings', () => {
  it('lists what in the values is likely a mistake, and the chart still renders', () => {
    const { chart, objects } = renderChart({ client: { enabled: false }, config: { dns: { magic_dsn: false } } });
    expect(chart.warnings).toEqual([
      {
        path: 'config.dns.magic_dsn',
        message: 'unknown key of Headscale\'s config, which Headscale ignores (did you mean "magic_dns"?)',
      },
    ]);
    expect(objects.length).toBeGreaterThan(0);
  });
});
