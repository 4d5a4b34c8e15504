#!/usr/bin/env bash
# Runs samples/Quickstart end to end from a fresh clone: packs LlmCompiler.Sdk and the runtime packages into
# artifacts/packages, then builds and runs the sample, which resolves Sdk="LlmCompiler.Sdk/0.1.0" from there; then
# does the same for samples/Pipeline (foreach, structured output, prompt files, a reusable workflow) and
# samples/ReviewLoop (a draft → review → revise loop with until). Arguments go to
# the quickstart's program. The exit code is the quickstart's, or the pipeline's when that one fails.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

echo "==> Packing LlmCompiler.Sdk and the runtime packages into artifacts/packages"
dotnet pack "$root/LlmCompiler.sln" -c Release -o "$root/artifacts/packages" -nologo -v:q

# The sample restores into artifacts/nuget-packages (or NUGET_PACKAGES when that is set, which wins over its
# nuget.config): drop what an earlier pack of this version left there, so this pack is the one used.
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props" | head -n 1)"
rm -rf "${NUGET_PACKAGES:-$root/artifacts/nuget-packages}"/llmcompiler.*/"$version"

model="$root/samples/Quickstart/models/tiny.gguf"
if [ -z "${LLMC_MODEL:-}" ] && [ ! -f "$model" ]; then
  echo "==> Writing a tiny GGUF model with random weights to samples/Quickstart/models/tiny.gguf"
  dotnet run --project "$root/eng/LlmCompiler.TinyModel.Tool" -c Release -- "$model"
fi
if [ -z "${LLMC_MODEL:-}" ]; then
  for sample in Pipeline ReviewLoop; do
    mkdir -p "$root/samples/$sample/models"
    cp "$model" "$root/samples/$sample/models/tiny.gguf"
  done
fi

echo "==> Building and running samples/Quickstart"
cd "$root/samples/Quickstart"
set +e
dotnet run -c Release -- "$@"
status=$?
set -e
echo "==> Exit code $status; run file: samples/Quickstart/Quickstart_run.json"

echo "==> Building and running samples/Pipeline"
cd "$root/samples/Pipeline"
set +e
dotnet run -c Release
pipeline=$?
set -e
echo "==> Exit code $pipeline; run file: samples/Pipeline/Pipeline_run.json"
if [ "$status" -eq 0 ]; then
  status=$pipeline
fi

echo "==> Building and running samples/ReviewLoop"
cd "$root/samples/ReviewLoop"
set +e
dotnet run -c Release
review=$?
set -e
echo "==> Exit code $review; run file: samples/ReviewLoop/ReviewLoop_run.json"
if [ "$status" -eq 0 ]; then
  status=$review
fi
exit $status
