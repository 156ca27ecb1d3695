# Pieces the benchmark scripts share (benchmark-compare.sh, benchmark-pair.sh, benchmark-series.sh).
# Sourced, not run.

# The benchmark workspace: $WORKSPACE, by default the 1M workspace benchmark-run.sh makes. Exits
# with a message saying how to make it when it holds no xi.yaml.
benchmark_workspace() {
  local workspace="${WORKSPACE:-${TMPDIR:-/tmp}/xi-benchmark-1000000}"
  if [ ! -f "$workspace/xi.yaml" ]; then
    echo "no workspace at $workspace: run scripts/benchmark-run.sh --no-detectors 1000000 first, or set WORKSPACE" >&2
    exit 66
  fi
  echo "$workspace"
}

# The absolute path of an executable build of xi; exits with a message when it is not one.
benchmark_binary() {
  if [ ! -x "$1" ]; then
    echo "not an executable: $1 (build it with: swift build -c release --product xi)" >&2
    exit 66
  fi
  echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
}

# Exits with a message unless $2 is a whole number of at least 1; $1 names it.
benchmark_count() {
  if ! [[ "$2" =~ ^[0-9]+$ ]] || [ "$2" -lt 1 ]; then
    echo "$1 must be a whole number of at least 1, not '$2'" >&2
    exit 64
  fi
}

# Runs `BINARY run WORKSPACE --quiet` from an empty store and writes "wall user system kilobytes"
# (seconds, and the peak resident set in KiB) to OUTPUT.
benchmark_timed_run() {
  local binary=$1 workspace=$2 output=$3
  rm -rf "$workspace/.xi"
  /usr/bin/time -f "%e %U %S %M" -o "$output" "$binary" run "$workspace" --quiet > /dev/null
}
