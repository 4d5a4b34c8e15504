#!/usr/bin/env bash
# Issue 27: a loop (until) of 1000 'true' iterations against 1000 sequential 'true' steps in one run (ratio of medians,
# alternated in one process), then the memory of a 10,000-iteration loop and its run file (one process, so the peak
# heap is that run's). Usage: eng/benchmarks/loop-bench.sh [rounds (default 9)] [iterations (default 10000)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
project="$root/eng/benchmarks/LlmCompiler.Benchmarks"
dotnet build "$project" -c Release -nologo -v:q >/dev/null
dll="$project/bin/Release/net10.0/LlmCompiler.Benchmarks.dll"
dotnet "$dll" loop-shell --rounds "${1:-9}" </dev/null
dotnet "$dll" loop-memory --iterations "${2:-10000}" </dev/null
