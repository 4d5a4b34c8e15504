using BenchmarkDotNet.Running;
using LlmCompiler.Benchmarks;
using LlmCompiler.Benchmarks.Remote;

// Each mode is one benchmark of docs/benchmarks.md; the mode's own arguments follow it.
return args.FirstOrDefault() switch
{
    "shell" => await RunShellAsync(args[1..]),
    "foreach-shell" => await RunForeachShellAsync(args[1..]),
    "remote-overhead" => RunBenchmarkDotNet<LlmStepOverheadBenchmark>(args[1..]),
    "remote-concurrency" => await ConcurrencyBenchmark.RunAsync(args[1..]),
    "telemetry" => await RunTelemetryAsync(args[1..]),
    "foreach-llm" => await ForeachLlmBenchmark.RunAsync(args[1..]),
    "foreach-memory" => await ForeachMemoryBenchmark.RunAsync(args[1..]),
    "mcp" => await RunMcpAsync(args[1..]),
    "loop-shell" => await RunLoopShellAsync(args[1..]),
    "loop-memory" => await RunLoopMemoryAsync(args[1..]),
    _ => Usage(),
};

static async Task<int> RunShellAsync(string[] rest)
{
    await ShellStepsBenchmark.RunAsync(Rounds(rest, 15));
    return 0;
}

static async Task<int> RunForeachShellAsync(string[] rest)
{
    await ForeachShellBenchmark.RunAsync(Rounds(rest, 11));
    return 0;
}

static async Task<int> RunLoopShellAsync(string[] rest)
{
    await LoopShellBenchmark.RunAsync(Rounds(rest, 9), 1000);
    return 0;
}

static async Task<int> RunLoopMemoryAsync(string[] rest)
{
    await LoopShellBenchmark.MemoryAsync(rest.SkipWhile(a => a != "--iterations").Skip(1).Select(int.Parse).DefaultIfEmpty(10_000).First());
    return 0;
}

static async Task<int> RunTelemetryAsync(string[] rest)
{
    await TelemetryOverheadBenchmark.RunAsync(Rounds(rest, 21));
    return 0;
}

static async Task<int> RunMcpAsync(string[] rest)
{
    await McpStepsBenchmark.RunAsync(rest[0], Rounds(rest, 15));
    return 0;
}

static int Rounds(string[] rest, int fallback) => rest.SkipWhile(a => a != "--rounds").Skip(1).Select(int.Parse).DefaultIfEmpty(fallback).First();

static int RunBenchmarkDotNet<T>(string[] rest)
{
    var summary = BenchmarkRunner.Run<T>(args: rest);
    return summary.HasCriticalValidationErrors ? 1 : 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: LlmCompiler.Benchmarks shell [--rounds N] | foreach-shell [--rounds N] | telemetry [--rounds N] | remote-overhead [BenchmarkDotNet args] | remote-concurrency [workflows] [limit] [delay-ms] | foreach-llm [--items N] [--parallel P] [--delay-ms D] [--rounds R] | foreach-memory [--items N] [--parallel P] | loop-shell [--rounds N] | loop-memory [--iterations N]");
    return 2;
}
