#!/usr/bin/env bash
# macOS: build dist/gdexplorer.app with the same spec, then dist/gdexplorer-VERSION-macos-ARCH.dmg.
# UNTESTED HERE (the project is built on Linux); the GitHub Actions workflow runs it on macos-14.
#
#   bash packaging/macos/build_dmg.sh            # from the repository root, in the venv
#
# The .app is not signed or notarized: Gatekeeper says it "cannot be opened" the first time; open it
# with right-click > Open (or `xattr -dr com.apple.quarantine /Applications/gdexplorer.app`).
# To sign: codesign --deep --force --options runtime --sign "Developer ID Application: ..." the .app,
# then `xcrun notarytool submit DMG --wait` and `xcrun stapler staple DMG`.
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-python3}
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' gdexplorer/_version.py)
ARCH=$(uname -m)
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
    packaging/gdexplorer.spec
APP=dist/gdexplorer.app
[ -d "$APP" ] || { echo "error: $APP was not built" >&2; exit 1; }
# The frozen self-test, without the window (CI has no GPU; run the full test on a Mac by hand).
"$APP/Contents/MacOS/gdexplorer" --self-test --no-window

STAGE=build/dmg
rm -rf "$STAGE"
mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
DMG=dist/gdexplorer-${VERSION}-macos-${ARCH}.dmg
rm -f "$DMG"
hdiutil create -volname "gdexplorer ${VERSION}" -srcfolder "$STAGE" -ov -format UDZO "$DMG"
echo "built $DMG"
