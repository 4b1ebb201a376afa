#!/usr/bin/env bash
# Profiles a Strata benchmark with JFR: the gateway, every partition node and the bench JVM, while
# one `./strata bench …` runs; then prints each process's hottest frames by execution samples.
#
#   bench/profile.sh [--data-dir DIR] [--out DIR] [--top N] -- produce --records 1000000 --acks 1
#
# --data-dir is the running cluster's (as given to ./strata up); recordings are kept under --out
# (default data/bench-profile-<time>) for `jfr print` / JDK Mission Control.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"

data_dir="${STRATA_DATA_DIR:-data}"
out="data/bench-profile-$(date +%Y%m%d-%H%M%S)"
top=15
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data-dir) data_dir="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --top) top="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: bench/profile.sh [--data-dir DIR] [--out DIR] [--top N] -- <bench args>" >&2; exit 2 ;;
  esac
done
[[ $# -gt 0 ]] || { echo "bench/profile.sh: name the bench to run after --" >&2; exit 2; }
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# service=pid for the gateway and the partition nodes, from `./strata status --json`.
mapfile -t targets < <(./strata status --data-dir "$data_dir" --json | tr '{' '\n' \
  | sed -n 's/.*"service":"\(gateway\|partition-node-[0-9]*\)".*"pid":\([0-9]*\).*/\1=\2/p')
[[ ${#targets[@]} -gt 0 ]] || { echo "no running gateway or partition node under $data_dir" >&2; exit 1; }

for target in "${targets[@]}"; do
  jcmd "${target#*=}" JFR.start name=strata-bench settings=profile >/dev/null
done
stop_recordings() {
  for target in "${targets[@]}"; do
    jcmd "${target#*=}" JFR.dump name=strata-bench filename="$out/${target%=*}.jfr" >/dev/null 2>&1 || true
    jcmd "${target#*=}" JFR.stop name=strata-bench >/dev/null 2>&1 || true
  done
}
trap stop_recordings EXIT

STRATA_BENCH_JVM_OPTS="-Xlog:jfr+startup=error -XX:StartFlightRecording=settings=profile,filename=$out/bench.jfr" ./strata bench "$@" \
  | tee "$out/result.json"
stop_recordings
trap - EXIT

# Top frames: the method on top of each execution sample (self time), and the first io.strata
# method in each sample's stack (where Strata's own code spends it, callees included).
for recording in "$out"/*.jfr; do
  echo
  echo "== $(basename "$recording" .jfr): $(jfr summary "$recording" | awk '/jdk.ExecutionSample /{print $2}') samples"
  jfr print --stack-depth 64 --events jdk.ExecutionSample "$recording" | awk '
    /stackTrace = \[/ { depth = 0; strata = ""; next }
    /^[[:space:]]*\]/ { if (strata != "") own[strata]++; next }
    /line:/ {
      frame = $0; sub(/^[[:space:]]+/, "", frame); sub(/[[:space:]]+line:.*/, "", frame)
      if (depth == 0) self[frame]++
      if (strata == "" && frame ~ /^io\.strata\./) strata = frame
      depth++
    }
    END {
      for (f in self) printf "self\t%d\t%s\n", self[f], f
      for (f in own) printf "own\t%d\t%s\n", own[f], f
    }' > "$out/frames.tsv" || echo "  (the recording could not be read whole: the frames below may be partial)"
  echo "  top frames (self):"
  awk -F'\t' '$1 == "self" { printf "    %6d  %s\n", $2, $3 }' "$out/frames.tsv" | sort -rn | head -n "$top"
  echo "  first io.strata frame in the stack:"
  awk -F'\t' '$1 == "own" { printf "    %6d  %s\n", $2, $3 }' "$out/frames.tsv" | sort -rn | head -n "$top"
done
