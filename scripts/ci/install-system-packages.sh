#!/usr/bin/env bash
# Installs the Debian packages the end-to-end tests use, when they are missing: chromium (the
# playground test drives it through playwright-core), redis-server (the shared-cache test starts one)
# and sqlite3 (the ballot-linkage test reads FerretDB's SQLite files as an attacker would).
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
[ ${#missing[@]} -eq 0 ] && { echo "chromium, redis-server and sqlite3 are present"; exit 0; }
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo -n"
echo "installing ${missing[*]} from Debian"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/ci-apt.log 2>&1 || {
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null 2>&1
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/ci-apt.log 2>&1
} || { tail -20 /tmp/ci-apt.log; exit 1; }
