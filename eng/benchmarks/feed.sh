#!/usr/bin/env bash
# Sourced by the benchmark scripts: packs every package of src/ into a temporary feed under a version no
# other source has (so no cached LlmCompiler package can be used by accident), and writes a nuget.config for a
# project that should restore from it.

# bench_begin ROOT: a temporary folder "$work" (removed when the script exits), a version no other source has in
# "$version", and the packages of src/ packed into "$work/feed".
bench_begin() {
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  version="0.1.0-bench.$(date +%s)"
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  bench_pack_feed "$1" "$work/feed" "$version"
}

# bench_pack_feed ROOT FEED VERSION: every packable project under src/ (the others pack nothing).
bench_pack_feed() {
  local project
  for project in "$1"/src/*/*.csproj; do
    dotnet pack "$project" -c Release -o "$2" -p:PackageVersion="$3" -nologo -v:q >/dev/null
  done
}

# bench_nuget_config DIR FEED: the feed first; the machine's package folder, when there is one, as a local source
# so that its packages need no download (a folder that does not exist would be a restore error, NU1301).
bench_nuget_config() {
  local cache="${NUGET_PACKAGES:-$HOME/.nuget/packages}" machine_source=""
  if [ -d "$cache" ]; then machine_source="<add key=\"machine-cache\" value=\"$cache\" />"; fi
  cat > "$1/nuget.config" <<XML
<configuration><packageSources>
  <add key="bench" value="$2" />
  $machine_source
</packageSources></configuration>
XML
}

# bench_median: the median of the numbers on stdin, one per line.
bench_median() {
  sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# bench_ms COMMAND...: wall time of one run in milliseconds (output discarded; a failure stops the script).
bench_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; "$@" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
