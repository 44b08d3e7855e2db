#!/usr/bin/env bash
# Make sure axe-core (from the npm registry, the version pinned in
# tests/browser/axe/package-lock.json) is installed for the accessibility browser tests
# and print where. Installs Debian's nodejs/npm when npm is missing (root + apt-get).
# Idempotent: with the pinned version already in tests/browser/axe/node_modules (git-
# ignored, so a CI cache can keep it), it prints one line and exits.
set -euo pipefail

cd "$(dirname "$0")/../tests/browser/axe"

AXE=node_modules/axe-core/axe.min.js
want=$(sed -n 's/.*"axe-core": "\([0-9.]*\)".*/\1/p' package.json)

installed_version() {
    sed -n 's/^[[:space:]]*"version": "\([0-9.]*\)".*/\1/p' node_modules/axe-core/package.json \
        2>/dev/null | head -1
}

if [ -f "$AXE" ] && [ "$(installed_version)" = "$want" ]; then
    echo "ensure_axe: axe-core $want at tests/browser/axe/$AXE"
    exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "ensure_axe: installing Debian's npm" >&2
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >&2
    else
        echo "ensure_axe: npm is missing; install Node.js and npm, then rerun" >&2
        exit 1
    fi
fi

npm ci --no-audit --no-fund --loglevel=error >&2
if [ ! -f "$AXE" ]; then
    echo "ensure_axe: npm ci finished but $AXE is missing" >&2
    exit 1
fi
echo "ensure_axe: axe-core $(installed_version) at tests/browser/axe/$AXE"
