#!/usr/bin/env bash
# Installs what a real Kadi4Mat needs for the tests (see README.md beside this file):
# Debian's PostgreSQL and Redis (and what pip needs to build psycopg2 and uWSGI), then a venv
# with kadi==1.13.0 from PyPI in <repo>/.real-kadi/venv (ignored by git).
# Idempotent: each step is skipped when its result is there. A venv without the marker of a
# finished install (an earlier run died half-way) is removed and made anew.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
home="${REAL_KADI_HOME:-$root/.real-kadi}"
version="${KADI_VERSION:-1.13.0}"
venv="$home/venv"
marker="$venv/.kadi-$version-installed"
pg_bin=/usr/lib/postgresql/15/bin

packages=(postgresql redis-server python3-venv python3-dev build-essential libpq-dev libpcre2-dev libmagic1)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "real-kadi: need root to apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "real-kadi: installing ${missing[*]} from Debian"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
[ -x "$pg_bin/initdb" ] || { echo "real-kadi: $pg_bin/initdb missing (PostgreSQL 15 expected)" >&2; exit 1; }

mkdir -p "$home"
exec 9>"$home/.install.lock"
flock 9
if [ ! -f "$marker" ]; then
  rm -rf "$venv"
  echo "real-kadi: installing kadi==$version from PyPI into $venv (about 1 minute, once)"
  python3 -m venv "$venv"
  # Let a run started by npm not leak npm's settings into pip's build steps.
  env -u npm_config_prefix "$venv/bin/pip" install -q --disable-pip-version-check "kadi==$version"
  touch "$marker"
fi
echo "real-kadi: $("$venv/bin/python" -c 'import importlib.metadata as m; print("kadi", m.version("kadi"))') in $venv"
