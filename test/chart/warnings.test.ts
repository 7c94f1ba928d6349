import { App, Testing } from 'cdk8s';
import { HeadscaleChart } from '../../src/chart/chart';
import { HeadscaleApp } from '../../src/fast/app';
import { renderHeadscale } from '../../src/render';
import { ValuesError } from '../../src/core/errors';

/** Values without warnings: no in-cluster client, whose plain-HTTP login would warn. */
const CLEAN = { client: { enabled: false } };
/** A key Headscale ignores: a warning, not an error. */
const TYPO = { ...CLEAN, config: { dns: { base_domian: 'tailnet.example.com' } } };
const WARNING = 'warning: config.dns.base_domian: unknown key';

function stderrOf(run: () => void): string {
  let text = '';
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((text += String(chunk)), true));
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return text;
}

describe('the warnings of a HeadscaleChart', () => {
  it.each([
    ['App', () => new App()],
    ['HeadscaleApp', () => new HeadscaleApp()],
  ])('are printed to stderr at synth in %s, one line each with the key path, once', (_, makeApp) => {
    const app = makeApp();
    const chart = new HeadscaleChart(app, 'hs', { values: TYPO });
    expect(chart.warnings.map((w) => w.path)).toEqual(['config.dns.base_domian']);
    const first = stderrOf(() => app.synthYaml());
    expect(first.split('\n').filter(Boolean)).toEqual([expect.stringContaining(WARNING)]);
    expect(first).toContain('did you mean "base_domain"?');
    expect(stderrOf(() => app.synthYaml())).toBe('');
  });

  it('are not printed at construction, nor with printWarnings: false', () => {
    expect(stderrOf(() => new HeadscaleChart(Testing.app(), 'hs', { values: TYPO }))).toBe('');
    const app = Testing.app();
    const quiet = new HeadscaleChart(app, 'hs', { values: TYPO, printWarnings: false });
    expect(stderrOf(() => Testing.synth(quiet))).toBe('');
    expect(quiet.warnings).toHaveLength(1);
  });

  it('are errors with strict: true, the key path named', () => {
    expect(() => new HeadscaleChart(Testing.app(), 'hs', { values: TYPO, strict: true })).toThrow(ValuesError);
    try {
      new HeadscaleChart(Testing.app(), 'hs', { values: TYPO, strict: true });
    } catch (error) {
      expect((error as ValuesError).problems.map((p) => p.path)).toEqual(['config.dns.base_domian']);
    }
    expect(() => new HeadscaleChart(Testing.app(), 'hs', { values: CLEAN, strict: true })).not.toThrow();
  });

  it('are returned, not printed, by renderHeadscale', () => {
    let warnings: readonly unknown[] = [];
    expect(stderrOf(() => ({ warnings } = renderHeadscale({ values: TYPO })))).toBe('');
    expect(warnings).toHaveLength(1);
  });
});
