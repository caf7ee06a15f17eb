#!/usr/bin/env bash
# WebSocket fan-out benchmark: a release `bourse exchange` (fresh SQLite journal in a temporary folder),
# `bourse bench fanout` with N reading subscribers plus slow ones that never read, and wrk trading BTC-USDT
# over REST meanwhile (Benchmarks/rest/orders.lua). Prints wrk's report, the fan-out JSON and the exchange's
# peak resident memory (VmHWM), which must stay bounded although the slow subscribers read nothing.
# Usage: scripts/bench-fanout.sh [subscribers=1000] [seconds=10] [slow=10]
set -euo pipefail
cd "$(dirname "$0")/.."
subscribers=${1:-1000}; seconds=${2:-10}; slow=${3:-10}
swift build -c release --product bourse >&2
bin=$(swift build -c release --show-bin-path)/bourse
data=$(mktemp -d)
log=$data/exchange.log
ulimit -n 65536 || true
"$bin" exchange --data "$data" --port 0 --rate-limit 1000000 >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.]*:[0-9]*' "$log" | head -1)
tokens=$(python3 - "$data/credentials.json" "$url" <<'PY'
import json, sys, urllib.request
creds = json.load(open(sys.argv[1])); url = sys.argv[2]
out = []
for user in [u for u in creds["users"] if u["username"] != "admin"]:
    req = urllib.request.Request(url + "/api/v1/auth/login", method="POST",
        data=json.dumps({"username": user["username"], "password": user["password"]}).encode(),
        headers={"Content-Type": "application/json"})
    out.append(json.load(urllib.request.urlopen(req))["token"])
print(",".join(out))
PY
)
echo "VmRSS before subscribers: $(grep VmRSS /proc/$pid/status)" >&2
"$bin" bench fanout --url "ws://${url#http://}/realtime" --subscribers "$subscribers" --slow "$slow" \
    --seconds $((seconds + 4)) >"$data/fanout.json" &
fanout=$!
sleep 3
BOURSE_TOKENS=$tokens wrk -t1 -c16 -d"${seconds}s" --latency -s Benchmarks/rest/orders.lua "$url"
wait $fanout
cat "$data/fanout.json"
grep -E "VmHWM|VmRSS" /proc/$pid/status
