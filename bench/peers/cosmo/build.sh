#!/usr/bin/env bash
# Builds Cosmo Router (wundergraph/cosmo, tag router@0.341.0) from source into .cache/cosmo-router/router.
#
# Why from source: the Go module proxy answers 403 for github.com/wundergraph/cosmo/router and for its
# dependency go.withmatt.com/connect-brotli (a vanity path whose source is github.com/mattrobenolt/connect-brotli).
# So both sources are taken from git, connect-brotli is swapped in with a `replace` directive, and every
# other module comes through the ordinary Go module proxy.
#
# Where the sources come from (first that applies):
#   COSMO_GIT_DIR / CONNECT_BROTLI_GIT_DIR   a local git directory (bare or not) holding the tags, e.g. a mirror;
#   otherwise                                 `git clone` from https://github.com/wundergraph/cosmo and
#                                             https://github.com/mattrobenolt/connect-brotli.
# Idempotent: does nothing when the binary exists (delete .cache/cosmo-router to rebuild).
# Takes about 3.5 minutes on two cores with a warm module cache.
set -euo pipefail

COSMO_TAG="router@0.341.0"
CONNECT_BROTLI_TAG="v0.4.0"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
OUT_DIR="$ROOT/.cache/cosmo-router"
BINARY="$OUT_DIR/router"

if [[ -x "$BINARY" ]]; then
  echo "cosmo router already built: $BINARY ($("$BINARY" --version 2>/dev/null | grep -m 1 Version | xargs || true))"
  exit 0
fi
command -v go >/dev/null || { echo "go is not installed (Go 1.25 or newer is needed)" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# export_tree <git dir or empty> <clone url> <tag> <path inside the repo or .> <destination>
export_tree() {
  local git_dir="$1" url="$2" tag="$3" path="$4" dest="$5"
  mkdir -p "$dest"
  if [[ -n "$git_dir" ]]; then
    # The tree of that one path only (a partial mirror may lack large files elsewhere in the repository).
    local prefix=""; [[ "$path" != "." ]] && prefix="$path/"
    git --git-dir="$git_dir" archive --format=tar --prefix="$prefix" "$tag:${path#.}" | tar -x -C "$dest"
  else
    git clone --quiet --depth 1 --branch "$tag" "$url" "$WORK/clone-$(basename "$url")"
    if [[ "$path" == "." ]]; then cp -a "$WORK/clone-$(basename "$url")/." "$dest/"; else cp -a "$WORK/clone-$(basename "$url")/$path" "$dest/"; fi
  fi
}

resolve_git_dir() {
  local dir="$1"
  [[ -z "$dir" ]] && return 0
  if [[ -d "$dir/.git" ]]; then echo "$dir/.git"; else echo "$dir"; fi
}

echo "exporting $COSMO_TAG (router/) and connect-brotli $CONNECT_BROTLI_TAG"
export_tree "$(resolve_git_dir "${COSMO_GIT_DIR:-}")" https://github.com/wundergraph/cosmo "$COSMO_TAG" router "$WORK/cosmo"
export_tree "$(resolve_git_dir "${CONNECT_BROTLI_GIT_DIR:-}")" https://github.com/mattrobenolt/connect-brotli "$CONNECT_BROTLI_TAG" . "$WORK/connect-brotli"

cd "$WORK/cosmo/router"
go mod edit -replace "go.withmatt.com/connect-brotli=$WORK/connect-brotli"
# connect-brotli's own go.mod asks for older versions; the router's go.sum lacks the replaced module's sums.
GOFLAGS=-mod=mod go mod download
mkdir -p "$OUT_DIR"
echo "building (GOFLAGS=-mod=mod go build ./cmd/router)"
GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X github.com/wundergraph/cosmo/router/core.Version=${COSMO_TAG#router@}" -o "$BINARY.tmp" ./cmd/router
mv "$BINARY.tmp" "$BINARY"
echo "built $BINARY"
