#!/usr/bin/env bash
# Install the .deb into a truly fresh Debian 12 and run its self-test there (called by check_frozen.sh).
# The build machine has every library already, so installing there proves nothing about Depends. Here:
#  1. a minimal root: `debootstrap --variant=minbase bookworm`, cached as a tarball (below);
#  2. chroot with /proc mounted (a trap unmounts it and removes the root, on failure too);
#  3. `apt-get install --no-install-recommends ./gdexplorer_*.deb`: only its Depends come in, from the
#     Debian mirror this machine's apt uses;
#  4. every ELF file in /opt/gdexplorer must find its libraries (ldd) with nothing but those Depends,
#     except ALLOWED_MISSING;
#  5. `apt-get install xvfb xauth` (nothing else), then `xvfb-run gdexplorer --self-test` in the root.
# Cache: ~/.cache/gdexplorer-debootstrap/bookworm-minbase-ARCH-vN.tar.zst (GDEXPLORER_DEBOOTSTRAP_CACHE
# names another folder), rebuilt when missing or older than 30 days; about 53 MB.
# Measured in `make package-check` on this 2-core machine (2026-11-24): debootstrap and caching it 35-68 s
# (cold cache only), unpacking the cached root 2 s, apt-get update 2 s, the .deb + its Depends 10 s, the
# library check 2 s, xvfb + xauth 2 s, the self-test 20 s (a fresh HOME: Numba compiled 31 kernels;
# since the bundle ships them, a few seconds and it must compile none): 38 s in all warm, 75-106 s cold
# (the spread is the shared CPU and the mirror).
# Usage: check_fresh_root.sh [DEB]            run the check (root; re-runs itself with sudo otherwise)
#        check_fresh_root.sh --plan           print the suite, mirrors and cache state, change nothing
#        check_fresh_root.sh --missing-libs DIR   list the libraries DIR's ELF files cannot find
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SUITE=bookworm
CACHE_FORMAT=1          # bump when the recipe of the cached root changes
CACHE_MAX_AGE_DAYS=30
ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)
CACHE_DIR=${GDEXPLORER_DEBOOTSTRAP_CACHE:-${HOME:-/root}/.cache/gdexplorer-debootstrap}
CACHED_ROOT=$CACHE_DIR/$SUITE-minbase-$ARCH-v$CACHE_FORMAT.tar.zst
APT_ETC=${GDEXPLORER_APT_ETC:-/etc/apt}
XVFB_ARGS="-screen 0 1600x1200x24 +extension GLX +render"
# Libraries the bundle links to that a fresh system may lack, because the code that needs them is
# never loaded. Anything else that ldd cannot find is a missing Depends.
ALLOWED_MISSING=(
    libtbb.so.12                       # numba's optional TBB threading layer (it falls back to omp/workqueue)
)

missing_libs() {  # missing_libs DIR: print "LIB<TAB>FILE" for each library an ELF file under DIR cannot find
    local dir=$1 search f
    # The frozen app finds its own libraries through the bootloader: give ldd the same folders.
    search=$(find "$dir" -name '*.so*' -printf '%h\n' | sort -u | paste -sd:)
    find "$dir" -type f \( -name '*.so*' -o -perm -u+x \) -print0 | while IFS= read -r -d '' f; do
        [ "$(head -c4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
        LD_LIBRARY_PATH=$search ldd "$f" 2>/dev/null | awk -v f="${f#"$dir"/}" '/=> not found/ { print $1 "\t" f }'
    done | sort -u
}

check_missing_libs() {  # exit 1 with one line per missing library, unless ALLOWED_MISSING names it
    local dir=$1 lib files bad=0
    [ -d "$dir" ] || { echo "error: $dir is not a folder" >&2; exit 2; }
    local found
    found=$(missing_libs "$dir")
    for lib in $(cut -f1 <<<"$found" | sort -u); do
        files=$(awk -F'\t' -v l="$lib" '$1 == l { print $2 }' <<<"$found" | head -3 | paste -sd' ')
        if printf '%s\n' "${ALLOWED_MISSING[@]}" | grep -qxF "$lib"; then
            echo "allowed missing: $lib (needed by $files)"
        else
            echo "missing: $lib (needed by $files)"; bad=1
        fi
    done
    return $bad
}

host_uris() {  # every URI of this machine's apt sources (deb822 .sources and one-line .list files)
    local f
    for f in "$APT_ETC"/sources.list.d/*.sources; do
        [ -f "$f" ] && sed -n 's/^[[:space:]]*URIs:[[:space:]]*//p' "$f" | tr ' ' '\n'
    done
    for f in "$APT_ETC"/sources.list "$APT_ETC"/sources.list.d/*.list; do
        [ -f "$f" ] && sed -nE 's/^[[:space:]]*deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+).*/\2/p' "$f"
    done
    return 0
}
first_uri() { host_uris | awk -v re="$1" '$0 ~ re && !n++'; }
MIRROR=${DEBIAN_MIRROR:-$(first_uri '/debian/?$')}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SECURITY=${DEBIAN_SECURITY_MIRROR:-$(first_uri '/debian-security/?$')}
SECURITY=${SECURITY:-http://deb.debian.org/debian-security}

cache_is_fresh() { [ -s "$CACHED_ROOT" ] && [ -n "$(find "$CACHED_ROOT" -mtime -"$CACHE_MAX_AGE_DAYS")" ]; }

case "${1:-}" in
    --missing-libs)
        [ $# = 2 ] || { echo "usage: $0 --missing-libs DIR" >&2; exit 2; }
        check_missing_libs "$2"; exit ;;
    --plan)
        echo "suite: $SUITE (debootstrap --variant=minbase, $ARCH)"
        echo "mirror: $MIRROR"
        echo "security: $SECURITY"
        if cache_is_fresh; then state=cached; elif [ -e "$CACHED_ROOT" ]; then state=stale; else state=absent; fi
        echo "root cache: $CACHED_ROOT ($state)"
        exit 0 ;;
    -*) echo "usage: $0 [DEB] | --plan | --missing-libs DIR" >&2; exit 2 ;;
esac

cd "$HERE/.."
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' gdexplorer/_version.py)
DEB=$(realpath -m "${1:-dist/gdexplorer_${VERSION}_${ARCH}.deb}")
[ -f "$DEB" ] || { echo "error: $DEB is missing: run make package" >&2; exit 1; }
if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "error: a chroot needs root: run as root (or install sudo)" >&2; exit 1; }
    exec sudo --preserve-env=GDEXPLORER_DEBOOTSTRAP_CACHE,DEBIAN_MIRROR,DEBIAN_SECURITY_MIRROR bash "$0" "$DEB"
fi
bash scripts/ensure-system-deps.sh debootstrap zstd

ROOT="" LOG=""
mounts_under_root() { awk -v r="$ROOT/" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r; }
cleanup() {  # on every exit: end what still runs in the root, unmount, remove it (never across a mount)
    local code=$? p m
    if [ -n "$ROOT" ] && [ -d "$ROOT" ]; then
        for p in /proc/[0-9]*; do
            [ "$(readlink "$p/root" 2>/dev/null)" = "$ROOT" ] && kill -KILL "${p#/proc/}" 2>/dev/null
        done
        for m in $(mounts_under_root); do umount "$m" 2>/dev/null || umount -l "$m"; done
        if [ -n "$(mounts_under_root)" ]; then
            echo "error: still mounted under $ROOT: $(mounts_under_root | paste -sd' '); not removing it" >&2
            code=1
        else
            rm -rf --one-file-system "$ROOT"
        fi
    fi
    [ -z "$LOG" ] || rm -f "$LOG"
    exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
ROOT=$(mktemp -d "${TMPDIR:-/tmp}/gdexplorer-fresh-root.XXXXXX")
LOG=$(mktemp "${TMPDIR:-/tmp}/gdexplorer-fresh-root-log.XXXXXX")

step() {  # step LABEL FAILURE CMD...: run CMD with its output in $LOG, print LABEL and its wall time
    local label=$1 failure=$2 t0 t1 code=0
    shift 2
    t0=$(date +%s.%N)
    "$@" >"$LOG" 2>&1 || code=$?
    t1=$(date +%s.%N)
    if [ "$code" != 0 ]; then
        tail -n 40 "$LOG" | sed 's/^/    /' >&2
        echo "FAILED: fresh Debian 12 root: $failure (exit $code)" >&2
        exit 1
    fi
    awk -v l="$label" -v a="$t0" -v b="$t1" 'BEGIN { printf "fresh root: %s, %.1f s\n", l, b - a }'
}
in_root() {  # a clean environment, as a new user's login would have
    chroot "$ROOT" /usr/bin/env -i HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}
build_root() {
    debootstrap --variant=minbase --arch="$ARCH" "$SUITE" "$ROOT" "$MIRROR"
    rm -f "$ROOT"/var/cache/apt/archives/*.deb
    mkdir -p "$CACHE_DIR"
    tar -C "$ROOT" --one-file-system --numeric-owner -cf - . | zstd -q -T0 -3 -o "$CACHED_ROOT.part.$$"
    mv "$CACHED_ROOT.part.$$" "$CACHED_ROOT"
}
unpack_root() { zstd -dc "$CACHED_ROOT" | tar -C "$ROOT" --numeric-owner -xpf -; }

echo "Depends: $(dpkg-deb -f "$DEB" Depends)"
if cache_is_fresh; then
    step "cached minbase root unpacked" "cannot unpack $CACHED_ROOT (delete it to rebuild)" unpack_root
else
    step "debootstrap --variant=minbase $SUITE (cached in $CACHED_ROOT)" \
        "debootstrap from $MIRROR failed" build_root
fi
# The root's apt uses the Debian mirror this machine's apt uses, with its Acquire settings (a
# snapshot mirror needs Check-Valid-Until off; a proxy carries over).
cat > "$ROOT/etc/apt/sources.list" <<SOURCES
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb $SECURITY $SUITE-security main
SOURCES
apt-config dump | grep -E '^Acquire::(Check-Valid-Until|Check-Date|https?::Proxy) ' \
    > "$ROOT/etc/apt/apt.conf.d/99build-machine" || true
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
cp "$DEB" "$ROOT/tmp/"
cp "$HERE/check_fresh_root.sh" "$ROOT/tmp/check_fresh_root.sh"
mount -t proc proc "$ROOT/proc"

step "apt-get update" "apt-get update against $MIRROR failed" in_root apt-get update -q
step "apt-get install --no-install-recommends ./$(basename "$DEB")" \
    "the .deb's Depends cannot be installed from $MIRROR" \
    in_root apt-get install -y -q --no-install-recommends "/tmp/$(basename "$DEB")"
echo "fresh root: $(grep -c '^Setting up' "$LOG") packages set up (the .deb and its Depends)"
[ -x "$ROOT/usr/bin/gdexplorer" ] || { echo "FAILED: fresh Debian 12 root: no /usr/bin/gdexplorer after install" >&2; exit 1; }
code=0
in_root bash /tmp/check_fresh_root.sh --missing-libs /opt/gdexplorer >"$LOG" 2>&1 || code=$?
sed 's/^/    /' "$LOG"
if [ "$code" != 0 ]; then
    echo "FAILED: fresh Debian 12 root: the .deb's Depends lack libraries the bundle links to (lines" \
         "'missing:' above): add the Debian packages that ship them to Depends in packaging/build_deb.sh" >&2
    exit 1
fi
echo "fresh root: every library the bundle links to is there (Depends only)"
step "apt-get install xvfb xauth" "cannot install xvfb and xauth" \
    in_root apt-get install -y -q --no-install-recommends xvfb xauth

t0=$(date +%s.%N)
code=0
in_root sh -c "cd /tmp && exec timeout -k 10 420 xvfb-run -a -s '$XVFB_ARGS' gdexplorer --self-test" >"$LOG" 2>&1 || code=$?
t1=$(date +%s.%N)
grep -v '^qt: ' "$LOG" | sed 's/^/    /'
if [ "$code" != 0 ] || ! grep -q '^self-test OK' "$LOG"; then
    echo "FAILED: fresh Debian 12 root: gdexplorer --self-test exit $code (a library the .deb's Depends" \
         "do not bring, or one loaded at run time: see above)" >&2
    exit 1
fi
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "fresh root: gdexplorer --self-test OK, %.1f s\n", b - a }'
if ! grep -q '^numba cache: ok.* 0 compiled, for CPU generic (the kernels shipped' "$LOG"; then
    echo "FAILED: fresh Debian 12 root: the first launch compiled kernels instead of loading the ones" \
         "shipped in the bundle (_internal/gdexplorer-kernels.zip): see 'numba cache' above" >&2
    exit 1
fi
echo "fresh root: OK, ${SECONDS} s in all"
