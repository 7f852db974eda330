#!/usr/bin/env bash
# Builds the six published plugins and packs each into a tarball, as npm would receive it.
#
#   scripts/pack-plugins.sh DIR    writes DIR/<package>-<version>.tgz
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

out="${1:?usage: scripts/pack-plugins.sh DIR}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# The order of their dependencies on each other.
KB_PUBLISHED_PLUGINS=(kratix-common kratix-node kratix-backend catalog-backend-module-kratix
  scaffolder-backend-module-kratix kratix)

# Declarations come from dist-types, which only the type check writes.
yarn tsc
for plugin in "${KB_PUBLISHED_PLUGINS[@]}"; do
  kb_log "Building and packing plugins/$plugin"
  (cd "plugins/$plugin" && yarn backstage-cli package build && yarn pack --out "$out/%s-%v.tgz") >&2
done
ls "$out"/*.tgz
