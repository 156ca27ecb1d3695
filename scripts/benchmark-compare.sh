#!/usr/bin/env bash
# Compares builds of `xi` on one benchmark workspace by interleaved runs: A, B, A, B, … so that the
# machine's drift (its speed changes by a third within an hour here) falls on both alike. Prints
# each run's wall time, CPU (user + system) and peak memory, then the mean and range of each.
#
#   scripts/benchmark-run.sh --no-detectors 1000000            # makes /tmp/xi-benchmark-1000000
#   cp .build/release/xi /tmp/xi-before                         # then change, build, and:
#   scripts/benchmark-compare.sh 3 /tmp/xi-before .build/release/xi
#
# The first argument is the number of rounds; then two or more binaries. The workspace is
# $WORKSPACE (default: /tmp/xi-benchmark-1000000); its .xi/ is removed before every run, so each
# starts from an empty store. A change is worth keeping when its CPU range stays clear of the
# other's, not when one run is faster.
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 ROUNDS BINARY BINARY [BINARY …]" >&2
  exit 64
fi
rounds=$1
shift
source "$(dirname "$0")/benchmark-common.sh"
benchmark_count ROUNDS "$rounds"
workspace="$(benchmark_workspace)" || exit
binaries=()
for binary in "$@"; do
  resolved="$(benchmark_binary "$binary")" || exit
  binaries+=("$resolved")
done
results="$(mktemp)"
trap 'rm -f "$results"' EXIT
for round in $(seq "$rounds"); do
  for index in "${!binaries[@]}"; do
    benchmark_timed_run "${binaries[$index]}" "$workspace" "$results.run"
    read -r wall user system kilobytes < "$results.run"
    echo "$index $wall $user $system $kilobytes" >> "$results"
    printf 'round %d  %-40s %7.2f s wall %7.2f s CPU %5d MiB\n' "$round" "${binaries[$index]}" "$wall" \
      "$(echo "$user + $system" | bc -l)" "$((kilobytes / 1024))"
  done
done
rm -f "$results.run"
echo
for index in "${!binaries[@]}"; do
  awk -v index_="$index" -v name="${binaries[$index]}" '
    $1 == index_ { n++; wall += $2; cpu = $3 + $4; total += cpu; memory += $5
                   if (n == 1 || cpu < low) low = cpu; if (n == 1 || cpu > high) high = cpu }
    END { printf "%-40s mean %7.2f s wall, %7.2f s CPU (%.2f–%.2f), %5d MiB over %d runs\n",
                 name, wall / n, total / n, low, high, memory / n / 1024, n }' "$results"
done
