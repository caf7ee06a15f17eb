#!/usr/bin/env bash
# The test command (README): builds everything, then runs every test once.
# Building and testing separately avoids SwiftPM rebuilding twice.
#
# Without arguments the tests run in three phases, each its own `swift test` process:
#   1. the pure modules (types, books, engine, exchange core, parsers, consolidated book, trading, analytics):
#      CPU-bound tests with no sockets and no clocks to miss;
#   2. everything over real sockets and storage (exchange server, feeds, execution, journal, service), except:
#   3. the two suites that load the machine from outside the test process for minutes (the fuzzer driving a
#      running server, the SIGKILL crash loop).
# Why: Swift's cooperative pool has one thread per core (two on the CI machine). A synchronous CPU-bound test
# holds a pool thread until it ends, and in a debug build the pure suites' property tests and capture replays
# hold both for tens of seconds. Any server or client under test in the same process then waits for a thread:
# signed requests outlived their receive window and socket tests their patience. Apart, the socket tests keep
# the pool to themselves, and the pure tests have no clock to miss.
# With arguments they are passed to one `swift test` run (e.g. `--filter FeedsTests`).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
if [ $# -gt 0 ]; then
    exec swift test --skip-build "$@"
fi
pure='^(BourseCoreTests|OrderBookTests|MatchingEngineTests|ExchangeCoreTests|MarketDataTests|ConsolidatedBookTests|TradingTests|AnalyticsTests)\.'
heavy='^ExchangeServerTests\.(FuzzTests|CrashRecoveryTests)'
status=0
swift test --skip-build --filter "$pure" || status=$?
swift test --skip-build --skip "$pure" --skip "$heavy" || status=$?
swift test --skip-build --filter "$heavy" || status=$?
exit $status
