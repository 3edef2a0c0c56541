#!/usr/bin/env bash
# The pipeline's benchmark: every case of docs/performance.md side by side in one run, each figure next to a baseline
# measured in the same run on the same Azurite (started and stopped by the benchmark), then the micro-benchmarks.
# Prints one table and writes bench-results/latest.json and bench-results/latest.md (ignored by git).
# Usage: bash scripts/bench.sh            the issue's sizes (200,000 touchpoints, 1M-customer snapshot; tens of minutes)
#        bash scripts/bench.sh --quick    every case at small sizes, under 5 minutes on 2 cores (no 1M snapshot)
set -euo pipefail
cd "$(dirname "$0")/.."

mode=()
case "${1:-}" in
  --quick) mode=(--quick) ;;
  "") ;;
  *) echo "usage: bash scripts/bench.sh [--quick]" >&2; exit 2 ;;
esac

NEED_BROWSER=0 bash scripts/setup.sh
# Azurite keeps every row in its Node heap: a million journey rows need more than Node's default limit.
export NODE_OPTIONS="--max-old-space-size=8192"

dotnet build tests/Touchpoints.Benchmarks -c Release -nologo -v q
bench=tests/Touchpoints.Benchmarks/bin/Release/net10.0/Touchpoints.Benchmarks.dll
out=bench-results
dotnet "$bench" "${mode[@]}" --out "$out"
dotnet "$bench" --micro "${mode[@]}" --out "$out"

report="$out/micro/results/Touchpoints.Benchmarks.Micro.PipelineMicroBenchmarks-report-github.md"
if [ -f "$report" ]; then
  { echo; echo "## Micro-benchmarks (BenchmarkDotNet, in process)"; echo; grep -v '^```' "$report"; } >> "$out/latest.md"
fi
echo "bench: wrote $out/latest.json and $out/latest.md"
