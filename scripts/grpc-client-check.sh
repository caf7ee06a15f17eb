#!/usr/bin/env bash
# Classic gRPC client check: Python grpcio reads the aggregator's BookSummary stream (Tests/grpc/check_client.py).
# Creates .build/grpc-venv (grpcio and grpcio-tools from PyPI) on first use.
#
#   scripts/grpc-client-check.sh --port GRPC_PORT --venues binance,coinbase,...
#
# Exit status: 0 every check passed, 1 a check failed, 3 the environment could not be set up.
set -uo pipefail
cd "$(dirname "$0")/.."

GRPC_VERSION=1.76.0
venv=.build/grpc-venv
. scripts/python-venv.sh
ensure_venv grpc-client-check "$venv" grpc "$GRPC_VERSION" "grpcio==$GRPC_VERSION" "grpcio-tools==$GRPC_VERSION"
exec "$venv/bin/python" Tests/grpc/check_client.py "$@"
