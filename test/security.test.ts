import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { helmMerge } from '../src/values/helm-merge';
import type { HeadscaleValuesInput } from '../src/values/schema';
import {
  baselineViolations,
  loosest,
  podSecurityLevel,
  type PodSecurityLevel,
  restrictedViolations,
} from './support/pod-security';
import { type K8sObject, render } from './support/render';

/**
 * docs/security.md states, per mode, each workload's Pod Security level and each Role's rules.
 * This renders every mode it lists and checks both tables against the render.
 */
const DOC = readFileSync(join(__dirname, '..', 'docs', 'security.md'), 'utf8');

/** The rows of the Markdown table whose header row starts with `firstHeader`, as maps of header to cell. */
function table(firstHeader: string): Array<Record<string, string>> {
  const lines = DOC.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`| ${firstHeader} |`));
  if (start < 0) throw new Error(`docs/security.md has no table starting with "${firstHeader}"`);
  const cells = (line: string) =>
    line
      .slice(1, -1)
      .split(' | ')
      .map((cell) => cell.trim());
  const headers = cells(lines[start]);
  const rows: Array<Record<string, string>> = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(Object.fromEntries(cells(line).map((cell, index) => [headers[index], cell])));
  }
  return rows;
}

/** A mode's values from its cell: code spans `key.path=<JSON or text>`, or "(defaults)". */
function modeValues(cell: string): HeadscaleValuesInput {
  const settings = [...cell.matchAll(/`([^`=]+)=([^`]*)`/g)].map(([, path, raw]) => {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    return path.split('.').reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
  });
  return settings.reduce((merged, setting) => helmMerge(merged, setting), {} as Record<string, unknown>);
}

const FULLNAME = 'headscale';
/** Every workload in every mode: the UI and the CronJob do not depend on the mode. */
const EVERY_WORKLOAD: HeadscaleValuesInput = { ui: { enabled: true }, client: { job: { cronjob: { enabled: true } } } };

const podSpec = (o: K8sObject) => (o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec);
const WORKLOADS: Record<string, (o: K8sObject) => boolean> = {
  Server: (o) => o.kind === 'Deployment' && o.metadata.name === FULLNAME,
  UI: (o) => o.kind === 'Deployment' && o.metadata.name === `${FULLNAME}-ui`,
  'Key Job': (o) => o.kind === 'Job',
  'Key CronJob': (o) => o.kind === 'CronJob',
  Client: (o) => ['Deployment', 'DaemonSet'].includes(o.kind) && o.metadata.name === `${FULLNAME}-client`,
};

const modes = table('Mode').map((row) => ({
  row,
  objects: render(
    helmMerge(
      EVERY_WORKLOAD as Record<string, unknown>,
      modeValues(row.Values) as Record<string, unknown>,
    ) as HeadscaleValuesInput,
  ),
}));

describe('docs/security.md', () => {
  it('lists the modes it promises', () => {
    expect(modes.map(({ row }) => row.Mode)).toEqual([
      'default',
      'no client',
      'kernel client',
      'kernel subnet router',
      'DaemonSet',
      'policy hot reload',
      'client of a Headscale elsewhere',
      'STUN on a host port',
      'declared keys',
      'Headplane',
      'client TLS listener',
    ]);
  });

  it.each(modes.map(({ row, objects }) => [row.Mode, row, objects] as const))(
    'states the Pod Security level of each workload in the %s mode, and the namespace label',
    (_, row, objects) => {
      const levels: PodSecurityLevel[] = [];
      const actual = Object.fromEntries(
        Object.entries(WORKLOADS).map(([column, isWorkload]) => {
          const workload = objects.filter(isWorkload);
          if (workload.length === 0) return [column, '—'];
          const level = loosest(workload.map((o) => podSecurityLevel(podSpec(o))));
          levels.push(level);
          return [column, level];
        }),
      );
      const stated = Object.fromEntries(Object.keys(WORKLOADS).map((column) => [column, row[column]]));
      expect(actual).toEqual(stated);
      expect(row['Namespace label']).toBe(`\`pod-security.kubernetes.io/enforce: ${loosest(levels)}\``);
    },
  );

  it.each(modes.map(({ row, objects }) => [row.Mode, objects] as const))(
    'states every rule of every Role in the %s mode, with its reason',
    (mode, objects) => {
      const documented = table('Role')
        .filter((row) => row.Modes.split(', ').includes(mode))
        .map(
          (row) =>
            `${row.Role.replace(/`/g, '').replace(/<fullname>/g, FULLNAME)}: ${row.Rule.replace(/`/g, '').replace(/<fullname>/g, FULLNAME)}`,
        );
      const rendered = objects
        .filter((o) => o.kind === 'Role')
        .flatMap((role) =>
          role.rules.map(
            (rule: any) =>
              `${role.metadata.name}: ${rule.resources.join(', ')}${rule.resourceNames ? ` [${rule.resourceNames.join(', ')}]` : ''} ${rule.verbs.join(', ')}`,
          ),
        );
      expect(rendered.sort()).toEqual(documented.sort());
      for (const row of table('Role')) expect(row.Why.length).toBeGreaterThan(20);
    },
  );

  it('has no Role, in any mode, that can create a Secret or read every Secret', () => {
    const secretRules = modes
      .flatMap(({ objects }) => objects.filter((o) => o.kind === 'Role').flatMap((role) => role.rules))
      .filter((rule: any) => rule.resources.includes('secrets'));
    expect(secretRules.length).toBeGreaterThan(0);
    expect(secretRules.filter((rule: any) => rule.verbs.includes('create') || !rule.resourceNames)).toEqual([]);
  });
});

describe('the Pod Security checks', () => {
  const restricted = {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      { name: 'app', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
    ],
    volumes: [{ name: 'tmp', emptyDir: {} }],
  };
  const withContainer = (securityContext: Record<string, unknown>) => ({
    ...restricted,
    containers: [{ name: 'app', securityContext }],
  });

  it('pass a restricted pod', () => {
    expect([baselineViolations(restricted), restrictedViolations(restricted)]).toEqual([[], []]);
    expect(podSecurityLevel(restricted)).toBe('restricted');
  });

  it('find what the Baseline refuses', () => {
    expect(podSecurityLevel({ ...restricted, hostNetwork: true })).toBe('privileged');
    expect(podSecurityLevel({ ...restricted, volumes: [{ name: 'tun', hostPath: { path: '/dev/net/tun' } }] })).toBe(
      'privileged',
    );
    expect(podSecurityLevel(withContainer({ privileged: true }))).toBe('privileged');
    expect(podSecurityLevel(withContainer({ capabilities: { add: ['NET_ADMIN'] } }))).toBe('privileged');
    expect(
      podSecurityLevel({ ...restricted, initContainers: [{ name: 'init', securityContext: { privileged: true } }] }),
    ).toBe('privileged');
    expect(
      podSecurityLevel({
        ...restricted,
        securityContext: { ...restricted.securityContext, seccompProfile: { type: 'Unconfined' } },
      }),
    ).toBe('privileged');
  });

  it('find what only the Restricted policy refuses', () => {
    expect(podSecurityLevel(withContainer({ capabilities: { drop: ['ALL'] } }))).toBe('baseline');
    expect(
      podSecurityLevel(
        withContainer({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['CHOWN'] } }),
      ),
    ).toBe('baseline');
    expect(podSecurityLevel({ ...restricted, securityContext: { seccompProfile: { type: 'RuntimeDefault' } } })).toBe(
      'baseline',
    );
    expect(podSecurityLevel({ ...restricted, securityContext: { runAsNonRoot: true } })).toBe('baseline');
    expect(podSecurityLevel({ ...restricted, securityContext: { ...restricted.securityContext, runAsUser: 0 } })).toBe(
      'baseline',
    );
    expect(podSecurityLevel({ ...restricted, volumes: [{ name: 'nfs', nfs: { server: 'nas', path: '/' } }] })).toBe(
      'baseline',
    );
  });
});
