#!/usr/bin/env bash
# The pipeline's benchmark: throughput, latency and memory of ingest and snapshots on a real Azurite (started and
# stopped by the benchmark), next to a raw baseline of the same write mix. Prints a table. Not part of the tests.
# Usage: bash scripts/bench.sh [touchpoints] [customers] [batch] [buckets]
set -euo pipefail
cd "$(dirname "$0")/.."
NEED_BROWSER=0 bash scripts/setup.sh
dotnet run --project tests/Touchpoints.Benchmarks -c Release -- "$@"
