#!/usr/bin/env bash
# Runs a command with a Node.js >= 24 first on PATH (see node24.sh): the project's
# npm scripts go through here so they run on the Lambda runtime's Node major even
# where the system Node is older.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PATH="$("$here/node24.sh"):$PATH"
export PATH
exec "$@"
