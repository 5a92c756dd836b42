#!/usr/bin/env bash
# Builds FerretDB (a MongoDB wire-protocol server over SQLite) once into .cache/ so the test suites
# can run the MongoDB adapter against a real server when no MongoDB binary is available.
#
#   bash scripts/ferretdb/build.sh
#
# Idempotent: does nothing when the binary is already cached. Exits 0 without a binary when `go` is
# missing (the Mongo suites then report themselves skipped, with the reason). Never writes into the
# repository outside .cache/ (git-ignored); FerretDB's source is copied to a temporary directory.
#
# Environment:
#   FERRETDB_CACHE_DIR  default <repo>/.cache/ferretdb (the binary lands in $FERRETDB_CACHE_DIR/v1.24.2/ferretdb)
set -euo pipefail

repo_root="$(cd "$(dirname "$0")/../.." && pwd)"
# Pinned; tests/support/mongo-global-setup.ts (FERRETDB_VERSION) looks for the same one.
version="v1.24.2"
cache_dir="${FERRETDB_CACHE_DIR:-$repo_root/.cache/ferretdb}"
target_dir="$cache_dir/$version"
binary="$target_dir/ferretdb"

say() { echo "ferretdb build: $*"; }

if [ -x "$binary" ]; then
  say "FerretDB $version already built at $binary"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  say "go is not installed, so FerretDB $version was not built; the MongoDB suites will be skipped unless MONGODB_URI is set"
  exit 0
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/ferretdb-build.XXXXXX")"
partial="$target_dir/ferretdb.partial.$$"
trap 'chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; rm -f "$partial"' EXIT
goflags="-mod=mod${GOFLAGS:+ $GOFLAGS}"

started=$SECONDS
say "building FerretDB $version with $(go version | awk '{print $3}') (takes a minute or two, once)"

# `go install ...@version` asks the proxy for @v/list, which some proxies refuse; `go mod download`
# of the exact version does not.
if ! module_json="$(cd "$work" && GOFLAGS="$goflags" go mod download -json "github.com/FerretDB/FerretDB@$version")"; then
  say "could not download the FerretDB $version module:"
  printf '%s\n' "$module_json" >&2
  exit 1
fi
module_dir="$(printf '%s' "$module_json" | sed -n 's/^[[:space:]]*"Dir":[[:space:]]*"\(.*\)",\{0,1\}$/\1/p' | head -n 1)"
if [ -z "$module_dir" ] || [ ! -d "$module_dir" ]; then
  say "go mod download did not report a source directory:"
  printf '%s\n' "$module_json" >&2
  exit 1
fi

# The module cache is read-only, and FerretDB reads its version from build/version/version.txt,
# which is empty in the module (it panics at start without it).
src="$work/src"
cp -r "$module_dir" "$src"
chmod -R u+w "$src"
printf '%s\n' "$version" > "$src/build/version/version.txt"

mkdir -p "$target_dir"
build() { (cd "$src" && env "$@" go build -trimpath -o "$partial" ./cmd/ferretdb); }
if ! build GOFLAGS="$goflags"; then
  say "the installed go could not build it; retrying with GOTOOLCHAIN=go1.24.6"
  build GOFLAGS="$goflags" GOTOOLCHAIN=go1.24.6
fi
reported="$("$partial" --version 2>&1)" || { say "the built binary does not run:"; printf '%s\n' "$reported" >&2; exit 1; }
mv -f "$partial" "$binary"

say "built FerretDB $(printf '%s\n' "$reported" | sed -n 's/^version: //p') at $binary in $((SECONDS - started)) s"
