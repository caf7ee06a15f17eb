#!/usr/bin/env bash
# Web page check: drives the aggregator's page in headless Chromium with Selenium (Tests/web/check_page.py).
# Creates .build/web-venv (selenium from PyPI) on first use; needs Debian's chromium and chromium-driver.
#
#   scripts/web-check.sh --port HTTP_PORT --venues binance,coinbase,... [--screenshot PATH]
#
# Exit status: 0 every check passed, 1 a check failed, 3 the environment is missing (no chromium, no
# python3-venv, no PyPI): callers may treat that as "skipped" outside CI.
set -uo pipefail
cd "$(dirname "$0")/.."

SELENIUM_VERSION=4.48.0
if ! command -v chromium >/dev/null 2>&1 || [ ! -x /usr/bin/chromedriver ]; then
    echo "web-check: chromium and chromium-driver are needed (Debian packages)" >&2
    exit 3
fi
venv=.build/web-venv
. scripts/python-venv.sh
ensure_venv web-check "$venv" selenium "$SELENIUM_VERSION"
# Selenium must not try to download a driver: the Debian one is given explicitly.
export SE_OFFLINE=true
exec "$venv/bin/python" Tests/web/check_page.py "$@"
