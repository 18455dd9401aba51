#!/usr/bin/env bash
# Makes Debian's Chromium available for the HTML report's browser test
# (test/unit/digest/html-browser.test.ts). Installs the `chromium` package with
# apt-get when it is missing and this runs as root; otherwise says why not and
# exits 0: the test then skips, naming the reason. Prints the browser's path.
set -uo pipefail

log() { echo "ensure-chromium: $*" >&2; }

for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then printf '%s\n' "$candidate"; exit 0; fi
done
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  log "no Chromium and no root apt-get to install it; the HTML browser test will be skipped"
  exit 0
fi
log "installing Debian's chromium package"
if DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2; then
  command -v chromium
else
  log "apt-get could not install chromium; the HTML browser test will be skipped"
fi
exit 0
