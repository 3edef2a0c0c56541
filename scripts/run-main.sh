#!/usr/bin/env bash
# The main job, end to end, on a fresh machine: installs what is missing, starts Azurite and the local server,
# sends a synthetic month of customer journeys through the Segment-compatible HTTP API, computes the daily funnel
# snapshots (the whole month as a backfill, then the last day), prints the funnel, and copies the last day's
# funnel.json, funnel.csv and funnel.svg to OUT_DIR. Stops everything it started, whatever happens.
#
# Settings (environment): OUT_DIR (default out), SEED (42), CUSTOMERS (3000), DAYS (30), END (2026-03-31), PORT (7071,
# or a free port when taken).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

out_dir=${OUT_DIR:-out}
seed=${SEED:-42}
customers=${CUSTOMERS:-3000}
days=${DAYS:-30}
end=${END:-2026-03-31}
port=${PORT:-7071}
write_key="demo-$(date +%s)-$RANDOM"
started=$(date +%s)

log() { printf '\n== %s (%ss)\n' "$*" "$(( $(date +%s) - started ))"; }

work=$(mktemp -d)
groups=()
cleanup() {
  local status=$?
  # Each background process leads its own process group (setsid), so the group id ends it and its children only.
  for pgid in "${groups[@]}"; do
    kill -TERM -- "-$pgid" 2>/dev/null || true
  done
  for pgid in "${groups[@]}"; do
    for _ in $(seq 1 50); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pgid" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ]; then
    echo "run-main: failed (exit $status); logs:" >&2
    for f in "$work"/*.log; do [ -f "$f" ] && { echo "--- $f" >&2; tail -n 40 "$f" >&2; }; done
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "setup"
NEED_BROWSER=0 bash scripts/setup.sh

log "starting Azurite"
setsid node_modules/.bin/azurite \
  --blobHost 127.0.0.1 --blobPort 0 --queueHost 127.0.0.1 --queuePort 0 --tableHost 127.0.0.1 --tablePort 0 \
  --inMemoryPersistence --extentMemoryLimit 1024 --skipApiVersionCheck --disableTelemetry --loose \
  >"$work/azurite.log" 2>&1 &
groups+=($!)
port_of() { grep -oE "$1 service is successfully listening at http://127\.0\.0\.1:[0-9]+" "$work/azurite.log" | grep -oE '[0-9]+$' | head -n 1; }
for _ in $(seq 1 120); do
  blob_port=$(port_of Blob || true); queue_port=$(port_of Queue || true); table_port=$(port_of Table || true)
  [ -n "$blob_port" ] && [ -n "$queue_port" ] && [ -n "$table_port" ] && break
  sleep 0.5
done
if [ -z "${table_port:-}" ] || [ -z "${blob_port:-}" ] || [ -z "${queue_port:-}" ]; then
  echo "run-main: Azurite did not report its ports" >&2
  exit 1
fi
# The emulator's well-known development account key: public, and valid only against Azurite.
account_key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$account_key;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue_port/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;"
echo "Azurite: blob $blob_port, queue $queue_port, table $table_port"

log "building the server and the CLI (Release)"
dotnet build functions/Touchpoints.Server -c Release -nologo -v quiet
dotnet build functions/Touchpoints.Cli -c Release -nologo -v quiet
cli=(dotnet "$root/functions/Touchpoints.Cli/bin/Release/net10.0/Touchpoints.Cli.dll")

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  echo "Port ${PORT:-7071} is taken; using $port"
fi
base="http://127.0.0.1:$port"

log "starting the server on $base"
Touchpoints__WriteKeys__demo="$write_key" setsid dotnet run --project functions/Touchpoints.Server -c Release --no-build --no-launch-profile --urls "$base" \
  >"$work/server.log" 2>&1 &
groups+=($!)
for i in $(seq 1 240); do
  if curl -fsS "$base/api/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 -- "-${groups[-1]}" 2>/dev/null; then echo "run-main: the server exited" >&2; exit 1; fi
  [ "$i" = 240 ] && { echo "run-main: the server did not answer /api/health within 120 s" >&2; exit 1; }
  sleep 0.5
done
echo "Server is up."

log "sending $customers synthetic customers over $days days (seed $seed) through POST /api/v1/batch"
"${cli[@]}" generate --seed "$seed" --customers "$customers" --days "$days" --end "$end" --send "$base" --write-key "$write_key"

first_day=$(date -u -d "$end - $(( days - 1 )) days" +%Y-%m-%d)
log "backfilling the month's snapshots, $first_day to $end"
"${cli[@]}" backfill --funnel default --from "$first_day" --to "$end" >"$work/backfill.out"
tail -n 1 "$work/backfill.out"

log "snapshot of $end"
mkdir -p "$out_dir"
"${cli[@]}" snapshot --funnel default --date "$end" --out "$out_dir"

# The same day through the HTTP API, when the server maps the snapshot routes: it must be the same bytes.
status=$(curl -s -o "$work/api.svg" -w '%{http_code}' "$base/api/funnels/default/snapshots/$end.svg" || true)
if [ "$status" = 200 ]; then
  if cmp -s "$work/api.svg" "$out_dir/funnel.svg"; then echo "GET /api/funnels/default/snapshots/$end.svg: same bytes as the stored file"; else echo "run-main: the API's SVG differs from the stored one" >&2; exit 1; fi
else
  echo "GET /api/funnels/default/snapshots/$end.svg answered $status (snapshot routes not mapped by this server yet)"
fi

log "done"
echo "Snapshot files of $end:"
for f in funnel.json funnel.csv funnel.svg; do echo "  $(cd "$out_dir" && pwd)/$f ($(wc -c <"$out_dir/$f") bytes)"; done
