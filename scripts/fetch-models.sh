#!/usr/bin/env bash
# Fetches the face models (ONNX) that biokiosk runs locally, from the npm
# package faceplugin-face-recognition-js@0.0.1 (MIT), checks the tarball's
# sha256 and extracts package/model/*.onnx into the models folder.
#
# Usage: scripts/fetch-models.sh [DIR]   (default: $BIOKIOSK_MODELS, else ./models)
# Does nothing when every model is already there.
set -euo pipefail

PKG="faceplugin-face-recognition-js@0.0.1"
SHA256="7ea06031d9a3f83753254fcff60506a07b81b46fc84d4ee024cd041f260ec1ba"
MODELS=(fr_age fr_detect fr_expression fr_eye fr_feature fr_gender fr_landmark fr_liveness fr_pose)

dest="${1:-${BIOKIOSK_MODELS:-$(cd "$(dirname "$0")/.." && pwd)/models}}"

have_all=1
for m in "${MODELS[@]}"; do
  [ -s "$dest/$m.onnx" ] || have_all=0
done
[ "$have_all" -eq 1 ] && exit 0

command -v npm >/dev/null 2>&1 || { echo "fetch-models: npm is needed (run scripts/install-deps.sh)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "fetch-models: downloading $PKG (41 MB) ..." >&2
(cd "$work" && npm pack --silent "$PKG" >/dev/null 2>"$work/npm.err") || { cat "$work/npm.err" >&2; exit 1; }
tgz="$(ls "$work"/*.tgz)"
got="$(sha256sum "$tgz" | cut -d' ' -f1)"
if [ "$got" != "$SHA256" ]; then
  echo "fetch-models: checksum mismatch for $PKG: got $got, want $SHA256" >&2
  exit 1
fi
tar -xzf "$tgz" -C "$work" package/model package/LICENSE
mkdir -p "$dest"
for m in "${MODELS[@]}"; do
  install -m 0644 "$work/package/model/$m.onnx" "$dest/$m.onnx"
done
install -m 0644 "$work/package/LICENSE" "$dest/LICENSE"
echo "fetch-models: models in $dest" >&2
