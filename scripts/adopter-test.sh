#!/usr/bin/env bash
# Installs the six plugins into a freshly created Backstage app, the way an adopter would: packs them, creates an app
# with @backstage/create-app (the version of our Backstage release) in a temporary folder, installs the tarballs with
# the lines of README.md's "Install into your portal" section (read from the README, so the two cannot drift), adds
# the backend.add lines, then type-checks the app and builds its production backend.
#
#   scripts/adopter-test.sh            the new frontend system and the legacy one (--legacy)
#   scripts/adopter-test.sh new        only one of them
#
# The generated app (per create-app version) is kept in ${KRATIX_BACKSTAGE_CACHE:-~/.cache/kratix-backstage}/adopter
# and the downloads in Yarn's global cache, so a warm run skips create-app and the fetches (not the install's link
# step and native builds).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
repo="$(pwd)"

CREATE_APP_VERSION="${KB_CREATE_APP_VERSION:-0.9.2}" # @backstage/create-app of Backstage 1.55 (backstage.json)
if [ $# -gt 0 ]; then systems=("$@"); else systems=(new legacy); fi
cache="$KRATIX_BACKSTAGE_CACHE/adopter"
mkdir -p "$cache"
started=$SECONDS
step() { kb_log "adopter: $1 ($((SECONDS - started)) s)"; }

work="$(mktemp -d)"
registry_pid=
cleanup() {
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

step "Packing the plugins"
bash scripts/pack-plugins.sh "$work/tarballs" >/dev/null
# The tarballs stand in for the npm registry: a registry on loopback serves the @kratix-backstage scope, so the
# README's yarn add lines run as they are.
node scripts/local-npm-registry.mjs "$work/tarballs" "$work/registry.port" &
registry_pid=$!
for _ in $(seq 1 40); do [ -s "$work/registry.port" ] && break; sleep 0.25; done
registry="http://127.0.0.1:$(cat "$work/registry.port")"

# The README's install lines: every `yarn --cwd packages/... add ...` line and every `backend.add(import(...))` line of
# the section "Install into your portal".
readme_section() {
  awk '/^## Install into your portal/{on=1; next} /^## /{on=0} on' README.md
}
mapfile -t add_lines < <(readme_section | grep -E '^yarn --cwd packages/(app|backend) add ')
mapfile -t backend_lines < <(readme_section | grep -E '^backend\.add\(import\(')
signals_pin="$(readme_section | grep -oE '"@backstage/plugin-signals-backend": "[0-9.]+"' | head -n 1)"
if [ "${#add_lines[@]}" = 0 ] || [ "${#backend_lines[@]}" = 0 ] || [ -z "$signals_pin" ]; then
  kb_log "README.md's 'Install into your portal' section has no yarn add, backend.add or signals resolution line"
  exit 1
fi

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

for system in "${systems[@]}"; do
  app="$work/app-$system"
  cp -a "$(template_for "$system")" "$app"
  step "$system: installing the tarballs with the README's lines"
  # The app gets the README's signals pin and this machine's registry pins (those of our own root package.json),
  # and its Yarn reads the @kratix-backstage scope from the local registry. Packages younger than create-app's age
  # gate (npmMinimalAgeGate) install only when preapproved, as the README says.
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
  cat >>"$app/.yarnrc.yml" <<YAML
npmScopes:
  kratix-backstage:
    npmRegistryServer: '$registry'
unsafeHttpWhitelist:
  - 127.0.0.1
YAML
  (
    cd "$app"
    yarn install >"$work/install-$system.log" 2>&1 || { tail -n 30 "$work/install-$system.log" >&2; exit 1; }
    for line in "${add_lines[@]}"; do
      kb_log "adopter: $line"
      eval "$line" >"$work/add.log" 2>&1 || { tail -n 30 "$work/add.log" >&2; exit 1; }
    done
    index=packages/backend/src/index.ts
    node - "$index" "${backend_lines[@]}" <<'NODE'
const fs = require('node:fs');
const [file, ...lines] = process.argv.slice(2);
const source = fs.readFileSync(file, 'utf8');
if (!source.includes('backend.start();')) throw new Error(`${file} has no backend.start()`);
fs.writeFileSync(file, source.replace('backend.start();', `${lines.join('\n')}\n\nbackend.start();`));
NODE
    step "$system: type check of the app"
    yarn tsc >"$work/tsc.log" 2>&1 || { tail -n 40 "$work/tsc.log" >&2; exit 1; }
    step "$system: production build of the backend"
    yarn build:backend >"$work/build.log" 2>&1 || { tail -n 40 "$work/build.log" >&2; exit 1; }
    # Only one copy of each Backstage package the plugins depend on.
    node - <<'NODE'
const fs = require('node:fs');
const path = require('node:path');
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
  process.exit(1);
}
console.error(`The plugins bring no Backstage package version beyond the newest ones the app has (${deps.size} checked).`);
NODE
  )
  step "$system: done"
done
