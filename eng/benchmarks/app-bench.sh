#!/usr/bin/env bash
# Issue 10's application targets, each as a ratio against a plain .NET baseline measured in the same run:
#   start-up       a published program with one shell step (`echo hello`, output captured, run file written), start
#                  to exit, against two plain C# console programs that start the same `sh -c` process and write a
#                  similar JSON file: "minimal" writes it by string concatenation (issue 28's reference, target: at
#                  most 2.0), "plain" serialises with reflection-based System.Text.Json (the earlier reference, which
#                  itself costs tens of milliseconds); the same program published with PublishReadyToRun is measured
#                  too, so that the default can be decided on numbers;
#   no-op rebuild  `dotnet build --no-restore` of the unchanged shell-only project against the same for a plain
#                  console project (target: at most 1.05);
#   size           `dotnet publish -c Release -r linux-x64` of the shell-only project (target: at most 12 MB);
#   Native AOT     the same program published with PublishAot, start to exit, against the plain JIT program
#                  (target: at most 0.25), when clang (or clang-14) is on PATH.
# Usage: eng/benchmarks/app-bench.sh [rounds]   (rounds of start-up; half as many rebuilds)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-20}"
. "$root/eng/benchmarks/feed.sh"
bench_begin "$root"   # sets work (removed at exit) and version, and packs src/ into "$work/feed"

mkdir -p "$work/llmc" "$work/plain" "$work/minimal"
bench_nuget_config "$work/llmc" "$work/feed"
cat > "$work/llmc/llmc.csproj" <<XML
<Project Sdk="LlmCompiler.Sdk/$version">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><Workflow Include="*.yaml" /></ItemGroup>
</Project>
XML
cat > "$work/llmc/hello.yaml" <<'YAML'
name: hello
steps:
  - name: say
    type: shell
    command: echo hello
    output: greeting
YAML
cat > "$work/plain/plain.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
</Project>
XML
cat > "$work/plain/Program.cs" <<'CS'
using System.Diagnostics;
using System.Text.Json;

// The baseline: what the workflow program does, written by hand — one process, its output, a JSON record of it.
var startedAt = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true };
start.ArgumentList.Add("-c");
start.ArgumentList.Add("echo hello");
using var process = Process.Start(start)!;
var output = process.StandardOutput.ReadToEnd().TrimEnd('\n');
process.WaitForExit();
Console.WriteLine($"[hello] say: ok ({clock.ElapsedMilliseconds} ms)");
var record = new Dictionary<string, object?>
{
    ["status"] = process.ExitCode == 0 ? "succeeded" : "failed",
    ["started_at"] = startedAt,
    ["duration_ms"] = clock.Elapsed.TotalMilliseconds,
    ["contexts"] = new Dictionary<string, object?> { ["hello"] = new Dictionary<string, string> { ["greeting"] = output } },
};
File.WriteAllText("plain_run.json.tmp", JsonSerializer.Serialize(record, new JsonSerializerOptions { WriteIndented = true }));
File.Move("plain_run.json.tmp", "plain_run.json", overwrite: true);
CS

# The minimal program: the same work, its JSON written by string concatenation (no serializer to load or JIT).
cp "$work/plain/plain.csproj" "$work/minimal/minimal.csproj"
cat > "$work/minimal/Program.cs" <<'CS'
using System.Diagnostics;
using System.Globalization;

var startedAt = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true };
start.ArgumentList.Add("-c");
start.ArgumentList.Add("echo hello");
using var process = Process.Start(start)!;
var output = process.StandardOutput.ReadToEnd().TrimEnd('\n');
process.WaitForExit();
Console.WriteLine($"[hello] say: ok ({clock.ElapsedMilliseconds} ms)");
var json = "{\n  \"status\": \"" + (process.ExitCode == 0 ? "succeeded" : "failed") + "\",\n  \"started_at\": \""
    + startedAt.ToString("O", CultureInfo.InvariantCulture) + "\",\n  \"duration_ms\": "
    + clock.Elapsed.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + ",\n  \"contexts\": { \"hello\": { \"greeting\": \""
    + output + "\" } }\n}\n";
File.WriteAllText("minimal_run.json.tmp", json);
File.Move("minimal_run.json.tmp", "minimal_run.json", overwrite: true);
CS

# A second rebuild baseline: a package SDK that does nothing but wrap Microsoft.NET.Sdk. Every SDK delivered as a
# NuGet package (Sdk="Name/Version") is found by the NuGet SDK resolver in each evaluation; this one measures that
# price alone, so that the LlmCompiler project's ratio to it is what our SDK itself adds.
mkdir -p "$work/emptysdk/Sdk" "$work/empty"
cat > "$work/emptysdk/Empty.Sdk.nuspec" <<'XML'
<?xml version="1.0"?>
<package><metadata><id>Bench.Empty.Sdk</id><version>1.0.0</version><authors>bench</authors><description>Wraps Microsoft.NET.Sdk.</description>
<packageTypes><packageType name="MSBuildSdk" /></packageTypes></metadata></package>
XML
printf '<Project><Import Project="Sdk.props" Sdk="Microsoft.NET.Sdk" /></Project>\n' > "$work/emptysdk/Sdk/Sdk.props"
printf '<Project><Import Project="Sdk.targets" Sdk="Microsoft.NET.Sdk" /></Project>\n' > "$work/emptysdk/Sdk/Sdk.targets"
(cd "$work/emptysdk" && zip -qr "$work/feed/Bench.Empty.Sdk.1.0.0.nupkg" Empty.Sdk.nuspec Sdk)
bench_nuget_config "$work/empty" "$work/feed"
cat > "$work/empty/empty.csproj" <<'XML'
<Project Sdk="Bench.Empty.Sdk/1.0.0">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
</Project>
XML
cp "$work/plain/Program.cs" "$work/empty/Program.cs"
(cd "$work/empty" && dotnet build -nologo -v:q >/dev/null) || { echo "the empty-SDK baseline does not build" >&2; exit 1; }

for app in llmc plain minimal; do
  (cd "$work/$app" && dotnet publish -c Release -r linux-x64 -o "$work/$app/out" -nologo -v:q >/dev/null)
done
(cd "$work/llmc" && dotnet publish -c Release -r linux-x64 -p:PublishReadyToRun=true -o "$work/llmc/r2r" -nologo -v:q >/dev/null)
# Native AOT (target: start-up at most 0.25 of the plain JIT program), when a clang is there to link with.
linker="$(basename "$(command -v clang || command -v clang-14 || echo none)")"
if [ "$linker" != none ]; then
  (cd "$work/llmc" && dotnet publish -c Release -r linux-x64 -p:PublishAot=true -p:CppCompilerAndLinker="$linker" \
    -o "$work/llmc/aot" -nologo -v:q >/dev/null)
fi

size_llmc=$(du -sb "$work/llmc/out" | cut -f1)
size_plain=$(du -sb "$work/plain/out" | cut -f1)
echo "size: llmc $(awk -v b="$size_llmc" 'BEGIN { printf "%.1f", b / 1048576 }') MB, plain $(awk -v b="$size_plain" 'BEGIN { printf "%.1f", b / 1048576 }') MB"
echo "size, ReadyToRun: llmc $(du -sb "$work/llmc/r2r" | awk '{ printf "%.1f", $1 / 1048576 }') MB"
echo "largest files of the llmc publish:"
(cd "$work/llmc/out" && find . -type f -printf '%s %p\n' | sort -rn | head -n 5 | awk '{ printf "  %6.1f MB  %s\n", $1 / 1048576, $2 }')

# Start-up: alternate the two programs so that machine noise hits both alike; each runs in its own folder.
cd "$work"
: > llmc.ms; : > plain.ms; : > minimal.ms; : > r2r.ms; : > aot.ms
for _ in 1 2 3; do  # warm the disk cache
  (cd "$work/llmc/out" && ./llmc >/dev/null 2>&1); (cd "$work/llmc/r2r" && ./llmc >/dev/null 2>&1)
  (cd "$work/plain/out" && ./plain >/dev/null); (cd "$work/minimal/out" && ./minimal >/dev/null)
done
for _ in $(seq 1 "$rounds"); do
  (cd "$work/llmc/out" && bench_ms ./llmc) >> llmc.ms
  (cd "$work/minimal/out" && bench_ms ./minimal) >> minimal.ms
  (cd "$work/llmc/r2r" && bench_ms ./llmc) >> r2r.ms
  (cd "$work/plain/out" && bench_ms ./plain) >> plain.ms
  if [ -x "$work/llmc/aot/llmc" ]; then (cd "$work/llmc/aot" && bench_ms ./llmc) >> aot.ms; fi
done
llmc_ms=$(bench_median < llmc.ms)
plain_ms=$(bench_median < plain.ms)
minimal_ms=$(bench_median < minimal.ms)
r2r_ms=$(bench_median < r2r.ms)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "start-up: llmc ${llmc_ms} ms, minimal ${minimal_ms} ms, ratio $(ratio "$llmc_ms" "$minimal_ms") (target at most 2.0); plain (reflection JSON) ${plain_ms} ms, ratio $(ratio "$llmc_ms" "$plain_ms") (median of $rounds)"
echo "start-up, ReadyToRun: llmc ${r2r_ms} ms, ratio to minimal $(ratio "$r2r_ms" "$minimal_ms"), to plain $(ratio "$r2r_ms" "$plain_ms")"
if [ -s aot.ms ]; then
  aot_ms=$(bench_median < aot.ms)
  echo "start-up, Native AOT: llmc ${aot_ms} ms, ratio to the minimal JIT program $(ratio "$aot_ms" "$minimal_ms") (target at most 0.3), to plain $(ratio "$aot_ms" "$plain_ms"); size $(du -sb "$work/llmc/aot/llmc" | awk '{ printf "%.1f", $1 / 1048576 }') MB"
fi

# No-op rebuild: both projects built once already (by publish, in Release); build Debug once, then alternate.
rebuilds=$(( rounds / 2 > 3 ? rounds / 2 : 3 ))
for app in llmc plain; do (cd "$work/$app" && dotnet build --no-restore -nologo -v:q >/dev/null); done
: > llmc.build.ms; : > plain.build.ms; : > empty.build.ms
for _ in $(seq 1 "$rebuilds"); do
  (cd "$work/llmc" && bench_ms dotnet build --no-restore -nologo -v:q) >> llmc.build.ms
  (cd "$work/plain" && bench_ms dotnet build --no-restore -nologo -v:q) >> plain.build.ms
  (cd "$work/empty" && bench_ms dotnet build --no-restore -nologo -v:q) >> empty.build.ms
done
llmc_build=$(bench_median < llmc.build.ms)
plain_build=$(bench_median < plain.build.ms)
empty_build=$(bench_median < empty.build.ms)
echo "no-op rebuild: llmc ${llmc_build} ms, plain ${plain_build} ms, ratio $(awk -v a="$llmc_build" -v b="$plain_build" 'BEGIN { printf "%.2f", a / b }') (median of $rebuilds)"
echo "no-op rebuild: empty package SDK ${empty_build} ms (ratio to plain $(awk -v a="$empty_build" -v b="$plain_build" 'BEGIN { printf "%.2f", a / b }')); llmc against it $(awk -v a="$llmc_build" -v b="$empty_build" 'BEGIN { printf "%.2f", a / b }')"
