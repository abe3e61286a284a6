#!/usr/bin/env bash
# Builds the gateway, the loopback CSMS and the bench driver in Release, then runs one benchmark:
#   bench/run.sh fleet [--chargers 10000] [--env KEY=VALUE ...] [--baseline REV]
#   bench/run.sh frames [--rounds 20000]
#   bench/run.sh logs  [--chargers 1000 --per-charger 1000 --deep 100000 --rate 25000]
# --baseline REV (fleet): builds the gateway of commit REV in a temporary worktree and runs the same
# benchmark on it first, then on this tree: both figures side by side from one command, on one machine state.
# Results land in bench/results/<utc-timestamp>-<kind>/ (results.md, results.json, process logs, databases).
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-}"
case "$kind" in
  fleet|logs|frames) shift ;;
  *) echo "usage: bench/run.sh fleet|logs|frames [options]   (see bench/README.md)" >&2; exit 2 ;;
esac
baseline=""
args=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--baseline" ]; then
    baseline="${2:?--baseline takes a commit}"
    shift 2
  else
    args+=("$1")
    shift
  fi
done
# 10,000 WebSockets per process (gateway and CSMS each): raise the soft open-files limit as far as allowed.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
build() {
  if ! out=$(dotnet build "$1" -c Release -nologo -v quiet -clp:ErrorsOnly -tl:off 2>&1); then
    echo "$out" >&2
    exit 1
  fi
}
for project in src/Api/OcppLab.Api.csproj bench/LoopbackCsms/LoopbackCsms.csproj bench/OcppLab.Bench/OcppLab.Bench.csproj; do
  build "$project"
done
driver=bench/OcppLab.Bench/bin/Release/net10.0/OcppLab.Bench.dll
if [ -n "$baseline" ]; then
  [ "$kind" = fleet ] || { echo "--baseline is for fleet" >&2; exit 2; }
  sha=$(git rev-parse --short "$baseline")
  tree="${TMPDIR:-/tmp}/ocpplab-baseline-$sha"
  [ -d "$tree" ] || git worktree add --detach -q "$tree" "$sha"
  build "$tree/src/Api/OcppLab.Api.csproj"
  echo "== baseline $sha"
  dotnet "$driver" fleet "${args[@]}" --gateway-dll "$tree/src/Api/bin/Release/net10.0/OcppLab.Api.dll"
  echo "== this tree ($(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ', with uncommitted changes'))"
fi
exec dotnet "$driver" "$kind" "${args[@]}"
