#!/bin/sh
# Add (or with --remove, remove) gdexplorer to your desktop menu, for the unpacked tarball.
# Per user, no root: ~/.local/share/applications and ~/.local/share/icons/hicolor.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
if [ "${1:-}" = "--remove" ]; then
    rm -f "$DATA/applications/gdexplorer.desktop"
    find "$DATA/icons/hicolor" -name 'gdexplorer.*' -delete 2>/dev/null || true
    echo "removed gdexplorer from the menu"
    exit 0
fi
mkdir -p "$DATA/applications"
for png in "$HERE"/share/icons/gdexplorer-*.png; do
    size=$(basename "$png" .png); size=${size#gdexplorer-}
    mkdir -p "$DATA/icons/hicolor/${size}x${size}/apps"
    cp "$png" "$DATA/icons/hicolor/${size}x${size}/apps/gdexplorer.png"
done
mkdir -p "$DATA/icons/hicolor/scalable/apps"
cp "$HERE/share/gdexplorer.svg" "$DATA/icons/hicolor/scalable/apps/gdexplorer.svg"
sed -e "s|^Exec=.*|Exec=\"$HERE/gdexplorer\"|" -e "s|^TryExec=.*|TryExec=$HERE/gdexplorer|" \
    "$HERE/share/gdexplorer.desktop" > "$DATA/applications/gdexplorer.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$DATA/applications" || true
echo "added gdexplorer to the menu ($DATA/applications/gdexplorer.desktop)"
