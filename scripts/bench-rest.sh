#!/usr/bin/env bash
# REST order-entry benchmark: starts a release `bourse exchange` on a fresh SQLite journal in a temporary
# folder, logs the three demo users in, and drives random limit orders at it with wrk (keep-alive, Lua script
# Benchmarks/rest/orders.lua). Every order is journaled (fsync, group commit) before its response.
# Usage: scripts/bench-rest.sh [seconds=10] [connections=64] [wrk threads=2]
# Needs: wrk (Debian package `wrk`), python3, curl. Builds `bourse` in release first.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}; connections=${2:-64}; threads=${3:-2}
swift build -c release --product bourse >&2
bin=$(swift build -c release --show-bin-path)/bourse
data=$(mktemp -d)
log=$data/exchange.log
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
echo "exchange at $url; wrk -t$threads -c$connections -d${seconds}s" >&2
BOURSE_TOKENS=$tokens wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s Benchmarks/rest/orders.lua "$url"
