import {
  detectHeadplaneVersion,
  HEADPLANE_VERSIONS,
  type HeadplaneVersion,
  headplaneConfigFindings,
  headplaneConfigWarnings,
  headplaneVersionOfImage,
} from '../../src/values/headplane-config';
import type { JsonMap } from '../../src/core/json-map';

/**
 * Cases decided from Headplane's config loader (app/server/config/load.ts and config-schema.ts) at
 * each version's release: what it refuses at start, reads with a warning or drops, each with the
 * key path the finding must name. A case lists the versions it holds for.
 */
interface Case {
  readonly id: string;
  readonly versions: readonly HeadplaneVersion[];
  /** Merged over {@link MINIMAL}, section by section. */
  readonly config: JsonMap;
  readonly refused?: readonly string[];
  readonly warned?: readonly string[];
  /** Where in Headplane's code the decision comes from. */
  readonly source: string;
}

const SECRETS = '/etc/headplane-secrets';
/** What Headplane needs, and nothing more: a cookie secret and Headscale's URL. */
const MINIMAL: JsonMap = {
  server: { host: '0.0.0.0', port: 3000, cookie_secret_path: `${SECRETS}/cookie_secret` },
  headscale: { url: 'http://headscale.vpn.svc.cluster.local:8080' },
};
const OIDC = { issuer: 'https://id.example.com', client_id: 'headplane', client_secret_path: '/etc/oidc/secret' };
const BOTH: readonly HeadplaneVersion[] = ['0.6', '0.7'];

const CASES: readonly Case[] = [
  { id: 'minimal', versions: BOTH, config: {}, source: 'config-schema.ts serverConfig, headscaleConfig' },
  {
    id: 'api-key-0.7',
    versions: ['0.7'],
    config: { headscale: { api_key_path: `${SECRETS}/api_key` } },
    source: 'config-schema.ts:10-15 (v0.7.0-beta.4): headscale.api_key is a secret read from a file',
  },
  {
    id: 'api-key-in-headscale-on-0.6',
    versions: ['0.6'],
    config: { headscale: { api_key_path: `${SECRETS}/api_key` } },
    refused: ['headscale.api_key_path'],
    source: 'config-schema.ts:10-15, 43-52 (v0.6.3): no headscale.api_key; the loader drops it',
  },
  {
    id: 'oidc-0.7',
    versions: ['0.7'],
    config: { headscale: { api_key_path: `${SECRETS}/api_key` }, oidc: OIDC },
    source: 'config-schema.ts:95-99 (v0.7.0-beta.4)',
  },
  {
    id: 'oidc-0.7-without-api-key',
    versions: ['0.7'],
    config: { oidc: OIDC },
    refused: ['headscale.api_key_path'],
    source: 'context.ts:121-123 (v0.7.0-beta.4): OIDC is disabled without headscale.api_key',
  },
  {
    id: 'oidc-0.7-off-without-api-key',
    versions: ['0.7'],
    config: { oidc: { ...OIDC, enabled: false } },
    source: 'context.ts:118-120 (v0.7.0-beta.4): a disabled OIDC needs no key',
  },
  {
    id: 'oidc-0.7-deprecated-api-key',
    versions: ['0.7'],
    config: { oidc: { ...OIDC, headscale_api_key_path: `${SECRETS}/api_key` } },
    warned: ['oidc.headscale_api_key_path'],
    source: 'config-schema.ts:100-105, context.ts:31 (v0.7.0-beta.4): read, with a deprecation warning',
  },
  {
    id: 'oidc-0.6',
    versions: ['0.6'],
    config: { oidc: { ...OIDC, headscale_api_key_path: `${SECRETS}/api_key` } },
    source: 'config-schema.ts:67-72 (v0.6.3)',
  },
  {
    id: 'oidc-0.6-without-api-key',
    versions: ['0.6'],
    config: { oidc: OIDC },
    refused: ['oidc.headscale_api_key_path'],
    source: 'config-schema.ts:72 (v0.6.3): headscale_api_key is required in oidc',
  },
  {
    id: 'oidc-without-client-secret',
    versions: BOTH,
    config: {
      headscale: {},
      oidc: { issuer: OIDC.issuer, client_id: OIDC.client_id, headscale_api_key_path: `${SECRETS}/api_key` },
    },
    refused: ['oidc.client_secret_path'],
    source: 'config-schema.ts:71 (v0.6.3), 98 (v0.7.0-beta.4)',
  },
  {
    id: 'oidc-http-issuer',
    versions: BOTH,
    config: { oidc: { ...OIDC, issuer: 'http://id.example.com', headscale_api_key_path: `${SECRETS}/api_key` } },
    refused: ['oidc.issuer'],
    source: 'OIDC discovery needs https',
  },
  {
    id: 'secret-inline-and-from-file',
    versions: BOTH,
    config: { server: { cookie_secret: 'c'.repeat(32) } },
    refused: ['server.cookie_secret'],
    source: 'load.ts:219-223 (v0.6.3), 214-218 (v0.7.0-beta.4): CONFLICTING_SECRET_PATH_FIELD',
  },
  {
    id: 'no-cookie-secret',
    versions: BOTH,
    config: { server: { cookie_secret_path: null } },
    refused: ['server.cookie_secret_path'],
    source: 'config-schema.ts:24 (v0.6.3), 41 (v0.7.0-beta.4): cookie_secret has no default',
  },
  {
    id: 'no-headscale-url',
    versions: BOTH,
    config: { headscale: { url: null } },
    refused: ['headscale.url'],
    source: 'config-schema.ts:44 (v0.6.3), 70 (v0.7.0-beta.4): url has no default',
  },
  {
    id: 'port-out-of-range',
    versions: BOTH,
    config: { server: { port: 70000 } },
    refused: ['server.port'],
    source: 'config-schema.ts:19 (v0.6.3), 36 (v0.7.0-beta.4): number.integer, and a port to listen on',
  },
  {
    id: 'cookie-secure-not-boolean',
    versions: BOTH,
    config: { server: { cookie_secure: 'yes' } },
    refused: ['server.cookie_secure'],
    source: 'config-schema.ts:25 (v0.6.3), 42 (v0.7.0-beta.4)',
  },
  {
    id: 'uppercase-data-path',
    versions: BOTH,
    config: { server: { data_path: '/var/lib/Headplane' } },
    refused: ['server.data_path'],
    source: 'config-schema.ts:21 (v0.6.3), 38 (v0.7.0-beta.4): string.lower',
  },
  {
    id: 'unknown-section',
    versions: BOTH,
    config: { sever: {} },
    refused: ['sever'],
    source: 'config-schema.ts:172-178 (v0.6.3), 213-219 (v0.7.0-beta.4): a section of its own would be dropped',
  },
  {
    id: 'tls-termination-0.7',
    versions: ['0.7'],
    config: { server: { tls_cert_path: '/tls/tls.crt', tls_key_path: '/tls/tls.key' } },
    source: 'config-schema.ts:49-50 (v0.7.0-beta.4)',
  },
  {
    id: 'tls-termination-0.6',
    versions: ['0.6'],
    config: { server: { tls_cert_path: '/tls/tls.crt' } },
    warned: ['server.tls_cert_path'],
    source: 'config-schema.ts:17-28, 170 (v0.6.3): undeclared, deleted',
  },
  {
    id: 'redirect-uri-0.6',
    versions: ['0.6'],
    config: {
      oidc: {
        ...OIDC,
        headscale_api_key_path: `${SECRETS}/api_key`,
        redirect_uri: 'https://vpn.example.com/admin/oidc/callback',
      },
    },
    warned: ['oidc.redirect_uri'],
    source: 'config-schema.ts:74-91 (v0.6.3): deprecated, with a warning',
  },
  {
    id: 'redirect-uri-0.7',
    versions: ['0.7'],
    config: {
      headscale: { api_key_path: `${SECRETS}/api_key` },
      oidc: { ...OIDC, redirect_uri: 'https://vpn.example.com/admin/oidc/callback' },
    },
    warned: ['oidc.redirect_uri'],
    source: 'config-schema.ts:107-124 (v0.7.0-beta.4): deprecated, with a warning',
  },
  {
    id: 'agent-pre-authkey-0.7',
    versions: ['0.7'],
    config: { integration: { agent: { enabled: false, pre_authkey: 'x' } } },
    warned: ['integration.agent.pre_authkey'],
    source: 'config-schema.ts:177 (v0.7.0-beta.4): deprecated, no effect',
  },
  {
    id: 'integration-kubernetes',
    versions: BOTH,
    config: { integration: { kubernetes: { enabled: true, pod_name: 'headscale-0' } } },
    refused: ['integration.kubernetes'],
    source: 'integration/kubernetes.ts:121-129: needs the shared process namespace',
  },
  {
    id: 'integration-kubernetes-off',
    versions: BOTH,
    config: { integration: { kubernetes: { enabled: false } } },
    source: 'integration/kubernetes.ts: off, it reaches nothing',
  },
  {
    id: 'integration-proc',
    versions: BOTH,
    config: { integration: { proc: { enabled: true } } },
    refused: ['integration.proc'],
    source: 'integration/proc.ts:34-49: scans /proc for Headscale',
  },
  {
    id: 'integration-docker',
    versions: BOTH,
    config: { integration: { docker: { enabled: true, container_name: 'headscale' } } },
    refused: ['integration.docker'],
    source: 'integration/docker.ts: the Docker socket',
  },
  {
    id: 'unknown-key-in-section',
    versions: BOTH,
    config: { headscale: { config_stict: true } },
    warned: ['headscale.config_stict'],
    source: 'onDeepUndeclaredKey("delete"): config-schema.ts:170 (v0.6.3), 211 (v0.7.0-beta.4)',
  },
];

/** MINIMAL with the case's sections merged in; a null removes a key. */
function configOf(overrides: JsonMap): JsonMap {
  const merged: JsonMap = { ...MINIMAL };
  for (const [section, value] of Object.entries(overrides)) {
    const base = MINIMAL[section] as Record<string, unknown> | undefined;
    const combined = { ...base, ...(value as Record<string, unknown>) };
    merged[section] = Object.fromEntries(Object.entries(combined).filter(([, v]) => v !== null));
  }
  return merged;
}

const paths = (findings: readonly { at: readonly PropertyKey[] }[]) => findings.map((f) => f.at.join('.')).sort();

describe.each(HEADPLANE_VERSIONS)('Headplane %s config cases', (version) => {
  const cases = CASES.filter((c) => c.versions.includes(version));
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_, c) => {
    const config = configOf(c.config);
    expect(paths(headplaneConfigFindings(config, version))).toEqual([...(c.refused ?? [])].sort());
    if (c.refused === undefined || c.warned !== undefined)
      expect(paths(headplaneConfigWarnings(config, version))).toEqual([...(c.warned ?? [])].sort());
  });
});

test('every case names its source and runs on at least one version', () => {
  for (const c of CASES) {
    expect(c.source.length).toBeGreaterThan(10);
    expect(c.versions.length).toBeGreaterThan(0);
  }
  expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
});

describe('detectHeadplaneVersion', () => {
  test.each([
    ['0.7.0-beta.4', '0.7', false],
    ['v0.7.0-beta.4', '0.7', false],
    ['0.7.0-beta.4@sha256:0123', '0.7', false],
    ['0.6.3', '0.6', false],
    ['0.6.2', '0.6', false],
    ['0.6.1', '0.6', true],
    ['0.7.0-beta.2', '0.7', true],
    ['0.7.0', '0.7', true],
    ['0.8.1', '0.7', true],
    ['1.0.0', '0.7', true],
    ['0.5.10', '0.6', true],
    ['latest', '0.7', true],
  ])('%s: checked as %s, warned: %s', (tag, version, warned) => {
    const detected = detectHeadplaneVersion(tag);
    expect(detected.version).toBe(version);
    expect(detected.warning !== undefined).toBe(warned);
  });

  test('of an image reference', () => {
    expect(headplaneVersionOfImage('ghcr.io/tale/headplane:0.6.3')).toBe('0.6');
    expect(headplaneVersionOfImage('registry:5000/tale/headplane:0.6.3@sha256:0123')).toBe('0.6');
    expect(headplaneVersionOfImage('registry:5000/headplane')).toBe('0.7');
  });
});
