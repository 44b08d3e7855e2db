#!/usr/bin/env bash
# RIK on N app processes behind HAProxy, on this machine: what `make serve WORKERS=2` runs.
#
#   bash scripts/serve.sh [--workers N] [--port PORT] [--address ADDRESS]
#
# - HAProxy from Debian's packages (scripts/ensure_haproxy.sh installs it when missing),
#   configured by deploy/haproxy.cfg: websockets, cookie-sticky sessions, upload limits;
# - N `streamlit run app.py` processes on 127.0.0.1, each on a free port;
# - rooms in one PostgreSQL for all of them: $RIK_DATABASE_URL when it is set, else a
#   throwaway one from scripts/start_postgres.sh, REMOVED WITH ITS DATA when this stops;
# - one cookie secret for all processes (STREAMLIT_SERVER_COOKIE_SECRET), generated here
#   at every start and kept only in the processes' environment, never in a file.
#
# It prints the address, then watches: an app process that exits is started again on its
# port (HAProxy sends its browsers elsewhere meanwhile; one that keeps failing at start
# waits longer each time, up to 30 s); if HAProxy exits, everything stops. Ctrl-C or SIGTERM stops everything it started.
#
# Environment: RIK_DATABASE_URL (see above); RIK_TRUSTED_PROXIES (default 127.0.0.1,
# this HAProxy); RIK_SERVE_DIR, a folder for the generated
# HAProxy configuration, the logs and `workers` (one line per process: name port pid),
# default a new temporary folder that is removed at the end; RIK_SERVE_PYTHON, the
# Python that runs Streamlit (default .venv/bin/python).
set -euo pipefail

cd "$(dirname "$0")/.."

workers=2
port=8501
address=0.0.0.0
while [ $# -gt 0 ]; do
    case "$1" in
        --workers) workers=$2; shift 2 ;;
        --port) port=$2; shift 2 ;;
        --address) address=$2; shift 2 ;;
        *) echo "usage: serve.sh [--workers N] [--port PORT] [--address ADDRESS]" >&2; exit 2 ;;
    esac
done
case "$workers" in
    '' | *[!0-9]* | 0) echo "serve: --workers must be a whole number of at least 1" >&2; exit 2 ;;
esac

log() { printf 'serve: %s\n' "$*" >&2; }

python=${RIK_SERVE_PYTHON:-.venv/bin/python}
[ -x "$python" ] || python=python3
haproxy=$(bash scripts/ensure_haproxy.sh)

if [ -n "${RIK_SERVE_DIR:-}" ]; then
    run_dir=$RIK_SERVE_DIR
    mkdir -p "$run_dir"
    remove_run_dir=0
else
    run_dir=$(mktemp -d "${TMPDIR:-/tmp}/rik-serve.XXXXXX")
    remove_run_dir=1
fi
chmod 700 "$run_dir"
rm -f "$run_dir/ready" "$run_dir/workers" "$run_dir/balancer"

haproxy_pid=""
pg_dir=""
declare -a worker_pid worker_port worker_started worker_delay restart_at

stop_all() {
    trap - EXIT INT TERM
    log "stopping"
    local pid
    for pid in $haproxy_pid "${worker_pid[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for _ in $(seq 50); do
        local alive=0
        for pid in $haproxy_pid "${worker_pid[@]}"; do
            kill -0 "$pid" 2>/dev/null && alive=1
        done
        [ "$alive" -eq 0 ] && break
        sleep 0.2
    done
    for pid in $haproxy_pid "${worker_pid[@]}"; do
        kill -KILL "$pid" 2>/dev/null || true
    done
    if [ -n "$pg_dir" ]; then
        bash scripts/start_postgres.sh --stop "$pg_dir" || true
    fi
    [ "$remove_run_dir" -eq 1 ] && rm -rf -- "$run_dir"
    exit "${1:-0}"
}
trap 'stop_all $?' EXIT
trap 'stop_all 0' INT TERM

free_port() {
    "$python" -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until http://127.0.0.1:$1$2 answers 200 with "ok" (at most $3 seconds).
wait_healthy() {
    "$python" - "$1" "$2" "$3" <<'PY'
import sys, time, urllib.request
port, path, limit = sys.argv[1], sys.argv[2], float(sys.argv[3])
deadline = time.monotonic() + limit
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as reply:
            if reply.status == 200:
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.25)
sys.exit(1)
PY
}

# Waits until HAProxy's statistics ($1: its admin port) show $2 app processes UP ($3 s).
all_up() {
    "$python" - "$1" "$2" "$3" <<'PY'
import csv, io, sys, time, urllib.request
port, want, limit = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
deadline = time.monotonic() + limit
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/stats;csv", timeout=2) as reply:
            rows = csv.DictReader(io.StringIO(reply.read().decode().lstrip("# ")))
            up = [r for r in rows if r["pxname"] == "app" and r["svname"] != "BACKEND"
                  and r["status"] == "UP"]
        if len(up) >= want:
            sys.exit(0)
    except OSError:
        pass
    time.sleep(0.25)
sys.exit(1)
PY
}

if [ -z "${RIK_DATABASE_URL:-}" ]; then
    log "RIK_DATABASE_URL is not set: starting a throwaway PostgreSQL for the rooms"
    log "(its data is removed when this stops; set RIK_DATABASE_URL to keep rooms)"
    pg_env=$(bash scripts/start_postgres.sh)
    export $pg_env
    pg_dir=$RIK_TEST_POSTGRES_DIR
    export RIK_DATABASE_URL=$RIK_TEST_POSTGRES_URL
    unset RIK_TEST_POSTGRES_URL RIK_TEST_POSTGRES_DIR
fi
export RIK_DATABASE_URL
# The app processes see every connection come from HAProxy on 127.0.0.1, which names the
# client in X-Forwarded-For (option forwardfor): the rooms' per-address limits trust it.
export RIK_TRUSTED_PROXIES=${RIK_TRUSTED_PROXIES:-127.0.0.1}
STREAMLIT_SERVER_COOKIE_SECRET=$("$python" -c 'import secrets; print(secrets.token_urlsafe(32))')
export STREAMLIT_SERVER_COOKIE_SECRET
export PYTHONPATH=. PYTHONUNBUFFERED=1

start_worker() {
    local i=$1
    "$python" -m streamlit run app.py --server.port "${worker_port[$i]}" \
        --server.address 127.0.0.1 --server.headless true \
        --browser.gatherUsageStats false \
        >>"$run_dir/w$i.log" 2>&1 </dev/null &
    worker_pid[$i]=$!
    worker_started[$i]=$SECONDS
}

write_workers() {
    local i
    : >"$run_dir/workers.tmp"
    for i in $(seq "$workers"); do
        printf 'w%s %s %s\n' "$i" "${worker_port[$i]}" "${worker_pid[$i]:-0}" >>"$run_dir/workers.tmp"
    done
    mv "$run_dir/workers.tmp" "$run_dir/workers"
}

cfg=$run_dir/haproxy.cfg
cp deploy/haproxy.cfg "$cfg"
for i in $(seq "$workers"); do
    worker_port[$i]=$(free_port)
    worker_delay[$i]=0
    restart_at[$i]=0
    printf '    server w%s 127.0.0.1:%s cookie w%s\n' "$i" "${worker_port[$i]}" "$i" >>"$cfg"
    start_worker "$i"
done
write_workers

export RIK_BIND="$address:$port"
admin_port=$(free_port)
export RIK_ADMIN_BIND="127.0.0.1:$admin_port"
"$haproxy" -c -f "$cfg" >"$run_dir/haproxy-check.log" 2>&1 || {
    cat "$run_dir/haproxy-check.log" >&2
    exit 1
}
"$haproxy" -db -f "$cfg" >>"$run_dir/haproxy.log" 2>&1 </dev/null &
haproxy_pid=$!

for i in $(seq "$workers"); do
    if ! wait_healthy "${worker_port[$i]}" /_stcore/health 120; then
        log "app process w$i did not become healthy; its log:"
        tail -n 40 "$run_dir/w$i.log" >&2
        exit 1
    fi
done
if ! all_up "$admin_port" "$workers" 60; then
    log "HAProxy does not see every app process UP; its log:"
    tail -n 40 "$run_dir/haproxy.log" >&2
    exit 1
fi
printf 'admin http://127.0.0.1:%s\n' "$admin_port" >"$run_dir/balancer"

shown=$address
[ "$address" = "0.0.0.0" ] && shown=localhost
log "$workers app processes (ports ${worker_port[*]}) behind HAProxy ($haproxy)"
log "rooms in ${RIK_DATABASE_URL%%:*}://…@${RIK_DATABASE_URL##*@}"
log "logs and configuration in $run_dir"
echo "serve: RIK is running on http://$shown:$port (Ctrl-C stops it)"
touch "$run_dir/ready"

while true; do
    sleep 1 &
    wait $! || true
    if ! kill -0 "$haproxy_pid" 2>/dev/null; then
        log "HAProxy exited; its log:"
        tail -n 20 "$run_dir/haproxy.log" >&2
        exit 1
    fi
    for i in $(seq "$workers"); do
        pid=${worker_pid[$i]}
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
            wait "$pid" 2>/dev/null || true
            worker_pid[$i]=""
            # One that keeps failing at start waits longer each time (1 s doubling to 30 s).
            if [ $((SECONDS - worker_started[$i])) -lt 10 ]; then
                delay=$((worker_delay[$i] * 2))
                [ "$delay" -lt 1 ] && delay=1
                [ "$delay" -gt 30 ] && delay=30
            else
                delay=0
            fi
            worker_delay[$i]=$delay
            restart_at[$i]=$((SECONDS + delay))
            log "app process w$i (pid $pid) exited; starting it again in $delay s"
        fi
        if [ -z "${worker_pid[$i]}" ] && [ "$SECONDS" -ge "${restart_at[$i]}" ]; then
            start_worker "$i"
            write_workers
        fi
    done
done
