#!/usr/bin/env bash
# Refreshes the screenshots in docs/screenshots: runs the end-to-end tests
# (scripts/e2e.sh: a fresh local platform, the portal and Debian's Chromium),
# which save a picture of each page they check.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export KRATIX_SCREENSHOTS_DIR="$PWD/docs/screenshots"
exec bash scripts/e2e.sh "$@"
