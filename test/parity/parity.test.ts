import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { synthHeadscale } from '../../src/synth';
import { parseValuesYaml } from '../../src/values/load';
import type { K8sObject } from '../support/render';
import { expectYamlSnapshot } from '../support/yaml-snapshot';
import { compareRenders, counterpart, loadRender, objectKey } from './compare';

const FIXTURES = join(__dirname, '..', 'fixtures', 'parity');
const CASES = readdirSync(FIXTURES).filter((f) => f.endsWith('.values.yaml')).map((f) => f.replace(/\.values\.yaml$/, '')).sort();

/**
 * Where this project deliberately renders something else than the chart: each difference the
 * parity comparison reports, by case, with the fault of the chart it fixes. Everything not listed
 * here must be equal.
 */
const DEVIATIONS: ReadonlyArray<{ readonly cases: readonly string[]; readonly difference: string; readonly reason: string }> = [
  {
    cases: ['subnet-router'],
    difference: 'ConfigMap/headscale-policy.data.policy.json.autoApprovers.exitNode: helm=undefined ours=["tag:in-cluster-client"]',
    reason: 'chart fault 5: with client.exitNode the chart never approves the exit node; the policy auto-approves it for the client\'s tag',
  },
];

/**
 * Objects of constructs that later issues build: the in-cluster client and its key job (issue 3)
 * and the UI (issue 4). The comparison skips them until then; every other object must match.
 */
const NOT_YET_BUILT: ReadonlyArray<(o: K8sObject) => boolean> = [
  (o) => /-client(-job|-job-script)?$/.test(o.metadata.name) || ['Job', 'CronJob'].includes(o.kind),
  (o) => /-ui(-config)?$/.test(o.metadata.name),
];

const isBuilt = (o: K8sObject) => !NOT_YET_BUILT.some((pending) => pending(o));

function renderCase(name: string) {
  const values = parseValuesYaml(readFileSync(join(FIXTURES, `${name}.values.yaml`), 'utf8'), `${name}.values.yaml`);
  const yaml = synthHeadscale({ releaseName: 'headscale', namespace: 'headscale', values });
  const helm = loadRender(readFileSync(join(FIXTURES, `${name}.helm.yaml`), 'utf8'));
  return { yaml, helm, ours: loadRender(yaml) };
}

describe.each(CASES)('the %s case', (name) => {
  const { yaml, helm, ours } = renderCase(name);

  it('matches the chart\'s render, but for the listed deviations', () => {
    const expected = DEVIATIONS.filter((d) => d.cases.includes(name)).map((d) => d.difference);
    expect(compareRenders(helm.filter(isBuilt), ours)).toEqual(expected);
  });

  it('keeps the chart\'s selectors and claim names, so a live Helm release can be taken over without losing data', () => {
    for (const h of helm) {
      const o = counterpart(h, ours);
      if (!o) continue;
      if (['Deployment', 'DaemonSet', 'PodDisruptionBudget'].includes(h.kind)) expect([objectKey(o), o.spec.selector]).toEqual([objectKey(h), h.spec.selector]);
      if (h.kind === 'Service') expect([objectKey(o), o.spec.selector]).toEqual([objectKey(h), h.spec.selector]);
      if (h.kind === 'Deployment') {
        const claims = (t: K8sObject) => t.spec.template.spec.volumes?.filter((v: any) => v.persistentVolumeClaim).map((v: any) => v.persistentVolumeClaim.claimName);
        expect(claims(o)).toEqual(claims(h));
      }
    }
    const unclaimed = helm.filter((h) => h.kind === 'PersistentVolumeClaim' && isBuilt(h) && !counterpart(h, ours));
    expect(unclaimed.map(objectKey)).toEqual([]);
  });

  it('renders the same YAML as the committed snapshot', () => {
    expectYamlSnapshot(name, yaml);
  });
});

it('has every deviation attached to a case that exists', () => {
  for (const deviation of DEVIATIONS) for (const name of deviation.cases) expect(CASES).toContain(name);
});
