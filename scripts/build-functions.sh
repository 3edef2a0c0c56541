#!/usr/bin/env bash
# Builds the Azure Functions app. It references the real isolated-worker packages; where they cannot be
# restored (the CI build machines' NuGet copy does not serve them) it compiles against the compile-only
# stand-in in functions/Touchpoints.Functions.StandIn instead. The stand-in is never shipped.
set -uo pipefail
cd "$(dirname "$0")/.."
project=functions/Touchpoints.Functions/Touchpoints.Functions.csproj
[ -f "$project" ] || exit 0
if dotnet restore "$project" -p:UseWorkerStandIn=false >/tmp/functions-restore.log 2>&1; then
  echo "functions: real worker packages restored; building the deployable app"
  dotnet build "$project" --no-restore -p:UseWorkerStandIn=false -nologo -clp:ErrorsOnly
else
  echo "functions: real worker packages not served here ($(grep -oE 'NU1[0-9]+' /tmp/functions-restore.log | sort -u | tr '\n' ' ')); compiling against the stand-in"
  dotnet build "$project" -p:UseWorkerStandIn=true -nologo -clp:ErrorsOnly
fi
