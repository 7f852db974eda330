#!/usr/bin/env bash
# Publishes the six plugins to npm: a dry run (npm publish --dry-run) unless --publish is given.
# Run `yarn changeset version` and commit its version bumps and CHANGELOG.md entries first.
#
#   scripts/release.sh             build, pack and dry-run publish every package
#   scripts/release.sh --publish   the same, for real (needs `npm login`)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

dry_run=--dry-run
if [ "${1:-}" = "--publish" ]; then dry_run=; fi

kb_yarn_install
yarn backstage-cli repo fix --publish --check
yarn build:api-reports:check

tarballs="$(mktemp -d)"
trap 'rm -rf "$tarballs"' EXIT
bash scripts/pack-plugins.sh "$tarballs" >/dev/null
for tarball in "$tarballs"/*.tgz; do
  kb_log "npm publish ${dry_run:-(for real)} $(basename "$tarball")"
  npm publish $dry_run --access public "$tarball"
done
