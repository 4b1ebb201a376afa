#!/usr/bin/env bash
# The benchmark matrix of the README, Strata and Apache Kafka side by side in one run.
#
#   ./strata up --data-dir /tmp/strata-bench     # a local cluster (gateway on 8080)
#   bench/matrix.sh [--runs 3] [--only REGEX] [--bootstrap 127.0.0.1:8080] [--out DIR]
#
# For each row, Strata runs --runs times, each a fresh `./strata bench …` JVM against the running
# cluster, and Kafka runs `./strata bench kafka … --warmup-runs 1 --runs N` (a fresh broker per row,
# warmed by one unmeasured run; each perf tool run is a fresh JVM, as its shell script starts it).
# Medians are printed as a Markdown table with the machine's load average before each row.
# Every run's output is kept under --out (default data/bench-matrix-<time>).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"

runs=3
only=.
bootstrap=127.0.0.1:8080
out="data/bench-matrix-$(date +%Y%m%d-%H%M%S)"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --bootstrap) bootstrap="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "usage: bench/matrix.sh [--runs N] [--only REGEX] [--bootstrap HOST:PORT] [--out DIR]" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"

# bench | options shared by both systems | Kafka brokers
rows=(
  "produce|--records 1000000 --record-size 100 --partitions 1 --acks 1|1"
  "produce|--records 1000000 --record-size 100 --partitions 1 --acks all|1"
  "produce|--records 1000000 --record-size 100 --partitions 6 --acks 1|1"
  "produce|--records 1000000 --record-size 100 --partitions 6 --acks all|1"
  "produce|--records 500000 --record-size 1024 --partitions 1 --acks 1|1"
  "produce|--records 500000 --record-size 1024 --partitions 1 --acks all|1"
  "produce|--records 500000 --record-size 1024 --partitions 6 --acks 1|1"
  "produce|--records 500000 --record-size 1024 --partitions 6 --acks all|1"
  "produce|--records 1000000 --record-size 100 --partitions 6 --acks 1 --replication-factor 3|3"
  "produce|--records 1000000 --record-size 100 --partitions 6 --acks all --replication-factor 3|3"
  "produce|--records 500000 --record-size 1024 --partitions 6 --acks 1 --replication-factor 3|3"
  "produce|--records 500000 --record-size 1024 --partitions 6 --acks all --replication-factor 3|3"
  "consume|--records 1000000 --record-size 100 --partitions 1 --acks 1|1"
  "consume|--records 500000 --record-size 1024 --partitions 1 --acks 1|1"
  "e2e|--records 5000 --record-size 100 --partitions 1 --acks 1|1"
  "e2e|--records 5000 --record-size 100 --partitions 1 --acks all|1"
  "e2e|--records 5000 --record-size 100 --partitions 1 --acks all --replication-factor 3|3"
)

field() { # field NAME JSON FORMAT → the value formatted, or "—" when missing or null
  if [[ "$2" =~ \"$1\":([0-9.]+) ]]; then printf "$3" "${BASH_REMATCH[1]}"; else printf '—'; fi
}
figures() { # figures JSON → "records/s | MB/s | p50 / p99"
  local json="$1"
  if [[ -z "$json" ]]; then printf 'failed | | '; return; fi
  printf '%s | %s | %s / %s' "$(field records_s "$json" %.0f)" "$(field mb_s "$json" %.1f)" \
    "$(field p50_ms "$json" %.1f)" "$(field p99_ms "$json" %.1f)"
}
ratio() { # ratio STRATA_JSON KAFKA_JSON → Strata's MB/s as a share of Kafka's
  if [[ "$1" =~ \"mb_s\":([0-9.]+) ]]; then local strata="${BASH_REMATCH[1]}"; else printf '—'; return; fi
  if [[ "$2" =~ \"mb_s\":([0-9.]+) ]]; then local kafka="${BASH_REMATCH[1]}"; else printf '—'; return; fi
  awk -v s="$strata" -v k="$kafka" 'BEGIN { if (k > 0) printf "%.0f %%", 100 * s / k; else printf "—" }'
}

echo "Strata warm-up run (not measured) ..." >&2
./strata bench produce --records 1000000 --record-size 100 --partitions 6 --acks 1 --bootstrap "$bootstrap" \
  >/dev/null 2>"$out/warm-up.log" || echo "warm-up failed: see $out/warm-up.log" >&2

table="$out/table.md"
{
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, medians of $runs runs."
  echo
  echo "| bench | options | Strata records/s | Strata MB/s | Strata p50 / p99 ms | Kafka records/s | Kafka MB/s | Kafka p50 / p99 ms | Strata/Kafka MB/s | load before |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
} > "$table"
n=0
for row in "${rows[@]}"; do
  IFS='|' read -r bench options brokers <<< "$row"
  n=$((n + 1))
  [[ "$bench $options" =~ $only ]] || continue
  load="$(cut -d' ' -f1 /proc/loadavg)"
  echo "[$n] $bench $options (load $load)" >&2
  : > "$out/$n-strata.jsonl"
  for ((run = 1; run <= runs; run++)); do
    # shellcheck disable=SC2086 # options are several words
    ./strata bench "$bench" $options --bootstrap "$bootstrap" >> "$out/$n-strata.jsonl" 2>> "$out/$n-strata.log" \
      || echo "  strata run $run failed: see $out/$n-strata.log" >&2
  done
  strata="$(./strata bench median "$out/$n-strata.jsonl" 2>/dev/null || true)"
  # shellcheck disable=SC2086
  kafka="$(./strata bench kafka "$bench" $options --brokers "$brokers" --warmup-runs 1 --runs "$runs" \
    2> "$out/$n-kafka.log" | tail -1 || true)"
  echo "  strata $strata" >&2
  echo "  kafka  $kafka" >&2
  echo "| $bench | \`$options\` | $(figures "$strata") | $(figures "$kafka") | $(ratio "$strata" "$kafka") | $load |" >> "$table"
done
cat "$table"
