#!/usr/bin/env bash
# Checks a built biokiosk .deb as a fleet's IT would before rolling it out:
# its metadata and contents; that apt resolves every dependency on this
# Debian (a simulated install of the file); and, unpacked into a throwaway
# root, that the installed binary runs and finds the installed face models
# (the full analysis, not the Haar fallback) on a repository portrait.
#
# Usage: scripts/check-deb.sh dist/biokiosk_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
deb="$1"
fail() { echo "check-deb: $*" >&2; exit 1; }

info="$(dpkg-deb -I "$deb")"
grep -q '^ Package: biokiosk$' <<<"$info" || fail "no Package: biokiosk"
depends="$(dpkg-deb -f "$deb" Depends)"
for p in libopencv-core406 libportaudio2 libtesseract5 tesseract-ocr-eng libgl1 libglx-mesa0; do
  grep -qw "$p" <<<"$depends" || fail "Depends lacks $p: $depends"
done
contents="$(dpkg-deb -c "$deb")"
for f in ./usr/bin/biokiosk ./usr/share/applications/biokiosk.desktop ./usr/share/icons/hicolor/512x512/apps/biokiosk.png \
  ./usr/lib/systemd/user/biokiosk-kiosk.service ./etc/xdg/autostart/biokiosk-kiosk.desktop ./usr/share/doc/biokiosk/commands.txt \
  ./usr/share/doc/biokiosk/copyright; do
  grep -q " $f\$" <<<"$contents" || fail "missing $f"
done
n="$(grep -c ' ./usr/share/biokiosk/models/fr_.*\.onnx$' <<<"$contents")"
[ "$n" -eq 9 ] || fail "$n face models in the package, want 9"

# apt resolves the dependencies (simulation: nothing is installed).
apt-get install -s -qq "./$deb" >/dev/null 2>"${TMPDIR:-/tmp}/check-deb.err" || { cat "${TMPDIR:-/tmp}/check-deb.err" >&2; fail "apt cannot install it"; }

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
env -i PATH=/usr/bin:/bin HOME="$root/home" LANG=C.UTF-8 "$root/usr/bin/biokiosk" version | grep -q '^biokiosk ' || fail "biokiosk version"
# From the unpacked root, away from the source tree: the models must come
# from <exe>/../share/biokiosk/models.
portrait="$(pwd -P)/testdata/faces/portraits/obama.jpg"
out="$(cd "$root" && env -i PATH=/usr/bin:/bin HOME="$root/home" LANG=C.UTF-8 ./usr/bin/biokiosk analyze-face --json "$portrait" 2>"$root/err")" \
  || { cat "$root/err" >&2; fail "analyze-face failed"; }
# The Haar fallback says so on stderr and marks its result "reduced", with
# no liveness (-1) and no landmarks (IED 0).
grep -q '"reduced": *true' <<<"$out" && fail "the analysis fell back to the Haar cascade: $(cat "$root/err")"
grep -qi 'haar' "$root/err" && fail "fallback: $(cat "$root/err")"
grep -q '"liveness": *0\.' <<<"$out" || fail "no liveness figure: $out"
grep -q '"ied_px": *[1-9]' <<<"$out" || fail "no landmarks: $out"
echo "check-deb: $deb is complete, installable here, and its binary runs with the packaged models"
