#!/usr/bin/env bash
# Idle TLS connections vs Server:MaxConcurrentConnections (not a test: run it by hand):
#   bash tests/Benchmarks/soak/run-idle-connections.sh                # 3,000 connections, no cap vs the default 1,000
#   CONNECTIONS=5000 CAPS=0,1000,200 bash tests/Benchmarks/soak/run-idle-connections.sh
# For each cap a fresh `serve --demo` process (Release JIT; NATIVE=1 for the Native AOT binary) gets
# CONNECTIONS connections that complete the TLS handshake and send nothing; it prints the webhook's RSS
# before and after, the connections the server kept open, and the RSS each one costs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
OUT="${OUT:-$(mktemp -d /tmp/webhook-idle.XXXXXX)}"
ulimit -n 20000 2>/dev/null || true

if [[ "${NATIVE:-0}" == 1 ]]; then
  dotnet publish "$root/src/Webhook/PodIdentity.Webhook.csproj" -c Release -o "$OUT/webhook" -v q -nologo >/dev/null
  webhook="$OUT/webhook/PodIdentity.Webhook"
else
  dotnet build "$root/src/Webhook/PodIdentity.Webhook.csproj" -c Release -o "$OUT/webhook" -v q -nologo >/dev/null
  webhook="$OUT/webhook/PodIdentity.Webhook.dll"
fi
dotnet build "$here/Soak/PodIdentity.Benchmarks.Soak.csproj" -c Release -o "$OUT/driver" -v q -nologo >/dev/null

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); build: $([[ "${NATIVE:-0}" == 1 ]] && echo 'Native AOT' || echo 'Release JIT')"
dotnet "$OUT/driver/PodIdentity.Benchmarks.Soak.dll" --webhook "$webhook" --root "$root" --out "$OUT" \
  --idle "${CONNECTIONS:-3000}" --caps "${CAPS:-0,1000}"
