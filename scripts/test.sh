#!/usr/bin/env bash
# The test command (README): builds everything, then runs every test once.
# Building and testing separately avoids SwiftPM rebuilding twice.
#
# Without arguments the tests run in two phases: first all of them but the two that load the machine from
# outside the test process for minutes (the fuzzer driving a running server, the SIGKILL crash loop), then
# those two on their own. On a two-core machine they otherwise take the CPU that the socket tests' venues
# and connectors need, and a stall of tens of seconds can outlast a test's patience. With arguments they are
# passed to one `swift test` run (e.g. `--filter FeedsTests`).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
if [ $# -gt 0 ]; then
    exec swift test --skip-build "$@"
fi
heavy='ExchangeServerTests\.(FuzzTests|CrashRecoveryTests)'
status=0
swift test --skip-build --skip "$heavy" || status=$?
swift test --skip-build --filter "$heavy" || status=$?
exit $status
