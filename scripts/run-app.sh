#!/usr/bin/env bash
# `make run`: open the explorer window; with no display, run a short demo on Xvfb and save a screenshot.
# $1: the venv's python.
set -euo pipefail
PY="${1:-.venv/bin/python}"

have_display() {
    [ -n "${DISPLAY:-}" ] || return 1
    if command -v xdpyinfo >/dev/null 2>&1; then
        xdpyinfo >/dev/null 2>&1
    else
        "$PY" - <<'PYEOF' >/dev/null 2>&1
import os, socket
display = os.environ["DISPLAY"]
host, _, number = display.rpartition(":")
number = number.split(".")[0]
if host in ("", "unix"):
    s = socket.socket(socket.AF_UNIX)
    s.connect(f"/tmp/.X11-unix/X{number}")
else:
    socket.create_connection((host, 6000 + int(number)), timeout=2)
PYEOF
    fi
}

if have_display; then
    exec "$PY" -m gdexplorer
fi

shot="${GDEXPLORER_DEMO_SHOT:-${TMPDIR:-/tmp}/gdexplorer-demo.png}"
echo "No display found (DISPLAY is '${DISPLAY:-}' and no X server answers): running the demo on a virtual screen (Xvfb)."
if ! command -v xvfb-run >/dev/null 2>&1; then
    echo "xvfb-run is not installed: run 'make system-deps' (or apt-get install xvfb xauth) and try again." >&2
    exit 1
fi
xvfb-run -a -s "-screen 0 1600x1200x24 +extension GLX +render" \
    "$PY" -m gdexplorer --demo 5 --screenshot "$shot" --size 1600x1000
echo "Demo screenshot: $shot"
