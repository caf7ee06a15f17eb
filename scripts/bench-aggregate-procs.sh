#!/usr/bin/env bash
# The aggregator as deployed: three processes, each on its own core where the machine has them.
#   `bourse venues` (the simulated venues, the load: a diff message per venue per --step-ms) on core 1,
#   `bourse aggregate` (connectors, consolidated book, gRPC server) on core 0,
#   `bourse bench subscribe` (a gRPC subscriber timing each summary's arrival) on core 1.
# After a warm-up it resets the aggregator's latency counters (POST /stats/reset), waits SECONDS, and prints
# GET /stats (frame arrival -> summary built, and -> the summary's first gRPC write, every frame, percentiles in
# microseconds) and the frames per second the aggregator received (from GET /book's venue counters); then the
# subscriber's own view: newest frame in each summary -> its arrival in the client (same wall clock), which also
# counts what the server's transport holds back after the write call, the socket and the client's decoding.
# Usage: scripts/bench-aggregate-procs.sh [seconds=10] [step_ms=0.4] [rate=20000]
# BOURSE_BIN=/path/to/bourse runs that binary instead of building one; NO_PIN=1 runs without taskset;
# AGGREGATE_ARGS adds options to `bourse aggregate` (e.g. --no-pipeline-loop); WATCH_CORE moves the subscriber (default 1);
# VENUES picks the venues followed (default binance,coinbase,bitstamp,okx; the simulator steps them all at once
# unless VENUES_ARGS=--stagger spreads them over the step).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}; step=${2:-0.4}; rate=${3:-20000}
if [ -n "${BOURSE_BIN:-}" ]; then
    bin=$BOURSE_BIN
else
    swift build -c release --product bourse >&2
    bin=$(swift build -c release --show-bin-path)/bourse
fi
pin() { if [ -n "${NO_PIN:-}" ] || ! command -v taskset >/dev/null; then shift; exec "$@"; else exec taskset -c "$@"; fi; }
data=$(mktemp -d)
pids=()
trap 'kill ${pids[@]} 2>/dev/null; wait 2>/dev/null; rm -rf "$data"' EXIT
base=19100
pin 1 "$bin" venues --rate "$rate" --step-ms "$step" ${VENUES_ARGS:-} --binance-port $((base+1)) --coinbase-port $((base+2)) \
    --bitstamp-port $((base+3)) --bitmex-port $((base+4)) --okx-port $((base+5)) --kraken-port $((base+6)) \
    --binance-futures-port $((base+7)) >"$data/venues.log" 2>&1 &
pids+=($!)
sleep 1
endpoints=()
declare -A venue_port=([binance]=1 [coinbase]=2 [bitstamp]=3 [okx]=5)
venues=${VENUES:-binance,coinbase,bitstamp,okx}
for name in ${venues//,/ }; do pair=$name:${venue_port[$name]}
    name=${pair%%:*}; port=$((base + ${pair##*:}))
    endpoints+=(--endpoint "$name=ws://127.0.0.1:$port,http://127.0.0.1:$port")
done
grpc=50162; http=18190
pin 0 "$bin" aggregate --symbol BTC/USDT --port $grpc --http-port $http --host 127.0.0.1 \
    --venues "$venues" "${endpoints[@]}" ${AGGREGATE_ARGS:-} >"$data/aggregate.log" 2>&1 &
pids+=($!)
book() { python3 -c "import json,sys,urllib.request; print(json.dumps(json.load(urllib.request.urlopen('http://127.0.0.1:$http/book/BTC-USDT'))))" 2>/dev/null; }
for _ in $(seq 100); do
    if book | python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if d['venues'] and all(v['state']=='live' for v in d['venues']) else 1)" 2>/dev/null; then break; fi
    sleep 0.2
done
pin ${WATCH_CORE:-1} "$bin" bench subscribe --port $grpc --warmup 3 --seconds "$seconds" >"$data/subscriber.json" 2>&1 &
subscriber=$!
pids+=($subscriber)
sleep 3
messages() { book | python3 -c "import json,sys; print(sum(v['messages'] for v in json.load(sys.stdin)['venues']))"; }
curl -s -X POST "http://127.0.0.1:$http/stats/reset" >/dev/null
first=$(messages); sleep "$seconds"; last=$(messages)
stats=$(curl -s "http://127.0.0.1:$http/stats")
wait $subscriber 2>/dev/null || true
echo "{\"bench\":\"aggregate-procs\",\"step_ms\":$step,\"rate\":$rate,\"seconds\":$seconds,\"frames_per_sec\":$(( (last - first) / seconds )),\"stats\":$stats,\"subscriber\":$(cat "$data/subscriber.json")}"
