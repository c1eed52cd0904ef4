#!/usr/bin/env bash
# A/B of two builds of the webhook under the same load at the same moment. Not a test: run it by hand,
#   bash tests/Benchmarks/load/compare-builds.sh <git-rev-A> <git-rev-B>     (e.g. HEAD~3 HEAD)
# Each revision is published (Release, Native AOT) from its own git worktree; both run `serve --demo`,
# and each round loads both at once with its own wrk (-t1 -c16). Sequential runs on a shared machine
# drift by up to a quarter between slow and fast spells; two servers measured in the same seconds
# see the same spell, so B/A per round is steady to a few percent.
#
# Environment: DURATION (8s per round), ROUNDS (12), OUT (a temp folder; an earlier run's reuses its builds),
# REVIEW (the AdmissionReview to post; default the 3-container pod; its ServiceAccount must be a demo one to mutate).
set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: $0 <git-rev-A> <git-rev-B>" >&2; exit 2; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
DURATION="${DURATION:-8s}"
ROUNDS="${ROUNDS:-12}"
OUT="${OUT:-$(mktemp -d /tmp/webhook-ab.XXXXXX)}"
review="${REVIEW:-$here/review-3-containers.json}"

command -v wrk >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq; apt-get install -y -qq wrk >/dev/null; }

publish() { # name rev; OUT=<an earlier run's folder> reuses its builds (rounds again without two AOT publishes)
  if [[ -x "$OUT/$1/PodIdentity.Webhook" ]]; then echo "reusing $1 in $OUT/$1"; return; fi
  local tree="$OUT/src-$1"
  git -C "$root" worktree add --detach -q "$tree" "$2"
  echo "building $1 = $(git -C "$tree" log -1 --format='%h %s' | cut -c1-80) ..."
  dotnet publish "$tree/src/Webhook/PodIdentity.Webhook.csproj" -c Release -o "$OUT/$1" -v q -nologo >/dev/null
  git -C "$root" worktree remove --force "$tree"
}
publish a "$1"
publish b "$2"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

start() { # name port
  (cd "$root" && exec "$OUT/$1/PodIdentity.Webhook" serve --demo --urls "https://127.0.0.1:$2" \
    --Demo:OutputDirectory "$OUT/demo-$1" --Logging:Format json >"$OUT/$1.log" 2>&1) &
  pids+=($!)
  for _ in $(seq 1 100); do curl -sk -o /dev/null "https://127.0.0.1:$2/healthz" && return 0; sleep 0.2; done
  echo "error: $1 did not come up" >&2; exit 1
}

export REVIEW_FILE="$review" DELAY_MS=0
both() { # seconds first-port second-port -> "first_rps second_rps"; the first wrk starts a moment earlier
  wrk -t1 -c16 -d"$1" -s "$here/post.lua" "https://127.0.0.1:$2/mutate?timeout=10s" >"$OUT/wrk-1.txt" &
  local first=$!
  wrk -t1 -c16 -d"$1" -s "$here/post.lua" "https://127.0.0.1:$3/mutate?timeout=10s" >"$OUT/wrk-2.txt"
  wait "$first"
  if grep -q "Non-2xx" "$OUT/wrk-1.txt" "$OUT/wrk-2.txt"; then echo "error: non-2xx responses" >&2; exit 1; fi
  echo "$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-1.txt") $(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-2.txt")"
}

start a 18461
start b 18462
# Warm-up: with a shorter one the first rounds still read a few percent low for one side or the other.
both 10s 18461 18462 >/dev/null
: >"$OUT/rounds.txt"
for round in $(seq 1 "$ROUNDS"); do
  # Every other round B's wrk starts first, so neither build gets the head start throughout.
  if (( round % 2 )); then
    both "$DURATION" 18461 18462 >>"$OUT/rounds.txt"
  else
    both "$DURATION" 18462 18461 | awk '{print $2, $1}' >>"$OUT/rounds.txt"
  fi
done

python3 - "$OUT/rounds.txt" "$1" "$2" <<'PY'
import statistics, sys
rounds = [tuple(map(float, line.split())) for line in open(sys.argv[1]) if line.strip()]
ratios = [b / a for a, b in rounds]
print(f"A = {sys.argv[2]}, B = {sys.argv[3]}; {len(rounds)} rounds, both loaded at once")
print(f"requests/s A {[round(a) for a, _ in rounds]}")
print(f"requests/s B {[round(b) for _, b in rounds]}")
print(f"B/A per round {[round(r, 3) for r in ratios]}")
print(f"B/A median {statistics.median(ratios):.3f} (min {min(ratios):.3f}, max {max(ratios):.3f})")
PY
echo "raw output and logs: $OUT"
