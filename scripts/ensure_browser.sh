#!/usr/bin/env bash
# Make sure a Chromium is available for the browser tests and print which one.
# Order: $RIK_CHROMIUM, Debian's chromium, other common names; if none is found,
# install Debian's `chromium` (root + apt-get), else fall back to Playwright's download.
# Idempotent: prints one line and exits when a browser is already present.
set -euo pipefail

cd "$(dirname "$0")/.."

find_browser() {
    local c
    if [ -n "${RIK_CHROMIUM:-}" ] && [ -x "${RIK_CHROMIUM}" ]; then
        echo "${RIK_CHROMIUM}"
        return 0
    fi
    for c in /usr/bin/chromium /usr/bin/chromium-browser; do
        if [ -x "$c" ]; then
            echo "$c"
            return 0
        fi
    done
    for c in chromium chromium-browser google-chrome google-chrome-stable; do
        if command -v "$c" >/dev/null 2>&1; then
            command -v "$c"
            return 0
        fi
    done
    return 1
}

if [ -n "${RIK_CHROMIUM:-}" ] && [ ! -x "${RIK_CHROMIUM}" ]; then
    echo "ensure_browser: RIK_CHROMIUM=${RIK_CHROMIUM} is not executable; looking elsewhere" >&2
fi

if browser="$(find_browser)"; then
    echo "ensure_browser: using ${browser}"
    exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure_browser: no Chromium found; installing Debian's chromium package"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
    if browser="$(find_browser)"; then
        echo "ensure_browser: using ${browser}"
        exit 0
    fi
    echo "ensure_browser: apt-get installed chromium but no binary was found" >&2
fi

if [ -x .venv/bin/python ]; then
    echo "ensure_browser: falling back to Playwright's own Chromium download"
    .venv/bin/python -m playwright install chromium
    echo "ensure_browser: using Playwright's bundled Chromium"
    exit 0
fi

echo "ensure_browser: no Chromium available and no way to install one" >&2
exit 1
