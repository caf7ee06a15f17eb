#!/usr/bin/env bash
# Stops the server scripts/start-test-postgres.sh started and deletes its directory.
# Usage: scripts/stop-test-postgres.sh [dir]   (default: $BOURSE_TEST_POSTGRES_DIR)
set -euo pipefail
dir=${1:-${BOURSE_TEST_POSTGRES_DIR:-}}
if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then exit 0; fi
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_server_user=()
if [ "$(id -u)" = 0 ]; then
    if command -v runuser >/dev/null 2>&1; then as_server_user=(runuser -u postgres --); else as_server_user=(sudo -u postgres); fi
fi
"${as_server_user[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
rm -rf "$dir"
