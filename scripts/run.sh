#!/usr/bin/env bash
# Start RIK on one process for one person: what `make run` runs.
#
#   bash scripts/run.sh [PORT]
#
# Never asks anything: Streamlit runs headless, so its first-run prompt (an e-mail
# address, read from a terminal) never appears, on a fresh machine or with no terminal.
# Prints the addresses itself (Streamlit's own message, when headless, looks up this
# machine's public address on the internet; that lookup is switched off with it), and opens it in a browser only where one can be shown: a desktop
# session ($DISPLAY, $WAYLAND_DISPLAY, or macOS), never in CI ($CI set). RIK_OPEN_BROWSER=1
# or 0 overrides that choice. The browser is Python's `webbrowser` (it honours $BROWSER).
set -euo pipefail

cd "$(dirname "$0")/.."

port=${1:-8501}
python=.venv/bin/python
[ -x "$python" ] || python=python3
url="http://localhost:$port"

can_show_browser() {
    case "${RIK_OPEN_BROWSER:-}" in
        1) return 0 ;;
        0) return 1 ;;
    esac
    [ -z "${CI:-}" ] || return 1
    [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ] || [ "$(uname -s)" = Darwin ]
}

# This machine's address on the local network (a UDP socket's source address: no packet
# is sent), for others in the room; empty when there is none.
lan=$("$python" -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    s.connect(("192.0.2.1", 9)); ip = s.getsockname()[0]
except OSError:
    ip = ""
print("" if ip.startswith("127.") else ip)' 2>/dev/null || true)
echo "run: RIK will be at $url (Ctrl-C stops it)"
if [ -n "$lan" ]; then
    echo "run: on the local network: http://$lan:$port"
fi
if can_show_browser; then
    echo "run: opening it in a browser once the server answers"
    # In the background: wait for the server's health answer, then open the page.
    "$python" - "$port" "$url" <<'PY' &
import sys, time, urllib.request, webbrowser
port, url = sys.argv[1], sys.argv[2]
deadline = time.monotonic() + 120
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
            webbrowser.open(url, new=2)
            break
    except OSError:
        time.sleep(0.5)
PY
else
    echo "run: not opening a browser (no desktop session here); open $url yourself"
fi

exec "$python" -m streamlit run app.py --server.port "$port" --server.headless true \
    --logger.hideWelcomeMessage true
