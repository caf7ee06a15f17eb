#!/usr/bin/env bash
# Starts a private PostgreSQL server for the tests: a new cluster in a temporary directory (initdb + pg_ctl,
# no systemd, leaves any system cluster alone), listening on 127.0.0.1 only, with a role and database
# `bourse` whose random password is checked by SCRAM. Run as root, the server runs as the `postgres` user
# (PostgreSQL refuses to run as root).
#
# Prints shell lines to evaluate:  eval "$(scripts/start-test-postgres.sh)"
#   BOURSE_TEST_POSTGRES_URL   postgres://bourse:<password>@127.0.0.1:<port>/bourse?sslmode=disable
#   BOURSE_TEST_POSTGRES_DIR   the cluster's directory; stop with scripts/stop-test-postgres.sh
# Needs Debian's `postgresql` package (server binaries under /usr/lib/postgresql/<version>/bin).
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "PostgreSQL server binaries not found under /usr/lib/postgresql: apt-get install postgresql" >&2
    exit 1
fi

# PostgreSQL refuses to run as root: run the server tools as `postgres` then.
as_server_user=()
if [ "$(id -u)" = 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    fi
    if command -v runuser >/dev/null 2>&1; then
        as_server_user=(runuser -u postgres --)
    else
        as_server_user=(sudo -u postgres)
    fi
fi

# As root, /tmp: the postgres user must be able to reach the directory.
base=${TMPDIR:-/tmp}
if [ "$(id -u)" = 0 ]; then base=/tmp; fi
dir=$(mktemp -d "$base/bourse-postgres.XXXXXX")
password=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s\n' "$password" >"$dir/pwfile"
chmod 600 "$dir/pwfile"
if [ "$(id -u)" = 0 ]; then chown -R postgres: "$dir"; fi

# A free port: the first from 55432 nobody listens on (bash's /dev/tcp connects when something listens). The
# port can still be taken when the server binds it (it lies in Linux's ephemeral range, so any client socket
# may hold it): then the start is tried again on the next ports.
port=${BOURSE_TEST_POSTGRES_PORT:-55432}
next_free_port() {
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
}
next_free_port

"${as_server_user[@]}" "$bindir/initdb" -D "$dir/data" -U bourse --pwfile="$dir/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
}
# fsync stays on (the default): the journal tests are about durability.
started=false
for attempt in 1 2 3 4 5; do
    if "${as_server_user[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" start >&2; then
        started=true
        break
    fi
    echo "PostgreSQL did not start on port $port (attempt $attempt); trying the next free port" >&2
    port=$((port + 1))
    next_free_port
done
if [ "$started" != true ]; then
    cat "$dir/server.log" >&2
    exit 1
fi
"${as_server_user[@]}" "$bindir/createdb" -h "$dir" -p "$port" -U bourse bourse >&2

echo "export BOURSE_TEST_POSTGRES_URL='postgres://bourse:$password@127.0.0.1:$port/bourse?sslmode=disable'"
echo "export BOURSE_TEST_POSTGRES_DIR='$dir'"
