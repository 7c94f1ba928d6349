import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { expectYamlSnapshot } from '../../test/support/yaml-snapshot';
import { synthExample } from '../test-support';
import { buildApp, TENANTS } from './main';

const { yaml, objects, find } = synthExample(buildApp());

test('the tenants example matches its snapshot', () => {
  expectYamlSnapshot('example-tenants', yaml);
});

test('each tenant has its release in its own namespace, with its host and tailnet domain', () => {
  for (const tenant of TENANTS) {
    const namespace = `headscale-${tenant.name}`;
    const inNamespace = objects.filter((o) => o.metadata.namespace === namespace);
    expect(inNamespace.map((o) => `${o.kind}/${o.metadata.name}`)).toContain('Deployment/headscale');
    const ingress = inNamespace.find((o) => o.kind === 'Ingress');
    expect(ingress.spec.rules[0].host).toBe(`headscale.${tenant.domain}`);
    const config = YAML.parse(
      inNamespace.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'headscale').data['config.yaml'],
    );
    expect(config).toMatchObject({
      server_url: `https://headscale.${tenant.domain}`,
      dns: { base_domain: `tailnet.${tenant.domain}` },
    });
  }
  expect(find('Ingress', 'headscale')).toBeDefined();
});

test('synth writes one file per tenant', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'tenants-'));
  try {
    buildApp(outdir).synth();
    expect(readdirSync(outdir).sort()).toEqual(TENANTS.map((t) => `${t.name}.k8s.yaml`).sort());
    expect(readFileSync(join(outdir, 'acme.k8s.yaml'), 'utf8')).toContain('namespace: headscale-acme');
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
