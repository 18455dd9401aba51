#!/usr/bin/env bash
# Prints the absolute path of a Python interpreter that can run the local AWS emulator:
# moto >= 5.2 with the server extras (flask, flask-cors, werkzeug).
#
# 1. Uses `python3` on PATH when it already has a suitable moto (skipped when
#    FINOPS_FORCE_MOTO_VENV=1, which exists to exercise step 2).
# 2. Otherwise installs moto[server]==5.2.1 from PyPI into <repo>/.tools/moto-venv
#    (python3 -m venv), or, when the venv module is missing, into
#    <repo>/.tools/moto-pylib with `pip install --target` plus a small wrapper script.
#
# Idempotent: the verified interpreter is remembered in .tools/moto-python, and later
# calls only re-check it cheaply (no moto import). Only the path goes to stdout;
# every diagnostic goes to stderr.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
cache="$tools/moto-python"
venv="$tools/moto-venv"
pylib="$tools/moto-pylib"
spec="moto[server]==5.2.1"
force="${FINOPS_FORCE_MOTO_VENV:-0}"

log() { echo "ensure-moto: $*" >&2; }

# Cheap check (~50 ms): moto >= 5.2 and the server extras are importable, without importing them.
quick_check() {
  "$1" - <<'EOF' >/dev/null 2>&1
import importlib.metadata as md, importlib.util as u, sys
v = tuple(int(p) for p in md.version("moto").split(".")[:2])
sys.exit(0 if v >= (5, 2) and all(u.find_spec(m) for m in ("moto", "flask", "flask_cors", "werkzeug")) else 1)
EOF
}

# Full check (~1 s): really imports moto's threaded server.
full_check() {
  "$1" - <<'EOF' >/dev/null 2>&1
import sys, moto
from moto.moto_server.threaded_moto_server import ThreadedMotoServer  # noqa: F401
v = tuple(int(p) for p in moto.__version__.split(".")[:2])
sys.exit(0 if v >= (5, 2) else 1)
EOF
}

accept() { # print a verified interpreter (and remember it, unless forced)
  if [ "$force" != 1 ]; then mkdir -p "$tools" && printf '%s\n' "$1" >"$cache"; fi
  printf '%s\n' "$1"
  exit 0
}

# Fast path: the interpreter verified last time (forced: an existing private install).
if [ "$force" = 1 ]; then
  for candidate in "$venv/bin/python" "$pylib/python"; do
    if [ -x "$candidate" ] && quick_check "$candidate"; then printf '%s\n' "$candidate"; exit 0; fi
  done
elif [ -f "$cache" ]; then
  cached="$(head -n 1 "$cache")"
  if [ -x "$cached" ] && quick_check "$cached"; then printf '%s\n' "$cached"; exit 0; fi
fi

if ! command -v python3 >/dev/null 2>&1; then
  log "python3 not found on PATH; install Python >= 3.10 (moto 5.2 needs it) and retry."
  exit 1
fi
sys_py="$(python3 -c 'import sys; print(sys.executable)')"

if [ "$force" != 1 ]; then
  if full_check "$sys_py"; then accept "$sys_py"; fi
  log "$sys_py lacks moto>=5.2 with server extras; using a private install under $tools"
else
  log "FINOPS_FORCE_MOTO_VENV=1: skipping $sys_py"
fi

if ! python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)'; then
  log "moto 5.2 needs Python >= 3.10, but python3 is $(python3 -V 2>&1)."
  exit 1
fi

# Serialize concurrent installs (parallel test runs) with a mkdir lock.
mkdir -p "$tools"
lock="$tools/moto-install.lock"
waited=0
until mkdir "$lock" 2>/dev/null; do
  if [ "$waited" -ge 900 ]; then
    log "timed out waiting for $lock (remove it if no install is running)"
    exit 1
  fi
  [ "$waited" = 0 ] && log "waiting for another moto install to finish ($lock)"
  sleep 1
  waited=$((waited + 1))
done
trap 'rmdir "$lock" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM

# Another process may have finished the install while we waited.
for candidate in "$venv/bin/python" "$pylib/python"; do
  if [ -x "$candidate" ] && full_check "$candidate"; then accept "$candidate"; fi
done

# A venv with a working pip (a half-made one, e.g. from a missing ensurepip, is rebuilt).
if ! { [ -x "$venv/bin/python" ] && "$venv/bin/python" -m pip --version >/dev/null 2>&1; }; then
  rm -rf "$venv"
  log "creating virtualenv $venv"
  python3 -m venv "$venv" >&2 || rm -rf "$venv"
fi
if [ -x "$venv/bin/python" ]; then
  log "installing $spec into $venv (from PyPI; this takes a minute)"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --progress-bar off "$spec" >&2
  if full_check "$venv/bin/python"; then accept "$venv/bin/python"; fi
  log "installed $spec into $venv, but importing moto's server still fails there:"
  "$venv/bin/python" -c 'from moto.moto_server.threaded_moto_server import ThreadedMotoServer' >&2 || true
  exit 1
fi

log "python3 -m venv is unusable here (Debian/Ubuntu: apt-get install python3-venv); trying pip install --target"
if ! python3 -m pip --version >/dev/null 2>&1; then
  log "neither the venv module nor pip is available for $sys_py."
  log "Install one of them (apt-get install python3-venv, or python3-pip), or install $spec yourself."
  exit 1
fi
log "installing $spec into $pylib (PyPI; progress on stderr)"
python3 -m pip install --quiet --disable-pip-version-check --progress-bar off --upgrade --target "$pylib/site" "$spec" >&2
cat >"$pylib/python" <<EOF
#!/usr/bin/env bash
# Generated by scripts/ensure-moto.sh: $sys_py with the moto install from pip --target.
export PYTHONPATH="$pylib/site\${PYTHONPATH:+:\$PYTHONPATH}"
exec "$sys_py" "\$@"
EOF
chmod +x "$pylib/python"
if full_check "$pylib/python"; then accept "$pylib/python"; fi
log "installed $spec into $pylib, but importing moto's server still fails there:"
"$pylib/python" -c 'from moto.moto_server.threaded_moto_server import ThreadedMotoServer' >&2 || true
exit 1
