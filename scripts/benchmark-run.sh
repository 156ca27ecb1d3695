#!/usr/bin/env bash
# Times the whole flow (JSON lines in → signals → insights → file inboxes, SQLite store) on N
# generated events, in a release build, and prints wall time, events/s and peak memory.
#
#   scripts/benchmark-run.sh 1000000          # one size
#   scripts/benchmark-run.sh 100000 1000000 5000000
#   scripts/benchmark-run.sh --no-detectors 1000000   # issue 3's workload: declarative signals only
#
# The workspace is the bundled example's (Goals/, Audiences/, xi.yaml) with the contacts and
# surveys sources reading the generated files; the other sources read the example's small files.
# With --no-detectors, the catalogue's detector signals become declarative signals whose condition
# is false, so they are never raised: the workload the runtime's figures in docs/benchmarks.md
# were first measured on (issue 3).
set -euo pipefail
detectors=on
if [ "${1:-}" = "--no-detectors" ]; then detectors=off; shift; fi
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
swift build -c release --product xi >/dev/null
binary="$root/.build/release/xi"
for size in "${@:-1000000}"; do
  work="${TMPDIR:-/tmp}/xi-benchmark-$size"
  rm -rf "$work" && mkdir -p "$work"
  python3 scripts/generate-examples.py --scale "$size" --out "$work/data" >/dev/null
  cp -r Goals Audiences "$work/"
  if [ "$detectors" = off ]; then
    python3 - "$work/Goals/signals.yaml" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
# A condition signal reads one kind: the first the detector read.
def declarative(match):
    kind = re.sub(r"[\[\]]", "", match.group(1)).split(",")[0].split("#")[0].strip()
    return f'    on: {kind}\n    when: "false"\n'
text = re.sub(r"    detector: \w+\n    on: (.*)\n    options:.*\n(?:      .*\n)*", declarative, text)
open(path, "w").write(text)
PY
  fi
  python3 - "$root" "$work" <<'PY'
import re, sys
root, work = sys.argv[1], sys.argv[2]
text = open(f"{root}/xi.yaml").read()
text = text.replace("path: Examples/data/contacts.jsonl", f"path: {work}/data/contacts.jsonl")
text = text.replace("kind: csv\n    path: Examples/data/surveys.csv", f"kind: jsonl\n    path: {work}/data/surveys.jsonl")
text = text.replace("path: Examples/data/", f"path: {root}/Examples/data/")
open(f"{work}/xi.yaml", "w").write(text)
PY
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$binary" run "$work" --quiet > "$work/summary.txt"
  read -r seconds kilobytes < "$work/time.txt"
  events=$(grep -E '^events read' "$work/summary.txt" | awk '{print $3}')
  printf '%9s events: %6.2f s, %9.0f events/s, peak memory %4d MB\n' "$events" "$seconds" "$(echo "$events / $seconds" | bc -l)" "$((kilobytes / 1024))"
  grep -E '^(insights opened|deliveries|records rejected|pending)' "$work/summary.txt" | sed 's/^/           /'
done
