import fs, { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ApiObject, App, type AppProps, Chart, JsonPatch, YamlOutputType } from 'cdk8s';
import { Construct } from 'constructs';
import { HeadscaleApp } from '../../src/fast/app';
import { HeadscaleChart } from '../../src/chart/chart';
import { ManifestError } from '../../src/core/errors';

/**
 * HeadscaleApp's promise: the files and YAML of `App`, whatever the app holds. Each case builds
 * the same constructs in an `App` and in a `HeadscaleApp` and compares every file written.
 */

type Build = (app: App) => void;

/** Two releases, a plain chart, and a chart whose toJson adds an object. */
const mixedApp: Build = (app) => {
  new HeadscaleChart(app, 'tenant-a', {
    releaseName: 'tenant-a',
    namespace: 'a',
    values: {
      ui: { enabled: true },
      ingress: { enabled: true, hosts: [{ host: 'a.example.com', paths: [{ path: '/', pathType: 'Prefix' }] }] },
    },
  });
  new HeadscaleChart(app, 'tenant-b', {
    releaseName: 'tenant-b',
    namespace: 'b',
    values: { client: { enabled: true, advertiseRoutes: ['10.0.0.0/8'] } },
  });
  const plain = new Chart(app, 'plain');
  const group = new Construct(plain, 'group');
  new ApiObject(group, 'config', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'plain' },
    data: { script: '#!/bin/sh\necho "yes"\n', on: 'off' },
  });
  new ExtraObjectChart(app, 'extra');
};

class ExtraObjectChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new ApiObject(this, 'service-account', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'extra' } });
  }

  public override toJson(): any[] {
    return [...super.toJson(), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'extra' } }];
  }
}

/** Charts and objects that depend on each other, and a chart in a chart: App's dependency resolution decides the order. */
const dependentApp: Build = (app) => {
  const first = new HeadscaleChart(app, 'first', { releaseName: 'first' });
  const second = new HeadscaleChart(app, 'second', { releaseName: 'second' });
  first.addDependency(second);
  first.server!.service.node.addDependency(first.server!.deployment);
  const outer = new Chart(app, 'outer');
  const inner = new Chart(outer, 'inner');
  new ApiObject(inner, 'inner-map', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'inner' } });
  new ApiObject(outer, 'outer-map', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'outer' } });
};

/** Charts whose ids are numbers: App orders those that are array indexes first. */
const numberedApp: Build = (app) => {
  for (const id of ['b', '10', '2', '02', 'a', '4294967295', '0']) {
    new ApiObject(new Chart(app, id), 'map', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `map-${id}` } });
  }
};

/** Every file under `dir`, by its path, with its text. */
function filesIn(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const entry of readdirSync(at)) {
      const path = join(at, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

const outdirs: string[] = [];
afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function synthFiles(AppClass: typeof App, build: Build, props: AppProps): Record<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), 'headscale-app-'));
  outdirs.push(outdir);
  const app = new AppClass({ ...props, outdir });
  build(app);
  app.synth();
  return filesIn(outdir);
}

describe('HeadscaleApp writes what App writes', () => {
  const layouts = [
    YamlOutputType.FILE_PER_CHART,
    YamlOutputType.FILE_PER_APP,
    YamlOutputType.FILE_PER_RESOURCE,
    YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE,
  ].map((layout) => [YamlOutputType[layout], layout] as const);

  it.each(layouts)('synth, %s, charts without dependencies', (_, yamlOutputType) => {
    const files = synthFiles(HeadscaleApp, mixedApp, { yamlOutputType });
    const text = Object.values(files).join('---\n');
    for (const object of ['name: tenant-a-headscale-ui', 'name: tenant-b-headscale-client', 'name: plain'])
      expect(text).toContain(object);
    expect(files).toEqual(synthFiles(App, mixedApp, { yamlOutputType }));
  });

  it.each(layouts)('synth, %s, dependent and nested charts', (_, yamlOutputType) => {
    const files = synthFiles(HeadscaleApp, dependentApp, { yamlOutputType });
    expect(files).toEqual(synthFiles(App, dependentApp, { yamlOutputType }));
  });

  it("synth, FILE_PER_APP, numbered charts in App's order", () => {
    const files = synthFiles(HeadscaleApp, numberedApp, { yamlOutputType: YamlOutputType.FILE_PER_APP });
    expect([...files['app.k8s.yaml'].matchAll(/name: map-(\S+)/g)].map((match) => match[1])).toEqual([
      '0',
      '2',
      '10',
      'b',
      '02',
      'a',
      '4294967295',
    ]);
    expect(files).toEqual(synthFiles(App, numberedApp, { yamlOutputType: YamlOutputType.FILE_PER_APP }));
  });

  it('synth with construct metadata', () => {
    const files = synthFiles(HeadscaleApp, mixedApp, { recordConstructMetadata: true });
    expect(files['construct-metadata.json']).toBeDefined();
    expect(files).toEqual(synthFiles(App, mixedApp, { recordConstructMetadata: true }));
  });

  it('synth with construct metadata asked for by CDK8S_RECORD_CONSTRUCT_METADATA', () => {
    process.env.CDK8S_RECORD_CONSTRUCT_METADATA = 'true';
    try {
      const files = synthFiles(HeadscaleApp, mixedApp, {});
      expect(files['construct-metadata.json']).toBeDefined();
      expect(files).toEqual(synthFiles(App, mixedApp, {}));
    } finally {
      delete process.env.CDK8S_RECORD_CONSTRUCT_METADATA;
    }
  });

  it.each([
    ['without dependencies', mixedApp],
    ['with dependencies', dependentApp],
    ['with numbered charts', numberedApp],
  ])('synthYaml, %s', (_, build) => {
    const fast = new HeadscaleApp();
    const app = new App();
    build(fast);
    build(app);
    expect(fast.synthYaml()).toBe(app.synthYaml());
  });

  it('fails on a construct validation with the message App gives', () => {
    const failing: Build = (app) => {
      mixedApp(app);
      new Chart(app, 'broken').node.addValidation({ validate: () => ['no good'] });
    };
    const fast = new HeadscaleApp();
    const app = new App();
    failing(fast);
    failing(app);
    expect(() => fast.synthYaml()).toThrow('Validation failed with the following errors:\n  [broken] no good');
    expect(() => app.synthYaml()).toThrow('Validation failed with the following errors:\n  [broken] no good');
  });
});

describe('a HeadscaleChart in a HeadscaleApp', () => {
  it('still checks its manifests against the Kubernetes schema', () => {
    const app = new HeadscaleApp();
    const chart = new HeadscaleChart(app, 'release');
    chart.server!.deployment.addJsonPatch(JsonPatch.add('/spec/replicas', 'two'));
    expect(() => app.synthYaml()).toThrow(ManifestError);
  });

  it("runs App's app-wide passes when toJson is called outside a synth, also after a synth that failed", () => {
    const app = new HeadscaleApp();
    const chart = new HeadscaleChart(app, 'release');
    const patched = new HeadscaleChart(app, 'patched', { releaseName: 'patched' });
    patched.server!.deployment.addJsonPatch(JsonPatch.add('/spec/replicas', 'two'));
    expect(() => app.synthYaml()).toThrow(ManifestError);
    new Chart(app, 'broken').node.addValidation({ validate: () => ['no good'] });
    expect(() => chart.toJson()).toThrow('[broken] no good');
  });
});

describe('HeadscaleApp writing files', () => {
  it('replaces a file whole or not at all: a full disk keeps the previous file and leaves no temporary one', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'fast-app-'));
    writeFileSync(join(outdir, 'headscale.k8s.yaml'), 'previous\n');
    const app = new HeadscaleApp({ outdir });
    new HeadscaleChart(app, 'headscale', { releaseName: 'headscale' });
    const full = jest.spyOn(fs, 'writeSync').mockImplementation(() => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    try {
      expect(() => app.synth()).toThrow('ENOSPC');
    } finally {
      full.mockRestore();
    }
    expect(readdirSync(outdir)).toEqual(['headscale.k8s.yaml']);
    expect(readFileSync(join(outdir, 'headscale.k8s.yaml'), 'utf8')).toBe('previous\n');
    app.synth();
    expect(readFileSync(join(outdir, 'headscale.k8s.yaml'), 'utf8')).toContain('kind: Deployment');
    rmSync(outdir, { recursive: true });
  });
});
