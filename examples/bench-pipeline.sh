#!/usr/bin/env bash
# Throughput of the example pipeline, one instance: N prices are written to `prices` first, then the
# app is started and its /q/metrics sampled every second until it consumed all N and wrote N orders.
# Prints records/s consumed and produced between the first consumed record and the last order.
# Needs a cluster (./strata up) and the packaged app (examples/target/quarkus-app). Each run makes
# topics of its own, prices-bench-<t> and orders-bench-<t> (3 partitions, replication factor 3).
#   examples/bench-pipeline.sh [N]     (N = 50000 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-50000}
PORT=${BENCH_HTTP_PORT:-8090}
GATEWAY=${STRATA_GATEWAY:-http://localhost:8080}
RUN=$(date +%s)
PRICES=prices-bench-$RUN ORDERS=orders-bench-$RUN GROUP=pricer-bench-$RUN
for t in "$PRICES" "$ORDERS"; do ./strata topic create "$t" --partitions 3 --replication-factor 3 >/dev/null; done
./strata topic create prices-dead --partitions 1 --replication-factor 3 >/dev/null 2>&1 || true
seq 1 "$N" | awk '{printf "s-%d|{\"item\":\"s-%d\",\"amount\":1.0}\n", $1, $1}' | ./strata produce "$PRICES" -K '|' --batch 500 >/dev/null
echo "wrote $N prices to $PRICES; starting the app (group $GROUP, http $PORT)"
MP_MESSAGING_CONNECTOR_SMALLRYE_STRATA_BOOTSTRAP_SERVERS=${GATEWAY#http://} QUARKUS_HTTP_PORT=$PORT \
MP_MESSAGING_INCOMING_PRICES_TOPIC=$PRICES MP_MESSAGING_INCOMING_PRICES_GROUP_ID=$GROUP \
MP_MESSAGING_INCOMING_PRICES_AUTO_OFFSET_RESET=earliest MP_MESSAGING_INCOMING_PRICES_MAX_POLL_RECORDS=500 \
MP_MESSAGING_OUTGOING_ORDERS_OUT_TOPIC=$ORDERS MP_MESSAGING_OUTGOING_PRICE_FEED_TOPIC=$PRICES \
MP_MESSAGING_INCOMING_ORDERS_TOPIC=$ORDERS MP_MESSAGING_INCOMING_ORDERS_GROUP_ID="order-log-$GROUP" \
  java -jar examples/target/quarkus-app/quarkus-run.jar > /tmp/bench-pipeline-app.log 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true' EXIT
metric() { { curl -s "localhost:$PORT/q/metrics" || true; } | awk -v s="$1" 'index($0, s) == 1 { print $NF; exit }'; }
first=""; consumed=0; produced=0
while :; do
  sleep 1
  consumed=$(metric 'strata_consumer_records_consumed_total{channel="prices"'); consumed=${consumed:-0}
  produced=$(metric 'strata_producer_records_sent_total{channel="orders-out",role="outgoing"'); produced=${produced:-0}
  now=$(date +%s.%N)
  if [ -z "$first" ] && [ "${consumed%.*}" -gt 0 ]; then first=$now; fi
  if [ "${produced%.*}" -ge "$N" ]; then break; fi
done
awk -v n="$N" -v a="$first" -v b="$now" 'BEGIN { s = b - a; printf "%d prices consumed and %d orders produced in %.1f s: %.0f records/s each way\n", n, n, s, n / s }'
