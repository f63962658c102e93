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
for p in libopencv-core406 libportaudio2 libtesseract5 libglx-mesa0 libc6; do
  grep -qE "(^|, )$p \(>= [^)]+\)" <<<"$depends" || fail "Depends lacks a versioned $p: $depends"
done
grep -qw libgl1 <<<"$depends" || fail "Depends lacks libgl1 (its shlibs carry no version): $depends"
grep -qw tesseract-ocr-eng <<<"$depends" && fail "tesseract-ocr-eng (the sandbox's alone) in Depends: $depends"
# A build of a later commit must upgrade this one: the commit count comes
# before the hash, which dpkg compares only when the counts are equal.
version="$(dpkg-deb -f "$deb" Version)"
[[ "$version" =~ ^.+\+git[0-9]+\.[0-9a-f]+-1$ ]] || fail "version $version is not <base>+git<commits>.<hash>-1"
sbdeb="$(dirname "$deb")/biokiosk-sandbox_${version}_all.deb"
[ -f "$sbdeb" ] || fail "no $sbdeb"
dpkg-deb -f "$deb" Suggests | grep -q biokiosk-sandbox || fail "biokiosk does not suggest biokiosk-sandbox"
contents="$(dpkg-deb -c "$deb")"
for f in ./usr/bin/biokiosk ./usr/share/applications/biokiosk.desktop ./usr/share/icons/hicolor/512x512/apps/biokiosk.png \
  ./usr/lib/systemd/user/biokiosk-kiosk.service "./usr/lib/systemd/system/biokiosk-session@.service" ./etc/xdg/autostart/biokiosk-kiosk.desktop \
  ./usr/share/doc/biokiosk/commands.txt.gz ./usr/share/doc/biokiosk/copyright ./usr/share/doc/biokiosk/changelog.Debian.gz \
  ./usr/share/man/man1/biokiosk.1.gz; do
  grep -q " $f\$" <<<"$contents" || fail "missing $f"
done
n="$(grep -c ' ./usr/share/biokiosk/models/fr_.*\.onnx$' <<<"$contents")"
[ "$n" -eq 6 ] || fail "$n face models in the package, want the kiosk's 6"
n="$(dpkg-deb -c "$sbdeb" | grep -c ' ./usr/share/biokiosk/models/fr_\(age\|gender\|expression\)\.onnx$')"
[ "$n" -eq 3 ] || fail "$n models in biokiosk-sandbox, want 3"
# Every file under /etc is a conffile; md5sums cover every file.
ctl="$(mktemp -d)"
dpkg-deb -e "$deb" "$ctl/DEBIAN"
diff <(grep ' \./etc/' <<<"$contents" | grep -v '/$' | awk '{ print substr($NF, 2) }' | sort) <(sort "$ctl/DEBIAN/conffiles") >&2 || fail "conffiles differ from the files in /etc"
[ "$(wc -l < "$ctl/DEBIAN/md5sums")" -eq "$(grep -c '^-' <<<"$contents")" ] || fail "md5sums does not list every file"
grep -q 'rm -rf /etc/biokiosk' "$ctl/DEBIAN/postrm" || fail "postrm does not purge /etc/biokiosk"
rm -rf "$ctl"

# Debian's standards: no lintian error, and no warning but those listed
# (with why) in packaging/lintian-accepted.
if command -v lintian >/dev/null; then
  lint="$(lintian --no-cfg --tag-display-limit 0 "$deb" "$sbdeb" 2>&1 || true)"
  errors="$(grep '^E: ' <<<"$lint" || true)"
  warnings="$(grep '^W: ' <<<"$lint" | grep -vFf <(sed -n 's/^\([a-z0-9-]*\) .*/: \1/p' packaging/lintian-accepted) || true)"
  [ -z "$errors$warnings" ] || { echo "$lint" >&2; fail "lintian: $(grep -c . <<<"$errors$warnings") errors and warnings"; }
  echo "check-deb: lintian: $(grep -c '^E: ' <<<"$lint" || true) errors, $(grep -c '^W: ' <<<"$lint" || true) warnings (accepted: packaging/lintian-accepted)"
else
  fail "lintian is not installed (make deps installs it)"
fi

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
# A score in [0, 1] (a real face may score exactly 1), not the fallback's -1.
grep -Eq '"liveness": *(0(\.[0-9]+)?|1(\.0+)?)[,[:space:]]' <<<"$out" || fail "no liveness figure: $out"
grep -q '"ied_px": *[1-9]' <<<"$out" || fail "no landmarks: $out"
echo "check-deb: $deb is complete, installable here, and its binary runs with the packaged models"
