#!/usr/bin/env bash
# What TLS and authentication cost: the same produce and consume rows on a plain local cluster and
# on a secure one, in one run, printed side by side.
#
#   bench/security-cost.sh [--runs 3] [--only REGEX] [--out DIR]
#
# Starts (and afterwards stops) two clusters of its own on the default ports, one after the other,
# so nothing else may hold them (`./strata down` first):
#   plain:  ./strata up                              Kafka listeners PLAINTEXT, gateway http, no auth
#   secure: ./strata up --secure --sasl              Kafka listeners SASL_SSL (SCRAM-SHA-512) with ACLs
#           + STRATA_GATEWAY_AUTH_ENABLED=true       (the admin a super user), gateway https with Basic
#                                                    auth, every internal channel TLS with the cluster secret
# Each row runs through the Kafka listeners (Kafka 4.3.1's perf tools, `./strata bench kafka
# --target strata`, one warm-up run then --runs) and through the gateway (Strata's Java client,
# `./strata bench`, --runs JVMs, the median). The secure runs give every client
# `--client-config`: the CA, SASL_SSL/SCRAM for the perf tools, Basic credentials for Strata's client.
# Every run's output is kept under --out (default data/bench-security-<time>); the table is printed last.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"

usage="usage: bench/security-cost.sh [--runs N] [--only REGEX] [--out DIR]"
runs=3
only=.
out="data/bench-security-$(date +%Y%m%d-%H%M%S)"
while [[ $# -gt 0 ]]; do
  [[ $# -ge 2 ]] || { echo "bench/security-cost.sh: $1 needs a value" >&2; echo "$usage" >&2; exit 2; }
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "bench/security-cost.sh: unknown option '$1'" >&2; echo "$usage" >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "bench/security-cost.sh: --runs must be a whole number ≥ 1, got '$runs'" >&2; exit 2; }
mkdir -p "$out"
out="$(cd "$out" && pwd)"

rows=(
  "produce|--records 500000 --record-size 1024 --partitions 6 --acks 1"
  "produce|--records 500000 --record-size 1024 --partitions 6 --acks all --replication-factor 3"
  "produce|--records 1000000 --record-size 100 --partitions 6 --acks 1"
  "consume|--records 1000000 --record-size 100 --partitions 1 --acks 1"
  "consume|--records 500000 --record-size 1024 --partitions 1 --acks 1"
)
listeners=127.0.0.1:9201,127.0.0.1:9202,127.0.0.1:9203
gateway=127.0.0.1:8080
password="bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"

mb_s() { # mb_s JSON → MB/s, or "failed"
  if [[ "$1" =~ \"mb_s\":([0-9.]+) ]]; then printf '%.1f' "${BASH_REMATCH[1]}"; else printf 'failed'; fi
}
cost() { # cost PLAIN SECURE → the secure run's throughput as a share of the plain one's
  awk -v p="$1" -v s="$2" 'BEGIN { if (p > 0 && s ~ /^[0-9.]+$/) printf "%.0f %%", 100 * s / p; else printf "—" }'
}
cluster_down() { ./strata down --data-dir "$1" >/dev/null 2>&1 || true; }

measure() { # measure MODE DATA_DIR [CLIENT_CONFIGS…]: every row, results in $out/MODE-N-{listener,client}.json
  local mode="$1" dir="$2" kafka_config="${3:-}" client_config="${4:-}" n=0
  for row in "${rows[@]}"; do
    IFS='|' read -r bench options <<< "$row"
    n=$((n + 1))
    [[ "$bench $options" =~ $only ]] || continue
    echo "[$mode $n] $bench $options (load $(cut -d' ' -f1 /proc/loadavg))" >&2
    local extra=()
    [[ -n "$kafka_config" ]] && extra=(--client-config "$kafka_config")
    # shellcheck disable=SC2086 # options are several words
    ./strata bench kafka "$bench" $options --target strata --bootstrap-servers "$listeners" "${extra[@]}" \
      --warmup-runs 1 --runs "$runs" 2> "$out/$mode-$n-listener.log" | tail -1 > "$out/$mode-$n-listener.json" || true
    extra=()
    [[ -n "$client_config" ]] && extra=(--client-config "$client_config")
    : > "$out/$mode-$n-client.jsonl"
    for ((run = 1; run <= runs; run++)); do
      # shellcheck disable=SC2086
      ./strata bench "$bench" $options --bootstrap "$gateway" "${extra[@]}" >> "$out/$mode-$n-client.jsonl" \
        2>> "$out/$mode-$n-client.log" || echo "  $mode client run $run failed: see $out/$mode-$n-client.log" >&2
    done
    ./strata bench median "$out/$mode-$n-client.jsonl" > "$out/$mode-$n-client.json" 2>/dev/null || : > "$out/$mode-$n-client.json"
    echo "  listener $(mb_s "$(cat "$out/$mode-$n-listener.json")") MB/s, client $(mb_s "$(cat "$out/$mode-$n-client.json")") MB/s" >&2
  done
}

plain="$out/cluster-plain"
secure="$out/cluster-secure"
trap 'cluster_down "$plain"; cluster_down "$secure"' EXIT

echo "plain cluster in $plain …" >&2
./strata up --data-dir "$plain" > "$out/up-plain.log" 2>&1 || { echo "the plain cluster did not start: see $out/up-plain.log" >&2; exit 1; }
measure plain "$plain"
cluster_down "$plain"

echo "secure cluster in $secure …" >&2
STRATA_SASL_ADMIN_PASSWORD="$password" STRATA_GATEWAY_AUTH_ENABLED=true STRATA_ADMIN_UI_GATEWAY_USERNAME=admin \
  STRATA_ADMIN_UI_GATEWAY_PASSWORD="$password" ./strata up --secure --sasl --data-dir "$secure" > "$out/up-secure.log" 2>&1 \
  || { echo "the secure cluster did not start: see $out/up-secure.log" >&2; exit 1; }
cat > "$out/kafka-sasl-ssl.properties" <<EOF
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$password";
ssl.truststore.type=PEM
ssl.truststore.location=$secure/tls/ca.crt
EOF
cat > "$out/strata-tls-basic.properties" <<EOF
security.tls.ca-file=$secure/tls/ca.crt
security.username=admin
security.password=$password
EOF
measure secure "$secure" "$out/kafka-sasl-ssl.properties" "$out/strata-tls-basic.properties"
cluster_down "$secure"

table="$out/table.md"
{
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, medians of $runs runs; load average before: see the logs."
  echo
  echo "| bench | options | Kafka listener MB/s: PLAINTEXT | SASL_SSL | share | gateway (Strata client) MB/s: plain | TLS + Basic | share |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  n=0
  for row in "${rows[@]}"; do
    IFS='|' read -r bench options <<< "$row"
    n=$((n + 1))
    [[ "$bench $options" =~ $only ]] || continue
    pl="$(mb_s "$(cat "$out/plain-$n-listener.json" 2>/dev/null)")"; sl="$(mb_s "$(cat "$out/secure-$n-listener.json" 2>/dev/null)")"
    pc="$(mb_s "$(cat "$out/plain-$n-client.json" 2>/dev/null)")"; sc="$(mb_s "$(cat "$out/secure-$n-client.json" 2>/dev/null)")"
    echo "| $bench | \`$options\` | $pl | $sl | $(cost "$pl" "$sl") | $pc | $sc | $(cost "$pc" "$sc") |"
  done
} > "$table"
cat "$table"
