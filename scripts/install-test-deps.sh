#!/usr/bin/env bash
# Installs what the integration and end-to-end tests need, when it is missing:
#   - Debian's Chromium (driven by playwright-core; we never download a browser build)
#   - openssl and certutil (libnss3-tools): the TLS certificate tests inspect the certificate with
#     openssl and trust it in a test-only NSS database for Chromium (test/unit/server/tlsCert.test.ts)
#   - python3-websockets: Copy as Code's Python snippet runs against the mock server
#     (test/unit/formats/copyAsCodeRuns.test.ts)
#   - code-server 4.100.3 (a complete VS Code 1.100 that runs on Node 20) in a cache folder
#     outside the repository, so `git clean` never costs a 3-minute reinstall.
# Safe to run many times: each part is skipped when already present.
set -euo pipefail

CODE_SERVER_VERSION="4.100.3"
CACHE_DIR="${WSLAB_CACHE_DIR:-$HOME/.cache/websocket-lab}"
DEST="$CACHE_DIR/code-server-$CODE_SERVER_VERSION"
MARKER="$DEST/.installed"

log() { printf '[install-test-deps] %s\n' "$*"; }

CODE_SERVER_ONLY=0
[ "${1:-}" = "--code-server-only" ] && CODE_SERVER_ONLY=1   # npm start needs no browser

need_apt=()
[ "$CODE_SERVER_ONLY" = 1 ] || command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ "$CODE_SERVER_ONLY" = 1 ] || command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
[ "$CODE_SERVER_ONLY" = 1 ] || command -v certutil >/dev/null 2>&1 || need_apt+=(libnss3-tools)
# Copy as Code's Python snippet is run by Debian's python3 with Debian's websockets (10.4).
[ "$CODE_SERVER_ONLY" = 1 ] || /usr/bin/python3 -c 'import websockets' >/dev/null 2>&1 || need_apt+=(python3-websockets)
if [ ! -f "$MARKER" ]; then
  [ -f /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
  command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  log "installing Debian packages: ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ -f "$MARKER" ]; then
  log "code-server $CODE_SERVER_VERSION already in $DEST"
  exit 0
fi

log "installing code-server $CODE_SERVER_VERSION into $DEST (about 3 minutes, once)"
rm -rf "$DEST"
mkdir -p "$DEST"
cd "$DEST"
export npm_config_yes=true            # node-pty's post-install runs `npx node-gyp`
export npm_config_loglevel=error
export npm_config_fund=false
export npm_config_audit=false
npm init -y >/dev/null
npm install --ignore-scripts "code-server@$CODE_SERVER_VERSION" >/dev/null
npm rebuild argon2 >/dev/null
cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts >/dev/null
# @vscode/ripgrep would download rg from the internet; Debian's rg does the same job.
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild >/dev/null                 # node-pty, spdlog, kerberos, @parcel/watcher, ...
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev >/dev/null)
touch "$MARKER"
log "code-server ready: $DEST"
