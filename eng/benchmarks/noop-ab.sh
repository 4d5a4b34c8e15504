#!/usr/bin/env bash
# The no-op rebuild of a change to the SDK's targets against a base commit, in one run: both checkouts' src/ packed
# into feeds of their own under one version, two identical shell-only projects (one workflow, one `echo` step),
# `dotnet build --no-restore` alternated between them after a warm-up build each; medians and their ratio.
# Usage: eng/benchmarks/noop-ab.sh [base-ref (default main)] [rounds (default 15)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
base_ref="${1:-main}"
rounds="${2:-15}"
. "$root/eng/benchmarks/feed.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
version="0.1.0-ab.$(date +%s)"

git clone -q "$root" "$work/base-src"
git -C "$work/base-src" checkout -q "$base_ref"
bench_pack_feed "$work/base-src" "$work/feed-base" "$version"
bench_pack_feed "$root" "$work/feed-change" "$version"

for side in base change; do
  mkdir -p "$work/$side"
  bench_nuget_config "$work/$side" "$work/feed-$side"
  cat > "$work/$side/llmc.csproj" <<XML
<Project Sdk="LlmCompiler.Sdk/$version">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><Workflow Include="*.yaml" /></ItemGroup>
</Project>
XML
  printf 'name: hello\nsteps:\n  - name: say\n    type: shell\n    command: echo hello\n    output: greeting\n' > "$work/$side/hello.yaml"
  # Each side restores into a package folder of its own: the two SDKs share a version.
  (cd "$work/$side" && NUGET_PACKAGES="$work/packages-$side" dotnet build -nologo -v:q >/dev/null)
  (cd "$work/$side" && NUGET_PACKAGES="$work/packages-$side" dotnet build --no-restore -nologo -v:q >/dev/null)
  : > "$work/$side.ms"
done

for _ in $(seq 1 "$rounds"); do
  for side in base change; do
    start=$(date +%s%N)
    (cd "$work/$side" && NUGET_PACKAGES="$work/packages-$side" dotnet build --no-restore -nologo -v:q >/dev/null)
    echo $(( ($(date +%s%N) - start) / 1000000 )) >> "$work/$side.ms"
  done
done

median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
base_ms="$(median "$work/base.ms")"
change_ms="$(median "$work/change.ms")"
echo "no-op rebuild (median of $rounds): base $base_ref $base_ms ms, change $change_ms ms, ratio $(awk -v a="$change_ms" -v b="$base_ms" 'BEGIN { printf "%.3f", a / b }')"
echo "base:   $(tr '\n' ' ' < "$work/base.ms")"
echo "change: $(tr '\n' ' ' < "$work/change.ms")"
