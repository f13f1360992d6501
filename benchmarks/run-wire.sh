#!/usr/bin/env bash
# The side-by-side wire benchmark from a fresh clone (docs/performance.md, "Wire"): builds Release, installs the
# Node clients (enigma.js 2.15.0, ws 8.23.0), runs QixGen, enigma.js and the two floors against the canned engine,
# 5 interleaved reps, and writes the tables into docs/performance.md. About 10 minutes on 2 idle cores.
#   QIXGEN_BENCH_QUICK=1 benchmarks/run-wire.sh    smoke run (1 rep, a few calls each; prints, does not write docs)
#   benchmarks/run-wire.sh --reps 7                 more arguments go to the harness (`run`, see Program.cs)
# Needs ../shared beside the repository (or QIX_SHARED_DIR) for the recorded layout.
set -euo pipefail
cd "$(dirname "$0")/.."
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet build -c Release -nologo -v quiet benchmarks/QixGen.WireBench/QixGen.WireBench.csproj
npm ci --prefix benchmarks/QixGen.WireBench/node --no-audit --no-fund

harness=(dotnet benchmarks/QixGen.WireBench/bin/Release/net10.0/QixGen.WireBench.dll run)
if [ "${QIXGEN_BENCH_QUICK:-}" = "1" ]; then
  "${harness[@]}" --quick "$@"
else
  "${harness[@]}" --out docs/performance.md "$@"
fi
