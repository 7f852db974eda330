#!/usr/bin/env bash
# Build (once per source change) and run the loopback Kubernetes API server
# from tools/kube-apiserver (CRD apiserver + embedded etcd + token webhook).
#
#   scripts/kube-apiserver.sh path          print the binary path, building it if needed
#   scripts/kube-apiserver.sh run ARGS...   exec the binary with ARGS (see tools/kube-apiserver/README.md)
#   scripts/kube-apiserver.sh build         build if needed, print nothing
#
# The binary is cached outside the work tree, keyed by a hash of the module's
# sources:  ${KRATIX_BACKSTAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kratix-backstage}/kube-apiserver/<key>/kube-apiserver
# Build output goes to stderr.
set -euo pipefail
shopt -s inherit_errexit 2>/dev/null || true

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/tools/kube-apiserver"

usage() {
  sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# shellcheck source=scripts/go-build-cache.sh
source "$root/scripts/go-build-cache.sh"

# Builds the server into $1/kube-apiserver.
build_into() {
  (cd "$src" && GOFLAGS="-mod=readonly -buildvcs=false" \
    "$go_bin" build -trimpath -ldflags="-s -w" -o "$1/kube-apiserver" .)
}

binary_path() {
  local key
  go_bin="$(find_go kube-apiserver.sh)" || exit 1
  key="$(source_key "$go_bin" "$src")" || exit 1
  build_once kube-apiserver.sh \
    "${KRATIX_BACKSTAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kratix-backstage}/kube-apiserver/$key" \
    kube-apiserver build_into
}

[ $# -ge 1 ] || usage
cmd="$1"
shift
case "$cmd" in
  path) binary_path ;;
  build) binary_path >/dev/null ;;
  run)
    bin="$(binary_path)" || exit 1
    exec "$bin" "$@"
    ;;
  -h | --help | help) usage ;;
  *)
    echo "kube-apiserver.sh: unknown command '$cmd'" >&2
    usage
    ;;
esac
