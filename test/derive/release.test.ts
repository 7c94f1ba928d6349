import {
  commonLabels,
  deriveRelease,
  objectName,
  selectorLabels,
  serverServiceAccountName,
  truncateName,
} from '../../src/derive/release';
import { ValuesError } from '../../src/core/errors';

const noOverrides = { nameOverride: '', fullnameOverride: '' };

describe('names', () => {
  it('joins release and chart name', () => {
    expect(deriveRelease('prod', 'vpn', noOverrides)).toEqual({
      releaseName: 'prod',
      namespace: 'vpn',
      name: 'headscale',
      fullname: 'prod-headscale',
    });
  });

  it('uses the release name alone when it already contains the chart name', () => {
    expect(deriveRelease('headscale', 'vpn', noOverrides).fullname).toBe('headscale');
    expect(deriveRelease('my-headscale-prod', 'vpn', noOverrides).fullname).toBe('my-headscale-prod');
  });

  it('takes fullnameOverride as it is, and nameOverride in place of the chart name', () => {
    expect(deriveRelease('prod', 'vpn', { ...noOverrides, fullnameOverride: 'tailnet' }).fullname).toBe('tailnet');
    const renamed = deriveRelease('prod', 'vpn', { ...noOverrides, nameOverride: 'hs' });
    expect([renamed.name, renamed.fullname]).toEqual(['hs', 'prod-hs']);
    expect(deriveRelease('hs-prod', 'vpn', { ...noOverrides, nameOverride: 'hs' }).fullname).toBe('hs-prod');
  });

  it('cuts names to 63 characters and drops a trailing "-" the cut leaves', () => {
    expect(truncateName('a'.repeat(70))).toHaveLength(63);
    expect(truncateName(`${'a'.repeat(62)}-b`)).toBe('a'.repeat(62));
    expect(deriveRelease('r'.repeat(53), 'vpn', noOverrides).fullname).toBe(`${'r'.repeat(53)}-headscale`);
    expect(deriveRelease('r'.repeat(53), 'vpn', { ...noOverrides, nameOverride: 'abcdefgh-jk' }).fullname).toBe(
      `${'r'.repeat(53)}-abcdefgh`,
    );
    expect(deriveRelease('prod', 'vpn', { ...noOverrides, fullnameOverride: `${'x'.repeat(62)}-yyy` }).fullname).toBe(
      'x'.repeat(62),
    );
  });

  it("never lets a suffixed name pass 63 characters, and keeps the chart's name when it fits", () => {
    const release = deriveRelease('r'.repeat(53), 'vpn', noOverrides);
    for (const suffix of ['-client', '-client-job-script', '-derp-map', '-ensure-client-key']) {
      const name = objectName(release, suffix);
      expect(name.length).toBeLessThanOrEqual(63);
      expect(name.endsWith(suffix)).toBe(true);
      expect(name).not.toMatch(/--/);
    }
    expect(objectName(deriveRelease('headscale', 'vpn', noOverrides), '-client-job-script')).toBe(
      'headscale-client-job-script',
    );
  });

  it('refuses a release name or namespace Kubernetes or Helm would refuse', () => {
    for (const bad of ['Prod', 'prod_1', '-prod', 'r'.repeat(54), '']) {
      expect(() => deriveRelease(bad, 'vpn', noOverrides)).toThrow(ValuesError);
    }
    expect(() => deriveRelease('prod', 'Bad_NS', noOverrides)).toThrow(
      'namespace: "Bad_NS" is not a valid namespace name',
    );
  });

  it("names the server's ServiceAccount as the chart does", () => {
    const release = deriveRelease('headscale', 'vpn', noOverrides);
    expect(serverServiceAccountName(release, { create: true, name: '', annotations: {} })).toBe('headscale');
    expect(serverServiceAccountName(release, { create: true, name: 'hs', annotations: {} })).toBe('hs');
    expect(serverServiceAccountName(release, { create: false, name: '', annotations: {} })).toBe('default');
  });
});

describe('labels', () => {
  const release = deriveRelease('prod', 'vpn', noOverrides);

  it('selects by name and instance, plus the component when given', () => {
    expect(selectorLabels(release)).toEqual({
      'app.kubernetes.io/name': 'headscale',
      'app.kubernetes.io/instance': 'prod',
    });
    expect(selectorLabels(release, 'client')['app.kubernetes.io/component']).toBe('client');
  });

  it('marks objects as managed by cdk8s with the app version', () => {
    expect(commonLabels(release, 'server')).toEqual({
      'app.kubernetes.io/name': 'headscale',
      'app.kubernetes.io/instance': 'prod',
      'app.kubernetes.io/version': '0.28.0',
      'app.kubernetes.io/managed-by': 'cdk8s',
      'app.kubernetes.io/component': 'server',
    });
  });
});
