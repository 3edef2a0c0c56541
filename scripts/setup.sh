#!/usr/bin/env bash
# Installs everything the pipeline, its tests and its main job need, from the project's own files:
# the npm lockfile (Azurite, Segment's Node SDK, playwright-core), Debian's Chromium for browser tests,
# and the NuGet packages pinned in Directory.Packages.props. Safe to run again: each step skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_browser=${NEED_BROWSER:-1}

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (dotnet not on PATH)" >&2
  exit 1
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "setup: Node.js 20+ and npm are required" >&2
  exit 1
fi

if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "$need_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  echo "setup: installing Debian's chromium for the browser tests"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
