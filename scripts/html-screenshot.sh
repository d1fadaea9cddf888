#!/usr/bin/env bash
# Renders an HTML report in a real browser (Debian's chromium, headless) to a PNG, to look at:
#   scripts/html-screenshot.sh REPORT.html OUT.png [WIDTH] [HEIGHT]
# With IC_HTML_PDF=FILE.pdf it also prints the page to that PDF (the report is meant to print well).
# No network is needed or used.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: scripts/html-screenshot.sh REPORT.html OUT.png [WIDTH] [HEIGHT]" >&2; exit 3; }
html=$(readlink -f "$1")
png=$2
width=${3:-1100}
height=${4:-3000}
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "html-screenshot.sh: chromium is missing (scripts/install-deps.sh linux)" >&2; exit 1; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# --no-sandbox: chromium refuses to run as root with its sandbox; the page is our own file.
flags=(--headless=new --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile"
       --no-first-run --disable-extensions --disable-background-networking --proxy-server='127.0.0.1:9')
"$browser" "${flags[@]}" --window-size="$width,$height" --screenshot="$(readlink -f "$(dirname "$png")")/$(basename "$png")" \
  "file://$html" >/dev/null 2>&1
if [ -n "${IC_HTML_PDF:-}" ]; then
  "$browser" "${flags[@]}" --print-to-pdf="$(readlink -f "$(dirname "$IC_HTML_PDF")")/$(basename "$IC_HTML_PDF")" --no-pdf-header-footer \
    "file://$html" >/dev/null 2>&1
  echo "wrote $IC_HTML_PDF"
fi
# Trim the empty space below the page when ImageMagick is there.
if command -v convert >/dev/null; then convert "$png" -trim +repage -bordercolor white -border 12 "$png"; fi
echo "wrote $png"
