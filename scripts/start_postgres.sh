#!/usr/bin/env bash
# Start a throwaway PostgreSQL for the tests and print the URL to reach it.
#
#   pg_env=$(bash scripts/start_postgres.sh)   # fails the caller's `set -e` if it fails
#   export $pg_env                              # RIK_TEST_POSTGRES_URL, RIK_TEST_POSTGRES_DIR
#   bash scripts/start_postgres.sh --stop "$RIK_TEST_POSTGRES_DIR"   # stop and remove
#
# Installs PostgreSQL from Debian's packages when it is missing (needs root and apt-get),
# creates a cluster in a new temporary folder, starts it on 127.0.0.1 on a free port
# (no Unix socket outside that folder), creates a database and a password-protected
# user, and prints two NAME=value lines on stdout (values never contain spaces):
#   RIK_TEST_POSTGRES_URL=postgresql+psycopg://rik:<password>@127.0.0.1:<port>/rik_test
#   RIK_TEST_POSTGRES_DIR=<the temporary folder>
# Everything else goes to stderr. As root, the server runs as the `postgres` user
# (PostgreSQL refuses to run as root); otherwise as the current user.
set -euo pipefail

log() { printf 'start_postgres: %s\n' "$*" >&2; }

as_owner() {
    # Run a command as the cluster's owner.
    if [ "$(id -u)" -eq 0 ]; then
        if command -v runuser >/dev/null 2>&1; then
            runuser -u postgres -- "$@"
        else
            su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
        fi
    else
        "$@"
    fi
}

find_bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then
        printf '%s\n' "$dir"
    elif command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
    fi
}

if [ "${1:-}" = "--stop" ]; then
    dir=${2:?usage: start_postgres.sh --stop DIR}
    bindir=$(find_bindir)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    fi
    case "$dir" in
        */rik-pg.*) rm -rf -- "$dir" ;;
        *) log "not removing $dir (not made by this script)" ;;
    esac
    exit 0
fi

bindir=$(find_bindir)
# RIK_PG_FORCE_INSTALL=1 runs the install step even when PostgreSQL is there (to test it).
if [ -z "$bindir" ] || [ "${RIK_PG_FORCE_INSTALL:-0}" = "1" ]; then
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        log "PostgreSQL is not installed, and installing it needs root and apt-get"
        exit 1
    fi
    log "installing PostgreSQL from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    # Debian's package would start a cluster of its own through the init system; this
    # script starts its own, so the package's services are told not to start.
    policy=/usr/sbin/policy-rc.d
    made_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod +x "$policy"
        made_policy=1
    fi
    apt-get install -y -qq --no-install-recommends postgresql >&2
    [ "$made_policy" -eq 1 ] && rm -f "$policy"
    bindir=$(find_bindir)
    if [ -z "$bindir" ]; then
        log "PostgreSQL was installed but initdb was not found"
        exit 1
    fi
fi
log "using $bindir"

if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    log "the postgres user does not exist (expected from Debian's package)"
    exit 1
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/rik-pg.XXXXXX")
chmod 700 "$dir"
if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
fi

port=$(python3 - <<'PY'
import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
PY
)
password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
owner_password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
printf '%s\n' "$owner_password" >"$dir/pwfile"
chmod 600 "$dir/pwfile"
[ "$(id -u)" -eq 0 ] && chown postgres: "$dir/pwfile"

as_owner "$bindir/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
}
rm -f "$dir/pwfile"

as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c max_connections=100" \
    start >&2 || {
    cat "$dir/server.log" >&2
    exit 1
}

psql_owner() {
    PGPASSWORD="$owner_password" "$bindir/psql" -X -q -v ON_ERROR_STOP=1 \
        -h 127.0.0.1 -p "$port" -U postgres "$@"
}
psql_owner -d postgres -c "CREATE ROLE rik LOGIN PASSWORD '$password'" >&2
psql_owner -d postgres -c "CREATE DATABASE rik_test OWNER rik" >&2

log "PostgreSQL is running on 127.0.0.1:$port (data in $dir)"
log "stop it with: bash scripts/start_postgres.sh --stop $dir"
printf 'RIK_TEST_POSTGRES_URL=%s\n' \
    "postgresql+psycopg://rik:${password}@127.0.0.1:${port}/rik_test"
printf 'RIK_TEST_POSTGRES_DIR=%s\n' "$dir"
