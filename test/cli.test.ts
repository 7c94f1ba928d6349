import fs, { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { UNEXPECTED } from '../src/cli';
import { runCli } from './support/cli';
import { temporaryDirectory } from './support/temporary';

const run = (...argv: string[]) => runCli(argv);

const tmp = () => temporaryDirectory('cli');
const documents = (yaml: string) => YAML.parseAllDocuments(yaml).map((d) => d.toJS());

/** `template` with Headscale's metrics and their ServiceMonitor. */
const SERVICE_MONITOR = ['template', '--set', 'metrics.enabled=true', '--set', 'metrics.serviceMonitor.enabled=true'];

describe('cdk8s-headscale template', () => {
  it('prints the release as multi-document YAML, named by the release in the namespace', () => {
    const { status, stdout } = run('template', 'vpn', '-n', 'tailnet');
    expect(status).toBe(0);
    const deployment = documents(stdout).find((o) => o.kind === 'Deployment');
    expect(deployment.metadata).toMatchObject({ name: 'vpn-headscale', namespace: 'tailnet' });
  });

  it('renders a ServiceMonitor relabeling from a UTF-8 label name, and refuses a target label no Prometheus takes', () => {
    const argv = [...SERVICE_MONITOR, '--set', 'metrics.serviceMonitor.relabelings[0].sourceLabels[0]=service.name'];
    const { status, stdout } = run(...argv, '--set', 'metrics.serviceMonitor.relabelings[0].targetLabel=service.name');
    expect(status).toBe(0);
    const monitor = documents(stdout).find((o) => o.kind === 'ServiceMonitor');
    expect(monitor.spec.endpoints[0].relabelings).toEqual([
      { sourceLabels: ['service.name'], targetLabel: 'service.name' },
    ]);
    expect(run(...argv, '--set', 'metrics.serviceMonitor.relabelings[0].targetLabel=')).toMatchObject({
      status: 1,
      stderr: expect.stringContaining(
        'metrics.serviceMonitor.relabelings[0].targetLabel: is required with action replace',
      ),
    });
  });

  it('layers values files and --set in order, later over earlier', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.yaml'), 'service:\n  port: 80\n  type: NodePort\n');
    writeFileSync(join(dir, 'b.yaml'), 'service:\n  port: 81\n');
    const { status, stdout } = run(
      'template',
      '-f',
      join(dir, 'a.yaml'),
      `--values=${join(dir, 'b.yaml')}`,
      '--set',
      'service.port=82',
      '--set-string',
      'image.tag=1',
    );
    expect(status).toBe(0);
    const objects = documents(stdout);
    expect(objects.find((o) => o.kind === 'Service').spec).toMatchObject({
      type: 'NodePort',
      ports: [expect.objectContaining({ port: 82 })],
    });
    expect(objects.find((o) => o.kind === 'Deployment').spec.template.spec.containers[0].image).toBe(
      'headscale/headscale:1',
    );
  });

  it('fills one map from repeated --set flags, as Helm does: a list entry gets every key set on it', () => {
    const { status, stdout } = run(
      'template',
      '--set',
      'users[0].name=alice',
      '--set',
      'preauthKeys[0].user=alice',
      '--set',
      'preauthKeys[0].secretName=alice-key',
      '--set',
      'client.enabled=false',
    );
    expect(status).toBe(0);
    const objects = documents(stdout);
    const job = objects.find((o) => o.kind === 'Job');
    const env = Object.fromEntries(
      job.spec.template.spec.containers[0].env.map((e: { name: string; value?: string }) => [e.name, e.value]),
    );
    expect(JSON.parse(env.USERS)).toEqual([{ name: 'alice' }]);
    expect(JSON.parse(env.PREAUTH_KEYS)).toEqual([expect.objectContaining({ user: 'alice', secret: 'alice-key' })]);
    const role = objects.find((o) => o.kind === 'Role' && o.metadata.name === 'headscale-preauth-keys');
    expect(role.rules).toContainEqual(
      expect.objectContaining({ resources: ['secrets'], resourceNames: ['alice-key'] }),
    );
    const secretRules = role.rules.filter((rule: { resources: string[] }) => rule.resources.includes('secrets'));
    expect(secretRules).toEqual([expect.objectContaining({ verbs: ['get', 'patch'], resourceNames: ['alice-key'] })]);
    expect(objects.find((o) => o.kind === 'Secret' && o.metadata.name === 'alice-key')).toBeDefined();
  });

  it('writes <release>.k8s.yaml into --output-dir', () => {
    const dir = join(tmp(), 'out');
    const { status, stdout } = run('template', 'vpn', '--output-dir', dir);
    expect([status, stdout]).toEqual([0, '']);
    expect(readdirSync(dir)).toEqual(['vpn.k8s.yaml']);
    expect(readFileSync(join(dir, 'vpn.k8s.yaml'), 'utf8')).toContain('kind: Deployment');
  });

  it('exits 1 with one line per problem, and writes nothing, for invalid values', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'kept.yaml'), 'old');
    writeFileSync(join(dir, 'bad.yaml'), 'service:\n  port: eighty\n  prot: 1\n');
    const { status, stdout, stderr } = run('template', '-f', join(dir, 'bad.yaml'), '--output-dir', join(dir, 'out'));
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'service.port: expected a number, got "eighty"\nservice.prot: unknown key (did you mean "port"?)\n',
    );
    expect(readdirSync(join(dir, 'out'))).toEqual(['kept.yaml']);
  });

  it('exits 1 naming the file and line of a YAML error, and the file that is missing', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'broken.yaml'), 'a: 1\n\tb: 2\n');
    expect(run('template', '-f', join(dir, 'broken.yaml'))).toMatchObject({
      status: 1,
      stderr: `${join(dir, 'broken.yaml')}:2:1: Tabs are not allowed as indentation\n`,
    });
    expect(run('template', '-f', join(dir, 'none.yaml'))).toMatchObject({
      status: 1,
      stderr: expect.stringContaining('none.yaml: cannot read the values file'),
    });
  });

  it('prints warnings to stderr as "warning: key.path: ..." and still renders, exiting 0', () => {
    const { status, stdout, stderr } = run(
      'template',
      '--set',
      'config.dns.magic_dsn=false',
      '--set',
      'config.server_url=https://vpn.example.com',
    );
    expect(status).toBe(0);
    expect(stdout).toContain('kind: Deployment');
    expect(stderr).toBe(
      'warning: config.dns.magic_dsn: unknown key of Headscale\'s config, which Headscale ignores (did you mean "magic_dns"?)\n',
    );
  });

  it('takes a flag\'s value after "=", short flags too', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.yaml'), 'service:\n  port: 80\n');
    const { status, stdout, stderr } = run(
      'template',
      'vpn',
      `-f=${join(dir, 'a.yaml')}`,
      '-n=tailnet',
      '--set=service.type=NodePort',
      '--set-string=image.tag=1',
      '--set=headscaleVersion=0.29',
      `--output-dir=${join(dir, 'out')}`,
      '--set=client.enabled=false',
    );
    expect([status, stdout, stderr]).toEqual([0, '', `wrote ${join(dir, 'out', 'vpn.k8s.yaml')}\n`]);
    const objects = documents(readFileSync(join(dir, 'out', 'vpn.k8s.yaml'), 'utf8'));
    expect(objects.find((o) => o.kind === 'Service')).toMatchObject({
      metadata: { namespace: 'tailnet' },
      spec: { type: 'NodePort', ports: [expect.objectContaining({ port: 80 })] },
    });
    expect(objects.find((o) => o.kind === 'Deployment').spec.template.spec.containers[0].image).toBe(
      'headscale/headscale:1',
    );
    // Only the first "=" ends the flag: the rest is the value.
    expect(
      documents(run('template', '--set=podAnnotations.a=b=c').stdout).find((o) => o.kind === 'Deployment').spec.template
        .metadata.annotations,
    ).toMatchObject({ a: 'b=c' });
  });

  it('exits 2 for a usage error, with one line saying what is wrong and pointing to the help', () => {
    const cases: Array<[string[], string, string]> = [
      [['template', '--bogus'], 'unknown flag --bogus', 'template --help'],
      [['template', '--bogus=1'], 'unknown flag --bogus', 'template --help'],
      [['template', '-f'], '-f needs a value', 'template --help'],
      [['template', '-n'], '-n needs a value', 'template --help'],
      [['template', 'a', 'b'], 'expected at most one release name, got a b', 'template --help'],
      [['template', '--set', 'novalue'], '--set novalue: expected key=value, got "novalue"', 'template --help'],
      [['template', '--help=yes'], '--help takes no value', 'template --help'],
      [['values', 'extra'], 'values takes no arguments, got extra', 'values --help'],
      [['schema', '-f', 'x.yaml'], 'schema takes no arguments, got -f x.yaml', 'schema --help'],
      [['--version', 'x'], 'version takes no arguments, got x', 'version --help'],
      [['help', 'render'], 'unknown command "render"', '--help'],
      [['help', 'template', 'values'], 'help takes at most one command, got template values', '--help'],
      [['render'], 'unknown command "render"', '--help'],
      [['--bogus'], 'unknown flag --bogus', '--help'],
      [[], 'no command given', '--help'],
    ];
    for (const [argv, message, help] of cases) {
      expect([argv, run(...argv)]).toEqual([
        argv,
        { status: 2, stdout: '', stderr: `error: ${message}; run "cdk8s-headscale ${help}" for usage\n` },
      ]);
    }
  });

  it('suggests the command closest to a mistyped one', () => {
    const cases: Array<[string[], string]> = [
      [['templat'], 'unknown command "templat" (did you mean "template"?)'],
      [['Template', 'vpn'], 'unknown command "Template" (did you mean "template"?)'],
      [['vaules'], 'unknown command "vaules" (did you mean "values"?)'],
      [['chek', 'policy', 'p.json'], 'unknown command "chek" (did you mean "check"?)'],
      [['help', 'shema'], 'unknown command "shema" (did you mean "schema"?)'],
      [['nonsense'], 'unknown command "nonsense"'],
    ];
    for (const [argv, message] of cases) {
      expect([argv, run(...argv)]).toEqual([
        argv,
        { status: 2, stdout: '', stderr: `error: ${message}; run "cdk8s-headscale --help" for usage\n` },
      ]);
    }
  });

  describe("takes the text of a boolean where the chart writes the value through toString, as Helm's --set-string gives it", () => {
    const clientEnv = (stdout: string) =>
      Object.fromEntries(
        documents(stdout)
          .find((o) => o.kind === 'Deployment' && o.metadata.name.endsWith('-client'))
          .spec.template.spec.containers[0].env.map((e: { name: string; value?: string }) => [e.name, e.value]),
      );
    it.each([
      ['client.acceptDns', 'ACCEPT_DNS'],
      ['client.acceptRoutes', 'ACCEPT_ROUTES'],
    ])('%s: "true" and "false" render the same flag as the booleans', (key, variable) => {
      for (const setting of ['true', 'false']) {
        const asText = run('template', '--set-string', `${key}=${setting}`);
        const asBoolean = run('template', '--set', `${key}=${setting}`);
        expect([setting, asText.status, asText.stdout]).toEqual([setting, 0, asBoolean.stdout]);
        expect(clientEnv(asText.stdout)[variable]).toBe(setting);
      }
      expect(run('template', '--set-string', `${key}=no`)).toMatchObject({
        status: 1,
        stderr: `${key}: expected "unset", a boolean, "true" or "false", got "no"\n`,
      });
    });
  });

  describe('hints at --set-string', () => {
    it('where a --set value became a number, boolean or null and a string was expected', () => {
      const { status, stderr } = run(
        'template',
        '--set',
        'image.tag=1,config.dns.base_domain=123',
        '--set',
        'podAnnotations.a\\.b/c=true',
        '--set',
        'config.dns.nameservers.global={1.1.1.1,2}',
        '--set',
        'ui.image.tag=null',
      );
      expect(status).toBe(1);
      // A word the shell would change (brackets, a backslash) is quoted.
      expect(stderr.split('\n').sort()).toEqual([
        '',
        'config.dns.base_domain: expected a string, got 123 (use --set-string config.dns.base_domain=123 to pass it as a string)',
        "config.dns.nameservers.global[1]: expected a string, got 2 (use --set-string 'config.dns.nameservers.global[1]=2' to pass it as a string)",
        'image.tag: expected a string, got 1 (use --set-string image.tag=1 to pass it as a string)',
        'podAnnotations["a.b/c"]: expected a string, got true (use --set-string \'podAnnotations.a\\.b/c=true\' to pass it as a string)',
        'ui.image.tag: expected a string, got null (use --set-string ui.image.tag=null to pass it as a string)',
      ]);
    });

    it('with the value as typed, which the hint passes as it is', () => {
      const { status, stderr } = run('template', '--set', 'image.tag=TRUE');
      expect([status, stderr]).toEqual([
        1,
        'image.tag: expected a string, got true (use --set-string image.tag=TRUE to pass it as a string)\n',
      ]);
      expect(run('template', '--set-string', 'image.tag=TRUE').status).toBe(0);
      // As with Helm, only integers become numbers: 1.2 stays a string.
      expect(run('template', '--set', 'image.tag=1.2').status).toBe(0);
    });

    it('not for values from files, from --set-string, or that a later source replaced', () => {
      const dir = tmp();
      writeFileSync(join(dir, 'tag.yaml'), 'image:\n  tag: 5\n');
      writeFileSync(join(dir, 'image.yaml'), 'image: 5\n');
      for (const argv of [
        ['-f', join(dir, 'tag.yaml')],
        ['--set', 'image.tag=1', '-f', join(dir, 'tag.yaml')],
      ]) {
        expect([argv, run('template', ...argv).stderr]).toEqual([argv, 'image.tag: expected a string, got 5\n']);
      }
      expect(run('template', '--set', 'image.tag=1', '--set', 'image.tag=5').stderr).toBe(
        'image.tag: expected a string, got 5 (use --set-string image.tag=5 to pass it as a string)\n',
      );
      expect(run('template', '--set', 'image.tag=1', '-f', join(dir, 'image.yaml')).stderr).toBe(
        'image: expected a map, got 5\n',
      );
      expect(run('template', '--set', 'image.tag=1', '--set-string', 'image.tag=1').status).toBe(0);
    });

    it('not where a string would not do either', () => {
      expect(run('template', '--set', 'service.port=true,config.log.level=1').stderr.split('\n').sort()).toEqual([
        '',
        'config.log.level: expected "trace", "debug", "info", "warn", "error", "fatal", "panic" or "disabled", got 1',
        'service.port: expected a number, got true',
      ]);
    });
  });
});

describe('output and input the command cannot use', () => {
  const renderOk = () => run('template', 'vpn').stdout;

  it('ends every output-folder error with one line and exit 1, leaving what was there', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'file'), 'kept');
    mkdirSync(join(dir, 'out', 'vpn.k8s.yaml'), { recursive: true });
    for (const [outputDir, reason] of [
      [join(dir, 'file'), 'a file is in the way of the output folder (EEXIST)'],
      [join(dir, 'file', 'sub'), 'a part of the output folder is a file (ENOTDIR)'],
      [join(dir, 'out'), 'a folder is in the way of the file (EISDIR)'],
      // A folder that exists but takes no folder: Node's recursive mkdir would retry there forever.
      ['/proc/self/nope', 'no folder can be made there (ENOENT)'],
    ]) {
      const { status, stderr } = run('template', 'vpn', '--output-dir', outputDir);
      expect([status, stderr.split('\n').filter((line) => line.startsWith('error'))]).toEqual([
        1,
        [`error: cannot write ${join(outputDir, 'vpn.k8s.yaml')}: ${reason}`],
      ]);
    }
    expect(readFileSync(join(dir, 'file'), 'utf8')).toBe('kept');
    expect(readdirSync(join(dir, 'out'))).toEqual(['vpn.k8s.yaml']);
  });

  it('makes the missing folders of --output-dir, and takes no empty one', () => {
    const dir = join(tmp(), 'a', 'b', 'c');
    expect(run('template', 'vpn', '--output-dir', dir).status).toBe(0);
    expect(readdirSync(dir)).toEqual(['vpn.k8s.yaml']);
    const empty = run('template', 'vpn', '--output-dir', '');
    expect([empty.status, empty.stdout, empty.stderr.trim().split('\n')]).toEqual([
      2,
      '',
      [expect.stringMatching(/^error: --output-dir needs a folder, got ""/)],
    ]);
  });

  it('replaces the output whole or not at all: a full disk keeps the previous file and leaves no temporary one', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'vpn.k8s.yaml'), 'previous\n');
    const realWrite = fs.writeSync;
    let calls = 0;
    // The first 4 KiB land, then the device is full: what is written so far looks like a shorter manifest.
    const full = jest.spyOn(fs, 'writeSync').mockImplementation((fd: number, data: unknown) => {
      if (calls++ === 0) return realWrite(fd, (data as Buffer).subarray(0, 4096));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    try {
      const { status, stderr } = run('template', 'vpn', '--output-dir', dir);
      expect(status).toBe(1);
      expect(stderr).toMatch(/^error: cannot write .*vpn\.k8s\.yaml: no space left on the device \(ENOSPC\)$/m);
      expect(stderr).not.toMatch(/^\s+at /m);
    } finally {
      full.mockRestore();
    }
    expect(calls).toBe(2);
    expect(readdirSync(dir)).toEqual(['vpn.k8s.yaml']);
    expect(readFileSync(join(dir, 'vpn.k8s.yaml'), 'utf8')).toBe('previous\n');
    // And a write that succeeds replaces it.
    expect(run('template', 'vpn', '--output-dir', dir).status).toBe(0);
    expect(readFileSync(join(dir, 'vpn.k8s.yaml'), 'utf8')).toBe(renderOk());
    expect(readdirSync(dir)).toEqual(['vpn.k8s.yaml']);
  });

  it('caps the problems printed, counting the rest', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'many.yaml'), Array.from({ length: 1000 }, (_, i) => `key${i}: 1`).join('\n'));
    const { status, stderr } = run('template', '-f', join(dir, 'many.yaml'));
    const lines = stderr.trimEnd().split('\n');
    expect([status, lines.length, lines[20]]).toEqual([1, 21, '... and 980 more problems']);
  });

  it('ends the crash cases with one line and exit 1 or 2, and leaves Object.prototype alone', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'proto.yaml'), 'config:\n  __proto__:\n    polluted: yes\n');
    const cases: Array<[string[], number, RegExp]> = [
      [['--set', 'a[4294967296]=x'], 2, /index 4294967296 is over the largest list index, 65536/],
      [['--set', 'a[400000]=x'], 2, /index 400000 is over the largest list index/],
      [['--set', '__proto__.polluted=yes'], 2, /"__proto__" is not allowed as a key/],
      [['-f', join(dir, 'proto.yaml')], 1, /^config\.__proto__: is not allowed as a key/],
      [['-f', '/dev/zero'], 1, /^\/dev\/zero: larger than 4 MiB, the most read$/],
      [['-f', dir], 1, /cannot read the values file \(EISDIR\)$/],
      [['--set', 'a\nb'], 2, /^error: --set a\\nb: expected key=value, got "a\\nb"; run /],
    ];
    for (const [args, expected, message] of cases) {
      const { status, stderr } = run('template', ...args);
      expect([args, status]).toEqual([args, expected]);
      expect(stderr.split('\n')[0]).toMatch(message);
      expect(stderr).not.toContain(UNEXPECTED);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('help and version', () => {
  const { version } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };

  it("prints the help asked for on stdout and exits 0: the commands' list, or one command's flags", () => {
    const helps: Array<[string[], RegExp]> = [
      [['--help'], /^cdk8s-headscale renders Headscale/],
      [['-h'], /^cdk8s-headscale renders Headscale/],
      [['help'], /^cdk8s-headscale renders Headscale/],
      [['help', 'help'], /^cdk8s-headscale renders Headscale/],
      [['help', 'template'], /^Renders a release's manifests/],
      [['--help', 'template'], /^Renders a release's manifests/],
      [['template', '--help'], /^Renders a release's manifests/],
      [['template', '-h'], /^Renders a release's manifests/],
      // Help wins over everything else given with it, mistakes too.
      [['template', 'vpn', '-f', 'missing.yaml', '--bogus', '-h'], /^Renders a release's manifests/],
      [['values', '--help'], /^Prints the default values/],
      [['help', 'values'], /^Prints the default values/],
      [['schema', '--help'], /^Prints the JSON Schema/],
      [['schema', '-h'], /^Prints the JSON Schema/],
      [['version', '--help'], /^Prints the version/],
    ];
    for (const [argv, start] of helps) {
      const { status, stdout, stderr } = run(...argv);
      expect([argv, status, stderr]).toEqual([argv, 0, '']);
      expect(stdout).toMatch(start);
      expect(stdout).toMatch(/\nUsage:\n {2}cdk8s-headscale .*\n[^]*Exit status/);
    }
    const template = run('template', '--help').stdout;
    for (const flag of [
      '-f, --values FILE',
      '--set KEY=VALUE',
      '--set-string KEY=VALUE',
      '-n, --namespace NAMESPACE',
      '--output-dir DIR',
      '-h, --help',
    ])
      expect(template).toContain(flag);
    expect(template).toMatch(/Exit status:\n {2}0 +.*\n {2}1 +.*\n {2}2 +usage error/);
    const commands = run('--help').stdout;
    for (const command of ['template', 'values', 'schema', 'help', 'version'])
      expect(commands).toMatch(new RegExp(`\n {2}${command} `));
    expect(run('values', '--help').stdout).not.toContain('--set');
  });

  it("prints the package's version", () => {
    for (const argv of [['--version'], ['-v'], ['version']])
      expect([argv, run(...argv)]).toEqual([argv, { status: 0, stdout: `${version}\n`, stderr: '' }]);
  });
});

describe('cdk8s-headscale values', () => {
  it('prints the defaults as a values file that renders like no values at all', () => {
    const { status, stdout } = run('values');
    expect(status).toBe(0);
    expect(YAML.parse(stdout).service).toEqual({ type: 'ClusterIP', port: 8080 });
    const dir = tmp();
    writeFileSync(join(dir, 'defaults.yaml'), stdout);
    expect(run('template', '-f', join(dir, 'defaults.yaml')).stdout).toBe(run('template').stdout);
  });
});

describe('cdk8s-headscale schema', () => {
  it('prints the JSON Schema of the values', () => {
    const { status, stdout } = run('schema');
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'cdk8s-headscale values',
    });
  });
});

describe('Headscale versions', () => {
  const valuesFile = (yaml: string) => {
    const file = join(tmp(), 'values.yaml');
    writeFileSync(file, yaml);
    return file;
  };
  const removedKeys = () => valuesFile('config:\n  randomize_client_port: true\n  oidc:\n    expiry: 180d\n');

  it('shows the 0.29 image in the defaults', () => {
    const { status, stdout } = run('values');
    expect(status).toBe(0);
    expect(YAML.parse(stdout).image).toEqual({
      repository: 'headscale/headscale',
      tag: 'v0.29.2',
      pullPolicy: 'IfNotPresent',
    });
  });

  it('refuses config.randomize_client_port and config.oidc.expiry on 0.29, and renders them on 0.28', () => {
    const file = removedKeys();
    const refused = run('template', '-f', file);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      'config.randomize_client_port: Headscale 0.29 refuses this key and exits at start-up; it moved into the policy as randomizeClientPort',
    );
    expect(refused.stderr).toContain('config.oidc.expiry: Headscale 0.29 refuses this key');
    const { status, stdout } = run('template', '-f', file, '--set', 'image.tag=v0.28.0');
    expect(status).toBe(0);
    const config = YAML.parse(documents(stdout).find((o) => o.kind === 'ConfigMap').data['config.yaml']);
    expect(config).toMatchObject({ randomize_client_port: true, oidc: { expiry: '180d' } });
  });

  const grants = [
    'policy:',
    '  enabled: true',
    '  content:',
    '    tagOwners: { "tag:web": ["alice@"] }',
    '    grants:',
    '      - { src: ["autogroup:member"], dst: ["tag:web"], ip: ["tcp:443"] }',
    '',
  ].join('\n');

  it('renders a policy with grants on 0.29, and refuses it on 0.28', () => {
    const file = valuesFile(grants);
    const { status, stdout } = run('template', '-f', file);
    expect(status).toBe(0);
    const policy = documents(stdout).find((o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('-policy'));
    expect(JSON.parse(policy.data['policy.json']).grants).toEqual([
      { src: ['autogroup:member'], dst: ['tag:web'], ip: ['tcp:443'] },
    ]);
    const old = run('template', '-f', file, '--set', 'image.tag=v0.28.0');
    expect([old.status, old.stderr]).toEqual([
      1,
      'policy.content.grants: unknown field "grants": is new in Headscale 0.29: Headscale 0.28 refuses a policy using it (use a 0.29 image, or remove it)\n',
    ]);
  });

  it('refuses autogroup:admin on 0.29', () => {
    const file = valuesFile(
      'policy:\n  enabled: true\n  content:\n    acls:\n      - { action: accept, src: ["autogroup:admin"], dst: ["*:*"] }\n',
    );
    const { status, stderr } = run('template', '-f', file);
    expect([status, stderr]).toEqual([
      1,
      'policy.content.acls[0].src[0]: autogroup not supported for ACL sources: "autogroup:admin", can be [autogroup:member autogroup:tagged autogroup:danger-all]\n',
    ]);
  });

  it('warns when the tag names no version, and takes headscaleVersion instead', () => {
    const latest = run('template', '--set', 'image.tag=latest', '--set', 'client.enabled=false');
    expect([latest.status, latest.stderr]).toEqual([
      0,
      expect.stringMatching(/^warning: image\.tag: "latest" names no Headscale version/),
    ]);
    const stated = run(
      'template',
      '--set',
      'image.tag=latest',
      '--set',
      'client.enabled=false',
      '--set-string',
      'headscaleVersion=0.28',
    );
    expect([stated.status, stated.stderr]).toEqual([0, '']);
  });
});

describe('cdk8s-headscale template: metrics, embedded DERP, gRPC, Gateway API', () => {
  const ok = (...argv: string[]) => {
    const { status, stdout, stderr } = run('template', ...argv);
    expect([status, stderr]).toEqual([0, expect.any(String)]);
    return documents(stdout);
  };
  const config = (objects: any[]) =>
    YAML.parse(objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'headscale').data['config.yaml']);

  it('renders a ServiceMonitor that scrapes the Service port Headscale serves metrics on', () => {
    const objects = ok('--set', 'metrics.enabled=true', '--set', 'metrics.serviceMonitor.enabled=true');
    const monitor = objects.find((o) => o.kind === 'ServiceMonitor');
    const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'headscale');
    const endpoint = monitor.spec.endpoints[0];
    const port = service.spec.ports.find((p: { name: string }) => p.name === endpoint.port);
    expect(port).toMatchObject({ name: 'metrics', targetPort: 'metrics' });
    expect(service.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
    expect(config(objects).metrics_listen_addr).toBe(`0.0.0.0:${port.port}`);
  });

  it('carries STUN over UDP 3478 to a UDP container port with the embedded DERP server behind the ingress', () => {
    const objects = ok(
      '--set',
      'ingress.enabled=true',
      '--set',
      'ingress.hosts[0].host=hs.example.com',
      '--set',
      'ingress.tls[0].secretName=hs-tls',
      '--set',
      'config.derp.server.enabled=true',
    );
    const stun = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'headscale-stun');
    expect(['LoadBalancer', 'NodePort']).toContain(stun.spec.type);
    expect(stun.spec.ports).toEqual([expect.objectContaining({ port: 3478, protocol: 'UDP', targetPort: 'stun' })]);
    const container = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'headscale').spec.template.spec
      .containers[0];
    expect(container.ports).toContainEqual({ name: 'stun', containerPort: 3478, protocol: 'UDP' });
    expect(config(objects).derp.server.stun_listen_addr).toBe('0.0.0.0:3478');
  });

  it('renders a gRPC Service port and a listener Headscale starts', () => {
    const objects = ok('--set', 'grpc.enabled=true', '--set', 'grpc.allowInsecure=true');
    const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'headscale');
    expect(service.spec.ports).toContainEqual(expect.objectContaining({ name: 'grpc', port: 50443 }));
    // Headscale starts the gRPC listener only with TLS or grpc_allow_insecure.
    expect(config(objects)).toMatchObject({ grpc_listen_addr: '0.0.0.0:50443', grpc_allow_insecure: true });
  });

  it('renders a Gateway API HTTPRoute attached to the Gateway named', () => {
    const objects = ok('--set', 'httpRoute.enabled=true', '--set', 'httpRoute.parentRefs[0].name=public');
    const route = objects.find((o) => o.kind === 'HTTPRoute');
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.spec.parentRefs).toEqual([{ name: 'public' }]);
  });

  it('exits 1 naming the key when a custom resource field from values is wrong', () => {
    const { status, stderr } = run(...SERVICE_MONITOR, '--set', 'metrics.serviceMonitor.interval=soon');
    expect(status).toBe(1);
    expect(stderr).toContain('metrics.serviceMonitor.interval: expected a string matching');
  });
});

describe('cdk8s-headscale check', () => {
  const file = (name: string, text: string) => {
    const path = join(tmp(), name);
    writeFileSync(path, text);
    return path;
  };
  const hujson = [
    '// the tailnet',
    '{',
    '  /* who is who */',
    '  "groups": {"group:eng": ["alice@example.com",],},',
    '  "ACLs": [',
    '    {"action": "accept", "src": ["group:eng"], "dst": ["*:22",]}, // trailing comma',
    '  ],',
    '  "ssh": [{"action": "accept", "src": ["group:eng"], "dst": ["autogroup:self"], "users": ["root"], "acceptEnv": ["LANG"]}],',
    '}',
    '',
  ].join('\n');

  it('accepts a HuJSON policy with comments, trailing commas and keys in another case', () => {
    const policy = file('policy.hujson', hujson);
    expect(run('check', 'policy', policy)).toEqual({ status: 0, stdout: `ok: ${policy}\n`, stderr: '' });
  });

  it("refuses what Headscale refuses, with Headscale's reason and the line and column", () => {
    const policy = file('policy.json', '{\n  "tagOwners": {"tag:1web": ["alice@"]}\n}\n');
    expect(run('check', 'policy', policy)).toEqual({
      status: 1,
      stdout: '',
      stderr: `${policy}:2:29: tagOwners["tag:1web"]: tag names must start with a letter, after 'tag:' (got "tag:1web")\n`,
    });
    const broken = file('broken.json', '{\n  "acls": [] // no newline');
    expect(run('check', 'policy', broken)).toMatchObject({
      status: 1,
      stderr: `${broken}:2:27: parsing HuJSON: hujson: line 2, column 27: parsing comment: unexpected EOF\n`,
    });
  });

  it('warns of what Headscale reads differently from what the policy likely means', () => {
    const policy = file(
      'policy.json',
      '{"acls": [{"action": "accept", "proto": "icmp", "src": ["*"], "dst": ["*:*"]}]}\n',
    );
    expect(run('check', 'policy', policy)).toEqual({
      status: 0,
      stdout: `ok: ${policy}\n`,
      stderr: `warning: ${policy}:1:41: acls[0].proto: means ICMPv4 only in Headscale 0.29: add a rule with proto ipv6-icmp (58) for ICMPv6\n`,
    });
    expect(run('check', 'policy', policy, '--headscale-version', '0.28').stderr).toBe('');
  });

  it('checks against --headscale-version', () => {
    const policy = file('policy.hujson', hujson);
    expect(run('check', 'policy', policy, '--headscale-version', '0.28')).toMatchObject({
      status: 1,
      stderr: expect.stringContaining('ssh[0].acceptEnv: unknown field "acceptEnv"'),
    });
    expect(run('check', '--headscale-version=0.26', 'policy', policy)).toMatchObject({ status: 1 });
  });

  it('checks a config.yaml by the rules that stop Headscale at start-up, at the line of the key', () => {
    const good = file(
      'config.yaml',
      [
        'server_url: https://hs.example.com',
        'noise: { private_key_path: /var/lib/headscale/noise_private.key }',
        'prefixes: { v4: 100.64.0.0/10 }',
        'dns: { magic_dns: false, override_local_dns: false }',
        'derp: { urls: [https://controlplane.tailscale.com/derpmap/default] }',
        'database: { type: sqlite, sqlite: { path: /var/lib/headscale/db.sqlite } }',
        '',
      ].join('\n'),
    );
    expect(run('check', 'config', good)).toMatchObject({ status: 0, stdout: `ok: ${good}\n` });
    const bad = file('config.yaml', `${readFileSync(good, 'utf8')}randomize_client_port: true\n`);
    expect(run('check', 'config', bad)).toMatchObject({
      status: 1,
      stderr: expect.stringContaining(
        `${bad}:7:24: randomize_client_port: moved into the policy as randomizeClientPort in Headscale 0.29: Headscale exits at start-up`,
      ),
    });
    expect(run('check', 'config', bad, '--headscale-version', '0.28').status).toBe(0);
    // Headscale has no default database type: a config without one stops it.
    const noDatabase = file('config.yaml', readFileSync(good, 'utf8').replace(/^database:.*\n/m, ''));
    expect(run('check', 'config', noDatabase)).toMatchObject({
      status: 1,
      stderr: expect.stringContaining('database.type: expected sqlite or postgres'),
    });
    const warned = file('config.yaml', readFileSync(good, 'utf8').replace('100.64.0.0/10', '10.0.0.0/8'));
    expect(run('check', 'config', warned)).toMatchObject({
      status: 0,
      stdout: `ok: ${warned}\n`,
      stderr: expect.stringMatching(new RegExp(`^warning: ${warned}:3:17: prefixes\\.v4: `)),
    });
  });

  it('reports usage errors with status 2', () => {
    expect(run('check').status).toBe(2);
    expect(run('check', 'values', 'x').status).toBe(2);
    expect(run('check', 'policy').status).toBe(2);
    expect(run('check', 'policy', join(tmp(), 'missing.json'))).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/^error: cannot read .*missing\.json/),
    });
    expect(run('check', 'policy', 'x', '--headscale-version', '0.25')).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('--headscale-version'),
    });
    expect(run('check', '--help')).toMatchObject({ status: 0, stdout: expect.stringContaining('check policy FILE') });
  });
});
