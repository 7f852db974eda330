# shellcheck shell=bash
# Sourced by the scripts that build a Go tool of tools/ once per machine and
# source change: find Go, and the cache key of a module's sources.

# Prints the path of Go (on PATH or in /usr/local/go/bin); $1 names the caller.
find_go() {
  if command -v go >/dev/null 2>&1; then
    command -v go
  elif [ -x /usr/local/go/bin/go ]; then
    echo /usr/local/go/bin/go
  else
    echo "$1: Go is not installed (need go on PATH or /usr/local/go/bin/go)" >&2
    exit 1
  fi
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum | cut -d' ' -f1
  else
    shasum -a 256 | cut -d' ' -f1
  fi
}

# Hash of go.mod, go.sum and every .go file of module $2 (names and contents),
# plus the version and target platform of Go $1.
source_key() {
  local go_bin="$1" src="$2" f
  {
    "$go_bin" env GOVERSION GOOS GOARCH
    for f in go.mod go.sum $(cd "$src" && LC_ALL=C ls -- *.go); do
      printf '%s\n' "$f"
      sha256 <"$src/$f"
    done
  } | sha256 | cut -c1-16
}

build_tmp=""
build_cleanup() { [ -z "$build_tmp" ] || rm -rf "$build_tmp"; }

# build_once NAME DIR RESULT FUNCTION: prints DIR/RESULT, first running
# "FUNCTION TMP" (which must create TMP/RESULT, a file or a folder) when it is
# missing. Concurrent first builds are serialised with flock when it exists;
# without it two callers may both build, and the rename keeps the result whole.
build_once() {
  local name="$1" dir="$2" result="$3" build="$4" start
  if [ -e "$dir/$result" ]; then
    printf '%s\n' "$dir/$result"
    return
  fi
  mkdir -p "$dir"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$dir/.lock"
    flock 9
  fi
  if [ ! -e "$dir/$result" ]; then
    trap build_cleanup EXIT # set here: this may run in a $(...) subshell
    build_tmp="$(mktemp -d "$dir/.build.XXXXXX")"
    chmod 755 "$build_tmp"
    echo "$name: building $dir/$result (the first build takes several minutes)" >&2
    start=$SECONDS
    # Explicit checks: errexit is off inside $(...), where "run" calls this.
    if ! "$build" "$build_tmp" >&2; then
      echo "$name: build failed" >&2
      exit 1
    fi
    mv -f "$build_tmp/$result" "$dir/$result" || exit 1
    rm -rf "$build_tmp"
    build_tmp=""
    echo "$name: built in $((SECONDS - start))s" >&2
  fi
  if command -v flock >/dev/null 2>&1; then
    exec 9>&-
  fi
  printf '%s\n' "$dir/$result"
}
