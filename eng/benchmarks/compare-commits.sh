#!/usr/bin/env bash
# Issue 24's before-and-after check: the four benchmarks of docs/benchmarks.md that a change to the engines can move —
# start-up, 200 shell steps, a shell foreach, and the durable engine's time per step — measured for two commits in one
# run, interleaved (BASE and HEAD alternate within every round, and which goes first alternates between rounds), so
# that the machine's drift hits both alike. Prints a markdown table: each benchmark's median for both commits and the
# ratio HEAD/BASE (the median of the rounds' ratios, with their min–max as the spread).
#
# Usage: eng/benchmarks/compare-commits.sh BASE HEAD [rounds (default 3)]
#
# What runs, per commit (each checked out into a temporary worktree, removed at exit):
#   start-up     app-bench.sh's program: a published shell-only program with one step (`echo hello`, output captured,
#                run file written), start to exit; 10 starts per round, their median.
#   200 steps    `LlmCompiler.Benchmarks shell --rounds 5`: the workflow's median (its first line, against the plain loop).
#   foreach      `LlmCompiler.Benchmarks foreach-shell --rounds 5`: the workflow's median (its first line).
#   durable      `LlmCompiler.Durable.Benchmarks overhead --rounds 1`: the durable engine's time for 200 sequential
#                steps (its own Azurite, restarted per round), divided by 200.
# The script takes the shared lock itself ($LLMC_HEAVY_LOCK, default /tmp/llmc-heavy.lock): once per commit's build and
# once for all the measurements (one run under one set of conditions is the point). Do not run it under that lock.
# A full run of 3 rounds takes about 15 minutes on the 2-core machine, most of it the durable benchmark and the builds.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [ $# -lt 2 ]; then
  echo "usage: $0 BASE HEAD [rounds]" >&2
  exit 2
fi
rounds="${3:-3}"
lock="${LLMC_HEAVY_LOCK:-/tmp/llmc-heavy.lock}"
. "$root/eng/benchmarks/feed.sh"   # bench_pack_feed, bench_nuget_config, bench_median, bench_ms

base_sha="$(git -C "$root" rev-parse --verify "$1^{commit}")"
head_sha="$(git -C "$root" rev-parse --verify "$2^{commit}")"
work="$(mktemp -d)"
cleanup() {
  for side in base head; do
    if [ -d "$work/$side/src" ]; then git -C "$root" worktree remove --force "$work/$side/src" >/dev/null 2>&1 || true; fi
  done
  git -C "$root" worktree prune >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# One version for both sides, as noop-ab.sh does: each side restores into a package folder of its own.
version="0.1.0-compare.$(date +%s)"
started=$(date +%s)
log() { echo "[$(( $(date +%s) - started )) s] $*" >&2; }

# prepare SIDE SHA: the commit's worktree, its packages in a feed, the published start-up program, and the two
# benchmark programs built in Release. Under the lock: it is all dotnet pack/build/publish.
prepare() {
  local side="$1" sha="$2" dir="$work/$1"
  mkdir -p "$dir"
  git -C "$root" worktree add --detach --quiet "$dir/src" "$sha"
  for project in eng/benchmarks/LlmCompiler.Benchmarks eng/benchmarks/LlmCompiler.Durable.Benchmarks; do
    [ -d "$dir/src/$project" ] || { echo "$sha has no $project: it predates the benchmarks this script compares" >&2; exit 1; }
  done
  # The durable benchmark installs Azurite from npm into the checkout's artifacts/tools; the one this checkout has will do.
  local tool
  for tool in "$root"/artifacts/tools/npm-azurite-*; do
    if [ -d "$tool" ]; then mkdir -p "$dir/src/artifacts/tools" && ln -s "$tool" "$dir/src/artifacts/tools/$(basename "$tool")"; fi
  done
  export NUGET_PACKAGES="$work/packages-$side"
  bench_pack_feed "$dir/src" "$dir/feed" "$version"
  mkdir -p "$dir/app"
  bench_nuget_config "$dir/app" "$dir/feed"
  cat > "$dir/app/llmc.csproj" <<XML
<Project Sdk="LlmCompiler.Sdk/$version">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><Workflow Include="*.yaml" /></ItemGroup>
</Project>
XML
  printf 'name: hello\nsteps:\n  - name: say\n    type: shell\n    command: echo hello\n    output: greeting\n' > "$dir/app/hello.yaml"
  (cd "$dir/app" && dotnet publish -c Release -r linux-x64 -o "$dir/app/out" -nologo -v:q >/dev/null)
  dotnet build -c Release "$dir/src/eng/benchmarks/LlmCompiler.Benchmarks" -nologo -v:q >/dev/null
  dotnet build -c Release "$dir/src/eng/benchmarks/LlmCompiler.Durable.Benchmarks" -nologo -v:q >/dev/null
  unset NUGET_PACKAGES
}

for side in base head; do
  sha="$base_sha"; [ "$side" = head ] && sha="$head_sha"
  log "building $side ($sha)"
  exec 9>"$lock"; flock 9
  prepare "$side" "$sha"
  flock -u 9; exec 9>&-
done

# One measurement of one benchmark for one side, in milliseconds, on stdout.
measure() {
  local bench="$1" dir="$work/$2" out
  case "$bench" in
    startup)
      local times="$work/startup.$2.tmp"
      : > "$times"
      for _ in $(seq 1 10); do (cd "$dir/app/out" && bench_ms ./llmc) >> "$times"; done
      bench_median < "$times"
      ;;
    shell|foreach)
      local mode=shell; [ "$bench" = foreach ] && mode=foreach-shell
      out="$(cd "$dir/src" && dotnet "eng/benchmarks/LlmCompiler.Benchmarks/bin/Release/net10.0/LlmCompiler.Benchmarks.dll" "$mode" --rounds 5)"
      # First line: "...: baseline median B ms, candidate median C ms, ratio R (N rounds each)"; C is the workflow.
      printf '%s\n' "$out" | head -n 1 | sed -n 's/.*candidate median \([0-9.]*\) ms.*/\1/p'
      ;;
    durable)
      out="$(cd "$dir/src" && dotnet "eng/benchmarks/LlmCompiler.Durable.Benchmarks/bin/Release/net10.0/LlmCompiler.Durable.Benchmarks.dll" overhead --rounds 1)"
      # The first table row is the 200 sequential steps: "| … | embedded … | durable S s (… ms/step) | …".
      printf '%s\n' "$out" | grep -m 1 'sequential `true` steps' | sed -n 's/.*| durable \([0-9.]*\) s .*/\1/p' | awk '{ printf "%.3f\n", $1 * 1000 / 200 }'
      ;;
  esac
}

benches="startup shell foreach durable"
log "measuring: $rounds rounds, BASE and HEAD alternating"
exec 9>"$lock"; flock 9
for round in $(seq 1 "$rounds"); do
  order="base head"; [ $(( round % 2 )) -eq 0 ] && order="head base"
  for bench in $benches; do
    for side in $order; do
      value="$(measure "$bench" "$side")"
      [ -n "$value" ] || { echo "no measurement from $bench for $side" >&2; exit 1; }
      echo "$value" >> "$work/$bench.$side"
    done
    log "round $round $bench: base $(tail -n 1 "$work/$bench.base") ms, head $(tail -n 1 "$work/$bench.head") ms"
  done
done
flock -u 9; exec 9>&-

title() {
  case "$1" in
    startup) echo "start-up, one shell step, published (ms)";;
    shell) echo "200 \`true\` shell steps, embedded (ms)";;
    foreach) echo "foreach of \`true\` items, embedded (ms)";;
    durable) echo "durable, per sequential step (ms)";;
  esac
}

echo
echo "BASE $(git -C "$root" log -1 --format='%h %s' "$base_sha" | cut -c1-70), HEAD $(git -C "$root" log -1 --format='%h %s' "$head_sha" | cut -c1-70); $rounds rounds, interleaved; $(nproc) cores; $(date -u +%Y-%m-%d)"
echo
echo "| benchmark | BASE median | HEAD median | **HEAD/BASE** (median of rounds) | spread of the rounds' ratios | rounds: BASE / HEAD |"
echo "|---|---|---|---|---|---|"
for bench in $benches; do
  paste "$work/$bench.base" "$work/$bench.head" | awk '{ printf "%.4f\n", $2 / $1 }' > "$work/$bench.ratio"
  median_ratio="$(bench_median < "$work/$bench.ratio")"
  spread="$(sort -n "$work/$bench.ratio" | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f–%.2f", lo, hi }')"
  pairs="$(paste -d/ "$work/$bench.base" "$work/$bench.head" | tr '\n' ' ' | sed 's/ $//')"
  printf '| %s | %s | %s | **%.2f** | %s | %s |\n' "$(title "$bench")" "$(bench_median < "$work/$bench.base")" "$(bench_median < "$work/$bench.head")" "$median_ratio" "$spread" "$pairs"
done
log "done"
