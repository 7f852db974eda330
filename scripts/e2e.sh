#!/usr/bin/env bash
# Runs the end-to-end tests in a real browser (Debian's Chromium through
# Playwright): starts a fresh local platform in a temporary folder and the
# portal on http://localhost:3100 (backend :7107), runs the tests in
# packages/*/e2e-tests, then stops everything. Sets itself up first.
#
#   scripts/e2e.sh                 run the tests
#   scripts/e2e.sh -- ARGS         pass ARGS to Playwright (e.g. a test name filter)
#
# KB_E2E_RESULTS=<file> also writes Playwright's JSON report there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

if [ -z "${KB_E2E_SETUP_DONE:-}" ]; then
  kb_yarn_install
  bash scripts/kube-apiserver.sh build
  bash scripts/kube-control-plane.sh build
fi

export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM_PATH" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    kb_log "Installing Debian's chromium for the end-to-end tests"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  else
    kb_log "No Chromium at $CHROMIUM_PATH: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH"
    exit 1
  fi
fi

for port in 3100 7107; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    kb_log "Port $port is in use; the end-to-end portal needs ports 3100 and 7107"
    exit 1
  fi
done

work="$(mktemp -d)"
export KRATIX_DEMO_DIR="$work/platform"
mkdir -p "$KRATIX_DEMO_DIR"
pids=()
stop() {
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 40); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap stop EXIT
trap 'exit 130' INT TERM

show_log() { kb_log "Last lines of $1:"; tail -n 40 "$work/$1" >&2 || true; }

# The frontend's dev server builds while the clusters start (it needs none of them); the backend starts once the
# clusters have written their kubeconfigs, and the tests once the platform is seeded and the portal answers.
kb_log "Starting a fresh local platform, and the portal's frontend on http://localhost:3100"
config=(--config "$PWD/app-config.yaml" --config "$PWD/app-config.e2e.yaml")
setsid yarn workspace @kratix-backstage/demo-platform start \
  --dir "$KRATIX_DEMO_DIR" --step-delay 12000 >"$work/platform.log" 2>&1 &
pids+=($!)
setsid yarn start app "${config[@]}" >"$work/frontend.log" 2>&1 &
pids+=($!)
running() { for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || return 1; done; }
show_logs() { for log in platform.log frontend.log backend.log; do if [ -f "$work/$log" ]; then show_log $log; fi; done; }
for _ in $(seq 1 480); do
  [ -f "$KRATIX_DEMO_DIR/clusters.json" ] && break
  running || { show_logs; exit 1; }
  sleep 0.25
done
[ -f "$KRATIX_DEMO_DIR/clusters.json" ] || { kb_log "The local platform's clusters were not up after 2 minutes"; show_logs; exit 1; }

kb_log "Starting the portal's backend on http://localhost:7107"
setsid yarn start backend "${config[@]}" >"$work/backend.log" 2>&1 &
pids+=($!)
up() { curl -fs -o /dev/null --max-time 5 "$1"; }
for _ in $(seq 1 300); do
  [ -f "$KRATIX_DEMO_DIR/ready" ] && up http://localhost:7107/.backstage/health/v1/readiness && up http://localhost:3100 && break
  running || { show_logs; exit 1; }
  sleep 1
done
[ -f "$KRATIX_DEMO_DIR/ready" ] || { kb_log "The local platform was not seeded within 5 minutes"; show_logs; exit 1; }
up http://localhost:3100 || { kb_log "The portal did not answer within 5 minutes"; show_logs; exit 1; }

[ "${1:-}" = "--" ] && shift
kb_log "Running the end-to-end tests"
set +e
PLAYWRIGHT_URL=http://localhost:3100 PLAYWRIGHT_JSON_OUTPUT_NAME="${KB_E2E_RESULTS:-$work/e2e.json}" \
  yarn playwright test --reporter=list,json "$@"
status=$?
set -e
[ $status = 0 ] || show_logs
exit $status
