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
#
# With $GAUGE set to another build (one that no longer changes, say the build a target was last
# judged with), each run is followed by that build's run on $GAUGE_WORKSPACE (default
# /tmp/xi-benchmark-100000), printed beside it: a gauge of the machine's speed at that moment.
# On 2026-11-25 the gauge took 1.57 s when 1M took 13–14 s, and 1.7–2.5 s when it took 15–24 s.
#
#   GAUGE=/tmp/xi-gauge scripts/benchmark-series.sh 12 300
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
gauge=""
if [ -n "${GAUGE:-}" ]; then
  gauge="$(benchmark_binary "$GAUGE")" || exit
  gauge_workspace="${GAUGE_WORKSPACE:-${TMPDIR:-/tmp}/xi-benchmark-100000}"
  if [ ! -f "$gauge_workspace/xi.yaml" ]; then
    echo "no gauge workspace at $gauge_workspace: run scripts/benchmark-run.sh --no-detectors 100000 first, or set GAUGE_WORKSPACE" >&2
    exit 66
  fi
fi
results="$(mktemp)"
trap 'rm -f "$results" "$results.run" "$results.gauge"' EXIT
for run in $(seq "$runs"); do
  started=$(date +%s)
  benchmark_timed_run "$binary" "$workspace" "$results.run"
  read -r wall user system kilobytes < "$results.run"
  echo "$wall" >> "$results"
  line=$(printf '%s  run %2d  %7.2f s wall %7.2f s CPU %5d MiB' "$(date +%H:%M:%S)" "$run" "$wall" \
    "$(echo "$user + $system" | bc -l)" "$((kilobytes / 1024))")
  if [ -n "$gauge" ]; then
    benchmark_timed_run "$gauge" "$gauge_workspace" "$results.gauge"
    read -r gauge_wall _ < "$results.gauge"
    line="$line   gauge $(printf '%.2f' "$gauge_wall") s"
  fi
  echo "$line"
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
