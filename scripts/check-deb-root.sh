#!/usr/bin/env bash
# The full check of the Debian package, as on a fresh kiosk: debootstrap a
# minimal Debian 12 root, install the .deb into it with apt (which pulls
# every runtime dependency from Debian), then run the installed biokiosk
# there: its version, a face analysis with the installed models, the
# system-wide config; then it provisions a fleet kiosk (useradd kiosk,
# kiosk-setup --pin-file), checks that without a server it refuses rather
# than start the sandbox, and purges. Needs root and Debian's mirror; takes several minutes
# (not part of make test, which runs scripts/check-deb.sh).
#
# Usage: sudo scripts/check-deb-root.sh dist/biokiosk_*.deb [ROOTDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
deb="$(realpath "$1")"
root="${2:-$(mktemp -d /tmp/biokiosk-root.XXXXXX)}"
fail() { echo "check-deb-root: $*" >&2; exit 1; }
# mktemp makes 0700; a root file system is 0755, or every account but
# root (runuser -u kiosk …) finds nothing in it.
mkdir -p "$root"
chmod 0755 "$root"

if [ ! -x "$root/usr/bin/apt-get" ]; then
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
fi
cp "$deb" "$root/tmp/biokiosk.deb"
cp testdata/faces/portraits/obama.jpg "$root/tmp/portrait.jpg"
mount -t proc proc "$root/proc"
trap 'umount "$root/proc" || true' EXIT
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/biokiosk.deb >/dev/null
chroot "$root" biokiosk version
out="$(chroot "$root" env HOME=/root LANG=C.UTF-8 sh -c 'cd / && biokiosk analyze-face --json /tmp/portrait.jpg' 2>/tmp/check-deb-root.err)" || { cat /tmp/check-deb-root.err; fail "analyze-face"; }
grep -q '"reduced": *true' <<<"$out" && fail "fell back to the Haar cascade: $(cat /tmp/check-deb-root.err)"
grep -q '"liveness": *0\.' <<<"$out" || fail "no liveness: $out"
# The system-wide config decides the back end when the user has none.
mkdir -p "$root/etc/biokiosk"
echo '{"backend": "biopassid", "server": "https://api.biopassid.invalid", "key": "k", "kiosk_id": "branch-214"}' > "$root/etc/biokiosk/config.json"
code=0
chroot "$root" env HOME=/root LANG=C.UTF-8 biokiosk identify --camera /tmp/portrait.jpg --capture-timeout 2s --json >/tmp/check-deb-root.out 2>&1 || code=$?
grep -q NOT_SUPPORTED_BY_BACKEND /tmp/check-deb-root.out || fail "the system config's back end was not used (exit $code): $(cat /tmp/check-deb-root.out)"
# A fleet kiosk, provisioned without a screen: the account, its staff PIN
# (hashed, 0600, the account's), and no silent sandbox without a server.
chroot "$root" sh -c 'id kiosk >/dev/null 2>&1 || useradd -m -s /bin/bash kiosk'
printf '80917\n' > "$root/tmp/pin"
chroot "$root" biokiosk kiosk-setup --user kiosk --pin-file /tmp/pin
pinfile="$root/home/kiosk/.config/biokiosk/staff-pin.json"
[ "$(stat -c '%a %u' "$pinfile")" = "600 $(chroot "$root" id -u kiosk)" ] || fail "staff PIN file: $(stat -c '%a %u' "$pinfile")"
grep -q 80917 "$pinfile" && fail "the PIN in clear in $pinfile"
echo '{"kiosk_id": "branch-214"}' > "$root/etc/biokiosk/config.json"
code=0
chroot "$root" runuser -u kiosk -- env HOME=/home/kiosk LANG=C.UTF-8 biokiosk enroll --reference-id fleet-1 --consent yes --camera /tmp/portrait.jpg --no-voice --json >/tmp/check-deb-root.out 2>&1 || code=$?
grep -q 'no server configured' /tmp/check-deb-root.out || fail "a fleet kiosk without a server did not refuse (exit $code): $(cat /tmp/check-deb-root.out)"
[ ! -e "$root/home/kiosk/.config/biokiosk/sandbox.db" ] || fail "the sandbox started on a fleet kiosk"
# Purge: /etc/biokiosk goes; the account's data is listed, and
# kiosk-setup --disable --purge deletes it.
chroot "$root" biokiosk kiosk-setup --user kiosk --disable --purge
[ ! -e "$root/home/kiosk/.config/biokiosk" ] || fail "kiosk-setup --disable --purge left the account's data"
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq biokiosk >/dev/null
[ ! -e "$root/etc/biokiosk" ] || fail "purge left /etc/biokiosk"
echo "check-deb-root: installed in a fresh Debian 12 root ($root): version runs, full face analysis with the packaged models, /etc/biokiosk/config.json read, kiosk-setup --pin-file, no sandbox on a fleet kiosk, purge"
