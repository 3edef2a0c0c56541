#!/usr/bin/env bash
# Sets up and runs every test project, then prints one line of totals over all of them.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || exit 1
bash scripts/build-functions.sh || exit 1

log=$(mktemp)
dotnet test --solution Touchpoints.slnx --no-progress 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Microsoft.Testing.Platform ends a solution run with a summary over all projects.
summary=$(awk '/Test run summary/{s=1} s' "$log")
total=$(sed -nE 's/^ *total: *([0-9]+).*/\1/p' <<<"$summary" | tail -1)
failed=$(sed -nE 's/^ *failed: *([0-9]+).*/\1/p' <<<"$summary" | tail -1)
passed=$(sed -nE 's/^ *succeeded: *([0-9]+).*/\1/p' <<<"$summary" | tail -1)
skipped=$(sed -nE 's/^ *skipped: *([0-9]+).*/\1/p' <<<"$summary" | tail -1)
rm -f "$log"
if [ -z "$total" ]; then
  echo "0 passed, 1 failed"
  echo "test: no test summary found (build failure?)" >&2
  exit 1
fi
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if [ "$status" -ne 0 ] || [ "${failed:-0}" -ne 0 ] || [ "${total:-0}" -eq 0 ]; then
  exit 1
fi
