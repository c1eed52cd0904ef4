#!/usr/bin/env bash
# Soak of the webhook (not a test: run it by hand):
#   bash tests/Benchmarks/soak/run-soak.sh                 # 10 minutes at 500 reviews/s
#   SECONDS_TO_RUN=60 RATE=200 bash tests/Benchmarks/soak/run-soak.sh
# The webhook runs as its own process in cluster mode over TLS (HTTP/1.1, a 64-connection client
# pool) against the tests' fake API server, which churns ServiceAccounts (~20 adds/updates/deletes
# per second) and drops every watch each 2 minutes. Per window: reviews, p50/p99, errors and the
# webhook's RSS; at the end: totals, RSS at start/end with its least-squares trend, and a review of
# every churned ServiceAccount proving the cache converged. Exit 0 only with 0 errors.
#
# Environment: SECONDS_TO_RUN (600), RATE (500), WINDOW (60 s), WARMUP (20 s), OUT (a temp folder),
# NATIVE=1 to soak the Native AOT binary as shipped (publishing it takes several minutes) instead of
# the Release JIT build.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
OUT="${OUT:-$(mktemp -d /tmp/webhook-soak.XXXXXX)}"

if [[ "${NATIVE:-0}" == 1 ]]; then
  dotnet publish "$root/src/Webhook/PodIdentity.Webhook.csproj" -c Release -o "$OUT/webhook" -v q -nologo >/dev/null
  webhook="$OUT/webhook/PodIdentity.Webhook"
else
  dotnet build "$root/src/Webhook/PodIdentity.Webhook.csproj" -c Release -o "$OUT/webhook" -v q -nologo >/dev/null
  webhook="$OUT/webhook/PodIdentity.Webhook.dll"
fi
dotnet build "$here/Soak/PodIdentity.Benchmarks.Soak.csproj" -c Release -o "$OUT/driver" -v q -nologo >/dev/null

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start; build: $([[ "${NATIVE:-0}" == 1 ]] && echo 'Native AOT' || echo 'Release JIT')"
dotnet "$OUT/driver/PodIdentity.Benchmarks.Soak.dll" --webhook "$webhook" --out "$OUT" \
  --seconds "${SECONDS_TO_RUN:-600}" --rate "${RATE:-500}" --window "${WINDOW:-60}" --warmup "${WARMUP:-20}"
status=$?
echo "load average at end $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
