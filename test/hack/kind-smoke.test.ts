/**
 * Runs hack/kind-smoke.sh with the stub kind and kubectl of test/hack/stubs: the script renders
 * the release from the source (HEADSCALE_CLI), the kubectl stub keeps what it applies and answers
 * the script's reads from it, so the script's checks run against the real manifests.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { transform } from 'sucrase';
import { Sandbox, type ScriptResult } from '../scripts/harness';

const ROOT = path.resolve(__dirname, '../..');
const SRC = path.join(ROOT, 'src');
const SCRIPT = path.join(ROOT, 'hack', 'kind-smoke.sh');
const STUBS = path.join(__dirname, 'stubs');

/** How the stubs' cluster starts: see the header comments of test/hack/stubs/kind and kubectl. */
interface Setup {
  /** Existing kind clusters. */
  clusters?: string[];
  /** Namespaces of an existing cluster, besides default and kube-system. */
  namespaces?: string[];
  workers?: number;
  /** Merged into the applied objects, by "<Kind>/<name>": a broken render. */
  overrides?: Record<string, object>;
  /** Workloads ("<type>/<name>") whose rollout times out. */
  neverReady?: string[];
  clientRegisters?: boolean;
}

interface SmokeRun extends ScriptResult {
  sandbox: Sandbox;
  /** The applied object "<Kind>/<name>" in the namespace headscale, or undefined. */
  applied(kindAndName: string): any;
  /** "<Kind>/<name>" of every object in the namespace headscale. */
  appliedNames(): string[];
  /** The kind clusters that exist after the run. */
  clusters(): string[];
}

// The runs share the machine's cores; one alone takes about a second.
jest.setTimeout(30_000);

/**
 * The CLI compiled from the current source into a temporary lib/, as `npm run build` compiles it
 * (with Sucrase, in a moment): the runs render as `node lib/cli.js` does, without compiling the
 * source again each time, and without depending on a lib/ that may be stale.
 */
function compileCli(): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kind-smoke-cli-'));
  const sources = fs
    .readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((file) => /(?<!\.d)\.ts$/.test(file));
  for (const file of sources) {
    const target = path.join(out, 'lib', file.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const { code } = transform(fs.readFileSync(path.join(SRC, file), 'utf8'), {
      transforms: ['typescript', 'imports'],
      filePath: file,
    });
    fs.writeFileSync(target, code);
  }
  // The JSON the source imports (the custom resources' schemas), which tsc copies to lib/ as it is.
  for (const file of fs.readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')))
    fs.copyFileSync(path.join(SRC, file), path.join(out, 'lib', file));
  // The compiled code reads the shell scripts from lib/scripts (the build copies them there) and requires the project's dependencies.
  fs.symlinkSync(path.join(SRC, 'scripts'), path.join(out, 'lib', 'scripts'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(out, 'node_modules'));
  return out;
}

let cliDir: string;
beforeAll(() => {
  cliDir = compileCli();
});

const sandboxes: Sandbox[] = [];
afterAll(() => {
  sandboxes.forEach((sandbox) => sandbox.remove());
  fs.rmSync(cliDir, { recursive: true, force: true });
});

function prepare(sandbox: Sandbox, setup: Setup): void {
  const lines = (items: string[]) => items.map((item) => `${item}\n`).join('');
  if (setup.clusters) sandbox.writeFile('clusters', lines(setup.clusters));
  for (const namespace of setup.clusters ? ['default', 'kube-system', ...(setup.namespaces ?? [])] : []) {
    fs.mkdirSync(sandbox.path(path.join('objects', namespace)), { recursive: true });
  }
  if (setup.workers) sandbox.writeFile('workers', String(setup.workers));
  if (setup.overrides) sandbox.writeFile('overrides.json', JSON.stringify(setup.overrides));
  if (setup.neverReady) sandbox.writeFile('never-ready', lines(setup.neverReady));
  if (setup.clientRegisters === false) sandbox.writeFile('client-does-not-register', '');
}

/** Runs the script in a fresh sandbox whose stubs start from `setup`. */
async function smoke(args: string[], setup: Setup = {}, env: Record<string, string> = {}): Promise<SmokeRun> {
  const sandbox = new Sandbox();
  sandboxes.push(sandbox);
  prepare(sandbox, setup);
  const { KIND_CLUSTER_NAME, SMOKE_TIMEOUT, HEADSCALE_CLI, ...inherited } = process.env;
  const child = spawn('bash', [SCRIPT, ...args], {
    cwd: sandbox.dir,
    env: {
      ...inherited,
      PATH: `${STUBS}${path.delimiter}${process.env.PATH}`,
      STUB_STATE: sandbox.dir,
      TMPDIR: sandbox.dir,
      HEADSCALE_CLI: `node ${path.join(cliDir, 'lib', 'cli.js')}`,
      SMOKE_TIMEOUT: '1',
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const objectsDir = sandbox.path(path.join('objects', 'headscale'));
  const list = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);
  return {
    status,
    stdout,
    stderr,
    sandbox,
    applied(kindAndName) {
      const [kind, name] = kindAndName.split('/');
      const file = path.join(objectsDir, kind.toLowerCase(), `${name}.json`);
      return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
    },
    appliedNames: () =>
      list(objectsDir).flatMap((type) =>
        list(path.join(objectsDir, type)).map((file) => {
          const object = JSON.parse(fs.readFileSync(path.join(objectsDir, type, file), 'utf8'));
          return `${object.kind}/${object.metadata.name}`;
        }),
      ),
    clusters: () =>
      fs.existsSync(sandbox.path('clusters'))
        ? fs.readFileSync(sandbox.path('clusters'), 'utf8').split('\n').filter(Boolean)
        : [],
  };
}

/** The environment variables of the client workload's tailscale container, by name. */
function clientEnv(workload: any): Record<string, string> {
  const container = workload.spec.template.spec.containers.find((c: any) => c.name === 'tailscale');
  return Object.fromEntries(container.env.filter((v: any) => 'value' in v).map((v: any) => [v.name, v.value]));
}

/** A render's DERP map with the region key quoted, as Headscale refuses it. */
const QUOTED_DERP_MAP = 'regions:\n  "900":\n    regionid: 900\n    nodes: []\n';

// The runs take about a second each, so they run side by side.
describe('hack/kind-smoke.sh', () => {
  test.concurrent(
    'without flags: creates the cluster, applies a release without a client, checks it and deletes the cluster',
    async () => {
      const run = await smoke([]);
      expect(run.stderr).not.toContain('FAIL');
      expect(run.status).toBe(0);
      expect(run.sandbox.callsOf('kind')).toEqual([
        'kind get clusters',
        'kind create cluster --name headscale-smoke --wait 120s',
        'kind delete cluster --name headscale-smoke',
      ]);
      const kubectl = run.sandbox.callsOf('kubectl');
      expect(kubectl.every((call) => call.startsWith('kubectl --context kind-headscale-smoke '))).toBe(true);
      expect(
        kubectl
          .filter((call) => / (create|apply|rollout) /.test(call))
          .map((call) => call.replace(/^kubectl --context \S+ /, '')),
      ).toEqual([
        'create namespace headscale',
        expect.stringMatching(/^--namespace headscale apply -f \S+\/headscale\.k8s\.yaml$/),
        '--namespace headscale rollout status deployment/headscale --timeout=1s',
      ]);
      // What was rendered: the sample files, and no client.
      expect(run.appliedNames().filter((name) => name.includes('client') || name.startsWith('Job/'))).toEqual([]);
      expect(JSON.parse(run.applied('ConfigMap/headscale-extra-dns').data['extra-dns-records.json'])).toEqual([
        { name: 'smoke.headscale.local', type: 'A', value: '100.64.0.99' },
      ]);
      expect(run.applied('ConfigMap/headscale-derp-map').data['derp-map.yaml']).toMatch(/^ {2}900:$/m);
      expect(run.stdout).toMatch(/^ok {4}config\.yaml sets dns\.extra_records_path$/m);
      expect(run.stdout).toMatch(/^ok {4}the DERP map's region key is a bare integer$/m);
      expect(run.stdout).not.toContain('policy');
      expect(run.stdout).toContain(
        'smoke test passed: 4 checks on kind cluster headscale-smoke (release headscale in namespace headscale, client: none)',
      );
      expect(fs.readdirSync(run.sandbox.dir).filter((name) => name.startsWith('kind-smoke.'))).toEqual([]);
    },
  );

  test.concurrent(
    '--with-client deploys a client advertising a route, checks the policy and that it registered',
    async () => {
      const run = await smoke(['--with-client']);
      expect(run.stderr).not.toContain('FAIL');
      expect(run.status).toBe(0);
      expect(clientEnv(run.applied('Deployment/headscale-client'))).toMatchObject({
        ADVERTISE_ROUTES: '10.96.0.0/12',
        ACCEPT_DNS: 'unset',
      });
      expect(run.appliedNames()).not.toContain('DaemonSet/headscale-client');
      expect(run.sandbox.calls()).toEqual(
        expect.arrayContaining([
          'kubectl --context kind-headscale-smoke --namespace headscale rollout status deployment/headscale-client --timeout=1s',
          'kubectl --context kind-headscale-smoke --namespace headscale exec deployment/headscale -c headscale -- headscale nodes list -o json',
        ]),
      );
      expect(run.stdout).toContain('ok    the policy auto-approves 10.96.0.0/12 for tag:in-cluster-client\n');
      expect(run.stdout).toContain('ok    the policy lets headscale-system own tag:in-cluster-client\n');
      expect(run.stdout).toContain('ok    the client registered (Headscale lists the node headscale-client)\n');
      expect(run.stdout).toContain('smoke test passed: 7 checks');
    },
  );

  test.concurrent(
    '--with-client-daemonset runs the client on every node with acceptDns off, and checks the host network settings',
    async () => {
      const run = await smoke(['--with-client-daemonset'], { workers: 1 });
      expect(run.stderr).not.toContain('FAIL');
      expect(run.status).toBe(0);
      const daemonSet = run.applied('DaemonSet/headscale-client');
      expect(clientEnv(daemonSet)).toMatchObject({ ADVERTISE_ROUTES: '10.96.0.0/12', ACCEPT_DNS: 'false' });
      expect(run.appliedNames()).not.toContain('Deployment/headscale-client');
      expect(run.sandbox.callsOf('kubectl --context kind-headscale-smoke --namespace headscale rollout')).toEqual([
        'kubectl --context kind-headscale-smoke --namespace headscale rollout status deployment/headscale --timeout=1s',
        'kubectl --context kind-headscale-smoke --namespace headscale rollout status daemonset/headscale-client --timeout=1s',
      ]);
      for (const check of [
        'the client DaemonSet uses the host network',
        "the client DaemonSet's dnsPolicy",
        "the client leaves the nodes' DNS alone (ACCEPT_DNS)",
      ]) {
        expect(run.stdout).toContain(`ok    ${check}\n`);
      }
      expect(run.stdout).toContain(
        'ok    the client registered (Headscale lists the node headscale-client-headscale-smoke-control-plane)\n',
      );
      expect(run.stdout).toContain(
        'ok    the client registered (Headscale lists the node headscale-client-headscale-smoke-worker)\n',
      );
      expect(run.stdout).toContain('smoke test passed: 11 checks');
    },
  );

  test.concurrent(
    'reuses the cluster named by KIND_CLUSTER_NAME, and keeps it and the render with --keep',
    async () => {
      const run = await smoke(
        ['--keep'],
        { clusters: ['dev'], namespaces: ['headscale'] },
        { KIND_CLUSTER_NAME: 'dev' },
      );
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('==> reusing kind cluster dev\n');
      expect(run.sandbox.callsOf('kind')).toEqual(['kind get clusters', 'kind export kubeconfig --name dev']);
      expect(run.sandbox.callsOf('kubectl').every((call) => call.startsWith('kubectl --context kind-dev '))).toBe(true);
      expect(run.sandbox.calls()).not.toContain('kubectl --context kind-dev create namespace headscale');
      expect(run.clusters()).toEqual(['dev']);
      const [work] = fs.readdirSync(run.sandbox.dir).filter((name) => name.startsWith('kind-smoke.'));
      expect(fs.readdirSync(path.join(run.sandbox.dir, work)).sort()).toEqual(['headscale.k8s.yaml', 'values.yaml']);
      expect(run.stdout).toContain(
        `keeping cluster dev (kubectl --context kind-dev -n headscale get pods) and the render in ${path.join(run.sandbox.dir, work)}`,
      );
    },
  );

  test.concurrent(
    'a broken render and a client that never registers fail with what was expected and found, and the cluster is deleted',
    async () => {
      const run = await smoke(['--with-client'], {
        overrides: {
          'ConfigMap/headscale-derp-map': { data: { 'derp-map.yaml': QUOTED_DERP_MAP } },
          'ConfigMap/headscale-extra-dns': { data: { 'extra-dns-records.json': '[]\n' } },
        },
        clientRegisters: false,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(
        `FAIL  the DERP map's region key is a bare integer\n      expected: 900:\n      found:    "900":\n`,
      );
      expect(run.stderr).toContain(
        'FAIL  the extra DNS records hold smoke.headscale.local\n      expected: A 100.64.0.99\n      found:    (nothing)\n',
      );
      expect(run.stderr).toContain(
        'FAIL  the client registered (Headscale lists the node headscale-client)\n      expected: headscale-client\n      found:    (nothing)\n',
      );
      expect(run.stderr).toContain('kind-smoke: error: 3 of 7 checks failed\n');
      expect(run.stdout).toContain('ok    config.yaml sets derp.paths to the DERP map\n');
      expect(run.stdout).not.toContain('smoke test passed');
      expect(run.sandbox.callsOf('kind').at(-1)).toBe('kind delete cluster --name headscale-smoke');
      expect(run.clusters()).toEqual([]);
    },
  );

  test.concurrent('a server that does not roll out fails the run, and the cluster is deleted', async () => {
    const run = await smoke([], { neverReady: ['deployment/headscale'] });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('kind-smoke: error: the server (deployment/headscale) did not roll out within 1s\n');
    expect(run.sandbox.calls().some((call) => call.includes(' get configmap '))).toBe(false);
    expect(run.sandbox.callsOf('kind').at(-1)).toBe('kind delete cluster --name headscale-smoke');
  });

  test.concurrent('a render that fails stops before any cluster is made', async () => {
    const run = await smoke([], {}, { HEADSCALE_CLI: 'node -e process.exit(1)' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('    extraDnsRecords:\n');
    expect(run.stderr).toContain('kind-smoke: error: the CLI could not render the values above\n');
    expect(run.sandbox.calls()).toEqual([]);
  });

  test.concurrent('--help prints the usage; an unknown flag or a bad timeout is a usage error (exit 2)', async () => {
    const help = await smoke(['--help']);
    expect([help.status, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toMatch(
      /^Usage: hack\/kind-smoke\.sh \[--with-client\] \[--with-client-daemonset\] \[--keep\]\n/,
    );
    const unknown = await smoke(['--with-clients']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^kind-smoke: unknown argument: --with-clients\n\nUsage:/);
    const timeout = await smoke([], {}, { SMOKE_TIMEOUT: 'soon' });
    expect(timeout.status).toBe(2);
    expect(timeout.stderr).toContain('SMOKE_TIMEOUT must be a positive number of seconds, got "soon"');
    expect([...unknown.sandbox.calls(), ...timeout.sandbox.calls()]).toEqual([]);
  });
});
