#!/usr/bin/env bash
# Builds dist/biokiosk_<version>_amd64.deb: the release binary, the face
# models (fetched and checksummed by fetch-models.sh), the desktop entry and
# icon, the kiosk's systemd user unit and autostart entry (both disabled
# until "biokiosk kiosk-setup --user NAME"), and the docs. Depends lists the
# Debian packages of the libraries the binary links (read from its ELF
# NEEDED entries) plus the runtime data it loads.
#
# Usage: scripts/build-deb.sh [OUTDIR]   (default: dist)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-dist}"
base="$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)"
rev="$(git rev-parse --short HEAD 2>/dev/null || echo 0)"
version="${base}+git${rev}"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
root="$stage/root"
install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/biokiosk/models" "$root/usr/share/applications" \
  "$root/usr/share/icons/hicolor/512x512/apps" "$root/etc/xdg/autostart" "$root/usr/share/doc/biokiosk" "$root/usr/lib/systemd/user"

echo "build-deb: building biokiosk $version" >&2
go build -ldflags "-X biokiosk/internal/cli.version=$version" -o "$root/usr/bin/biokiosk" .
scripts/fetch-models.sh models
install -m 0644 models/*.onnx "$root/usr/share/biokiosk/models/"
install -m 0644 models/LICENSE "$root/usr/share/doc/biokiosk/LICENSE-face-models"
install -m 0644 assets/icon.png "$root/usr/share/icons/hicolor/512x512/apps/biokiosk.png"
install -m 0644 packaging/biokiosk-kiosk.service "$root/usr/lib/systemd/user/"
# The autostart entry, hidden (disabled) for everyone: kiosk-setup writes
# the kiosk user's own copy, which overrides it.
{ "$root/usr/bin/biokiosk" kiosk-setup --print-autostart; echo "Hidden=true"; } > "$root/etc/xdg/autostart/biokiosk-kiosk.desktop"
install -m 0644 packaging/config.json.example README.md docs/fleet.md "$root/usr/share/doc/biokiosk/"
"$root/usr/bin/biokiosk" help > "$root/usr/share/doc/biokiosk/commands.txt"
cat > "$root/usr/share/applications/biokiosk.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=biokiosk
GenericName=Biometric enrolment kiosk
Comment=Face and voice registration and verification at a bank kiosk or staff desk
Exec=/usr/bin/biokiosk
Icon=biokiosk
Categories=Office;
DESKTOP
cat > "$root/usr/share/doc/biokiosk/copyright" <<COPY
biokiosk: see the project's repository for its licence.
The face models (usr/share/biokiosk/models) are from the npm package
faceplugin-face-recognition-js 0.0.1, MIT licence: LICENSE-face-models.
COPY

# Depends: the packages owning the libraries the binary needs directly.
deps=()
while read -r lib; do
  path="$(ldconfig -p | awk -v l="$lib" '$1 == l && !found { print $NF; found = 1 }')"
  [ -n "$path" ] || { echo "build-deb: $lib not found" >&2; exit 1; }
  pkg="$(dpkg -S "$(realpath "$path")" 2>/dev/null | sed -n '1s/:.*//p' || true)"
  [ -n "$pkg" ] || pkg="$(dpkg -S "$path" 2>/dev/null | sed -n '1s/:.*//p' || true)"
  [ -n "$pkg" ] && deps+=("$pkg")
done < <(objdump -p "$root/usr/bin/biokiosk" | awk '/NEEDED/ { print $2 }')
# Runtime data and drivers loaded without a link: libc, Mesa's GL driver,
# Tesseract's English data, OpenCV's Haar cascades (the face fallback).
deps+=(libc6 libglx-mesa0 libgl1-mesa-dri tesseract-ocr-eng opencv-data)
depends="$(printf '%s\n' "${deps[@]}" | sort -u | paste -sd, - | sed 's/,/, /g')"
sed -e "s/@VERSION@/$version/" -e "s/@DEPENDS@/$depends/" packaging/control.in > "$root/DEBIAN/control"
echo "Installed-Size: $(du -sk "$root/usr" | cut -f1)" >> "$root/DEBIAN/control"

mkdir -p "$out"
deb="$out/biokiosk_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zgzip --build "$root" "$deb" >/dev/null
echo "$deb"
