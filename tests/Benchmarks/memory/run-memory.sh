#!/usr/bin/env bash
# Memory benchmark of the ServiceAccount cache (not a test; never run by dotnet test).
# Starts a fake API server process holding COUNT ServiceAccounts (default 50,000) plus an empty
# one, then, in a separate process, runs the real cache against the empty server (baseline) and
# against the full one, forcing a full GC before reading VmRSS from /proc/self/status.
# Measured twice: Workstation GC and Server GC (the Web SDK default).
# Usage: tests/Benchmarks/memory/run-memory.sh [COUNT]
set -euo pipefail
count="${1:-50000}"
here="$(cd "$(dirname "$0")" && pwd)"
project="$here/../CacheMemory/CacheMemory.csproj"
out="$(mktemp -d)"
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$out"' EXIT

dotnet build -c Release "$project" -o "$out/bin" -v quiet -nologo >/dev/null
app="$out/bin/PodIdentity.Benchmarks.CacheMemory.dll"

dotnet "$app" serve "$count" "$out/urls" &
server_pid=$!
for _ in $(seq 1 600); do
  [[ -s "$out/urls" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { echo "fake API server exited" >&2; exit 1; }
  sleep 0.2
done
[[ -s "$out/urls" ]] || { echo "fake API server did not start in 120 s" >&2; exit 1; }
read -r empty_url full_url < "$out/urls"

for gc in 0 1; do
  echo "=== DOTNET_gcServer=$gc ==="
  DOTNET_gcServer=$gc dotnet "$app" measure "$empty_url" "$full_url"
  echo
done
