#!/usr/bin/env bash
# ccxt acceptance check: runs ccxt's binance and bitmex clients (Tests/ccxt/check.py) against a running Bourse
# exchange. Creates the virtual environment .build/ccxt-venv (python3 -m venv, ccxt from PyPI) on first use.
#
#   scripts/ccxt-check.sh --port 8080 --key KEY --secret SECRET [--host 127.0.0.1]
#
# Exit status: 0 every check passed, 1 a check failed, 3 the environment could not be set up (no python3-venv,
# no network for pip): callers may treat that as "skipped" outside CI.
set -uo pipefail
cd "$(dirname "$0")/.."

CCXT_VERSION=4.5.83
venv=.build/ccxt-venv
. scripts/python-venv.sh
ensure_venv ccxt-check "$venv" ccxt "$CCXT_VERSION"
exec "$venv/bin/python" Tests/ccxt/check.py "$@"
