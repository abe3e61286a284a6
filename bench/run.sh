#!/usr/bin/env bash
# Builds the gateway, the loopback CSMS and the bench driver in Release, then runs one benchmark:
#   bench/run.sh fleet [--chargers 10000] [--env KEY=VALUE ...]
#   bench/run.sh frames [--rounds 20000]
#   bench/run.sh logs  [--chargers 1000 --per-charger 1000 --deep 100000 --rate 25000]
# Results land in bench/results/<utc-timestamp>-<kind>/ (results.md, results.json, process logs, databases).
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-}"
case "$kind" in
  fleet|logs|frames) shift ;;
  *) echo "usage: bench/run.sh fleet|logs|frames [options]   (see bench/README.md)" >&2; exit 2 ;;
esac
# 10,000 WebSockets per process (gateway and CSMS each): raise the soft open-files limit as far as allowed.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
for project in src/Api/OcppLab.Api.csproj bench/LoopbackCsms/LoopbackCsms.csproj bench/OcppLab.Bench/OcppLab.Bench.csproj; do
  if ! out=$(dotnet build "$project" -c Release -nologo -v quiet -clp:ErrorsOnly -tl:off 2>&1); then
    echo "$out" >&2
    exit 1
  fi
done
exec dotnet bench/OcppLab.Bench/bin/Release/net10.0/OcppLab.Bench.dll "$kind" "$@"
