#!/usr/bin/env bash
# The test command (README): builds everything, then runs every test once.
# Building and testing separately avoids SwiftPM rebuilding twice.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
swift test --skip-build "$@"
