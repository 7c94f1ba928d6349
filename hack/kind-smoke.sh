#!/usr/bin/env bash
# Smoke test on a local kind cluster: renders a release with the project's CLI, applies it, waits
# for the rollouts and checks the objects in the cluster. Run it with --help for the details.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: hack/kind-smoke.sh [--with-client] [--with-client-daemonset] [--keep]

Renders the release "headscale" (namespace "headscale") with the project's CLI, with sample extra
DNS records and a DERP map with region 900, applies it to a kind cluster, waits for the rollouts
and checks that:
  - config.yaml sets dns.extra_records_path and derp.paths to the mounted files;
  - the extra DNS records ConfigMap holds the sample record;
  - the DERP map's region key is a bare integer (900:, not "900":).

Options:
  --with-client            also deploy the in-cluster client, advertising 10.96.0.0/12, and check
                           that the policy auto-approves the route for tag:in-cluster-client and
                           that the client registered (Headscale lists its node)
  --with-client-daemonset  the same with the client as a DaemonSet (acceptDns: false), and check
                           hostNetwork, dnsPolicy ClusterFirstWithHostNet and ACCEPT_DNS=false
  --keep                   keep the cluster and the rendered files afterwards
  -h, --help               print this help

Environment:
  KIND_CLUSTER_NAME  the cluster, created or reused when it exists (default: headscale-smoke)
  SMOKE_TIMEOUT      seconds to wait for each rollout and for the client (default: 300)
  HEADSCALE_CLI      the command that runs the CLI (default: node lib/cli.js, which npm run
                     build makes when lib/ is missing; rebuild it after changing src/)

Without --keep the cluster is deleted at the end, also when a check fails.
Exit status: 0 every check passed, 1 a step or a check failed, 2 usage error.
EOF
}

client=false
daemonset=false
keep=false
while [ "$#" -gt 0 ]; do
  case $1 in
    --with-client) client=true ;;
    --with-client-daemonset) client=true daemonset=true ;;
    --keep) keep=true ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      printf 'kind-smoke: unknown argument: %s\n\n' "$1" >&2
      usage >&2
      exit 2
      ;;
  esac
  shift
done

cluster=${KIND_CLUSTER_NAME:-headscale-smoke}
context=kind-$cluster
timeout=${SMOKE_TIMEOUT:-300}
case $timeout in
  '' | *[!0-9]* | 0)
    printf 'kind-smoke: SMOKE_TIMEOUT must be a positive number of seconds, got "%s"\n' "$timeout" >&2
    exit 2
    ;;
esac

# What the release is rendered with, and what the checks expect to find.
release=headscale
namespace=headscale
records_path=/etc/headscale/extra-dns-records.json
derp_path=/etc/headscale/derp-map.yaml
record_name=smoke.headscale.local
record_value=100.64.0.99
route=10.96.0.0/12
client_tag=tag:in-cluster-client
client_kind=deployment
[ "$daemonset" = false ] || client_kind=daemonset
client_label=none
[ "$client" = false ] || client_label=$client_kind

log() { printf '==> %s\n' "$*"; }
fail() {
  printf 'kind-smoke: error: %s\n' "$*" >&2
  exit 1
}

cd "$(dirname "${BASH_SOURCE[0]}")/.."
for tool in kind kubectl node; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not on PATH"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/kind-smoke.XXXXXX")
cluster_used=false
cleanup() {
  local status=$?
  if [ "$keep" = true ]; then
    log "keeping cluster $cluster (kubectl --context $context -n $namespace get pods) and the render in $work"
  else
    if [ "$cluster_used" = true ]; then
      log "deleting kind cluster $cluster"
      kind delete cluster --name "$cluster" || printf 'kind-smoke: could not delete kind cluster %s\n' "$cluster" >&2
    fi
    rm -rf "$work"
  fi
  [ "$status" -eq 0 ] || printf 'kind-smoke: FAILED\n' >&2
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

write_values() {
  cat <<EOF
extraDnsRecords:
  enabled: true
  records:
    - name: $record_name
      type: A
      value: $record_value
derpMap:
  enabled: true
  content:
    regions:
      900:
        regionid: 900
        regioncode: smoke
        regionname: kind smoke test
        nodes:
          - name: 900a
            regionid: 900
            hostname: derp.smoke.invalid
            stunport: 3478
            stunonly: false
            derpport: 443
client:
EOF
  if [ "$client" = false ]; then
    printf '  enabled: false\n'
    return
  fi
  printf '  enabled: true\n  daemonset: %s\n  advertiseRoutes:\n    - %s\n' "$daemonset" "$route"
  [ "$daemonset" = false ] || printf '  acceptDns: false\n'
}

log "rendering the release (client: $client_label)"
write_values >"$work/values.yaml"
if [ -n "${HEADSCALE_CLI:-}" ]; then
  read -r -a cli <<<"$HEADSCALE_CLI"
else
  if [ ! -f lib/cli.js ]; then
    log "lib/ is missing: npm run build"
    npm run build
  fi
  cli=(node lib/cli.js)
fi
if ! "${cli[@]}" template "$release" -n "$namespace" -f "$work/values.yaml" >"$work/$release.k8s.yaml"; then
  sed 's/^/    /' "$work/values.yaml" >&2
  fail "the CLI could not render the values above"
fi

# A variable, not a pipe into grep: grep -q would stop reading early and fail the pipe.
clusters=$(kind get clusters 2>/dev/null) || fail "kind get clusters failed: is the container engine (docker, podman) running?"
cluster_used=true
if grep -qxF -- "$cluster" <<<"$clusters"; then
  log "reusing kind cluster $cluster"
  kind export kubeconfig --name "$cluster"
else
  log "creating kind cluster $cluster"
  kind create cluster --name "$cluster" --wait 120s
fi

# Every call names the context, so that nothing reaches another cluster.
k() { kubectl --context "$context" --namespace "$namespace" "$@"; }

kubectl --context "$context" get namespace "$namespace" >/dev/null 2>&1 ||
  kubectl --context "$context" create namespace "$namespace"
log "applying the release"
k apply -f "$work/$release.k8s.yaml"

log "waiting up to ${timeout}s for the rollouts"
k rollout status "deployment/$release" --timeout="${timeout}s" ||
  fail "the server (deployment/$release) did not roll out within ${timeout}s"
if [ "$client" = true ]; then
  k rollout status "$client_kind/$release-client" --timeout="${timeout}s" ||
    fail "the client ($client_kind/$release-client) did not roll out within ${timeout}s"
fi

# fields PATH...: reads JSON on stdin and prints the value at each PATH, each followed by a NUL:
# a string as it is, anything else as JSON, nothing when it is missing. A PATH is keys separated
# by spaces; a string met before the last key is parsed as YAML (a file kept in a ConfigMap); the
# key NAME=VALUE picks the list item whose NAME is VALUE.
fields() {
  node -e '
    const input = require("fs").readFileSync(0, "utf8");
    const root = input.trim() ? JSON.parse(input) : undefined;
    for (const path of process.argv.slice(1)) {
      let value = root;
      for (const key of path.split(" ")) {
        if (typeof value === "string") value = require("yaml").parse(value);
        if (value === null || value === undefined) break;
        const pick = /^(\w+)=(.*)$/.exec(key);
        value = pick && Array.isArray(value) ? value.find((item) => item && item[pick[1]] === pick[2]) : value[key];
      }
      if (value !== null && value !== undefined) process.stdout.write(typeof value === "string" ? value : JSON.stringify(value));
      process.stdout.write("\0");
    }
  ' -- "$@"
}

# live KIND NAME PATH...: fields of an object in the cluster, read into the array `found`; empty
# when the object is missing.
live() {
  mapfile -d '' -t found < <({ k get "$1" "$2" -o json 2>/dev/null || true; } | fields "${@:3}")
}

checks=0
failures=0
# check WHAT EXPECTED FOUND
check() {
  local got=$3
  checks=$((checks + 1))
  if [ "$2" = "$got" ]; then
    printf 'ok    %s\n' "$1"
  else
    failures=$((failures + 1))
    [ -n "${got//[[:space:]]/}" ] || got='(nothing)'
    printf 'FAIL  %s\n      expected: %s\n      found:    %s\n' "$1" "$2" "$got" >&2
  fi
}

log "checking the objects"
live configmap "$release" 'data config.yaml dns extra_records_path' 'data config.yaml derp paths'
check "config.yaml sets dns.extra_records_path" "$records_path" "${found[0]-}"
check "config.yaml sets derp.paths to the DERP map" "[\"$derp_path\"]" "${found[1]-}"

live configmap "$release-extra-dns" "data extra-dns-records.json name=$record_name type" \
  "data extra-dns-records.json name=$record_name value"
check "the extra DNS records hold $record_name" "A $record_value" "${found[0]-} ${found[1]-}"

live configmap "$release-derp-map" 'data derp-map.yaml'
check "the DERP map's region key is a bare integer" "900:" \
  "$(grep -oE "^[[:space:]]*[\"']?900[\"']?:" <<<"${found[0]-}" | head -n 1 | tr -d '[:space:]' || true)"

if [ "$client" = true ]; then
  live configmap "$release-policy" "data policy.json autoApprovers routes $route" "data policy.json tagOwners $client_tag"
  check "the policy auto-approves $route for $client_tag" "[\"$client_tag\"]" "${found[0]-}"
  check "the policy lets headscale-system own $client_tag" '["headscale-system@"]' "${found[1]-}"
fi

if [ "$daemonset" = true ]; then
  live daemonset "$release-client" 'spec template spec hostNetwork' 'spec template spec dnsPolicy' \
    'spec template spec containers name=tailscale env name=ACCEPT_DNS value'
  check "the client DaemonSet uses the host network" true "${found[0]-}"
  check "the client DaemonSet's dnsPolicy" ClusterFirstWithHostNet "${found[1]-}"
  check "the client leaves the nodes' DNS alone (ACCEPT_DNS)" false "${found[2]-}"
fi

if [ "$client" = true ]; then
  # tailscaled starts only once the key job has written the preauth key. A client that registered
  # is a node of Headscale named <release>-client, one per node as a DaemonSet
  # (<release>-client-<node>).
  hostnames=("$release-client")
  if [ "$daemonset" = true ]; then
    nodes=$(kubectl --context "$context" get nodes -o name) || fail "could not list the cluster's nodes"
    hostnames=()
    for node in $nodes; do
      hostnames+=("$release-client-${node#node/}")
    done
  fi
  deadline=$((SECONDS + timeout))
  for hostname in "${hostnames[@]}"; do
    until registered=$({ k exec "deployment/$release" -c headscale -- headscale nodes list -o json 2>/dev/null || true; } |
      fields "name=$hostname name" | tr -d '\0') && [ -n "$registered" ] || [ "$SECONDS" -ge "$deadline" ]; do
      remaining=$((deadline - SECONDS))
      sleep $((remaining < 5 ? remaining : 5))
    done
    check "the client registered (Headscale lists the node $hostname)" "$hostname" "$registered"
  done
fi

if [ "$failures" -gt 0 ]; then
  [ "$client" = false ] || printf 'hint: the client logs: kubectl --context %s -n %s logs %s/%s-client\n' \
    "$context" "$namespace" "$client_kind" "$release" >&2
  fail "$failures of $checks checks failed"
fi
log "smoke test passed: $checks checks on kind cluster $cluster (release $release in namespace $namespace, client: $client_label)"
