#!/usr/bin/env bash
# Starts the demo portal: a local Kratix platform (a Kubernetes control plane
# and API servers on loopback, seeded with the upstream example Promises, and a
# simulator that plays Kratix, running its pipelines as Jobs, and Crossplane)
# and Backstage on http://localhost:3000
# (backend on :7007). Sets itself up first. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

kb_yarn_install
kb_log "Building the loopback Kubernetes API server and control plane (cached after the first run)"
bash scripts/kube-apiserver.sh build
bash scripts/kube-control-plane.sh build

export KRATIX_DEMO_DIR="${KRATIX_DEMO_DIR:-$PWD/.local-platform}"
mkdir -p "$KRATIX_DEMO_DIR"
ready="$KRATIX_DEMO_DIR/ready"
rm -f "$ready"

kb_log "Starting the local platform in $KRATIX_DEMO_DIR"
yarn workspace @kratix-backstage/demo-platform start --dir "$KRATIX_DEMO_DIR" &
platform=$!
trap 'kill $platform 2>/dev/null; wait $platform 2>/dev/null' EXIT INT TERM

for _ in $(seq 1 240); do
  [ -f "$ready" ] && break
  kill -0 $platform 2>/dev/null || { kb_log "The local platform failed to start"; exit 1; }
  sleep 0.5
done
[ -f "$ready" ] || { kb_log "The local platform was not ready after 2 minutes"; exit 1; }

kb_log "Starting Backstage: http://localhost:3000 (kubectl --kubeconfig $KRATIX_DEMO_DIR/platform.kubeconfig get promises)"
yarn start
