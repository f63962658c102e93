#!/usr/bin/env bash
# Prints the Debian copyright file of the biokiosk package built from
# BINARY: biokiosk's own notice, the face models' MIT notice, and the
# licence notice of every Go module compiled into the binary (read from
# its embedded build info, the texts from the module cache). Licences that
# Debian ships in /usr/share/common-licenses are referred to, the others
# (MIT, BSD, ISC…: their notice must travel with the binary) are quoted.
#
# Usage: scripts/deb-copyright.sh BINARY MODELS_LICENSE
set -euo pipefail
bin="$1"
models_license="$2"
modcache="$(go env GOMODCACHE)"

indent() { sed -e 's/^[[:space:]]*$/./' -e 's/^/ /'; }

cat <<HEAD
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: biokiosk
Upstream-Contact: biokiosk developers <dev@biokiosk.invalid>
Source: https://github.com/biokiosk/biokiosk
Comment: usr/bin/biokiosk is a Go program: the Go modules listed below are
 compiled into it, each under its own licence. It links OpenCV, PortAudio,
 Tesseract, Leptonica and the GL and X11 libraries dynamically (see Depends).

Files: *
Copyright: 2026 biokiosk developers
License: biokiosk
 Copyright 2026 biokiosk developers. All rights reserved. The source is
 published at the address above; no licence beyond the right to install
 and run this package is granted by it.

Files: usr/share/biokiosk/models/*
Copyright: faceplugin (npm package faceplugin-face-recognition-js 0.0.1)
License: Expat
HEAD
indent < "$models_license"
echo

# Go itself: the standard library and runtime are in every Go binary.
goroot="$(go env GOROOT)"
echo "Files: usr/bin/biokiosk"
echo "Copyright: The Go Authors"
echo "Comment: the Go standard library and runtime ($(go version -m "$bin" | sed -n '1s/^[^:]*: //p'))"
echo "License: BSD-3-Clause"
indent < "$goroot/LICENSE"
echo

go version -m "$bin" | awk '$1 == "dep" || $1 == "=>" { print $2, $3 }' | while read -r mod ver; do
  [ -n "$ver" ] || continue
  esc="$(sed 's/[A-Z]/!\L&/g' <<<"$mod")" # the module cache's case encoding
  dir="$modcache/$esc@$ver"
  lic="$(ls "$dir"/LICENSE* "$dir"/LICENCE* "$dir"/COPYING* "$dir"/License* 2>/dev/null | head -1 || true)"
  echo "Files: usr/bin/biokiosk"
  echo "Comment: Go module $mod $ver, compiled in"
  if [ -z "$lic" ]; then
    echo "Copyright: the authors of $mod"
    echo "License: unknown"
    echo " The module carries no licence file in its release $ver."
    echo
    continue
  fi
  holder="$(grep -m1 -iE '^[[:space:]]*copyright[[:space:]]+(\(c\)[[:space:]]*)?[0-9]' "$lic" | sed -E 's/^[[:space:]]*[Cc]opyright[[:space:]]+(\([cC]\)[[:space:]]*)?//' || true)"
  echo "Copyright: ${holder:-the authors of $mod}"
  if grep -q 'Apache License' "$lic" && grep -q 'Version 2.0' "$lic"; then
    echo "License: Apache-2.0"
    echo " On Debian systems the full text is in /usr/share/common-licenses/Apache-2.0."
    notice="$(ls "$dir"/NOTICE* 2>/dev/null | head -1 || true)"
    [ -n "$notice" ] && { echo " ."; echo " NOTICE:"; indent < "$notice"; }
  elif grep -q 'Mozilla Public License' "$lic" && grep -q '2\.0' "$lic"; then
    echo "License: MPL-2.0"
    echo " On Debian systems the full text is in /usr/share/common-licenses/MPL-2.0."
  else
    name="other"
    if grep -qi 'Permission is hereby granted, free of charge' "$lic"; then name="Expat"
    elif grep -qi 'Redistribution and use in source and binary forms' "$lic"; then
      if grep -qiE 'neither the name|names of its' "$lic"; then name="BSD-3-Clause"; else name="BSD-2-Clause"; fi
    elif grep -qi 'Permission to use, copy, modify, and/or distribute' "$lic"; then name="ISC"
    fi
    echo "License: $name"
    indent < "$lic"
  fi
  echo
done
