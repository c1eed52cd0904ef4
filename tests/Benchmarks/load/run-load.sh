#!/usr/bin/env bash
# Load test of POST /mutate over TLS on loopback, against a bare Kestrel TLS echo baseline in the
# same run. Not a test: run it by hand (`bash tests/Benchmarks/load/run-load.sh`), root on Debian.
#
#   1. throughput: wrk, same threads/connections/duration against the webhook and the echo app;
#      prints requests/s of each and the ratio webhook / echo (target >= 0.70);
#   2. latency at a fixed ~1,000 reviews/s (wrk's delay() per connection; wrk2 is not in Debian):
#      p50/p90/p99 of each (target p99 <= 5 ms for the webhook).
#
# Environment: DURATION (10s per run), ROUNDS (3 alternating throughput rounds), THREADS (2), CONNECTIONS (32), RATE (1000), RATE_CONNECTIONS (20),
# WEBHOOK_PORT (18443), ECHO_PORT (18444), OUT (a temp folder; an earlier run's reuses its builds), LOG_FORMAT (json: as in a cluster).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
DURATION="${DURATION:-10s}"
ROUNDS="${ROUNDS:-3}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
RATE="${RATE:-1000}"
RATE_CONNECTIONS="${RATE_CONNECTIONS:-20}"
WEBHOOK_PORT="${WEBHOOK_PORT:-18443}"
ECHO_PORT="${ECHO_PORT:-18444}"
LOG_FORMAT="${LOG_FORMAT:-json}"
OUT="${OUT:-$(mktemp -d /tmp/webhook-load.XXXXXX)}"
review="$here/review-3-containers.json"
mkdir -p "$OUT"

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (Debian package)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq wrk >/dev/null
fi
for tool in curl python3 dotnet; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is required" >&2; exit 1; }
done

# OUT=<an earlier run's folder> reuses the builds in it (e.g. another revision's webhook published into OUT/webhook).
if [[ -x "$OUT/webhook/PodIdentity.Webhook" && -x "$OUT/echo/PodIdentity.Benchmarks.EchoServer" ]]; then
  echo "reusing the builds in $OUT"
else
  echo "building (Release) into $OUT ..."
  dotnet publish "$root/src/Webhook/PodIdentity.Webhook.csproj" -c Release -o "$OUT/webhook" -v q -nologo >/dev/null
  dotnet publish "$root/tests/Benchmarks/EchoServer/PodIdentity.Benchmarks.EchoServer.csproj" -c Release -o "$OUT/echo" -v q -nologo >/dev/null
fi

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

wait_for() { # url
  for _ in $(seq 1 100); do
    if curl -sk -o /dev/null "$1"; then return 0; fi
    sleep 0.2
  done
  echo "error: $1 did not come up" >&2
  exit 1
}

# The webhook exactly as `serve --demo` runs it (ServiceAccounts from deploy/examples), from the repo
# root so the default glob resolves; logs as in a cluster (one JSON line per review) to a file.
(cd "$root" && exec "$OUT/webhook/PodIdentity.Webhook" serve --demo --urls "https://127.0.0.1:$WEBHOOK_PORT" \
  --Demo:OutputDirectory "$OUT/demo" --Logging:Format "$LOG_FORMAT" ${WEBHOOK_ARGS:-} >"$OUT/webhook.log" 2>&1) &
pids+=($!)
wait_for "https://127.0.0.1:$WEBHOOK_PORT/healthz"

webhook_url="https://127.0.0.1:$WEBHOOK_PORT/mutate?timeout=10s"
curl -sk "$webhook_url" -H 'Content-Type: application/json' --data-binary @"$review" -o "$OUT/response.json"
python3 - "$OUT/response.json" <<'PY'
import base64, json, sys
response = json.load(open(sys.argv[1]))["response"]
patch = json.loads(base64.b64decode(response["patch"]))
assert response["allowed"] and response["patchType"] == "JSONPatch" and patch, response
print(f"webhook answers with {len(patch)} patch operations")
PY

# The echo baseline answers every request with those very bytes.
"$OUT/echo/PodIdentity.Benchmarks.EchoServer" "$ECHO_PORT" "$OUT/response.json" >"$OUT/echo.log" 2>&1 &
pids+=($!)
echo_url="https://127.0.0.1:$ECHO_PORT/mutate?timeout=10s"
wait_for "$echo_url"

export REVIEW_FILE="$review"
run_wrk() { # name url args...
  local name="$1" url="$2"; shift 2
  wrk "$@" --latency -s "$here/post.lua" "$url" >"$OUT/$name.txt"
  if grep -q "Non-2xx" "$OUT/$name.txt"; then
    echo "error: $name had non-2xx responses:" >&2
    cat "$OUT/$name.txt" >&2
    exit 1
  fi
}

# Warm-up (JIT, tiered compilation, connection pools), not reported.
DELAY_MS=0 run_wrk warmup-webhook "$webhook_url" -t"$THREADS" -c"$CONNECTIONS" -d5s
DELAY_MS=0 run_wrk warmup-echo "$echo_url" -t"$THREADS" -c"$CONNECTIONS" -d5s

# Alternating short rounds, so load from anything else on the machine hits both alike.
echo "throughput: $ROUNDS rounds of wrk -t$THREADS -c$CONNECTIONS -d$DURATION against each, alternating ..."
for round in $(seq 1 "$ROUNDS"); do
  DELAY_MS=0 run_wrk "throughput-webhook-$round" "$webhook_url" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION"
  DELAY_MS=0 run_wrk "throughput-echo-$round" "$echo_url" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION"
done

delay_ms=$(( RATE_CONNECTIONS * 1000 / RATE ))
echo "latency at ~$RATE req/s: $RATE_CONNECTIONS connections, one request per ${delay_ms} ms each ..."
DELAY_MS=$delay_ms run_wrk rate-webhook "$webhook_url" -t"$THREADS" -c"$RATE_CONNECTIONS" -d"$DURATION"
DELAY_MS=$delay_ms run_wrk rate-echo "$echo_url" -t"$THREADS" -c"$RATE_CONNECTIONS" -d"$DURATION"

reviews_logged=$(grep -c '"EventId":{"Id":1001' "$OUT/webhook.log" || true)

python3 - "$OUT" "$reviews_logged" "$ROUNDS" <<'PY'
import re, statistics, sys
out, logged, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])

def unit(value, suffix):
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[suffix]
    return float(value) * scale

def parse(name):
    text = open(f"{out}/{name}.txt").read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    latency = {p: unit(v, s) for p, v, s in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)}
    total = int(re.search(r"(\d+) requests in", text).group(1))
    errors = re.search(r"Socket errors: (.*)", text)
    return rps, latency, total, errors.group(1) if errors else "none"

def rounds_of(name):
    runs = [parse(f"throughput-{name}-{r}") for r in range(1, rounds + 1)]
    return sum(r[0] for r in runs) / rounds, sum(r[2] for r in runs), "; ".join(sorted({r[3] for r in runs})), [round(r[0]) for r in runs]

tw, nw, ew, each_w = rounds_of("webhook")
te, ne, ee, each_e = rounds_of("echo")
rw, lw, _, erw = parse("rate-webhook")
re_, le, _, ere = parse("rate-echo")
ratio = tw / te
print()
print(f"throughput   webhook {tw:10.0f} req/s (rounds {each_w}; {nw} requests, socket errors: {ew})")
print(f"             echo    {te:10.0f} req/s (rounds {each_e}; {ne} requests, socket errors: {ee})")
print(f"             ratio webhook/echo = {ratio:.2f}  (target >= 0.70: {'PASS' if ratio >= 0.70 else 'FAIL'})")
# Each webhook round runs right before its echo round: their ratio is least touched by the shared
# machine's slower and faster spells, which move both servers' rates by up to a quarter.
paired = [w / e for w, e in zip(each_w, each_e)]
print(f"             per round {[round(r, 2) for r in paired]}, median {statistics.median(paired):.2f}")
print(f"fixed rate   webhook {rw:7.0f} req/s  p50 {lw['50']:.2f} ms  p90 {lw['90']:.2f} ms  p99 {lw['99']:.2f} ms  (target p99 <= 5 ms: {'PASS' if lw['99'] <= 5 else 'FAIL'})")
print(f"             echo    {re_:7.0f} req/s  p50 {le['50']:.2f} ms  p90 {le['90']:.2f} ms  p99 {le['99']:.2f} ms")
print(f"             p99 ratio webhook/echo = {lw['99'] / le['99']:.2f}")
print(f"review log lines written by the webhook: {logged}")
print(f"raw wrk output and logs: {out}")
PY
