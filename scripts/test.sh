#!/usr/bin/env bash
# Runs every test: type check, lint, formatting, unit and integration tests
# (against real Kubernetes API servers on loopback). Sets itself up first.
#
#   scripts/test.sh            everything
#   scripts/test.sh -- ARGS    pass ARGS to the test runner (e.g. a path filter)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

started=$SECONDS
step() { kb_log "$1 ($((SECONDS - started)) s)"; }

kb_yarn_install

# The multi-replica tests run the catalog on a private PostgreSQL server they
# start themselves; they need the server binaries (Debian's postgresql).
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && [ -z "${KRATIX_TEST_PG_BIN:-}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "Installing PostgreSQL (Debian's postgresql) for the multi-replica tests"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  else
    kb_log "PostgreSQL's server binaries are missing: install Debian's postgresql (or set KRATIX_TEST_PG_BIN); the multi-replica tests need them"
  fi
fi
step "Building the loopback Kubernetes API server (cached after the first run)"
bash scripts/kube-apiserver.sh build

step "Type check"
yarn tsc

step "Config schema (app-config.yaml and app-config.production.yaml)"
KRATIX_DEMO_DIR=.local-platform yarn backstage-cli config:check --lax \
  --config app-config.yaml --config app-config.production.yaml

step "Lint"
yarn backstage-cli repo lint

step "Formatting"
yarn prettier --check --loglevel warn .

[ "${1:-}" = "--" ] && shift
step "Unit and integration tests"
results="$(mktemp -d)/jest.json"
set +e
# client-node is ESM-only; jest loads it through import() only with VM modules.
NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --no-warnings=ExperimentalWarning" \
  CI=true yarn backstage-cli repo test --maxWorkers=2 --json --outputFile="$results" "$@"
status=$?
set -e
node -e '
  const r = require(process.argv[1]);
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
' "$results" || echo "0 passed, 1 failed"
step "Done"
exit $status
