import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseValuesWithWarnings } from '../../src/chart/parse-values';
import { renderHeadscale } from '../../src/render';
import { parseValuesYaml } from '../../src/values/load';
import { loadRender } from '../parity/compare';

const FIXTURES = join(__dirname, '..', 'fixtures', 'parity-0.2.0');
const chartValues = (name: string) =>
  parseValuesYaml(readFileSync(join(FIXTURES, `${name}.values.yaml`), 'utf8'), `${name}.values.yaml`) as Record<
    string,
    any
  >;

function loginServer(values: Record<string, unknown>): string {
  const objects = loadRender(renderHeadscale({ releaseName: 'headscale', namespace: 'headscale', values }).yaml);
  const client = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'headscale-client')!;
  return client.spec.template.spec.containers[0].env.find((e: any) => e.name === 'LOGIN_SERVER').value;
}

describe("the in-cluster client with chart 0.2.0's TLS modes", () => {
  it('logs in through the TLS listener on port 443 with the internal-tls values (mode A), trusting its private CA', () => {
    const values = chartValues('internal-tls');
    expect(loginServer(values)).toBe('https://headscale.headscale.svc.cluster.local');
    const yaml = renderHeadscale({ releaseName: 'headscale', namespace: 'headscale', values }).yaml;
    expect(yaml).not.toMatch(/nginx:alpine|apk add|tofu/);
    expect(parseValuesWithWarnings(values).warnings).toEqual([]);
  });

  it("accepts chart 0.2.0's client.internalTls.image, with a warning that names it, and runs its own image", () => {
    const values = chartValues('internal-tls');
    const withKey = {
      ...values,
      client: {
        ...values.client,
        internalTls: { image: { repository: 'nginx', tag: 'alpine', pullPolicy: 'IfNotPresent' } },
      },
    };
    expect(loginServer(withKey)).toBe('https://headscale.headscale.svc.cluster.local');
    expect(parseValuesWithWarnings(withKey).warnings.map((w) => w.path)).toEqual(['client.internalTls.image']);
    const yaml = renderHeadscale({ releaseName: 'headscale', namespace: 'headscale', values: withKey }).yaml;
    expect(yaml).not.toMatch(/nginx:alpine/);
  });

  it('logs in through the ingress with client.internalTls.enabled false', () => {
    const values = chartValues('internal-tls');
    expect(loginServer({ ...values, client: { ...values.client, internalTls: { enabled: false } } })).toBe(
      'https://vpn.example.com',
    );
  });

  it('logs in through the TLS listener with the ingress-tls-native values, as the ingress terminates tls.secretName', () => {
    const values = chartValues('ingress-tls-native');
    expect(loginServer(values)).toBe('https://headscale.headscale.svc.cluster.local');
    expect(parseValuesWithWarnings(values).warnings).toEqual([]);
  });

  it("logs in over https with the tls-native values (mode B), trusting the Secret's CA", () => {
    expect(loginServer(chartValues('tls-native'))).toBe('https://headscale.headscale.svc.cluster.local:443');
  });
});
