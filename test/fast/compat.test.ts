import { App } from 'cdk8s';
import { HeadscaleChart } from '../../src/chart/chart';
import { installedVersions, provenVersions } from '../../src/derive/proven-versions';

const proven = { cdk8s: '2.70.106', cdk8sYaml: '2.9.1', yaml: '2.9.1' };

describe('the versions the fast synthesis runs with', () => {
  it('are the installed ones, which the tests prove it against', () => {
    expect(provenVersions(installedVersions())).toBe(true);
  });

  it('exclude other minors of cdk8s or yaml, and a cdk8s that writes with another yaml', () => {
    expect(provenVersions(proven)).toBe(true);
    expect(provenVersions({ ...proven, cdk8s: '2.71.0' })).toBe(false);
    expect(provenVersions({ ...proven, cdk8s: '2.69.9' })).toBe(false);
    expect(provenVersions({ ...proven, yaml: '2.10.0', cdk8sYaml: '2.10.0' })).toBe(false);
    expect(provenVersions({ ...proven, cdk8sYaml: '2.9.0' })).toBe(false);
    expect(provenVersions({ ...proven, cdk8s: undefined })).toBe(false);
  });
});

describe('HeadscaleApp with versions it was not proven against', () => {
  const build = (app: App) => {
    new HeadscaleChart(app, 'a', { releaseName: 'a', values: { ui: { enabled: true } } });
    new HeadscaleChart(app, 'b', { releaseName: 'b', namespace: 'b', values: { client: { daemonset: true } } });
  };

  it('synthesizes exactly as App does, through App itself', () => {
    jest.isolateModules(() => {
      const writerCalls = jest.fn();
      jest.doMock('../../src/derive/proven-versions', () => ({ fastSynthesisProven: () => false }));
      jest.doMock('../../src/derive/yaml-writer', () => ({
        documentWriter: () => writerCalls,
        manifestsYaml: writerCalls,
      }));
      // Required after the mocks, inside the isolated registry, so that they load the mocked modules.
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { HeadscaleApp } = require('../../src/fast/app') as typeof import('../../src/fast/app');
      const { HeadscaleChart: IsolatedChart } =
        require('../../src/chart/chart') as typeof import('../../src/chart/chart');
      /* eslint-enable @typescript-eslint/no-require-imports */
      const fallback = new HeadscaleApp();
      new IsolatedChart(fallback, 'a', { releaseName: 'a', values: { ui: { enabled: true } } });
      new IsolatedChart(fallback, 'b', { releaseName: 'b', namespace: 'b', values: { client: { daemonset: true } } });
      const plain = new App();
      build(plain);
      expect(fallback.synthYaml()).toBe(plain.synthYaml());
      expect(writerCalls).not.toHaveBeenCalled();
    });
  });
});
