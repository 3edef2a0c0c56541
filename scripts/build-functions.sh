#!/usr/bin/env bash
# Builds the Azure Functions app with the real worker packages and the real Worker.Sdk (its source generator writes
# functions.metadata; its inner build restores the host's binding extensions). Only where the feed does not serve
# Microsoft.Azure.Functions.Worker.Extensions.EventHubs does it compile the trigger-attribute shim instead of that one
# package; any other restore failure fails the build. The build prints which one it used.
set -uo pipefail
cd "$(dirname "$0")/.."
project=functions/Touchpoints.Functions/Touchpoints.Functions.csproj
log=$(mktemp)
if dotnet restore "$project" -p:UseEventHubsTriggerShim=false >"$log" 2>&1; then
  shim=false
elif grep -q "NU1101.*Microsoft.Azure.Functions.Worker.Extensions.EventHubs" "$log" \
  && ! grep -E "error NU" "$log" | grep -vq "Microsoft.Azure.Functions.Worker.Extensions.EventHubs"; then
  echo "functions: Microsoft.Azure.Functions.Worker.Extensions.EventHubs is not served here; building with its trigger-attribute shim"
  shim=true
else
  cat "$log" >&2
  rm -f "$log"
  echo "functions: restore failed" >&2
  exit 1
fi
rm -f "$log"
dotnet build "$project" -p:UseEventHubsTriggerShim=$shim -nologo -clp:ErrorsOnly -v:m "$@"
