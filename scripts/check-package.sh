#!/usr/bin/env bash
# The package as a platform team gets it: `npm pack` (its prepack builds dist/), the
# tarball installed into a copy of examples/cdk-app outside the checkout (npm install from the
# registry, preferring the local cache), the example compiled with
# exactOptionalPropertyTypes against the package's declarations, then `cdk synth --strict` with the cdk-nag AWS Solutions
# checks: any error, warning or unacknowledged finding fails. Also runs the installed
# `finops-ai --help`. Prints the tarball's file count and size, and the timings.
# Uses the project's own tsc and cdk (aws-cdk from devDependencies), so run `npm ci` first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PATH="$(bash "$root/scripts/node24.sh"):$PATH"
export PATH CDK_DISABLE_CLI_TELEMETRY=true
# Outside the checkout, so that Node cannot resolve anything from the project's own
# node_modules. Kept after the run for inspection (cdk.out, logs) and replaced by the
# next run of this checkout: deleting the example's 280 MB of node_modules takes
# most of a minute on some disks, which a fresh CI machine never has to pay.
work="${TMPDIR:-/tmp}/finops-ai-check-package.$(id -u).$(printf '%s' "$root" | cksum | cut -d' ' -f1)"
if [ -e "$work" ]; then echo "check-package: removing the previous run's $work" >&2; rm -rf "$work"; fi
mkdir -p "$work"
deps=''
# On an early failure, let the background install (step 1) finish rather than orphan it.
trap '[ -z "$deps" ] || wait "$deps" 2>/dev/null || true' EXIT
fail() { echo "check-package: $*" >&2; exit 1; }
started=$SECONDS

app="$work/cdk-app"
mkdir -p "$app" "$work/deps"
cp "$root"/examples/cdk-app/{package.json,cdk.json,tsconfig.json,app.ts} "$app/"

# 1. While packing, install the example's other dependencies (aws-cdk-lib is most of
#    the time), from a copy of its package.json without finops-ai.
cp "$app/package.json" "$work/deps/"
(
  cd "$work/deps"
  npm pkg delete dependencies.finops-ai
  npm install --omit=dev --prefer-offline --no-audit --no-fund
  mv node_modules "$app/"
) >"$work/deps.log" 2>&1 &
deps=$!

# 2. Pack (prepack runs `npm run build`, which logs to stderr: stdout stays JSON).
cd "$root"
npm pack --json --pack-destination "$work" >"$work/pack.json" || fail "npm pack failed"
tarball="$(node -p 'require(process.argv[1])[0].filename' "$work/pack.json")"
node "$root/scripts/check-tarball.mjs" "$work/pack.json" || fail "the tarball's contents are wrong (see above)"
packed=$SECONDS

# 3. Install the tarball into the example (its dev tools are the project's own tsc and cdk).
wait "$deps" || { cat "$work/deps.log" >&2; fail "npm install of the example's dependencies failed"; }
deps=''
cp "$work/$tarball" "$app/finops-ai.tgz"
(cd "$app" && npm install --omit=dev --prefer-offline --no-audit --no-fund) >"$work/install.log" 2>&1 ||
  { cat "$work/install.log" >&2; fail "npm install of the tarball failed"; }
if grep -q EBADENGINE "$work/deps.log" "$work/install.log"; then
  cat "$work/deps.log" "$work/install.log" >&2
  fail "npm install printed engine warnings"
fi
[ ! -e "$app/node_modules/esbuild" ] || fail "esbuild was installed with the package; synth must not need it"
installed=$SECONDS

# 4. The installed CLI runs from dist/ (no tsx, no sources).
"$app/node_modules/.bin/finops-ai" --help >"$work/help.txt" 2>&1 || { cat "$work/help.txt" >&2; fail "the installed finops-ai --help failed"; }
grep -q 'Usage: finops-ai' "$work/help.txt" || { cat "$work/help.txt" >&2; fail "the installed finops-ai --help printed no usage"; }

# 5. Compile the example with exactOptionalPropertyTypes and, unlike its tsconfig, the
#    declaration files checked too: an error in app.ts or in finops-ai's .d.ts fails; other
#    libraries' own .d.ts errors under that option (aws-cdk-lib, zod, smithy) are only counted.
(cd "$app" && "$root/node_modules/.bin/tsc" -p tsconfig.json --skipLibCheck false) >"$work/tsc.log" 2>&1 || true
if grep -E '^(app\.ts|node_modules/finops-ai/)' "$work/tsc.log"; then fail "the example does not compile against the package's types"; fi
[ -f "$app/dist/app.js" ] || { cat "$work/tsc.log" >&2; fail "tsc emitted no dist/app.js"; }
echo "check-package: the example and finops-ai's declarations compile with exactOptionalPropertyTypes" \
  "($(grep -c 'error TS' "$work/tsc.log" || true) errors inside other libraries' .d.ts, not checked)"
synth_start=$SECONDS
(cd "$app" && "$root/node_modules/.bin/cdk" synth --strict --quiet --ci --no-notices) || fail "cdk synth of the example failed"
template="$app/cdk.out/PlatformFinOps.template.json"
[ -f "$template" ] || fail "no template at $template"
functions="$(node -p 'Object.values(require(process.argv[1]).Resources).filter((r) => r.Type === "AWS::Lambda::Function").length' "$template")"
echo "check-package: the example app, its install and cdk.out are in $work (replaced by the next run)"
echo "check-package: synth with cdk-nag green ($functions Lambda functions); pack $((packed - started)) s (dependencies installed meanwhile)," \
  "tarball install $((installed - packed)) s, synth $((SECONDS - synth_start)) s, total $((SECONDS - started)) s"
