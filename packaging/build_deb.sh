#!/usr/bin/env bash
# Build dist/gdexplorer_VERSION_amd64.deb from the PyInstaller bundle dist/gdexplorer/ with dpkg-deb.
#   /opt/gdexplorer/             the one-folder app (read-only: Numba caches in ~/.cache/gdexplorer)
#   /usr/bin/gdexplorer          a wrapper that execs /opt/gdexplorer/gdexplorer
#   /usr/share/applications/gdexplorer.desktop, /usr/share/icons/hicolor/*/apps/gdexplorer.{png,svg}
# No maintainer scripts: the hicolor and desktop-database file triggers refresh the menu and icons,
# and every installed file belongs to the package, so `apt remove gdexplorer` leaves nothing behind.
# Install with `sudo apt install ./dist/gdexplorer_VERSION_amd64.deb`.
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=dist/gdexplorer
VERSION=${VERSION:-$(sed -n 's/^__version__ = "\(.*\)"/\1/p' gdexplorer/_version.py)}
ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)
[ -x "$BUNDLE/gdexplorer" ] || { echo "error: $BUNDLE/gdexplorer not found: build the bundle first (make package)" >&2; exit 1; }
[ -n "$VERSION" ] || { echo "error: cannot read the version from gdexplorer/_version.py" >&2; exit 1; }

STAGE=build/deb/gdexplorer_${VERSION}_${ARCH}
OUT=dist/gdexplorer_${VERSION}_${ARCH}.deb
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
         "$STAGE/usr/share/doc/gdexplorer" "$STAGE/usr/share/icons/hicolor/scalable/apps"
cp -a "$BUNDLE" "$STAGE/opt/gdexplorer"
# Nothing compiled or cached may ride along into /opt (it would not be removed with the package).
find "$STAGE/opt/gdexplorer" \( -name __pycache__ -o -name '*.nbi' -o -name '*.nbc' \) -prune -exec rm -rf {} +

cat > "$STAGE/usr/bin/gdexplorer" <<'WRAP'
#!/bin/sh
# gdexplorer: the app lives in /opt/gdexplorer (a PyInstaller one-folder bundle).
exec /opt/gdexplorer/gdexplorer "$@"
WRAP
chmod 0755 "$STAGE/usr/bin/gdexplorer"
install -m 0644 packaging/gdexplorer.desktop "$STAGE/usr/share/applications/gdexplorer.desktop"
for png in resources/icons/gdexplorer-*.png; do
    size=$(basename "$png" .png); size=${size#gdexplorer-}
    install -D -m 0644 "$png" "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/gdexplorer.png"
done
install -m 0644 resources/gdexplorer.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/gdexplorer.svg"
cat > "$STAGE/usr/share/doc/gdexplorer/copyright" <<COPY
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: gdexplorer
License: MIT
Comment: /opt/gdexplorer bundles Python, PySide6 (Qt, LGPLv3), pyqtgraph (MIT), PyOpenGL (BSD),
 NumPy (BSD), Numba and llvmlite (BSD, LLVM under Apache-2.0 with LLVM exception); their license
 files are inside the bundle's _internal folder where the wheels ship them.
COPY

# Libraries the bundle does not carry (measured with ldd): glibc, the GL/EGL dispatchers (the GPU
# driver must come from the system), libxcb and Wayland's client libraries (Qt's wayland plugin links
# wayland-client, -cursor and -egl; check_fresh_root.sh finds any gap). Mesa provides the GL
# vendor; fonts and fontconfig's configuration make text render.
INSTALLED_KB=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
# The newest glibc symbol version any bundled binary needs: the build machine's glibc sets it
# (2.36 on Debian 12; build on an older distribution to reach older systems).
GLIBC_MIN=$(find "$STAGE/opt/gdexplorer" -type f \( -name '*.so*' -o -name gdexplorer \) -exec objdump -T {} + 2>/dev/null \
            | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
[ -n "$GLIBC_MIN" ] || { echo "error: could not read the glibc versions the bundle needs (objdump missing?)" >&2; exit 1; }
cat > "$STAGE/DEBIAN/control" <<CTRL
Package: gdexplorer
Version: ${VERSION}
Architecture: ${ARCH}
Maintainer: gdexplorer maintainers <gdexplorer@users.noreply.github.com>
Installed-Size: ${INSTALLED_KB}
Depends: libc6 (>= ${GLIBC_MIN}), libgl1, libegl1, libglx0, libxcb1, libwayland-client0, libwayland-cursor0, libwayland-egl1, libdrm2, fontconfig-config
Recommends: libgl1-mesa-dri, libglx-mesa0, fonts-dejavu-core, fonts-wqy-microhei | fonts-noto-cjk
Suggests: ffmpeg
Section: science
Priority: optional
Homepage: https://github.com/gdexplorer/gdexplorer
Description: desktop explorer for gradient descent
 Type a function of x and y, pick optimizers (gradient descent, momentum,
 Nesterov, AdaGrad, RMSProp, AdaDelta, Adam, AdamW, AMSGrad, NAdam, Newton)
 and watch them descend on a contour map, a 3-D surface and loss curves.
 .
 Self-contained: Python, Qt and Numba are bundled under /opt/gdexplorer.
 Check an installation with: gdexplorer --self-test
CTRL

mkdir -p dist
# gzip: xz saves ~25% of the download but takes minutes on two cores.
dpkg-deb --root-owner-group -Zgzip -z6 --build "$STAGE" "$OUT" >/dev/null
echo "built $OUT ($(du -h "$OUT" | cut -f1), installed size $((INSTALLED_KB / 1024)) MiB)"
