#!/usr/bin/env bash
# Installs the packed package into a throwaway cdk8s app, as a user would, and checks that it
# works there. Run it with --help for the details.
set -euo pipefail

# The oldest releases the package supports: the minimums of its peerDependencies
# (test/package.test.ts holds the two in step).
#
# cdk8s 2.66.3 is the oldest release with every name the library and its tests take from cdk8s:
# ApiObject, ApiObjectMetadata, App (synth, synthYaml, yamlOutputType, outputFileExtension,
# resolvers), Chart (disableResourceNameHashes), JsonPatch, Names.toDnsLabel, Testing,
# YamlOutputType, and the resolvers LazyResolver, ImplicitTokenResolver and
# NumberStringUnionResolver, which the kube classes (src/constructs/kube.ts) compare
# App.resolvers with. 2.64.19 has neither App.resolvers nor any of the three; 2.65.0 and 2.66.0
# have no NumberStringUnionResolver; 2.66.1 and 2.66.2 are not on the registry. Older releases
# lack part of that API: the library still renders on them (the kube classes then leave
# serialization to ApiObject), but not as designed, so they are not supported. With 2.66.3 the
# test suite passes but for two tests that pin what later cdk8s releases changed: the wording of
# ApiObject's serialization error (2.67.0), and how the yaml release cdk8s bundles writes -0 and
# "\n" (the YAML writer follows the yaml 2.9 that cdk8s bundles from 2.70.103).
#
# constructs 10.0.0 is the first 10.x release, and the one cdk8s itself is developed against.
# The library uses only what it has (Construct, and a node's findAll, scope, path, dependencies
# and validate); the test suite passes on it with cdk8s 2.66.3.
OLDEST_CDK8S=2.66.3
OLDEST_CONSTRUCTS=10.0.0

usage() {
  cat <<'EOF'
Usage: hack/check-consumer.sh [--no-build] [CDK8S_VERSION CONSTRUCTS_VERSION]...

Packs the package (npm pack) and, for each pair of versions, creates a cdk8s app in a temporary
folder whose package.json pins exactly that cdk8s and constructs, installs the tarball there from
the registry (npm install), and checks that:
  - the app's node_modules hold one copy of cdk8s and one of constructs, the pinned ones, and
    npm ls finds the tree valid;
  - a plain JavaScript app that requires cdk8s-headscale synthesizes a HeadscaleChart (namespace
    "vpn", with an ingress) in cdk8s's App to a file holding its Deployment, Service and Ingress,
    and HeadscaleApp writes the same YAML;
  - a TypeScript file using the package's types compiles with tsc --noEmit, the package found
    through its exports as Node.js finds it (moduleResolution node16), with the TypeScript this
    repository builds with and with the newest TypeScript 7 (the compiler npm installs by default);
  - the installed cdk8s-headscale command renders a release.

Without versions it checks the oldest supported pair. A version may also be given as "oldest"
(the oldest supported release) or "newest" (the newest release of the supported major version:
cdk8s 2, constructs 10).

Options:
  --no-build  pack lib/ as it is instead of running npm run build first
  -h, --help  print this help

The apps are made under TMPDIR when it is set, else in /dev/shm when it has 1 GiB free, else in
/tmp, and deleted at the end.

Exit status: 0 every check passed, 1 a step or a check failed, 2 usage error.
EOF
}

build=true
versions=()
while [ "$#" -gt 0 ]; do
  case $1 in
    --no-build) build=false ;;
    -h | --help)
      usage
      exit 0
      ;;
    -*)
      printf 'check-consumer: unknown option: %s\n\n' "$1" >&2
      usage >&2
      exit 2
      ;;
    *) versions+=("$1") ;;
  esac
  shift
done
if [ "${#versions[@]}" -eq 0 ]; then
  versions=(oldest oldest)
fi
if [ $((${#versions[@]} % 2)) -ne 0 ]; then
  printf 'check-consumer: versions come in pairs (CDK8S_VERSION CONSTRUCTS_VERSION)\n\n' >&2
  usage >&2
  exit 2
fi

cd "$(dirname "$0")/.."

say() {
  printf 'check-consumer: %s\n' "$*"
}

fail() {
  printf 'check-consumer: FAILED: %s\n' "$*" >&2
  exit 1
}

# The exact version a version argument stands for: PACKAGE WORD MAJOR OLDEST.
resolve_version() {
  case $2 in
    oldest) printf '%s\n' "$4" ;;
    newest)
      # npm view prints one version as a JSON string, several as a JSON array in no set order.
      npm view "$1@^$3" version --json | node -e '
        const parts = (version) => version.split(".").map(Number);
        const newer = (a, b) => parts(a).reduce((order, n, i) => order || n - parts(b)[i], 0);
        const versions = [].concat(JSON.parse(require("fs").readFileSync(0, "utf8")));
        console.log(versions.sort(newer).pop());'
      ;;
    *) printf '%s\n' "$2" ;;
  esac
}

# Each app's node_modules holds some 15,000 files. On disks that discard freed blocks as they go,
# deleting them takes about as long as installing them; on a tmpfs it takes no time. So the apps go
# to /dev/shm when it has room for them (1 GiB), unless TMPDIR says where.
tmp=${TMPDIR:-/tmp}
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -ge 1048576 ]; then
  tmp=/dev/shm
fi
work=$(mktemp -d "$tmp/check-consumer.XXXXXX")
trap 'rm -rf "$work"' EXIT
started=$SECONDS

if [ "$build" = true ]; then
  say "building"
  npm run --silent build
fi
for built in lib/index.js lib/index.d.ts lib/bin/cdk8s-headscale.js lib/bin/cli.bundle.js; do
  [ -f "$built" ] || fail "$built is missing: run npm run build (or leave out --no-build)"
done
# --ignore-scripts: lib/ is built; prepare would build it again.
npm pack --silent --ignore-scripts --pack-destination "$work" >/dev/null
tarballs=("$work"/cdk8s-headscale-*.tgz)
[ -f "${tarballs[0]}" ] || fail "npm pack left no tarball in $work"
tarball=${tarballs[0]}
typescript=$(node -p 'require("typescript/package.json").version')
typescript7=$(resolve_version typescript newest 7 "")
say "packed $(basename "$tarball") in $((SECONDS - started)) s"

# Writes the app's files into the current folder.
write_app() {
  cat >package.json <<EOF
{
  "name": "headscale-consumer",
  "version": "0.0.0",
  "private": true,
  "dependencies": {
    "cdk8s": "$1",
    "cdk8s-headscale": "file:$tarball",
    "constructs": "$2"
  },
  "devDependencies": {
    "typescript": "$typescript",
    "typescript7": "npm:typescript@$typescript7"
  }
}
EOF

  cat >app.js <<'EOF'
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { App } = require('cdk8s');
const { HeadscaleApp, HeadscaleChart } = require('cdk8s-headscale');

function addRelease(app) {
  return new HeadscaleChart(app, 'hs', {
    namespace: 'vpn',
    values: {
      ingress: {
        enabled: true,
        hosts: [{ host: 'vpn.example.com', paths: [{ path: '/', pathType: 'Prefix' }] }],
        tls: [{ secretName: 'vpn-tls', hosts: ['vpn.example.com'] }],
      },
    },
  });
}

const app = new App({ outdir: 'dist' });
const chart = addRelease(app);
app.synth();
const yaml = fs.readFileSync(path.join('dist', 'hs.k8s.yaml'), 'utf8');
for (const kind of ['Deployment', 'Service', 'Ingress']) {
  assert.match(yaml, new RegExp(`^kind: ${kind}$`, 'm'), `no ${kind} in dist/hs.k8s.yaml`);
}
assert.match(yaml, /^  namespace: vpn$/m, 'the objects are not in namespace vpn');
assert.match(yaml, /server_url: https:\/\/vpn\.example\.com$/m, 'server_url is not derived from the ingress host');
assert.strictEqual(chart.values.ingress.hosts[0].host, 'vpn.example.com');

const headscaleApp = new HeadscaleApp({ outdir: 'dist-headscale-app' });
addRelease(headscaleApp);
assert.strictEqual(headscaleApp.synthYaml(), app.synthYaml(), 'HeadscaleApp and App write different YAML');
console.log(`synthesized ${yaml.match(/^kind: /gm).length} objects`);
EOF

  cat >check.ts <<'EOF'
import { App, Chart } from 'cdk8s';
import { HeadscaleChart, HeadscaleValuesInput, ValuesError } from 'cdk8s-headscale';

const values: HeadscaleValuesInput = {
  ingress: { enabled: true, hosts: [{ host: 'vpn.example.com', paths: [{ path: '/', pathType: 'Prefix' }] }] },
};
const app = new App();
// One cdk8s: the package's chart is a Chart of the app's own cdk8s.
const chart: Chart = new HeadscaleChart(app, 'hs', { namespace: 'vpn', values });
const fullname: string = (chart as HeadscaleChart).release.fullname;
const problems: number = new ValuesError([]).problems.length;
// The values are typed: a misspelt key does not compile.
// @ts-expect-error servce is not a key of the values
const misspelt: HeadscaleValuesInput = { servce: { port: 80 } };
export { fullname, misspelt, problems };
EOF

  # skipLibCheck stays off, as in cdk8s's app template: the package's own declarations are checked
  # against what it installs.
  cat >tsconfig.json <<'EOF'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "node16",
    "strict": true,
    "noUnusedLocals": true,
    "skipLibCheck": false,
    "types": [],
    "noEmit": true
  },
  "files": ["check.ts"]
}
EOF
}

# Checks the app in the current folder, made by write_app with these versions: CDK8S CONSTRUCTS.
check_app() {
  local name copies
  for name in cdk8s constructs; do
    copies=$(find node_modules -path "*/node_modules/$name/package.json" -o -path "node_modules/$name/package.json")
    [ "$copies" = "node_modules/$name/package.json" ] || fail "expected one copy of $name, at node_modules/$name; found: $(printf '%s' "$copies" | tr '\n' ' ')"
  done
  [ "$(node -p 'require("cdk8s/package.json").version')" = "$1" ] || fail "node_modules/cdk8s is not cdk8s $1"
  [ "$(node -p 'require("constructs/package.json").version')" = "$2" ] || fail "node_modules/constructs is not constructs $2"
  npm ls --all >/dev/null || fail "npm ls finds the installed tree invalid (see above)"

  node app.js || fail "the app failed"
  node_modules/.bin/tsc -p tsconfig.json || fail "check.ts does not compile"
  node node_modules/typescript7/bin/tsc -p tsconfig.json || fail "check.ts does not compile with TypeScript $typescript7"
  node_modules/.bin/cdk8s-headscale template hs -n vpn --set ingress.enabled=true --set 'ingress.hosts[0].host=vpn.example.com' >cli.yaml ||
    fail "the cdk8s-headscale command failed"
  grep -q '^kind: Deployment$' cli.yaml || fail "the cdk8s-headscale command rendered no Deployment"
}

set -- "${versions[@]}"
while [ "$#" -gt 0 ]; do
  cdk8s=$(resolve_version cdk8s "$1" 2 "$OLDEST_CDK8S")
  constructs=$(resolve_version constructs "$2" 10 "$OLDEST_CONSTRUCTS")
  shift 2
  pair_started=$SECONDS
  app="$work/app-cdk8s-$cdk8s-constructs-$constructs"
  mkdir "$app"
  say "cdk8s $cdk8s, constructs $constructs: installing"
  (
    cd "$app"
    write_app "$cdk8s" "$constructs"
    npm install --no-audit --no-fund --loglevel=error >/dev/null || fail "npm install failed for cdk8s $cdk8s and constructs $constructs"
    check_app "$cdk8s" "$constructs"
  )
  say "cdk8s $cdk8s, constructs $constructs: passed in $((SECONDS - pair_started)) s"
done
say "all passed in $((SECONDS - started)) s"
