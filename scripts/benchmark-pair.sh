#!/usr/bin/env bash
# Compares two builds of `xi` by running them at the same time, each on its own copy of a benchmark
# workspace, and comparing their CPU time. Both runs share the machine's state of the moment, so
# its drift (the same binary takes 13 s or 20 s at 1M within an hour here) falls on both alike,
# which interleaved runs one after the other (scripts/benchmark-compare.sh) cannot promise.
#
#   scripts/benchmark-run.sh --no-detectors 1000000            # makes /tmp/xi-benchmark-1000000
#   cp .build/release/xi /tmp/xi-before                         # then change, build, and:
#   scripts/benchmark-pair.sh 4 /tmp/xi-before .build/release/xi
#
# Prints each round's wall time, CPU (user + system) and peak memory of both, and B's CPU as a
# share of A's; then the mean share. Wall times are about twice a lone run's (the two share two
# cores) and say little; the CPU share is the figure. The workspaces alternate between A and B
# from round to round. The workspace is $WORKSPACE (default /tmp/xi-benchmark-1000000); its
# configuration and goals are copied to $WORKSPACE-pair (its sources name their files by
# absolute paths, so both read the same data). Each run starts from an empty store.
#
# For changes to user-space CPU (allocations, the engine's work) only. Two runs at once also
# share the file system and the kernel, so a change in how much or how often xi writes, or in
# its page faults, shows a gain here that a run alone may not have (32 KB SQLite pages: 7 % less
# CPU paired, nothing alone; see docs/runtime.md): judge those with scripts/benchmark-compare.sh.
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 ROUNDS BINARY_A BINARY_B" >&2
  exit 64
fi
rounds=$1
source "$(dirname "$0")/benchmark-common.sh"
benchmark_count ROUNDS "$rounds"
workspace="$(benchmark_workspace)" || exit
binary_a="$(benchmark_binary "$2")" || exit
binary_b="$(benchmark_binary "$3")" || exit
binaries=("$binary_a" "$binary_b")
twin="$workspace-pair"
rm -rf "$twin" && mkdir -p "$twin"
cp -r "$workspace/xi.yaml" "$workspace/Goals" "$workspace/Audiences" "$twin/"
results="$(mktemp -d)"
trap 'rm -rf "$results" "$twin"' EXIT
shares=()
for round in $(seq "$rounds"); do
  rm -rf "$workspace/.xi" "$twin/.xi"
  if [ $((round % 2)) -eq 1 ]; then places=("$workspace" "$twin"); else places=("$twin" "$workspace"); fi
  for index in 0 1; do
    /usr/bin/time -f "%e %U %S %M" -o "$results/$index" "${binaries[$index]}" run "${places[$index]}" --quiet > /dev/null &
  done
  wait
  read -r wall_a user_a system_a kilobytes_a < "$results/0"
  read -r wall_b user_b system_b kilobytes_b < "$results/1"
  cpu_a=$(echo "$user_a + $system_a" | bc -l)
  cpu_b=$(echo "$user_b + $system_b" | bc -l)
  share=$(echo "$cpu_b / $cpu_a" | bc -l)
  shares+=("$share")
  printf 'round %d  A %6.2f s wall %6.2f s CPU %4d MiB   B %6.2f s wall %6.2f s CPU %4d MiB   B/A CPU %.3f\n' "$round" \
    "$wall_a" "$cpu_a" "$((kilobytes_a / 1024))" "$wall_b" "$cpu_b" "$((kilobytes_b / 1024))" "$share"
done
printf '%s\n' "${shares[@]}" | awk -v a="${binaries[0]}" -v b="${binaries[1]}" '
  { sum += $1; if (NR == 1 || $1 < low) low = $1; if (NR == 1 || $1 > high) high = $1 }
  END { printf "\nB/A CPU: mean %.3f (%.3f–%.3f) over %d rounds; A = %s, B = %s\n", sum / NR, low, high, NR, a, b }'
