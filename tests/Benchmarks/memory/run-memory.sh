#!/usr/bin/env bash
# Memory benchmark of the ServiceAccount cache (not a test; never run by dotnet test).
# Starts a fake API server process holding COUNT ServiceAccounts (default 50,000) plus an empty
# one, then, in a separate process, runs the real cache against the empty server (baseline) and
# against the full one, forcing a full GC before reading VmRSS from /proc/self/status.
# Measured twice: Workstation GC and Server GC (the Web SDK default).
# Usage: tests/Benchmarks/memory/run-memory.sh [COUNT]
#   BASELINE=<folder with a published PodIdentity.Webhook> also measures that build (e.g. main's) in the same run.
#   INPROCESS=0 skips the in-process measurements (the cache alone in a JIT host, both GC modes).
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

if [[ "${INPROCESS:-1}" != 0 ]]; then
  for gc in 0 1; do
    echo "=== DOTNET_gcServer=$gc ==="
    DOTNET_gcServer=$gc dotnet "$app" measure "$empty_url" "$full_url"
    echo
  done
fi

# The real webhook process (Kestrel, TLS, Serilog, the cache): `serve` with a kubeconfig pointing at
# the empty server (baseline) and at the full one; VmRSS once /readyz says the first list is in.
echo "=== PodIdentity.Webhook serve (Release, as shipped: Native AOT, Workstation GC) ==="
root="$(cd "$here/../../.." && pwd)"
dotnet publish -c Release "$root/src/Webhook/PodIdentity.Webhook.csproj" -o "$out/webhook" -v quiet -nologo >/dev/null
# The same code as a JIT (framework-dependent) build, measured in the same run as the baseline.
dotnet publish -c Release "$root/src/Webhook/PodIdentity.Webhook.csproj" -p:PublishAot=false -o "$out/webhook-jit" -v quiet -nologo >/dev/null
mkdir -p "$out/certs"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=127.0.0.1 \
  -keyout "$out/certs/tls.key" -out "$out/certs/tls.crt" 2>/dev/null
# Two free ports for each run (other benchmarks may be running on this machine).
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# Prints "<VmRSS kB> <seconds from process start to the first /readyz 200> <CPU seconds the process used until then>".
# The CPU time does not depend on what else the machine is running; the wall time does.
webhook_rss() {
  local url="$1" label="$2" binary="${3:-$out/webhook/PodIdentity.Webhook}"
  local port metrics_port
  port=$(free_port); metrics_port=$(free_port)
  cat > "$out/kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters: [{name: fake, cluster: {server: "$url"}}]
users: [{name: webhook, user: {token: benchmark}}]
contexts: [{name: fake, context: {cluster: fake, user: webhook}}]
current-context: fake
KUBECONFIG
  local started ready_at="" ready_cpu=""
  started=$(date +%s.%N)
  "$binary" serve --urls "https://127.0.0.1:$port" --Server:MetricsPort "$metrics_port" \
    --Tls:CertDirectory "$out/certs" --ServiceAccountCache:Kubeconfig "$out/kubeconfig" \
    --Logging:Format json >"$out/webhook-$label.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 3000); do
    if curl -fs "http://127.0.0.1:$metrics_port/readyz" >/dev/null 2>&1; then
      ready_at=$(date +%s.%N)
      ready_cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$pid/stat")
      break
    fi
    kill -0 "$pid" 2>/dev/null || { echo "webhook exited; see $out/webhook-$label.log" >&2; cat "$out/webhook-$label.log" >&2; exit 1; }
    sleep 0.05
  done
  [[ -n "$ready_at" ]] || { echo "webhook not ready within 150 s; see $out/webhook-$label.log" >&2; exit 1; }
  sleep 5 # let the list's garbage be collected as it would be in a running pod
  local rss
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  local size
  size=$(curl -fs "http://127.0.0.1:$metrics_port/metrics" | awk '/^pod_identity_webhook_serviceaccount_cache_size/ {print $2}')
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local ready
  ready=$(awk -v a="$started" -v b="$ready_at" 'BEGIN { printf "%.2f", b - a }')
  echo "$label: cache size $size, VmRSS $((rss / 1024)) MB, ready after $ready s ($ready_cpu s CPU)" >&2
  echo "$rss $ready $ready_cpu"
}
result=$(webhook_rss "$empty_url" empty); read -r empty_rss empty_ready empty_cpu <<< "$result"
result=$(webhook_rss "$full_url" full); read -r full_rss full_ready full_cpu <<< "$result"
result=$(webhook_rss "$empty_url" jit-empty "$out/webhook-jit/PodIdentity.Webhook"); read -r jit_empty_rss jit_empty_ready jit_empty_cpu <<< "$result"
result=$(webhook_rss "$full_url" jit-full "$out/webhook-jit/PodIdentity.Webhook"); read -r jit_full_rss jit_full_ready jit_full_cpu <<< "$result"
if [[ -n "${BASELINE:-}" ]]; then
  result=$(webhook_rss "$empty_url" baseline-empty "$BASELINE/PodIdentity.Webhook"); read -r base_empty_rss base_empty_ready base_empty_cpu <<< "$result"
  result=$(webhook_rss "$full_url" baseline-full "$BASELINE/PodIdentity.Webhook"); read -r base_full_rss base_full_ready base_full_cpu <<< "$result"
fi
grep -h "Runtime:" "$out"/webhook-full.log "$out"/webhook-jit-full.log | sed 's/^/  /' >&2 || true
# Issue 16's guard rails: 50,000 cached <= 75 MB; 500,000 (this population) <= 150 MB and ready in <= 5 s.
awk -v e="$empty_rss" -v f="$full_rss" -v je="$jit_empty_rss" -v jf="$jit_full_rss" -v n="$count" \
    -v er="$empty_ready" -v fr="$full_ready" -v jer="$jit_empty_ready" -v jfr="$jit_full_ready" \
    -v ec="$empty_cpu" -v fc="$full_cpu" -v jec="$jit_empty_cpu" -v jfc="$jit_full_cpu" \
    -v be="${base_empty_rss:-}" -v bf="${base_full_rss:-}" -v ber="${base_empty_ready:-}" -v bfr="${base_full_ready:-}" \
    -v bec="${base_empty_cpu:-}" -v bfc="${base_full_cpu:-}" 'BEGIN {
  target = (n <= 50000 ? 75 : 150)
  line = "%-34s empty %6.1f MB ready %5.2f s (%5.2f s CPU); %s ServiceAccounts %6.1f MB ready %5.2f s (%5.2f s CPU)\n"
  printf line, "webhook, Native AOT (as shipped):", e/1024, er, ec, n, f/1024, fr, fc
  printf line, "webhook, JIT build (same code):", je/1024, jer, jec, n, jf/1024, jfr, jfc
  if (be != "") printf line, "baseline build (BASELINE):", be/1024, ber, bec, n, bf/1024, bfr, bfc
  printf "ratios with %s cached: Native AOT / JIT %.2f RSS, %.2f ready; Native AOT full / empty %.2f RSS\n", n, f/jf, fr/jfr, f/e
  if (be != "") printf "ratios with %s cached, this build / baseline: %.2f RSS, %.2f ready, %.2f CPU until ready\n", n, f/bf, fr/bfr, fc/bfc
  printf "target RSS <= %d MB: %s", target, (f/1024 <= target ? "MET" : "NOT MET")
  if (n > 50000) printf "; target ready <= 5 s: %s", (fr <= 5 ? "MET" : "NOT MET")
  printf "\n"
}'
