#!/usr/bin/env bash
# Installs the six plugins into a freshly created Backstage app, the way an adopter would, and checks the result in a
# browser: packs them, creates an app with @backstage/create-app (the version of our Backstage release), installs the
# tarballs and edits the app with the lines of README.md's "Install into your portal" section (read from the README,
# so the two cannot drift), type-checks it, builds its backend and frontend for production, configures it with the
# README's configuration against a fresh local platform (packages/demo-platform), starts it and checks in Debian's
# Chromium a Promise's page, its Kratix tab, a request's Crossplane tree, the marketplace and a generated Template's
# form (scripts/adopter-browser-checks.mjs).
#
#   scripts/adopter-test.sh            the new frontend system and the legacy one (--legacy)
#   scripts/adopter-test.sh new        only one of them
#
# Cache, in ${KRATIX_BACKSTAGE_CACHE:-~/.cache/kratix-backstage}/adopter; downloads stay in Yarn's global cache.
# Identical inputs give identical outputs, so a warm run reuses what its inputs cannot have changed:
#   - the packed tarballs, per hash of what goes into them (the plugins' files, every package.json, the lockfile,
#     the build configuration, Node's version);
#   - create-app's output, per version and system;
#   - a prepared app (installed, edited as the README says), per create-app version, system, README section and the
#     packed plugins' dependencies;
#   - that app with the tarballs installed by the README's yarn add lines, type-checked and built for production, per
#     prepared app and hash of the tarballs.
# Any change to a plugin's file, the README's section or create-app's version packs or builds again. Every run still
# starts a fresh platform and the app, checks that the app holds exactly the tarballs and runs every browser check.
#
# KB_ADOPTER_CACHE=<dir>    another cache folder (an empty one for a cold run).
# KB_ADOPTER_RESULTS=<dir>  where the screenshots go (default: the cache's results folder), one per check.
# KB_ADOPTER_ALLOW_SECOND_COPIES=1  (debugging aid) report second copies of Backstage packages without failing.
#
# Exits with 3 when a prerequisite is missing (Chromium, the npm registry), 1 when a check fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
repo="$(pwd)"

CREATE_APP_VERSION="${KB_CREATE_APP_VERSION:-0.9.2}" # @backstage/create-app of Backstage 1.55 (backstage.json)
if [ $# -gt 0 ]; then systems=("$@"); else systems=(new legacy); fi
cache="${KB_ADOPTER_CACHE:-$KRATIX_BACKSTAGE_CACHE/adopter}"
results="${KB_ADOPTER_RESULTS:-$cache/results}"
mkdir -p "$cache" "$results"
rm -f "$results"/*.png
started=$SECONDS
step() { kb_log "adopter: $1 ($((SECONDS - started)) s)"; }
# The app is an adopter's new portal, which has no lockfile yet: under CI=true Yarn would refuse to write one
# ("The lockfile would have been modified by this install, which is explicitly forbidden").
export YARN_ENABLE_IMMUTABLE_INSTALLS=false

export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM_PATH" ]; then
  kb_log "No Chromium at $CHROMIUM_PATH: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH"
  exit 3
fi
if ! npm ping >/dev/null 2>&1; then
  kb_log "The npm registry does not answer (npm ping): the adopter test installs a fresh app from it"
  exit 3
fi

# One run at a time changes the prepared apps.
exec 9>"$cache/.lock"
flock 9

work="$(mktemp -d)"
pids=()
stop_group() {
  kill -TERM -- "-$1" 2>/dev/null || return 0
  for _ in $(seq 1 40); do kill -0 -- "-$1" 2>/dev/null || return 0; sleep 0.25; done
  kill -KILL -- "-$1" 2>/dev/null || true
}
cleanup() {
  for pid in "${pids[@]}"; do stop_group "$pid"; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
show_log() { kb_log "Last lines of $(basename "$1"):"; tail -n "${2:-40}" "$1" >&2 || true; }

# The README's lines: every `yarn --cwd packages/... add ...` line, every `backend.add(import(...))` line, the signals
# pin, the legacy app's patches (the diff blocks) and the configuration (the yaml block that starts with `kratix:`) of
# the section "Install into your portal".
readme_section() {
  awk '/^## Install into your portal/{on=1; next} /^## /{on=0} on' README.md
}
mapfile -t add_lines < <(readme_section | grep -E '^yarn --cwd packages/(app|backend) add ')
mapfile -t backend_lines < <(readme_section | grep -E '^backend\.add\(import\(')
signals_pin="$(readme_section | grep -oE '"@backstage/plugin-signals-backend": "[0-9.]+"' | head -n 1)"
readme_section | awk -v dir="$work" '
  /^```diff$/ { n++; file = sprintf("%s/legacy-%d.diff", dir, n); on = 1; next }
  /^```yaml$/ && !config { buffer = ""; yaml = 1; next }
  /^```$/ { if (yaml && buffer ~ /^kratix:/) { printf "%s", buffer > (dir "/config.yaml"); config = 1 } on = 0; yaml = 0; next }
  on { print > file }
  yaml { buffer = buffer $0 "\n" }
'
legacy_patches=("$work"/legacy-*.diff)
if [ "${#add_lines[@]}" = 0 ] || [ "${#backend_lines[@]}" = 0 ] || [ -z "$signals_pin" ] ||
  [ ! -f "${legacy_patches[0]}" ] || [ ! -f "$work/config.yaml" ]; then
  kb_log "README.md's 'Install into your portal' section lacks its yarn add, backend.add, signals resolution, legacy diff or 'kratix:' configuration lines"
  exit 1
fi

step "Building the local platform's API server and control plane (cached after the first run)"
bash scripts/kube-apiserver.sh build >/dev/null
bash scripts/kube-control-plane.sh build >/dev/null
step "Starting a fresh local platform"
platform="$work/platform"
mkdir -p "$platform"
setsid yarn workspace @kratix-backstage/demo-platform start --dir "$platform" >"$work/platform.log" 2>&1 &
pids+=($!)
platform_pid=$!

# What goes into the tarballs: every file Git would keep in plugins/, every package.json (prepack resolves the
# workspace: ranges from them), the lockfile, the build configuration and Node's version.
pack_key() {
  {
    node --version
    git ls-files -z --cached --others --exclude-standard -- plugins ':(glob)**/package.json' yarn.lock \
      tsconfig.json .yarnrc.yml backstage.json scripts/pack-plugins.sh |
      while IFS= read -r -d '' file; do if [ -f "$file" ]; then printf '%s\0' "$file"; fi; done |
      xargs -0 sha256sum --
  } | sha256sum | cut -c 1-16
}
# Packs the plugins unless tarballs of the same inputs are in the cache; prints their folder.
packed_plugins() {
  local dir
  dir="$cache/packed-$(pack_key)"
  if [ -d "$dir" ]; then
    step "Packed plugins reused (their inputs did not change)"
  else
    step "Packing the plugins (cached until a plugin's files, a package.json or the lockfile change)"
    rm -rf "$cache"/packed-*
    bash scripts/pack-plugins.sh "$dir.tmp" >/dev/null 2>"$work/pack.log" || { show_log "$work/pack.log"; exit 1; }
    mv "$dir.tmp" "$dir"
  fi
  echo "$dir"
}
tarballs="$(packed_plugins)"
# The tarballs stand in for the npm registry: a registry on loopback serves the @kratix-backstage scope, so the
# README's yarn add lines run as they are.
setsid node scripts/local-npm-registry.mjs "$tarballs" "$work/registry.port" &
pids+=($!)
for _ in $(seq 1 40); do [ -s "$work/registry.port" ] && break; sleep 0.25; done
registry="http://127.0.0.1:$(cat "$work/registry.port")"
mkdir -p "$work/unpacked"
for tarball in "$tarballs"/*.tgz; do
  name="$(tar -xOzf "$tarball" package/package.json | node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).name')"
  mkdir -p "$work/unpacked/$name"
  tar -xzf "$tarball" -C "$work/unpacked/$name" --strip-components=1
done

# What a prepared app depends on: create-app's version, the system, the README's section and the dependencies the
# packed plugins declare. What the plugins' install and the builds depend on besides: the tarballs themselves.
deps_key="$(
  {
    echo "$CREATE_APP_VERSION"
    readme_section
    for tarball in "$tarballs"/*.tgz; do
      tar -xOzf "$tarball" package/package.json |
        node -p 'const p = JSON.parse(require("fs").readFileSync(0, "utf8")); JSON.stringify([p.name, p.version, p.dependencies, p.peerDependencies])'
    done
  } | sha256sum | cut -c 1-16
)"
tarballs_hash="$(cat "$tarballs"/*.tgz | sha256sum | cut -c 1-16)"

template_for() {
  local system="$1" dir="$cache/create-app-$CREATE_APP_VERSION-$1"
  if [ ! -f "$dir/package.json" ]; then
    step "Creating a $system app with @backstage/create-app@$CREATE_APP_VERSION (cached afterwards)"
    local flags=(--path "$dir.tmp" --skip-install)
    [ "$system" = legacy ] && flags+=(--legacy)
    rm -rf "$dir.tmp"
    # create-app asks for the app's name on standard input; corepack can't verify the latest Yarn offline.
    echo adopter-app | COREPACK_DEFAULT_TO_LATEST=0 npx -y "@backstage/create-app@$CREATE_APP_VERSION" "${flags[@]}" >&2
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
  fi
  echo "$dir"
}

# Points the app's Yarn at this run's registry for the @kratix-backstage scope.
use_registry() {
  node - "$1/.yarnrc.yml" "$registry" <<'NODE'
const fs = require('node:fs');
const [file, registry] = process.argv.slice(2);
const kept = fs.readFileSync(file, 'utf8').replace(/\n# local registry of the adopter test[\s\S]*$/, '\n');
fs.writeFileSync(
  file,
  `${kept.trimEnd()}\n\n# local registry of the adopter test\nnpmScopes:\n  kratix-backstage:\n    npmRegistryServer: '${registry}'\nunsafeHttpWhitelist:\n  - 127.0.0.1\n`,
);
NODE
}

# A copy of create-app's output, installed, with the README's edits: backend.add lines and, in the legacy app, its
# patches. Kept until one of its inputs changes.
prepare_app() {
  local system="$1" app="$cache/app-$CREATE_APP_VERSION-$1-$deps_key"
  if [ -f "$app.prepared" ] && [ -f "$app/package.json" ]; then
    echo "$app"
    return
  fi
  local template
  template="$(template_for "$system")"
  step "$system: preparing an app (cached until create-app, the README or the plugins' dependencies change)"
  rm -rf "$cache/app-$CREATE_APP_VERSION-$system-"*
  # In place, not in a folder renamed afterwards: Yarn rebuilds every native module of a tree that moved.
  cp -a "$template" "$app"
  # The app gets the README's signals pin and this machine's registry pins (those of our own root package.json).
  # Packages younger than create-app's age gate (npmMinimalAgeGate) install only when preapproved, as the README says.
  node - "$app/package.json" "$repo/package.json" "$signals_pin" <<'NODE'
const fs = require('node:fs');
const [appFile, oursFile, pin] = process.argv.slice(2);
const app = JSON.parse(fs.readFileSync(appFile, 'utf8'));
const ours = JSON.parse(fs.readFileSync(oursFile, 'utf8'));
const registryPins = Object.fromEntries(
  // Backstage pins (ours repeat the README's signals pin) come from the README alone.
  Object.entries(ours.resolutions ?? {}).filter(([name]) => !/^@(types|backstage)\//.test(name)),
);
app.resolutions = { ...registryPins, ...app.resolutions, ...JSON.parse(`{${pin}}`) };
fs.writeFileSync(appFile, `${JSON.stringify(app, null, 2)}\n`);
NODE
  sed -i "s|^  - '@backstage/\*'$|&\\n  - '@kratix-backstage/*'|" "$app/.yarnrc.yml"
  grep -q "@kratix-backstage/\*" "$app/.yarnrc.yml" || { kb_log "create-app's .yarnrc.yml has no npmPreapprovedPackages"; exit 1; }
  use_registry "$app"
  (cd "$app" && yarn install >"$work/install-$system.log" 2>&1) || { show_log "$work/install-$system.log"; exit 1; }
  node - "$app/packages/backend/src/index.ts" "${backend_lines[@]}" <<'NODE'
const fs = require('node:fs');
const [file, ...lines] = process.argv.slice(2);
const source = fs.readFileSync(file, 'utf8');
if (!source.includes('backend.start();')) throw new Error(`${file} has no backend.start()`);
fs.writeFileSync(file, source.replace('backend.start();', `${lines.join('\n')}\n\nbackend.start();`));
NODE
  if [ "$system" = legacy ]; then
    for patch in "${legacy_patches[@]}"; do
      (cd "$app" && git apply --verbose "$patch" >&2) ||
        { kb_log "The README's legacy diff $(head -n 1 "$patch") does not apply to create-app@$CREATE_APP_VERSION's app"; exit 1; }
    done
  fi
  touch "$app.prepared"
  echo "$app"
}

# The README's yarn add lines with this run's tarballs: the lockfile forgets the previous ones first, so Yarn fetches
# the fresh ones.
install_plugins() {
  local system="$1"
  use_registry .
  node - yarn.lock <<'NODE'
const fs = require('node:fs');
const [file] = process.argv.slice(2);
const blocks = fs.readFileSync(file, 'utf8').split(/\n\n/);
fs.writeFileSync(file, blocks.filter(b => !/^"?@kratix-backstage\//m.test(b)).join('\n\n'));
NODE
  for line in "${add_lines[@]}"; do
    kb_log "adopter: $system: $line"
    eval "$line" >"$work/add-$system.log" 2>&1 || { show_log "$work/add-$system.log"; exit 1; }
  done
}

# The prepared app with this run's tarballs installed, type-checked and built for production, unless these tarballs
# were built into this prepared app before (the marker beside it holds their hash).
install_and_build() {
  local system="$1" app="$2"
  if [ "$(cat "$app.built" 2>/dev/null)" = "$tarballs_hash" ]; then
    step "$system: yarn add, type check and builds reused (neither the tarballs nor the prepared app changed)"
    return
  fi
  rm -f "$app.built"
  step "$system: installing the tarballs with the README's lines"
  install_plugins "$system"
  step "$system: type check of the app"
  yarn tsc >"$work/tsc.log" 2>&1 || { show_log "$work/tsc.log"; exit 1; }
  step "$system: production build of the backend"
  yarn build:backend >"$work/build.log" 2>&1 || { show_log "$work/build.log"; exit 1; }
  step "$system: production build of the frontend"
  yarn workspace app build >"$work/build.log" 2>&1 || { show_log "$work/build.log"; exit 1; }
  echo "$tarballs_hash" >"$app.built"
}

# What is in the app's node_modules must be exactly what was packed.
check_installed_tarballs() {
  for dir in "$work"/unpacked/@kratix-backstage/*; do
    local name="@kratix-backstage/$(basename "$dir")"
    diff -rq --exclude=node_modules "$dir" "node_modules/$name" >&2 ||
      { kb_log "$1: the app's node_modules/$name is not the packed tarball"; exit 1; }
  done
}

check_single_copies() {
  node - "${KB_ADOPTER_ALLOW_SECOND_COPIES:-}" <<'NODE'
const fs = require('node:fs');
const path = require('node:path');
const allow = process.argv[2] === '1';
const seen = new Map();
function walk(dir) {
  for (const scope of ['@backstage', '@kratix-backstage']) {
    const d = path.join(dir, scope);
    if (!fs.existsSync(d)) continue;
    for (const name of fs.readdirSync(d)) {
      const pkg = path.join(d, name);
      const { version } = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
      const key = `${scope}/${name}`;
      if (!seen.has(key)) seen.set(key, new Map());
      seen.get(key).set(version, [...(seen.get(key).get(version) ?? []), pkg]);
      if (fs.existsSync(path.join(pkg, 'node_modules'))) walk(path.join(pkg, 'node_modules'));
    }
  }
}
walk('node_modules');
for (const ws of ['packages/app', 'packages/backend']) if (fs.existsSync(`${ws}/node_modules`)) walk(`${ws}/node_modules`);
const ours = [...seen.keys()].filter(k => k.startsWith('@kratix-backstage/'));
const deps = new Set();
for (const k of ours) {
  const [[, [dir]]] = [...seen.get(k)];
  const p = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  for (const d of Object.keys(p.dependencies ?? {})) if (d.startsWith('@backstage/')) deps.add(d);
}
// A copy nested under our packages is a second copy unless the app's own packages hold that version too and it is
// the newest the app has: a fresh app nests frontend-plugin-api 1.0.0 under each of its plugins built on it, beside a
// hoisted 0.18.1, and a plugin built on 1.0.0 adds only one more of those.
const newer = (a, b) => {
  const [x, y] = [a, b].map(v => v.split(/[.-]/).map(Number));
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i];
  return false;
};
const added = [];
for (const d of deps) {
  const versions = seen.get(d);
  if (!versions) continue;
  const newest = [...versions.keys()].reduce((a, b) => (newer(b, a) ? b : a));
  for (const [version, dirs] of versions) {
    const ours = dirs.filter(dir => dir.includes('@kratix-backstage/'));
    if (ours.length && (ours.length === dirs.length || version !== newest))
      for (const dir of ours) added.push(`${d} ${version} at ${dir} (the app has ${[...versions.keys()].join(', ')})`);
  }
}
if (added.length) {
  console.error(`The plugins brought second copies of Backstage packages:\n  ${added.join('\n  ')}`);
  if (allow) console.error('(KB_ADOPTER_ALLOW_SECOND_COPIES=1: going on)');
  else process.exit(1);
} else {
  console.error(`The plugins bring no Backstage package version beyond the newest ones the app has (${deps.size} checked).`);
}
NODE
}

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'
}

# The README's configuration, with the local platform's clusters in place of its example ones, and the app on a
# port of its own (the backend serves the production frontend).
write_local_config() {
  local port="$1"
  NODE_PATH="$repo/node_modules" node - "$work/config.yaml" "$platform" "$port" >"$work/app-config.local.yaml" <<'NODE'
const fs = require('node:fs');
const YAML = require('yaml');
const [readmeConfig, platform, port] = process.argv.slice(2);
const config = YAML.parse(fs.readFileSync(readmeConfig, 'utf8'));
if (!config?.kratix?.clusters || !config?.catalog?.providers?.kratix) {
  throw new Error("README.md's configuration has no kratix.clusters or catalog.providers.kratix");
}
config.kratix.clusters = ['platform', 'worker-1', 'worker-2'].map(name => ({
  name,
  kubeconfigPath: `${platform}/${name}.kubeconfig`,
  ...(name === 'platform' ? { default: true } : {}),
}));
const url = `http://localhost:${port}`;
const local = {
  app: { baseUrl: url },
  backend: { baseUrl: url, listen: { port: Number(port) }, cors: { origin: url } },
  ...config,
};
process.stdout.write(YAML.stringify(local));
NODE
  cp "$work/app-config.local.yaml" app-config.local.yaml
}

run_app() {
  local system="$1" port
  port="$(free_port)"
  write_local_config "$port"
  step "$system: starting the app on http://localhost:$port"
  setsid yarn workspace backend start >"$work/app-$system.log" 2>&1 &
  local pid=$!
  pids+=($pid)
  local url="http://localhost:$port"
  for _ in $(seq 1 300); do
    curl -fs -o /dev/null --max-time 5 "$url/.backstage/health/v1/readiness" && break
    kill -0 "$pid" 2>/dev/null || { kb_log "$system: the app's backend stopped"; show_log "$work/app-$system.log" 60; exit 1; }
    sleep 1
  done
  curl -fs -o /dev/null --max-time 5 "$url/.backstage/health/v1/readiness" ||
    { kb_log "$system: the app did not answer within 5 minutes"; show_log "$work/app-$system.log" 60; exit 1; }
  step "$system: checks in Chromium (screenshots in $results)"
  node "$repo/scripts/adopter-browser-checks.mjs" "$url" "$results" "$system" ||
    { show_log "$work/app-$system.log" 60; exit 1; }
  stop_group "$pid"
}

wait_for_platform() {
  for _ in $(seq 1 240); do
    [ -f "$platform/ready" ] && return 0
    kill -0 "$platform_pid" 2>/dev/null || break
    sleep 0.5
  done
  kb_log "The local platform did not start"
  show_log "$work/platform.log"
  exit 1
}

for system in "${systems[@]}"; do
  app="$(prepare_app "$system")"
  cd "$app"
  install_and_build "$system" "$app"
  check_installed_tarballs "$system"
  check_single_copies
  wait_for_platform
  run_app "$system"
  cd "$repo"
  step "$system: done"
done
step "Done: ${systems[*]} passed"
