using BenchmarkDotNet.Running;
using LlmCompiler.Benchmarks.Remote;

// Each mode is one benchmark of docs/benchmarks.md; BenchmarkDotNet arguments may follow the mode.
return args.FirstOrDefault() switch
{
    "remote-overhead" => RunBenchmarkDotNet<LlmStepOverheadBenchmark>(args[1..]),
    "remote-concurrency" => await ConcurrencyBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int RunBenchmarkDotNet<T>(string[] rest)
{
    var summary = BenchmarkRunner.Run<T>(args: rest);
    return summary.HasCriticalValidationErrors ? 1 : 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: LlmCompiler.Benchmarks remote-overhead [BenchmarkDotNet args] | remote-concurrency [workflows] [limit] [delay-ms]");
    return 2;
}
