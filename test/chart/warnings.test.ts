import { App, Testing } from 'cdk8s';
import { HeadscaleChart } from '../../src/chart/chart';
import { HeadscaleApp } from '../../src/fast/app';
import { renderHeadscale } from '../../src/render';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValuesError, warningLine } from '../../src/core/errors';

/** Values without warnings: no in-cluster client, whose plain-HTTP login would warn. */
const CLEAN = { client: { enabled: false } };
/** A key Headscale ignores: a warning, not an error. */
const TYPO = { ...CLEAN, config: { dns: { base_domian: 'tailnet.example.com' } } };
const WARNING = 'warning: config.dns.base_domian: unknown key';

/** A heading whose GitHub anchor is `anchor` (lowercase words joined by `-`), as a pattern. */
const headingOf = (anchor: string) => new RegExp(`^#+ ${anchor.split('-').join('[^\\n\\w]+')}$`, 'im');

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

  it('are errors with strict: true only beyond those of the defaults, which print but pass', () => {
    const defaults = new HeadscaleChart(Testing.app(), 'hs', { strict: true, printWarnings: false });
    expect(defaults.warnings.map((w) => w.path)).toEqual(['client.enabled']);
    expect(
      () => new HeadscaleChart(Testing.app(), 'hs', { values: { ingress: { className: 'nginx' } }, strict: true }),
    ).not.toThrow();
    const typo = { config: { dns: { base_domian: 'tailnet.example.com' } } };
    try {
      new HeadscaleChart(Testing.app(), 'hs', { values: typo, strict: true });
      throw new Error('strict: true let a typo through');
    } catch (error) {
      expect((error as ValuesError).problems.map((p) => p.path)).toEqual(['config.dns.base_domian']);
    }
    // The same warning about a key the values give is refused.
    expect(
      () =>
        new HeadscaleChart(Testing.app(), 'hs', {
          values: { client: { loginServer: 'http://hs.example.com' } },
          strict: true,
        }),
    ).toThrow(ValuesError);
  });

  it('of the defaults are one line each of at most 200 characters, with a link to the docs section', () => {
    const { warnings } = renderHeadscale({});
    expect(warnings.length).toBeGreaterThan(0);
    for (const warning of warnings) {
      const line = warningLine(warning);
      expect([line, line.length <= 200, line.includes('\n')]).toEqual([line, true, false]);
      const [, document, anchor] = line.match(/(docs\/[\w-]+\.md)#([\w-]+)/) ?? [];
      expect([line, readFileSync(join(__dirname, '..', '..', document), 'utf8')]).toEqual([
        line,
        expect.stringMatching(headingOf(anchor)),
      ]);
    }
  });

  it('are returned, not printed, by renderHeadscale', () => {
    let warnings: readonly unknown[] = [];
    expect(stderrOf(() => ({ warnings } = renderHeadscale({ values: TYPO })))).toBe('');
    expect(warnings).toHaveLength(1);
  });
});
