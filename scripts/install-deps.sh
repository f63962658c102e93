#!/usr/bin/env bash
# Installs the Debian 12 packages biokiosk needs to build, test and run,
# but only those that are missing. Uses sudo only when not root.
set -euo pipefail

pkgs=(
  libopencv-dev     # GoCV links against OpenCV 4.6
  opencv-data       # Haar/LBP cascades (fallback face detector)
  portaudio19-dev   # microphone capture
  libgl1-mesa-dev   # Fyne (OpenGL, Mesa software rendering when headless)
  xorg-dev          # Fyne's GLFW build needs the X11 headers
  xvfb              # headless display for GUI tests and screenshots
  xauth             # xvfb-run needs it
  espeak-ng         # spoken prompts; synthetic speech in tests
  sox               # shapes test audio
  imagemagick       # screenshots of the headless GUI
  tesseract-ocr     # the sandbox's OCR engine (reads document MRZs)
  tesseract-ocr-eng # Tesseract's English language data (Latin letters and digits)
  libtesseract-dev  # cgo headers for the gosseract binding
  libleptonica-dev  # Tesseract's image library headers (gosseract links it)
  fonts-ocr-b       # the MRZ font, for the synthetic test documents
  locales           # a proper UTF-8 locale for Fyne
  postgresql        # the fleet directory's server, started by the records tests (internal/testkit/pgtest)
  pkg-config        # cgo flags for OpenCV and PortAudio
  binutils          # objdump: the Debian package's Depends come from the binary's NEEDED libraries
  lintian           # make deb-check: the package to Debian standards
  cage              # the locked kiosk session (systemd-analyze verify checks its unit)
  xdotool           # the kiosk-session test sends Alt+F4, Alt+Tab, Super like a USB keyboard
  debootstrap       # make deb-root-check: a fresh Debian 12 root to install the package in
  gcc
)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm fetches the face models. Debian's npm conflicts with NodeSource's nodejs,
# so install it only when no npm is on the PATH at all.
command -v npm >/dev/null 2>&1 || missing+=(npm)

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Fyne reads the locale from LANG; "C" makes it log an error. The Makefile
# uses en_US.UTF-8, so make sure it exists.
if ! locale -a 2>/dev/null | grep -qi '^en_US\.utf-\?8$'; then
  echo "install-deps: generating the en_US.UTF-8 locale" >&2
  $SUDO sed -i 's/^# *\(en_US.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  grep -q '^en_US.UTF-8 UTF-8' /etc/locale.gen || echo 'en_US.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
  $SUDO locale-gen >/dev/null
fi
