#!/usr/bin/env bash
# Runs samples/Quickstart end to end from a fresh clone: packs LlmCompiler.Sdk and LlmCompiler.Runtime into
# artifacts/packages, then builds and runs the sample, which resolves Sdk="LlmCompiler.Sdk/0.1.0" from there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

echo "==> Packing LlmCompiler.Sdk and LlmCompiler.Runtime into artifacts/packages"
dotnet pack "$root/LlmCompiler.sln" -c Release -o "$root/artifacts/packages" -nologo -v:q

# The sample restores into artifacts/nuget-packages; drop what an earlier pack left there so this pack is used.
rm -rf "$root"/artifacts/nuget-packages/llmcompiler.*

echo "==> Building and running samples/Quickstart"
cd "$root/samples/Quickstart"
set +e
dotnet run -c Release -- "$@"
status=$?
set -e
echo "==> Exit code $status; run file: samples/Quickstart/Quickstart_run.json"
exit $status
