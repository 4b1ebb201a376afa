#!/usr/bin/env bash
# Throughput of the example pipeline, one app instance, on three setups measured in the same run,
# interleaved round by round (./strata bench pipeline does each run; see its --help text):
#   1. smallrye-strata: examples/ on a running Strata cluster, through its gateway;
#   2. smallrye-kafka on Strata: examples-kafka/ (the same Pricer and OrderLog on Quarkus' Kafka
#      connector) on the same cluster's Kafka listeners;
#   3. smallrye-kafka on Apache Kafka: the same app on 3 KRaft brokers started for each run.
# Prints the median records/s of each (each price consumed becomes an order produced at acks=all,
# so the figure holds both ways) and the load average before each round. Needs ./strata up (or
# --gateway/--bootstrap-servers of another cluster) and the packaged apps (./mvnw package).
#   examples/bench-pipeline.sh [--records N (50000)] [--rounds R (3)] [--gateway HOST:PORT]
#                              [--bootstrap-servers HOST:PORT,...] [--out DIR]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
records=50000 rounds=3 gateway=127.0.0.1:8080 servers=127.0.0.1:9201,127.0.0.1:9202,127.0.0.1:9203
out="data/bench-pipeline-$(date +%Y%m%d-%H%M%S)"
while [[ $# -gt 0 ]]; do
  [[ $# -ge 2 ]] || { echo "bench-pipeline.sh: $1 needs a value" >&2; exit 2; }
  case "$1" in
    --records) records="$2" ;; --rounds) rounds="$2" ;; --gateway) gateway="$2" ;;
    --bootstrap-servers) servers="$2" ;; --out) out="$2" ;;
    *) echo "bench-pipeline.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
  shift 2
done
mkdir -p "$out"
columns=(
  "smallrye-strata on Strata (gateway)|--app strata --gateway $gateway --bootstrap-servers $servers"
  "smallrye-kafka on Strata (Kafka listeners)|--app kafka --target strata --bootstrap-servers $servers"
  "smallrye-kafka on Apache Kafka 4.3.1 (3 brokers)|--app kafka --target kafka --brokers 3"
)
for round in $(seq 1 "$rounds"); do
  echo "round $round of $rounds, load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt" >&2
  for i in "${!columns[@]}"; do
    # shellcheck disable=SC2086 # the options are words
    ./strata bench pipeline --records "$records" ${columns[$i]#*|} 2>>"$out/column-$i.log" | tee -a "$out/column-$i.json" >&2
  done
done
echo
echo "| app and server | records/s each way (median of $rounds) | runs |"
echo "| --- | --- | --- |"
for i in "${!columns[@]}"; do
  figures=$(sed -n 's/.*"records_s":\([0-9]*\).*/\1/p' "$out/column-$i.json" | sort -n)
  median=$(echo "$figures" | awk '{ a[NR] = $1 } END { if (NR == 0) print "—"; else print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }')
  echo "| ${columns[$i]%%|*} | $median | $(echo $figures | tr ' ' ',') |"
done
echo "(each run's output is in $out)"
