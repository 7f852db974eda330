#!/usr/bin/env bash
# Starts the demo portal: a local Kratix platform (a Kubernetes control plane
# and API servers on loopback, seeded with the upstream example Promises, and a
# simulator that plays Kratix, running its pipelines as Jobs, and Crossplane)
# and Backstage on http://localhost:3000
# (backend on :7007). Sets itself up first. Ctrl-C stops everything.
#
# The frontend's dev server builds while the clusters start (it needs none of
# them); the backend starts as soon as the clusters are up and have written
# their kubeconfigs, while the platform is seeded. Once the portal answers and
# its catalog holds every seeded Promise and request, the time since the start
# of this script is printed.
set -euo pipefail
started_ms="$(date +%s%3N)"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

kb_yarn_install
kb_log "Building the loopback Kubernetes API server and control plane (cached after the first run)"
bash scripts/kube-apiserver.sh build
bash scripts/kube-control-plane.sh build

export KRATIX_DEMO_DIR="${KRATIX_DEMO_DIR:-$PWD/.local-platform}"
mkdir -p "$KRATIX_DEMO_DIR"
ready="$KRATIX_DEMO_DIR/ready"
# Rewritten at every start, once the clusters run, with their new ports.
clusters="$KRATIX_DEMO_DIR/clusters.json"
rm -f "$ready" "$clusters"

# Each part in its own process group, so stopping one stops all it started.
pids=()
stop() {
  trap - EXIT INT TERM
  # SIGTERM to each part's yarn, which passes it on once: the platform then stops its clusters cleanly, so their
  # data is there next time (a second signal would make it kill them). What is left of a part after that goes.
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 60); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
}
trap stop EXIT
trap 'exit 130' INT TERM
running() { for pid in "$@"; do kill -0 "$pid" 2>/dev/null || return 1; done; }

kb_log "Starting the local platform in $KRATIX_DEMO_DIR, and the frontend's dev server beside it"
setsid yarn workspace @kratix-backstage/demo-platform start --dir "$KRATIX_DEMO_DIR" &
platform=$!
pids+=("$platform")
setsid yarn start app &
pids+=($!)

for _ in $(seq 1 480); do
  [ -f "$clusters" ] && break
  running "${pids[@]}" || { kb_log "The local platform or the frontend failed to start"; exit 1; }
  sleep 0.25
done
[ -f "$clusters" ] || { kb_log "The local platform's clusters were not up after 2 minutes"; exit 1; }

kb_log "Starting the backend: http://localhost:7007 (kubectl --kubeconfig $KRATIX_DEMO_DIR/platform.kubeconfig get promises)"
setsid yarn start backend &
pids+=($!)

yarn workspace @kratix-backstage/demo-platform wait-for-portal --since "$started_ms" &
waiter=$!
# Until Ctrl-C, or until a part stops on its own.
while running "${pids[@]}"; do sleep 1; done
kill "$waiter" 2>/dev/null || true
kb_log "A part of the demo stopped; stopping the rest"
exit 1
