#!/usr/bin/env bash
# Make sure HAProxy (the load balancer of `make serve`) is installed and print which one.
# Order: $RIK_HAPROXY, /usr/sbin/haproxy, `haproxy` on PATH; if none is found, install
# Debian's `haproxy` package (root + apt-get). Debian's package would start a service of
# its own through the init system; `make serve` starts its own HAProxy, so the package's
# service is told not to start (the same way scripts/start_postgres.sh installs PostgreSQL).
# Idempotent: prints one line on stdout (the binary) and exits 0 when HAProxy is there.
# Exits 3 when it is missing and cannot be installed here (not root, or no apt-get).
set -euo pipefail

log() { printf 'ensure_haproxy: %s\n' "$*" >&2; }

find_haproxy() {
    if [ -n "${RIK_HAPROXY:-}" ] && [ -x "${RIK_HAPROXY}" ]; then
        echo "${RIK_HAPROXY}"
        return 0
    fi
    if [ -x /usr/sbin/haproxy ]; then
        echo /usr/sbin/haproxy
        return 0
    fi
    if command -v haproxy >/dev/null 2>&1; then
        command -v haproxy
        return 0
    fi
    return 1
}

if binary="$(find_haproxy)"; then
    echo "$binary"
    exit 0
fi

if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    log "HAProxy is not installed, and installing it needs root and apt-get"
    log "install Debian's haproxy package (or set RIK_HAPROXY to a haproxy binary)"
    exit 3
fi

log "no HAProxy found; installing Debian's haproxy package"
export DEBIAN_FRONTEND=noninteractive
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod +x "$policy"
    made_policy=1
fi
status=0
{ apt-get update -qq && apt-get install -y -qq --no-install-recommends haproxy; } >&2 || status=$?
[ "$made_policy" -eq 1 ] && rm -f "$policy"
if [ "$status" -ne 0 ]; then
    log "apt-get failed (exit $status)"
    exit "$status"
fi
if binary="$(find_haproxy)"; then
    echo "$binary"
    exit 0
fi
log "apt-get installed haproxy but no binary was found"
exit 1
