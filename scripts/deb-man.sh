#!/usr/bin/env bash
# Prints biokiosk(1), the manual page, generated from the CLI's own help:
# the command list of "biokiosk help" and each command's flags from
# "biokiosk COMMAND -h", so the page never drifts from the program.
#
# Usage: scripts/deb-man.sh BINARY VERSION
set -euo pipefail
bin="$1"
version="$2"
export HOME="$(mktemp -d)" LANG=C.UTF-8
trap 'rm -rf "$HOME"' EXIT
# roff: a backslash, and a line starting with . or ', are escaped.
esc() { sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/" -e 's/-/\\-/g'; }

help="$(env -u DISPLAY -u WAYLAND_DISPLAY "$bin" help 2>&1 || true)"
cat <<HEAD
.TH BIOKIOSK 1 "$(date -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" +%Y-%m-%d)" "biokiosk $version" "User Commands"
.SH NAME
biokiosk \- biometric enrolment kiosk: face, voice and identity document
.SH SYNOPSIS
.B biokiosk
.RB [ \-\-kiosk ]
.br
.B biokiosk
.I command
.RI [ flags ]
.SH DESCRIPTION
biokiosk walks a person through biometric registration and verification at
a bank\-branch kiosk or a staff desk, against BiometrID, BioPass ID or
Verifik, or its own embedded sandbox. With no command it starts the staff
app; \fB\-\-kiosk\fR starts the full\-screen kiosk. The headless commands
below run the same flows from a terminal.
.SH COMMANDS
HEAD
sed -n 's/^  \([a-z][a-z-]*\) \+\(.*\)$/\1\t\2/p' <<<"$help" | while IFS=$'\t' read -r cmd summary; do
  echo ".TP"
  echo ".B $(esc <<<"$cmd")"
  esc <<<"$summary"
  flags="$(env -u DISPLAY -u WAYLAND_DISPLAY "$bin" "$cmd" -h 2>&1 </dev/null | grep -v '^Usage of\|^usage:' || true)"
  if grep -q '^  -' <<<"$flags"; then
    echo ".RS"
    echo ".nf"
    esc <<<"$flags"
    echo ".fi"
    echo ".RE"
  fi
done
cat <<'TAIL'
.SH FILES
.TP
.I /etc/biokiosk/config.json
The fleet's configuration, read under each account's own; its presence makes
the machine a fleet kiosk (no embedded sandbox unless it says
\fB"backend": "sandbox"\fR).
.TP
.I ~/.config/biokiosk/
An account's configuration, staff PIN (\fIstaff\-pin.json\fR, 0600), and the
sandbox's and the records' SQLite databases.
.SH EXIT STATUS
0 success; 1 a refusal; 2 usage; 3 the flow failed or was abandoned (or no
display); 4 the kiosk cannot start until IT provisions it (the exit PIN is
still the default).
.SH SEE ALSO
.BR cage (1),
.BR systemctl (1);
.I /usr/share/doc/biokiosk/fleet.md.gz
TAIL
