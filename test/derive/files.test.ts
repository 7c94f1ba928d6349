import YAML from 'yaml';
import { libraryConfigYamlWithIntegerKeys } from '../../src/derive/config-yaml';
import { derpMapYaml } from '../../src/derive/derp-map';
import { fileChecksum, serverFiles } from '../../src/derive/mounted-files';
import { policyDocument } from '../../src/derive/policy';
import { deriveRelease } from '../../src/derive/release';
import { parseValues } from '../../src/chart/parse-values';
import type { HeadscaleValuesInput } from '../../src/values/schema';

const routes = { client: { advertiseRoutes: ['10.96.0.0/12', '0.0.0.0/0'] } };

describe('the policy', () => {
  it('is policy.content as given when the client advertises no routes', () => {
    const content = { acls: [{ action: 'accept', src: ['*'], dst: ['*:*'] }] };
    expect(policyDocument(parseValues({ policy: { enabled: true, content } }))).toEqual(content);
  });

  it("owns the client's tag and auto-approves each advertised route for it", () => {
    expect(policyDocument(parseValues({ client: { advertiseRoutes: ['10.96.0.0/12', 'fd00::/8'] } }))).toEqual({
      tagOwners: { 'tag:in-cluster-client': ['headscale-system@'] },
      autoApprovers: { routes: { '10.96.0.0/12': ['tag:in-cluster-client'], 'fd00::/8': ['tag:in-cluster-client'] } },
    });
  });

  it('auto-approves the exit node with client.exitNode (the chart does not: fault 5), or a default route', () => {
    expect(policyDocument(parseValues({ client: { exitNode: true, advertiseRoutes: ['::/0'] } }))).toEqual({
      tagOwners: { 'tag:in-cluster-client': ['headscale-system@'] },
      autoApprovers: { routes: { '::/0': ['tag:in-cluster-client'] }, exitNode: ['tag:in-cluster-client'] },
    });
    // tailscale advertises 0.0.0.0/0 only with ::/0, as an exit node (see clientRouteFlags).
    expect(policyDocument(parseValues(routes)).autoApprovers).toEqual({
      routes: { '10.96.0.0/12': ['tag:in-cluster-client'], '0.0.0.0/0': ['tag:in-cluster-client'] },
      exitNode: ['tag:in-cluster-client'],
    });
    expect(
      policyDocument(parseValues({ client: { advertiseRoutes: ['10.96.0.0/12'] } })).autoApprovers,
    ).not.toHaveProperty('exitNode');
  });

  it("merges with the user's policy without dropping or repeating entries", () => {
    const policy = policyDocument(
      parseValues({
        ...routes,
        policy: {
          enabled: true,
          content: {
            groups: { 'group:ops': ['bob@'] },
            tagOwners: { 'tag:k8s': ['alice@'], 'tag:in-cluster-client': ['alice@'] },
            autoApprovers: { routes: { '10.96.0.0/12': ['tag:in-cluster-client', 'group:ops'] } },
          },
        },
      }),
    );
    expect(policy.tagOwners).toEqual({
      'tag:k8s': ['alice@'],
      'tag:in-cluster-client': ['alice@', 'headscale-system@'],
    });
    expect((policy.autoApprovers as any).routes['10.96.0.0/12']).toEqual(['tag:in-cluster-client', 'group:ops']);
  });
});

describe('the DERP map file', () => {
  it('writes region keys as bare integers, which Headscale requires', () => {
    const text = derpMapYaml({ regions: { '900': { regionID: 900, regionCode: 'home' }, '901': { regionID: 901 } } });
    expect(text).toMatch(/^regions:\n {2}900:\n/);
    expect(text).toMatch(/\n {2}901:\n/);
    expect(text).not.toMatch(/"90\d"/);
    expect(YAML.parse(text, { intAsBigInt: false })).toEqual({
      regions: { 900: { regionID: 900, regionCode: 'home' }, 901: { regionID: 901 } },
    });
  });

  it('leaves other keys alone', () => {
    expect(derpMapYaml({ omitDefaultRegions: true })).toBe('omitDefaultRegions: true\n');
  });

  it('is written without the yaml library as the library writes it', () => {
    const maps = [
      { regions: { '900': { regionID: 900, regionCode: 'home' }, '901': { regionID: 901 } } },
      { regions: { '10': { nodes: [{ name: 'a', stunport: 3478 }] }, '9': {}, '0900': { regionName: '900' } } },
      { regions: { home: { regionID: 1 }, '2': { regionName: 'two\nlines' } }, omitDefaultRegions: false },
      { regions: {}, other: { '900': 'a key of another map stays a string' } },
      { regions: [{ '900': 'a list' }] },
      { other: { regions: { '900': 1 } } },
    ];
    for (const map of maps) expect(derpMapYaml(map)).toBe(libraryConfigYamlWithIntegerKeys(map, 'regions'));
  });
});

describe("the server's mounted files", () => {
  const filesFor = (input: HeadscaleValuesInput) => {
    const values = parseValues(input);
    return serverFiles(values, deriveRelease('headscale', 'vpn', values));
  };

  it('mounts no file besides config.yaml by default', () => {
    expect(filesFor({})).toEqual({ derpMap: undefined, extraDnsRecords: undefined, policy: undefined });
  });

  it('mounts existing ConfigMaps by name and key, with no content', () => {
    const files = filesFor({
      derpMap: {
        enabled: true,
        path: '/etc/headscale/derp.yaml',
        configMap: { create: false, name: 'shared-derp', key: 'derp.yaml' },
      },
    });
    expect(files.derpMap).toEqual({
      volumeName: 'derp-map',
      checksumName: 'derp-map',
      configMapName: 'shared-derp',
      key: 'derp.yaml',
      mountPath: '/etc/headscale/derp.yaml',
      content: undefined,
    });
  });

  it("always creates the policy generated for the client's routes", () => {
    const policy = filesFor({ ...routes, policy: { configMap: { create: false } } }).policy!;
    expect(policy.configMapName).toBe('headscale-policy');
    expect(JSON.parse(policy.content!)).toHaveProperty('autoApprovers');
  });

  it("changes a file's checksum with its content, and an existing ConfigMap's with its reference", () => {
    const checksum = (input: HeadscaleValuesInput) => fileChecksum(filesFor(input).policy!);
    const policy = (content: Record<string, unknown>) => checksum({ policy: { enabled: true, content } });
    expect(policy({})).toMatch(/^[0-9a-f]{64}$/);
    expect(policy({})).toBe(policy({}));
    expect(policy({ groups: { 'group:a': ['alice@'] } })).not.toBe(policy({}));
    const existing = (key: string) =>
      checksum({ policy: { enabled: true, configMap: { create: false, name: 'acl', key } } });
    expect(existing('a.json')).not.toBe(existing('b.json'));
  });
});
