#!/usr/bin/env bash
# The benchmark matrix of the README: Strata and Apache Kafka measured by the same Kafka perf tools,
# row by row, plus Strata's own Java client for reference.
#
#   ./strata up --data-dir /tmp/strata-bench     # a local cluster (gateway 8080, Kafka listeners 9201-9203)
#   bench/matrix.sh [--runs 3] [--only REGEX] [--out DIR] [--native true|false]
#                   [--bootstrap-servers 127.0.0.1:9201,127.0.0.1:9202,127.0.0.1:9203] [--bootstrap 127.0.0.1:8080]
#
# Each row runs, one after the other:
#   1. Strata through its Kafka listeners: `./strata bench kafka … --target strata
#      --bootstrap-servers …` (Kafka 4.3.1's perf tool against the running cluster);
#   2. Kafka: `./strata bench kafka … --target kafka --brokers B` (fresh KRaft brokers per row, as
#      many as the row's replication factor);
#   3. unless --native false, Strata through its own Java client and the gateway (`./strata bench …
#      --bootstrap`), --runs separate JVMs, after one matrix-wide warm-up run. Same cluster, same
#      workload, another path (gRPC through the gateway's extra hop): the gap between columns 1 and
#      3 is the access path's, and it ties the figures to the README's earlier tables. Consume rows
#      read from the leaders themselves where the gateway offers them (the client's default,
#      fetch.from.leaders), and are run once more with --from-leaders false: through the gateway only.
# 1 and 2 are `--warmup-runs 1 --runs N` (one unmeasured run, then N; each perf tool run is a fresh
# JVM, as its shell script starts it). Medians are printed as a Markdown table with the Strata/Kafka
# throughput ratio and the machine's load average before each row. Every run's output is kept under
# --out (default data/bench-matrix-<time>).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"

usage="usage: bench/matrix.sh [--runs N] [--only REGEX] [--out DIR] [--native true|false]
                       [--bootstrap-servers HOST:PORT,...] [--bootstrap HOST:PORT]"
runs=3
only=.
bootstrap=127.0.0.1:8080
bootstrap_servers=127.0.0.1:9201,127.0.0.1:9202,127.0.0.1:9203
native=true
out="data/bench-matrix-$(date +%Y%m%d-%H%M%S)"
while [[ $# -gt 0 ]]; do
  [[ $# -ge 2 ]] || { echo "bench/matrix.sh: $1 needs a value" >&2; echo "$usage" >&2; exit 2; }
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --bootstrap) bootstrap="$2"; shift 2 ;;
    --bootstrap-servers) bootstrap_servers="$2"; shift 2 ;;
    --native) native="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "bench/matrix.sh: unknown option '$1'" >&2; echo "$usage" >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "bench/matrix.sh: --runs must be a whole number ≥ 1, got '$runs'" >&2; exit 2; }
[[ "$native" == true || "$native" == false ]] \
  || { echo "bench/matrix.sh: --native must be true or false, got '$native'" >&2; exit 2; }
mkdir -p "$out"

# bench | options shared by every column | Kafka brokers (Strata is the running cluster, whatever its size)
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
ratio() { # ratio STRATA_JSON KAFKA_JSON → Strata's throughput as a share of Kafka's
  # From records/s, not MB/s: the same ratio with equal record sizes, but printed to 0.1 and not
  # rounded to 0.01 MB/s (e2e's one record at a time is ~0.01 MB/s).
  if [[ "$1" =~ \"records_s\":([0-9.]+) ]]; then local strata="${BASH_REMATCH[1]}"; else printf '—'; return; fi
  if [[ "$2" =~ \"records_s\":([0-9.]+) ]]; then local kafka="${BASH_REMATCH[1]}"; else printf '—'; return; fi
  awk -v s="$strata" -v k="$kafka" 'BEGIN { if (k > 0) printf "%.0f %%", 100 * s / k; else printf "—" }'
}
perf_tool() { # perf_tool LOG BENCH OPTIONS… → the JSON line of one `./strata bench kafka` (empty if it failed)
  local log="$1"; shift
  ./strata bench kafka "$@" --warmup-runs 1 --runs "$runs" 2> "$log" | tail -1 || true
}

if [[ "$native" == true ]]; then
  echo "Strata client warm-up run (not measured) ..." >&2
  ./strata bench produce --records 1000000 --record-size 100 --partitions 6 --acks 1 --bootstrap "$bootstrap" \
    >/dev/null 2>"$out/warm-up.log" || echo "warm-up failed: see $out/warm-up.log" >&2
fi

table="$out/table.md"
{
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, medians of $runs runs."
  echo "Strata (Kafka listener) and Kafka: Kafka 4.3.1's perf tools; Strata client: Strata's Java client, through the gateway (consume: from the leaders the gateway offers; 'gateway only': --from-leaders false)."
  echo
  header="| bench | options | Strata records/s | Strata MB/s | Strata p50 / p99 ms | Kafka records/s | Kafka MB/s | Kafka p50 / p99 ms | Strata/Kafka throughput |"
  rule="| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  if [[ "$native" == true ]]; then
    header+=" Strata client records/s | Strata client MB/s | Strata client p50 / p99 ms | client/Kafka throughput |"
    header+=" client, gateway only: records/s | gateway only/Kafka |"
    rule+=" --- | --- | --- | --- | --- | --- |"
  fi
  echo "$header load before |"
  echo "$rule --- |"
} > "$table"
n=0
for row in "${rows[@]}"; do
  IFS='|' read -r bench options brokers <<< "$row"
  n=$((n + 1))
  [[ "$bench $options" =~ $only ]] || continue
  load="$(cut -d' ' -f1 /proc/loadavg)"
  echo "[$n] $bench $options (load $load)" >&2
  # shellcheck disable=SC2086 # options are several words
  strata="$(perf_tool "$out/$n-strata-kafka.log" "$bench" $options --target strata --bootstrap-servers "$bootstrap_servers")"
  echo "  strata (Kafka listener) ${strata:-failed: see $out/$n-strata-kafka.log}" >&2
  # shellcheck disable=SC2086
  kafka="$(perf_tool "$out/$n-kafka.log" "$bench" $options --target kafka --brokers "$brokers")"
  echo "  kafka                   ${kafka:-failed: see $out/$n-kafka.log}" >&2
  line="| $bench | \`$options\` | $(figures "$strata") | $(figures "$kafka") | $(ratio "$strata" "$kafka") |"
  if [[ "$native" == true ]]; then
    : > "$out/$n-strata-client.jsonl"
    for ((run = 1; run <= runs; run++)); do
      # shellcheck disable=SC2086
      ./strata bench "$bench" $options --bootstrap "$bootstrap" >> "$out/$n-strata-client.jsonl" 2>> "$out/$n-strata-client.log" \
        || echo "  strata client run $run failed: see $out/$n-strata-client.log" >&2
    done
    client="$(./strata bench median "$out/$n-strata-client.jsonl" 2>/dev/null || true)"
    echo "  strata (Java client)    ${client:-failed}" >&2
    line+=" $(figures "$client") | $(ratio "$client" "$kafka") |"
    if [[ "$bench" == consume ]]; then
      : > "$out/$n-strata-client-gateway.jsonl"
      for ((run = 1; run <= runs; run++)); do
        # shellcheck disable=SC2086
        ./strata bench "$bench" $options --from-leaders false --bootstrap "$bootstrap" >> "$out/$n-strata-client-gateway.jsonl" \
          2>> "$out/$n-strata-client-gateway.log" || echo "  strata client (gateway only) run $run failed: see $out/$n-strata-client-gateway.log" >&2
      done
      through="$(./strata bench median "$out/$n-strata-client-gateway.jsonl" 2>/dev/null || true)"
      echo "  strata (gateway only)   ${through:-failed}" >&2
      line+=" $(field records_s "$through" %.0f) | $(ratio "$through" "$kafka") |"
    else
      line+=" — | — |"
    fi
  fi
  echo "$line $load |" >> "$table"
done
cat "$table"
