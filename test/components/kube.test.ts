import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, App, Chart, type IResolver, JsonPatch, Lazy, type ResolutionContext, Testing } from 'cdk8s';
import { HeadscaleChart } from '../../src/chart/chart';
import { KubeConfigMap } from '../../src/components/kube';
import { parseValuesYaml } from '../../src/values/load';

/**
 * The kube classes serialize plain props without cdk8s's resolution pass; the JSON (key order
 * included) must be what `ApiObject.toJson()` gives, and anything resolution could change must
 * still go through it.
 */

const cdk8sJson = (object: ApiObject) => JSON.stringify(ApiObject.prototype.toJson.call(object));
const objectsOf = (chart: Chart) => chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);

const FULL_VALUES = parseValuesYaml(
  readFileSync(join(__dirname, '..', '..', 'hack', 'bench', 'full.values.yaml'), 'utf8'),
  'full.values.yaml',
);

describe('kube classes serialize as ApiObject does', () => {
  it.each([
    ['the defaults', {}],
    ['a full-featured release', FULL_VALUES],
  ])('every object of %s', (_, values) => {
    const objects = objectsOf(new HeadscaleChart(Testing.app(), 'release', { values }));
    expect(objects.length).toBeGreaterThan(10);
    for (const object of objects) expect(JSON.stringify(object.toJson())).toBe(cdk8sJson(object));
  });

  it('with cdk8s key sorting turned off', () => {
    const objects = objectsOf(new HeadscaleChart(Testing.app(), 'release', { values: FULL_VALUES }));
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      for (const object of objects) expect(JSON.stringify(object.toJson())).toBe(cdk8sJson(object));
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  it('applies JSON patches', () => {
    const chart = new HeadscaleChart(Testing.app(), 'release');
    chart.server!.deployment.addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'high'));
    expect(chart.server!.deployment.toJson().spec.template.spec.priorityClassName).toBe('high');
  });

  it('resolves Lazy values and leaves out nulls in props', () => {
    const chart = new Chart(Testing.app(), 'chart');
    const map = new KubeConfigMap(chart, 'map', {
      metadata: { name: 'map' },
      data: { later: Lazy.any({ produce: () => 'produced' }) as unknown as string, gone: null as unknown as string },
    });
    expect(map.toJson()).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'map' },
      data: { later: 'produced' },
    });
  });

  it("fails as ApiObject fails, naming the object, on what cdk8s can't render", () => {
    const chart = new Chart(Testing.app(), 'chart');
    const map = new KubeConfigMap(chart, 'map', { metadata: { name: 'map' } });
    map.metadata.add('odd', new Date(0));
    expect(() => map.toJson()).toThrow("Failed serializing construct at path 'chart/map' with name 'map'");
  });

  it("runs an app's own resolvers", () => {
    const shout: IResolver = {
      resolve: (context: ResolutionContext) => {
        if (context.value === 'quiet') context.replaceValue('LOUD');
      },
    };
    const chart = new Chart(new App({ resolvers: [shout] }), 'chart');
    const map = new KubeConfigMap(chart, 'map', { metadata: { name: 'map' }, data: { word: 'quiet' } });
    expect(map.toJson().data).toEqual({ word: 'LOUD' });
  });
});
