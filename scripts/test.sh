#!/usr/bin/env bash
# Runs every test project and ends with "tests: N passed, N failed, N skipped" read from the
# TRX results. Installs what the tests need (s3rver from npm) so it works on a clean checkout.
# README's test command and .ci/run both call exactly this script.
set -uo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1 || { echo "error: $1 is required: $2" >&2; exit 1; }; }
need dotnet "install the .NET 10 SDK (https://dot.net)"
need npm "install Node.js 20+ and npm (apt-get install nodejs npm)"
command -v kubectl >/dev/null 2>&1 || echo "warning: kubectl not found; the kustomize render tests will fail (they need 'kubectl kustomize')" >&2

# s3rver: a real S3-protocol server for the discovery companion's publish tests.
if [ ! -x tests/tools/node_modules/.bin/s3rver ]; then
  npm ci --prefix tests/tools --no-audit --no-fund --loglevel=error || { echo "error: npm ci --prefix tests/tools failed" >&2; exit 1; }
fi

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
