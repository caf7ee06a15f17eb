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
if ! "$venv/bin/python" -c "import ccxt, sys; sys.exit(0 if ccxt.__version__ == '$CCXT_VERSION' else 1)" 2>/dev/null; then
    mkdir -p .build
    if ! python3 -m venv "$venv"; then
        echo "ccxt-check: cannot create $venv (install Debian's python3-venv)" >&2
        exit 3
    fi
    if ! "$venv/bin/pip" install --quiet --disable-pip-version-check "ccxt==$CCXT_VERSION"; then
        echo "ccxt-check: cannot install ccxt==$CCXT_VERSION from PyPI (no network?)" >&2
        exit 3
    fi
fi
exec "$venv/bin/python" Tests/ccxt/check.py "$@"
