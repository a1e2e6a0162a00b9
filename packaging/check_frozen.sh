#!/usr/bin/env bash
# `make package-check`: prove the built artifacts install and start (root, or sudo: it installs a .deb).
#  1. the frozen bundle's --self-test under Xvfb with an empty cache (a fresh install's first launch):
#     it must load every kernel from the generic ones shipped in the bundle (gdexplorer-kernels.zip),
#     compile none, and take at most FIRST_LAUNCH_MAX_S (10 s; it took 16-30 s when it compiled);
#  2. again (second launch): compiles none either;
#  3. the background job the first launch started builds this CPU's own kernels: wait for it, then a
#     third launch must use them (native) and compile none;
#  4. the tarball: unpack it elsewhere, its --self-test, and its per-user menu entry script;
#  5. apt-get install ./dist/gdexplorer_VERSION_ARCH.deb, then /usr/bin/gdexplorer --self-test;
#  6. apt-get remove gdexplorer: /opt/gdexplorer and /usr/bin/gdexplorer must be gone.
#  7. the .deb in a fresh Debian 12 root (debootstrap minbase + xvfb, xauth): packaging/check_fresh_root.sh.
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
# A fresh install's first launch loads 0-compiled kernels in 2-4 s on this shared 2-core machine
# (measured); 10 s leaves room for a busy machine and still fails long before a compile (16-30 s).
FIRST_LAUNCH_MAX_S=${FIRST_LAUNCH_MAX_S:-10}
NATIVE_BUILD_MAX_S=600
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

# the caller's cache and CPU settings must not leak in (XDG_CACHE_HOME below places every cache)
unset NUMBA_CACHE_DIR NUMBA_CPU_NAME NUMBA_CPU_FEATURES GDEXPLORER_CACHE_DIR GDEXPLORER_KERNELS \
      GDEXPLORER_NATIVE_BUILD GDEXPLORER_NATIVE_BUILD_DELAY
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
    WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
    echo "$label: self-test OK, $WALL s wall"
}
compiled_none() {  # compiled_none LABEL CPU-TEXT: the last self-test loaded every kernel, for that CPU
    if ! grep -q "^numba cache: ok.* 0 compiled, for $2" "$LOG"; then
        echo "FAILED: $1: the self-test compiled kernels (or not for $2): see 'numba cache' above" >&2; exit 1
    fi
}

[ -f dist/gdexplorer/_internal/gdexplorer-kernels.zip ] \
    || { echo "error: the bundle has no shipped kernels (_internal/gdexplorer-kernels.zip): run make package" >&2; exit 1; }
echo "== frozen bundle, first launch (empty cache: the kernels shipped in the bundle)"
selftest "first launch" dist/gdexplorer/gdexplorer
compiled_none "first launch" "CPU generic (the kernels shipped"
FIRST=$WALL
if awk -v w="$WALL" -v m="$FIRST_LAUNCH_MAX_S" 'BEGIN { exit !(w > m) }'; then
    echo "FAILED: the first launch took $WALL s, over $FIRST_LAUNCH_MAX_S s (FIRST_LAUNCH_MAX_S)" >&2; exit 1
fi
echo "== frozen bundle, second launch"
selftest "second launch" dist/gdexplorer/gdexplorer
compiled_none "second launch" "CPU generic (the kernels shipped"
SECOND=$WALL
echo "== this CPU's kernels, built in the background after the first launch"
KERNELS=$CACHE/gdexplorer/kernels-$VERSION
waited=0
until compgen -G "$KERNELS/native-*.ok" >/dev/null || compgen -G "$KERNELS/native-*.failed" >/dev/null; do
    if [ "$waited" -ge "$NATIVE_BUILD_MAX_S" ]; then
        echo "FAILED: no native kernel build finished within $NATIVE_BUILD_MAX_S s (lock: $(ls "$KERNELS"/native-*.lock 2>/dev/null))" >&2; exit 1
    fi
    sleep 5; waited=$((waited + 5))
done
if compgen -G "$KERNELS/native-*.failed" >/dev/null; then
    tail -n 20 "$KERNELS"/native-*.log | sed 's/^/    /' >&2
    echo "FAILED: the background build of this CPU's kernels failed (log above)" >&2; exit 1
fi
echo "background build: $(cat "$KERNELS"/native-*.ok) (after a $(sed -n 's/^DEFAULT_DELAY_S = \([0-9.]*\).*/\1/p' packaging/gdexplorer_shipped_kernels.py) s delay, at nice 19)"
selftest "third launch (this CPU's kernels)" dist/gdexplorer/gdexplorer
compiled_none "third launch" "this CPU"
echo "launch times: first $FIRST s (limit $FIRST_LAUNCH_MAX_S s), second $SECOND s, with this CPU's kernels $WALL s"

echo "== tarball $TARBALL"
tar -C "$UNPACK" -xzf "$TARBALL"
TOP="$UNPACK/gdexplorer-${VERSION}-linux-$(uname -m)"
selftest "unpacked tarball" "$TOP/gdexplorer"
compiled_none "unpacked tarball" "this CPU"  # a copy of the same executable: the same caches
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
compiled_none "installed /usr/bin/gdexplorer" "this CPU"
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
