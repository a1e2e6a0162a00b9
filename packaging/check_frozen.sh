#!/usr/bin/env bash
# `make package-check`: prove the built artifacts install and start (root, or sudo: it installs a .deb).
#  1. the frozen bundle's --self-test under Xvfb, with an empty Numba cache (first launch: compiles);
#  2. again (second launch): must load every kernel from the cache and compile none;
#  3. the tarball: unpack it elsewhere, its --self-test, and its per-user menu entry script;
#  4. apt-get install ./dist/gdexplorer_VERSION_ARCH.deb, then /usr/bin/gdexplorer --self-test;
#  5. apt-get remove gdexplorer: /opt/gdexplorer and /usr/bin/gdexplorer must be gone.
#  6. the .deb in a fresh Debian 12 root (debootstrap minbase + xvfb, xauth): packaging/check_fresh_root.sh.
# First of all, the unpacked bundle must fit the size budget (330 MiB): an optional import of a
# dependency can pull a whole library in (grandalf -> networkx -> sympy added 9 MiB once).
# Launch times go to stdout; the caches live in a temporary XDG_CACHE_HOME, removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' gdexplorer/_version.py)
ARCH=$(dpkg --print-architecture)
DEB=dist/gdexplorer_${VERSION}_${ARCH}.deb
TARBALL=dist/gdexplorer-${VERSION}-linux-$(uname -m).tar.gz
XVFB=(xvfb-run -a -s "-screen 0 1600x1200x24 +extension GLX +render")
[ -x dist/gdexplorer/gdexplorer ] || { echo "error: dist/gdexplorer/gdexplorer is missing: run make package" >&2; exit 1; }
[ -f "$DEB" ] || { echo "error: $DEB is missing: run make package" >&2; exit 1; }
[ -f "$TARBALL" ] || { echo "error: $TARBALL is missing: run make package" >&2; exit 1; }
BUDGET_MIB=330
SIZE_MIB=$(du -sm dist/gdexplorer | cut -f1)
echo "== bundle size: ${SIZE_MIB} MiB unpacked (budget ${BUDGET_MIB} MiB)"
if [ "$SIZE_MIB" -gt "$BUDGET_MIB" ]; then
    echo "error: the bundle is ${SIZE_MIB} MiB, over the ${BUDGET_MIB} MiB budget: see what the spec collects" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "error: package-check installs a .deb: run it as root (or install sudo)" >&2; exit 1; }
    SUDO="sudo"
fi

CACHE=$(mktemp -d /tmp/gdexplorer-cache.XXXXXX)
LOG=$(mktemp /tmp/gdexplorer-selftest.XXXXXX)
UNPACK=$(mktemp -d /tmp/gdexplorer-tarball.XXXXXX)
trap 'rm -rf "$CACHE" "$LOG" "$UNPACK"' EXIT
export XDG_CACHE_HOME=$CACHE

selftest() {  # selftest LABEL EXE: run EXE --self-test under Xvfb, print its output and wall time
    local label=$1 exe=$2 t0 t1 code=0
    [[ $exe = /* ]] || exe=$PWD/$exe
    t0=$(date +%s.%N)
    (cd /tmp && "${XVFB[@]}" "$exe" --self-test) >"$LOG" 2>&1 || code=$?
    t1=$(date +%s.%N)
    grep -v '^qt: ' "$LOG" | sed 's/^/    /'
    if [ "$code" != 0 ] || ! grep -q '^self-test OK' "$LOG"; then
        echo "FAILED: $label: exit $code" >&2; exit 1
    fi
    awk -v l="$label" -v a="$t0" -v b="$t1" 'BEGIN { printf "%s: self-test OK, %.1f s wall\n", l, b - a }'
}

echo "== frozen bundle, first launch (empty Numba cache)"
selftest "first launch" dist/gdexplorer/gdexplorer
echo "== frozen bundle, second launch"
selftest "second launch" dist/gdexplorer/gdexplorer
if ! grep -q 'numba cache: ok.* 0 compiled' "$LOG"; then
    echo "FAILED: the second launch compiled kernels again: Numba's cache does not work frozen" >&2; exit 1
fi

echo "== tarball $TARBALL"
tar -C "$UNPACK" -xzf "$TARBALL"
TOP="$UNPACK/gdexplorer-${VERSION}-linux-$(uname -m)"
selftest "unpacked tarball" "$TOP/gdexplorer"
XDG_DATA_HOME="$UNPACK/data" sh "$TOP/install-menu-entry.sh" >/dev/null
grep -qx "Exec=\"$TOP/gdexplorer\"" "$UNPACK/data/applications/gdexplorer.desktop" \
    && [ -f "$UNPACK/data/icons/hicolor/48x48/apps/gdexplorer.png" ] \
    || { echo "FAILED: install-menu-entry.sh did not write the menu entry and icons" >&2; exit 1; }
XDG_DATA_HOME="$UNPACK/data" sh "$TOP/install-menu-entry.sh" --remove >/dev/null
[ ! -e "$UNPACK/data/applications/gdexplorer.desktop" ] || { echo "FAILED: install-menu-entry.sh --remove left the entry" >&2; exit 1; }
echo "tarball: menu entry added and removed"

echo "== apt-get install ./$DEB"
export DEBIAN_FRONTEND=noninteractive  # (sudo drops it; apt-get -y does not prompt anyway)
$SUDO apt-get install -y -q "./$DEB" >/dev/null
dpkg -s gdexplorer | grep -E '^(Status|Version|Installed-Size)'
[ -x /usr/bin/gdexplorer ] && [ -x /opt/gdexplorer/gdexplorer ] || { echo "FAILED: the .deb did not install /usr/bin/gdexplorer and /opt/gdexplorer" >&2; exit 1; }
[ -f /usr/share/applications/gdexplorer.desktop ] || { echo "FAILED: no menu entry installed" >&2; exit 1; }
if command -v desktop-file-validate >/dev/null; then desktop-file-validate /usr/share/applications/gdexplorer.desktop; fi
selftest "installed /usr/bin/gdexplorer" /usr/bin/gdexplorer
junk=$(find /opt/gdexplorer \( -name __pycache__ -o -name '*.nbi' -o -name '*.nbc' \) | head -3)
[ -z "$junk" ] || { echo "FAILED: the app wrote into /opt/gdexplorer: $junk" >&2; exit 1; }

echo "== apt-get remove gdexplorer"
$SUDO apt-get remove -y -q gdexplorer >/dev/null
for p in /opt/gdexplorer /usr/bin/gdexplorer /usr/share/applications/gdexplorer.desktop \
         /usr/share/icons/hicolor/256x256/apps/gdexplorer.png; do
    [ ! -e "$p" ] || { echo "FAILED: $p is still there after apt-get remove" >&2; exit 1; }
done
echo "removed cleanly: /opt/gdexplorer, /usr/bin/gdexplorer, the menu entry and icons are gone"

echo "== the .deb in a fresh Debian 12 root (debootstrap --variant=minbase, only xvfb and xauth added)"
$SUDO bash packaging/check_fresh_root.sh "$DEB"
echo "package-check OK"
