#!/usr/bin/env bash
# Runs one build of `xi` on a benchmark workspace again and again, a few minutes apart, and prints
# each run's wall time, CPU (user + system) and peak memory, then the median and range of the wall
# times. On this machine the same binary takes 13.5 s at 1M in one quarter hour and 19 s in the
# next, so one run says little about whether a target holds: a series over half an hour says how
# often it does.
#
#   scripts/benchmark-run.sh --no-detectors 1000000       # makes /tmp/xi-benchmark-1000000
#   scripts/benchmark-series.sh 8 300                     # eight runs, five minutes apart
#   scripts/benchmark-series.sh 8 300 /tmp/xi-before      # another build
#
# The workspace is $WORKSPACE (default /tmp/xi-benchmark-1000000). Each run starts from an empty
# store. The interval is from the start of one run to the start of the next.
set -euo pipefail
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 RUNS INTERVAL_SECONDS [BINARY]" >&2
  exit 64
fi
runs=$1
interval=$2
source "$(dirname "$0")/benchmark-common.sh"
benchmark_count RUNS "$runs"
benchmark_count INTERVAL_SECONDS "$interval"
root="$(cd "$(dirname "$0")/.." && pwd)"
workspace="$(benchmark_workspace)" || exit
binary="$(benchmark_binary "${3:-$root/.build/release/xi}")" || exit
results="$(mktemp)"
trap 'rm -f "$results" "$results.run"' EXIT
for run in $(seq "$runs"); do
  started=$(date +%s)
  benchmark_timed_run "$binary" "$workspace" "$results.run"
  read -r wall user system kilobytes < "$results.run"
  echo "$wall" >> "$results"
  printf '%s  run %2d  %7.2f s wall %7.2f s CPU %5d MiB\n' "$(date +%H:%M:%S)" "$run" "$wall" \
    "$(echo "$user + $system" | bc -l)" "$((kilobytes / 1024))"
  if [ "$run" -lt "$runs" ]; then
    remaining=$((started + interval - $(date +%s)))
    if [ "$remaining" -gt 0 ]; then sleep "$remaining"; fi
  fi
done
echo
sort -n "$results" | awk '
  { wall[NR] = $1 }
  END {
    median = NR % 2 ? wall[(NR + 1) / 2] : (wall[NR / 2] + wall[NR / 2 + 1]) / 2
    printf "median %.2f s wall (%.2f–%.2f) over %d runs\n", median, wall[1], wall[NR], NR
  }'
