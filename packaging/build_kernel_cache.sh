#!/usr/bin/env bash
# Ship the first launch's compiled kernels in the bundle (`make package`, after PyInstaller):
#  1. run the frozen app's headless self-test with an empty cache and NUMBA_CPU_NAME=generic: it compiles
#     every kernel the window's start needs (its warm-up), the self-test's own and the Data mode's
#     training kernels, for a baseline x86-64 CPU (runs on any x86-64 machine);
#  2. pack that cache into dist/gdexplorer/_internal/gdexplorer-kernels.zip with a manifest (app
#     version, the executable's sha256, CPU "generic"): packaging/gdexplorer_shipped_kernels.py;
#  3. prove it: a fresh cache and no NUMBA_CPU_NAME (as a user's first launch) must load every kernel
#     from the archive and compile none.
# At run time the frozen app unpacks it into ~/.cache/gdexplorer on first start and builds this CPU's
# own kernels in the background for the next launch (see gdexplorer_shipped_kernels.py).
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=dist/gdexplorer
EXE=$PWD/$BUNDLE/gdexplorer
ARCHIVE=$BUNDLE/_internal/gdexplorer-kernels.zip
PYTHON=${PYTHON:-.venv/bin/python}
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' gdexplorer/_version.py)
[ -x "$EXE" ] || { echo "error: $EXE not found: build the bundle first (make package)" >&2; exit 1; }
[ -d "$BUNDLE/_internal" ] || { echo "error: $BUNDLE/_internal not found (PyInstaller >= 6 one-folder layout expected)" >&2; exit 1; }
rm -f "$ARCHIVE"
WORK=$(mktemp -d /tmp/gdexplorer-kernel-cache.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
# the caller's cache settings must not leak in: XDG_CACHE_HOME alone places both caches
unset NUMBA_CACHE_DIR GDEXPLORER_CACHE_DIR NUMBA_CPU_FEATURES GDEXPLORER_KERNELS

t0=$(date +%s.%N)
(cd "$WORK" && XDG_CACHE_HOME="$WORK/build" NUMBA_CPU_NAME=generic GDEXPLORER_NATIVE_BUILD=off \
    "$EXE" --self-test --no-window) >"$WORK/build.log" 2>&1 \
    || { sed 's/^/    /' "$WORK/build.log" >&2; echo "error: the frozen self-test failed while compiling the generic kernels" >&2; exit 1; }
grep -q 'numba cache: ok.*for CPU generic' "$WORK/build.log" \
    || { sed 's/^/    /' "$WORK/build.log" >&2; echo "error: the kernels were not compiled for the generic CPU" >&2; exit 1; }
t1=$(date +%s.%N)
"$PYTHON" packaging/gdexplorer_shipped_kernels.py pack "$WORK/build" "$ARCHIVE" "$EXE" "$VERSION"
awk -v a="$t0" -v b="$t1" -v s="$(du -k "$ARCHIVE" | cut -f1)" -v u="$(du -sk "$WORK/build/gdexplorer" | cut -f1)" \
    'BEGIN { printf "generic kernels compiled in %.1f s: %d KiB of cache, %d KiB zipped\n", b - a, u, s }'
grep '^numba cache: ok' "$WORK/build.log" | sed 's/; in .*//; s/^/    /'

(cd "$WORK" && XDG_CACHE_HOME="$WORK/check" GDEXPLORER_NATIVE_BUILD=off "$EXE" --self-test --no-window) \
    >"$WORK/check.log" 2>&1 || { sed 's/^/    /' "$WORK/check.log" >&2; echo "error: the self-test failed with the shipped kernels" >&2; exit 1; }
if ! grep -q 'numba cache: ok.* 0 compiled, for CPU generic (the kernels shipped' "$WORK/check.log"; then
    sed 's/^/    /' "$WORK/check.log" >&2
    echo "error: a fresh start did not load every kernel from $ARCHIVE" >&2
    exit 1
fi
echo "a fresh start loads every kernel from $ARCHIVE: $(grep -o '[0-9]* signature(s) loaded from the disk cache, 0 compiled' "$WORK/check.log")"
