using BenchmarkDotNet.Running;
using LlmCompiler.Benchmarks;
using LlmCompiler.Benchmarks.Remote;

// Each mode is one benchmark of docs/benchmarks.md; the mode's own arguments follow it.
return args.FirstOrDefault() switch
{
    "shell" => await RunShellAsync(args[1..]),
    "remote-overhead" => RunBenchmarkDotNet<LlmStepOverheadBenchmark>(args[1..]),
    "remote-concurrency" => await ConcurrencyBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static async Task<int> RunShellAsync(string[] rest)
{
    var rounds = rest.SkipWhile(a => a != "--rounds").Skip(1).Select(int.Parse).DefaultIfEmpty(15).First();
    await ShellStepsBenchmark.RunAsync(rounds);
    return 0;
}

static int RunBenchmarkDotNet<T>(string[] rest)
{
    var summary = BenchmarkRunner.Run<T>(args: rest);
    return summary.HasCriticalValidationErrors ? 1 : 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: LlmCompiler.Benchmarks shell [--rounds N] | remote-overhead [BenchmarkDotNet args] | remote-concurrency [workflows] [limit] [delay-ms]");
    return 2;
}
