#!/usr/bin/env bash
# Build (once per machine and source change) and run the loopback Kubernetes
# control plane from tools/kube-control-plane: etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler and kwok, under one launcher.
#
#   scripts/kube-control-plane.sh path          print the launcher's path, building it if needed
#   scripts/kube-control-plane.sh run ARGS...   exec the launcher with ARGS (see tools/kube-control-plane/README.md)
#   scripts/kube-control-plane.sh build         build if needed, print nothing
#
# Everything is cached outside the work tree, keyed by a hash of the module's
# go.mod, go.sum and sources, the Go version and the platform:
#   ${KRATIX_BACKSTAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kratix-backstage}/kube-control-plane/<key>/
# Build output goes to stderr. The first build takes 10 minutes or more on 2 cores.
set -euo pipefail
shopt -s inherit_errexit 2>/dev/null || true

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/tools/kube-control-plane"

usage() {
  sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# shellcheck source=scripts/go-build-cache.sh
source "$root/scripts/go-build-cache.sh"

# From the kwok module this build uses: its own Stages (Nodes become Ready,
# Pods run, Job Pods complete or fail when labelled for it, deleted Pods go
# away) into $2/stages, and the CRDs of its Logs and ClusterLogs, which name
# each Pod's log files, into $2/crds.
copy_kwok_files() {
  local go_bin="$1" out="$2" kwok
  kwok="$(cd "$src" && GOFLAGS=-mod=readonly "$go_bin" list -m -f '{{.Dir}}' sigs.k8s.io/kwok)"
  mkdir -p "$out/stages" "$out/crds"
  cp "$kwok/kustomize/stage/node/fast/node-initialize.yaml" \
    "$kwok/kustomize/stage/pod/fast/pod-ready.yaml" \
    "$kwok/kustomize/stage/pod/fast/pod-complete.yaml" \
    "$kwok/kustomize/stage/pod/fast/pod-delete.yaml" \
    "$kwok/kustomize/stage/pod/chaos/pod-container-running-failed.yaml" \
    "$kwok/kustomize/stage/pod/chaos/pod-init-container-running-failed.yaml" \
    "$out/stages/"
  cp "$kwok/kustomize/crd/bases/kwok.x-k8s.io_logs.yaml" \
    "$kwok/kustomize/crd/bases/kwok.x-k8s.io_clusterlogs.yaml" "$out/crds/"
  chmod 644 "$out"/stages/*.yaml "$out"/crds/*.yaml
}

# Builds the launcher, the components and kwok's files into $1/bin.
build_into() {
  local version
  version="$(cd "$src" && GOFLAGS=-mod=readonly "$go_bin" list -m -f '{{.Version}}' k8s.io/kubernetes)" || return 1
  (cd "$src" && GOFLAGS="-mod=readonly -buildvcs=false" nice "$go_bin" build -trimpath \
    -ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$version" \
    -o "$1/bin/" tool .) || return 1
  # etcd's main package is go.etcd.io/etcd/server/v3, so Go names it "server".
  mv "$1/bin/server" "$1/bin/etcd" && copy_kwok_files "$go_bin" "$1/bin"
}

launcher_path() {
  local key
  go_bin="$(find_go kube-control-plane.sh)" || exit 1
  key="$(source_key "$go_bin" "$src")" || exit 1
  local dir="${KRATIX_BACKSTAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kratix-backstage}/kube-control-plane/$key"
  build_once kube-control-plane.sh "$dir" bin build_into >/dev/null || exit 1
  printf '%s\n' "$dir/bin/kube-control-plane"
}

[ $# -ge 1 ] || usage
cmd="$1"
shift
case "$cmd" in
  path) launcher_path ;;
  build) launcher_path >/dev/null ;;
  run)
    bin="$(launcher_path)" || exit 1
    exec "$bin" "$@"
    ;;
  -h | --help | help) usage ;;
  *)
    echo "kube-control-plane.sh: unknown command '$cmd'" >&2
    usage
    ;;
esac
