#!/usr/bin/env bash
# Builds two Debian packages in OUTDIR (default dist):
#   biokiosk_<version>_amd64.deb: the kiosk. The release binary (PIE,
#     stripped, with a GNU build id, hardened cgo), the six face models the
#     kiosk loads (fetched and checksummed by fetch-models.sh), the desktop
#     entry and icon, the kiosk's systemd user unit and autostart entry (a
#     conffile; both disabled until "biokiosk kiosk-setup --user NAME"), the
#     locked session's system unit (biokiosk-session@.service), the man page
#     generated from the CLI help, the docs, a changelog, and a copyright
#     file with the notices of every Go module compiled in.
#   biokiosk-sandbox_<version>_all.deb: what only the embedded sandbox
#     needs (the age, gender and expression models; Tesseract's English
#     data), suggested by biokiosk: a fleet kiosk on a real server has no
#     use for it.
# Depends are versioned, from dpkg-shlibdeps on the binary's NEEDED libraries,
# plus the runtime data the kiosk loads without a link.
#
# Usage: scripts/build-deb.sh [OUTDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-dist}"
base="$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)"
rev="$(git rev-parse --short HEAD 2>/dev/null || echo 0)"
# The number of commits orders two builds of one base version as dpkg and
# apt compare them (a later commit upgrades an earlier one: +git41.… <
# +git112.…); the hash names the commit. -1: the Debian revision (a
# non-native package, whose changelog is changelog.Debian.gz).
count="$(git rev-list --count HEAD 2>/dev/null || echo 0)"
if [ "$(git rev-parse --is-shallow-repository 2>/dev/null || echo none)" != false ]; then
  echo "build-deb: warning: not a full git clone: the commit count ($count) does not order this build against others; build a fleet's packages from a full clone" >&2
fi
version="${base}+git${count}.${rev}-1"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"
maint="biokiosk developers <dev@biokiosk.invalid>"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
chmod 0755 "$stage"
root="$stage/biokiosk"
sbroot="$stage/biokiosk-sandbox"
umask 022
install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/biokiosk/models" "$root/usr/share/applications" \
  "$root/usr/share/icons/hicolor/512x512/apps" "$root/etc/xdg/autostart" "$root/usr/share/doc/biokiosk" \
  "$root/usr/lib/systemd/user" "$root/usr/lib/systemd/system" "$root/usr/share/man/man1"
install -d "$sbroot/DEBIAN" "$sbroot/usr/share/biokiosk/models" "$sbroot/usr/share/doc/biokiosk-sandbox"

echo "build-deb: building biokiosk $version" >&2
# Debian's hardening for the cgo parts; the Go linker makes a PIE, strips
# the symbol table and DWARF (-s -w) and writes a GNU build id from the Go
# build id (-B gobuildid), so debuggers and crash reports can still match it.
CGO_CPPFLAGS="-D_FORTIFY_SOURCE=2" CGO_CFLAGS="-O2 -fstack-protector-strong" CGO_CXXFLAGS="-O2 -fstack-protector-strong" \
  CGO_LDFLAGS="-Wl,-z,relro -Wl,-z,now" \
  go build -buildmode=pie -trimpath -ldflags "-s -w -B gobuildid -X biokiosk/internal/cli.version=$version" -o "$root/usr/bin/biokiosk" .
objcopy --remove-section=.comment "$root/usr/bin/biokiosk" # the C compilers' names: lintian's binary-has-unneeded-section
scripts/fetch-models.sh models
for m in detect eye feature landmark liveness pose; do
  install -m 0644 "models/fr_$m.onnx" "$root/usr/share/biokiosk/models/"
done
for m in age gender expression; do
  install -m 0644 "models/fr_$m.onnx" "$sbroot/usr/share/biokiosk/models/"
done
install -m 0644 assets/icon.png "$root/usr/share/icons/hicolor/512x512/apps/biokiosk.png"
install -m 0644 packaging/biokiosk-kiosk.service "$root/usr/lib/systemd/user/"
install -m 0644 "packaging/biokiosk-session@.service" "$root/usr/lib/systemd/system/"
# The autostart entry, hidden (disabled) for everyone: kiosk-setup writes
# the kiosk user's own copy, which overrides it. A conffile: IT's edits
# survive upgrades.
{ "$root/usr/bin/biokiosk" kiosk-setup --print-autostart; echo "Hidden=true"; } > "$root/etc/xdg/autostart/biokiosk-kiosk.desktop"
chmod 0644 "$root/etc/xdg/autostart/biokiosk-kiosk.desktop"
(cd "$root" && find etc -type f | sed 's,^,/,' | sort) > "$root/DEBIAN/conffiles"

doc="$root/usr/share/doc/biokiosk"
install -m 0644 packaging/config.json.example "$doc/"
for f in README.md docs/fleet.md; do gzip -9n < "$f" > "$doc/$(basename "$f").gz"; done
"$root/usr/bin/biokiosk" help | gzip -9n > "$doc/commands.txt.gz"
scripts/deb-copyright.sh "$root/usr/bin/biokiosk" models/LICENSE > "$doc/copyright"
scripts/deb-man.sh "$root/usr/bin/biokiosk" "$version" | gzip -9n > "$root/usr/share/man/man1/biokiosk.1.gz"
changelog() { # package
  {
    echo "$1 ($version) unstable; urgency=medium"
    echo
    echo "  * Built from git $rev: $(git log -1 --format=%s 2>/dev/null | cut -c1-50 || echo 'a local tree')."
    echo
    echo " -- $maint  $(date -u -R -d "@$SOURCE_DATE_EPOCH")"
    echo
    cat packaging/changelog
  } | gzip -9n
}
changelog biokiosk > "$doc/changelog.Debian.gz"
chmod 0644 "$doc"/*
cat > "$root/usr/share/applications/biokiosk.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=biokiosk
GenericName=Biometric enrolment kiosk
Comment=Face and voice registration and verification at a bank kiosk or staff desk
Exec=/usr/bin/biokiosk
Icon=biokiosk
Categories=Office;
Keywords=biometrics;kiosk;enrolment;face;voice;
DESKTOP
install -m 0755 packaging/postrm "$root/DEBIAN/postrm"

# Depends: dpkg-shlibdeps (versioned, from the shlibs of the libraries the
# binary links), plus what the kiosk loads without a link: Mesa's GL
# driver and OpenCV's Haar cascades (the face fallback).
mkdir -p "$stage/src/debian"
printf 'Source: biokiosk\n\nPackage: biokiosk\nArchitecture: amd64\n' > "$stage/src/debian/control"
shlibs="$(cd "$stage/src" && dpkg-shlibdeps -O -e"$root/usr/bin/biokiosk" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')"
[ -n "$shlibs" ] || { echo "build-deb: dpkg-shlibdeps found nothing" >&2; exit 1; }
mesa="$(dpkg-query -W -f='${Version}' libglx-mesa0 | sed 's/-[^-]*$//')"
opencv="$(dpkg-query -W -f='${Version}' opencv-data | sed 's/-[^-]*$//')"
depends="$shlibs, libglx-mesa0 (>= $mesa), libgl1-mesa-dri (>= $mesa), opencv-data (>= $opencv)"
size() { du -sk --exclude=DEBIAN "$1" | cut -f1; }
sed -e "s/@VERSION@/$version/" -e "s/@DEPENDS@/$depends/" -e "s/@MAINTAINER@/$maint/" -e "s/@SIZE@/$(size "$root")/" packaging/control.in > "$root/DEBIAN/control"

# biokiosk-sandbox
install -m 0644 models/LICENSE "$stage/models-license"
{
  echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: biokiosk"
  echo "Source: https://github.com/biokiosk/biokiosk"
  echo
  echo "Files: usr/share/biokiosk/models/*"
  echo "Copyright: faceplugin (npm package faceplugin-face-recognition-js 0.0.1)"
  echo "License: Expat"
  sed -e 's/^[[:space:]]*$/./' -e 's/^/ /' models/LICENSE
} > "$sbroot/usr/share/doc/biokiosk-sandbox/copyright"
changelog biokiosk-sandbox > "$sbroot/usr/share/doc/biokiosk-sandbox/changelog.Debian.gz"
chmod 0644 "$sbroot/usr/share/doc/biokiosk-sandbox"/*
tess="$(dpkg-query -W -f='${Version}' tesseract-ocr-eng | sed 's/-[^-]*$//')"
sed -e "s/@VERSION@/$version/" -e "s/@MAINTAINER@/$maint/" -e "s/@TESS@/$tess/" -e "s/@SIZE@/$(size "$sbroot")/" packaging/control-sandbox.in > "$sbroot/DEBIAN/control"

mkdir -p "$out"
for r in "$root" "$sbroot"; do
  (cd "$r" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) > "$r/DEBIAN/md5sums"
  chmod 0644 "$r/DEBIAN/md5sums" "$r/DEBIAN/control"
  find "$r" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
done
deb="$out/biokiosk_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zgzip --build "$root" "$deb" >/dev/null
dpkg-deb --root-owner-group -Zgzip --build "$sbroot" "$out/biokiosk-sandbox_${version}_all.deb" >/dev/null
echo "$deb"
