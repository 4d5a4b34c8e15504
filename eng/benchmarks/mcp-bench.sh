#!/usr/bin/env bash
# Issue 25: 200 type: mcp get-sum steps against the same 200 calls straight through the MCP SDK client, on warm
# servers, alternated in one process; medians and their ratio (target at most 1.10), and the workflow's server count.
# Usage: eng/benchmarks/mcp-bench.sh [rounds (default 15)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-15}"
tools="$root/artifacts/tools/npm-modelcontextprotocol-server-everything-2026.8.31"
if [ ! -x "$tools/node_modules/.bin/mcp-server-everything" ]; then
  npm install --prefix "$tools" --no-audit --no-fund --no-save @modelcontextprotocol/server-everything@2026.8.31
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet run -c Release --project "$root/eng/benchmarks/LlmCompiler.Benchmarks" -- mcp "$tools/node_modules/.bin/mcp-server-everything" --rounds "$rounds"
