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

build_tmp=""
cleanup() { [ -z "$build_tmp" ] || rm -f "$build_tmp"; }

binary_path() {
  local go_bin key dir bin
  go_bin="$(find_go kube-apiserver.sh)" || exit 1
  key="$(source_key "$go_bin" "$src")" || exit 1
  dir="${KRATIX_BACKSTAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kratix-backstage}/kube-apiserver/$key"
  bin="$dir/kube-apiserver"
  if [ -x "$bin" ]; then
    printf '%s\n' "$bin"
    return
  fi
  mkdir -p "$dir"
  # Serialise concurrent first builds (flock is optional; without it two
  # callers may both build, and the atomic rename keeps the result intact).
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$dir/.lock"
    flock 9
  fi
  if [ ! -x "$bin" ]; then
    trap cleanup EXIT # set here: binary_path may run in a $(...) subshell
    build_tmp="$(mktemp "$dir/.kube-apiserver.XXXXXX")"
    echo "kube-apiserver.sh: building $bin (first build takes several minutes)" >&2
    local start=$SECONDS
    # Explicit checks: errexit is off inside $(...), where "run" calls this.
    if ! (cd "$src" && GOFLAGS="-mod=readonly -buildvcs=false" \
      "$go_bin" build -trimpath -ldflags="-s -w" -o "$build_tmp" .) >&2; then
      echo "kube-apiserver.sh: build failed" >&2
      exit 1
    fi
    chmod 755 "$build_tmp" && mv -f "$build_tmp" "$bin" || exit 1
    build_tmp=""
    echo "kube-apiserver.sh: built in $((SECONDS - start))s" >&2
  fi
  if command -v flock >/dev/null 2>&1; then
    exec 9>&-
  fi
  printf '%s\n' "$bin"
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
