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
