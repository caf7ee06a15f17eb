#!/usr/bin/env bash
# REST order-entry benchmark: starts a release `bourse exchange` on a fresh SQLite journal in a temporary
# folder, logs the three demo users in, and drives random limit orders at it with wrk (keep-alive, Lua script
# Benchmarks/rest/orders.lua). Every order is journaled (fsync, group commit) before its response.
# Usage: scripts/bench-rest.sh [seconds=10] [connections=64] [wrk threads=2] [script=Benchmarks/rest/orders.lua]
# (Benchmarks/rest/place-cancel.lua: half the requests cancel an order placed earlier.)
# Needs: wrk (Debian package `wrk`), python3, curl. Builds `bourse` in release first.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}; connections=${2:-64}; threads=${3:-2}; script=${4:-Benchmarks/rest/orders.lua}
source scripts/bench-exchange-lib.sh
echo "exchange at $url; wrk -t$threads -c$connections -d${seconds}s" >&2
BOURSE_TOKENS=$tokens wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s "$script" "$url"
