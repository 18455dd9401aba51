#!/usr/bin/env bash
# Makes Debian's Chromium available for the HTML report's browser tests
# (test/unit/digest/html-browser*.test.ts), with a Japanese font (fonts-ipafont-gothic)
# so the Japanese digest's screenshot shows text, not empty boxes. Installs the
# packages with apt-get when they are missing and this runs as root (it changes the
# machine); otherwise says why not and exits 0: the tests then skip, naming the
# reason. Prints the browser's path.
set -uo pipefail

log() { echo "ensure-chromium: $*" >&2; }

have_font() { fc-list 2>/dev/null | grep -qi 'ipagothic\|ipa gothic\|noto sans cjk'; }
for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ] && have_font; then printf '%s\n' "$candidate"; exit 0; fi
done
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  log "no Chromium and no root apt-get to install it; the HTML browser test will be skipped"
  exit 0
fi
log "installing Debian's chromium and fonts-ipafont-gothic packages"
if DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-ipafont-gothic >&2; then
  command -v chromium
else
  log "apt-get could not install chromium; the HTML browser test will be skipped"
fi
exit 0
