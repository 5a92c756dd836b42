#!/usr/bin/env bash
# Installs the Debian packages the end-to-end tests use, when they are missing: chromium (the
# playground test drives it through playwright-core) and redis-server (the shared-cache test starts one).
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v redis-server >/dev/null || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] && { echo "chromium and redis-server are present"; exit 0; }
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo -n"
echo "installing ${missing[*]} from Debian"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/ci-apt.log 2>&1 || {
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null 2>&1
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/ci-apt.log 2>&1
} || { tail -20 /tmp/ci-apt.log; exit 1; }
