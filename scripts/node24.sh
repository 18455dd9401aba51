#!/usr/bin/env bash
# Prints the directory of a Node.js >= 24 binary, for `PATH="$(scripts/node24.sh):$PATH"`.
# Uses the node already on PATH when it is new enough; otherwise installs the npm
# package `node@24` (a prebuilt binary served by the npm registry) into .tools/node24
# once, so machines that already have Node 24 never download another one.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
want=24
if command -v node >/dev/null 2>&1; then
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$major" -ge "$want" ]; then dirname "$(command -v node)"; exit 0; fi
fi
tools="$root/.tools/node$want"
bin="$tools/node_modules/node/bin"
if [ ! -x "$bin/node" ]; then
  echo "node24.sh: Node.js $want not found on PATH; installing the npm package node@$want into $tools" >&2
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-save --no-audit --no-fund --loglevel=error "node@$want" >&2
fi
"$bin/node" --version >/dev/null
echo "$bin"
