#!/usr/bin/env bash
# Install the Debian packages that Python, Qt, OpenGL (Mesa) and Xvfb need, but only those missing.
# Safe to run again: it does nothing when everything is present. Extra package names may be given.
set -euo pipefail
PKGS="xvfb xauth libgl1 libegl1 libgl1-mesa-dri libglx-mesa0 libxkbcommon-x11-0 libxkbcommon0 \
libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 \
libxcb-render-util0 libxcb-image0 libxcb-xkb1 libfontconfig1 libdbus-1-3 libxrender1 libxi6 \
fonts-dejavu-core fonts-wqy-microhei $*"
missing=""
if ! command -v python3 >/dev/null; then missing="python3"; fi
# Debian splits venv/ensurepip out of python3; another Python (pyenv, a container's) has them.
if ! python3 -c "import venv, ensurepip" >/dev/null 2>&1; then missing="$missing python3-venv"; fi
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "${missing// /}" ]; then exit 0; fi
echo "installing system packages:$missing"
if ! command -v apt-get >/dev/null; then
    echo "error: apt-get not found; install these packages by hand:$missing" >&2; exit 1
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
