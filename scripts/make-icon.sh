#!/usr/bin/env bash
# Draws resources/ImageChecker.ico (16-256 px): a blue rounded square with a white check mark.
# Run by hand when the icon should change; the .ico is committed (Windows resources need it at build time).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for size in 16 24 32 48 64 128 256; do
  stroke=$(( size / 8 > 1 ? size / 8 : 2 ))
  convert -size "${size}x${size}" xc:none -fill '#1565C0' \
    -draw "roundrectangle 0,0 $((size - 1)),$((size - 1)) $((size / 5)),$((size / 5))" \
    -stroke white -strokewidth "$stroke" -fill none \
    -draw "stroke-linejoin round stroke-linecap round polyline $((size * 26 / 100)),$((size * 52 / 100)) $((size * 43 / 100)),$((size * 70 / 100)) $((size * 75 / 100)),$((size * 32 / 100))" \
    "$work/icon-$size.png"
done
convert "$work"/icon-{16,24,32,48,64,128,256}.png resources/ImageChecker.ico
echo "resources/ImageChecker.ico written"
