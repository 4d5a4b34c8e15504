#!/usr/bin/env bash
# Issue 2's build target: in a project with 100 workflow files, the generation tasks' time as a share of the
# Csc task's time in the same build (MSBuild's task performance summary). Usage: eng/benchmarks/build-bench.sh [builds]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
builds="${1:-5}"
. "$root/eng/benchmarks/feed.sh"
bench_begin "$root"   # sets work (removed at exit) and version, and packs src/ into "$work/feed"

mkdir -p "$work/proj/flows"
bench_nuget_config "$work/proj" "$work/feed"
cat > "$work/proj/bench.csproj" <<XML
<Project Sdk="LlmCompiler.Sdk/$version">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><Workflow Include="flows/*.yaml" /></ItemGroup>
</Project>
XML
for i in $(seq 0 99); do
  wait=""
  if [ "$i" -gt 0 ]; then wait="    wait_for: wf$((i - 1)).fetch"; fi
  cat > "$work/proj/flows/flow$i.yaml" <<YAML
name: wf$i
steps:
  - name: fetch
    type: shell
    command: echo "item $i"
    output: item
  - name: transform
    type: shell
$wait
    command: 'printf "%s-%s" "{{item}}" transformed'
    output: transformed
  - name: check
    type: shell
    if: "{{transformed}} != '' && {{item}} == 'item $i'"
    command: echo ok
    output: verdict
  - name: summarize
    type: llm
    model: gpt-4o-mini
    prompt: |
      Summarize {{transformed}} in one line.
      Verdict: {{verdict}}
    max_tokens: 32
    output: summary
  - name: report
    type: shell
    command: echo "{{summary}}" > /dev/null
YAML
done

cd "$work/proj"
# The bench project restores into its own packages folder; the repository's projects keep theirs.
export NUGET_PACKAGES="$work/packages"
dotnet restore -nologo -v:q >/dev/null
echo "build, generation ms (CompileWorkflows + ComputeWorkflowOutputs), Csc ms, share"
for n in $(seq 1 "$builds"); do
  full=$(dotnet build --no-incremental -nologo -clp:PerformanceSummary -v:d 2>&1)
  printf "%s\n" "$full" | grep -o "LlmCompiler: .*compiled ([^)]*)\|LlmCompiler: JIT.*" >&2
  summary=$(printf "%s\n" "$full" | sed -n '/Task Performance Summary/,$p')
  printf "%s\n" "$summary" | grep -E " (CompileWorkflows|ComputeWorkflowOutputs|Csc|WriteLinesToFile|Touch)  " >&2
  gen=$(printf '%s\n' "$summary" | awk '$3 == "CompileWorkflows" || $3 == "ComputeWorkflowOutputs" { sum += $1 } END { print sum + 0 }')
  csc=$(printf '%s\n' "$summary" | awk '$3 == "Csc" { print $1 }')
  awk -v n="$n" -v g="$gen" -v c="$csc" 'BEGIN { printf "%d, %d, %d, %.1f%%\n", n, g, c, 100 * g / c }'
done
