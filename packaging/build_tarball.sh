#!/usr/bin/env bash
# Build dist/gdexplorer-VERSION-linux-x86_64.tar.gz from the PyInstaller bundle dist/gdexplorer/.
# Unpack anywhere and run ./gdexplorer; ./install-menu-entry.sh adds it to the desktop menu.
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=dist/gdexplorer
VERSION=${VERSION:-$(sed -n 's/^__version__ = "\(.*\)"/\1/p' gdexplorer/_version.py)}
[ -x "$BUNDLE/gdexplorer" ] || { echo "error: $BUNDLE/gdexplorer not found: build the bundle first (make package)" >&2; exit 1; }
NAME=gdexplorer-${VERSION}-linux-$(uname -m)
STAGE=build/tarball/$NAME
rm -rf "build/tarball"
mkdir -p "$STAGE/share"
cp -a "$BUNDLE"/. "$STAGE/"
find "$STAGE" \( -name __pycache__ -o -name '*.nbi' -o -name '*.nbc' \) -prune -exec rm -rf {} +
cp -a resources/icons "$STAGE/share/icons"
cp resources/gdexplorer.svg packaging/gdexplorer.desktop "$STAGE/share/"
install -m 0755 packaging/install-menu-entry.sh "$STAGE/install-menu-entry.sh"
mkdir -p dist
tar -C build/tarball --owner=0 --group=0 --numeric-owner -czf "dist/$NAME.tar.gz" "$NAME"
echo "built dist/$NAME.tar.gz ($(du -h "dist/$NAME.tar.gz" | cut -f1))"
