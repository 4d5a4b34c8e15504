using System.Diagnostics;
using System.Globalization;
using LlmCompiler.Runtime;

namespace LlmCompiler.Benchmarks;

/// <summary>
/// Issue 27's targets. Time: a loop (<c>until</c>) of 1000 iterations of a <c>true</c> shell step against 1000
/// sequential <c>true</c> steps in one run, alternated in one process (target: at most 1.05). Memory: one loop of
/// 10,000 iterations run and its run file written as a generated program does, reporting the peak managed heap
/// (sampled every 2 ms), the heap the result retains per iteration, and the run file's size.
/// </summary>
internal static class LoopShellBenchmark
{
    private static readonly WorkflowRunOptions Options = new() { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null };

    public static async Task RunAsync(int rounds, int iterations)
    {
        var steps = new Workflow("steps", Enumerable.Range(0, iterations).Select(i => (WorkflowStep)new ShellStep("s" + i, "true")).ToArray());
        var loop = Loop(iterations);
        await RatioBenchmark.RunAsync($"a loop of {iterations} 'true' iterations vs {iterations} sequential 'true' steps", () => RunAsync(steps), () => RunAsync(loop), rounds, warmup: 1);
    }

    public static async Task MemoryAsync(int iterations)
    {
        var runFile = Path.Combine(Path.GetTempPath(), $"llmc-loop-bench-{Environment.ProcessId}.json");
        await RunFile.WriteAsync(runFile, await RunAsync(Loop(100)), "bench"); // JIT and first spawns out of the measurement

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: false);
        long peakHeap = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(2, CancellationToken.None);
            }
        });

        var clock = Stopwatch.StartNew();
        var result = await RunAsync(Loop(iterations));
        await RunFile.WriteAsync(runFile, result, "bench");
        var elapsed = clock.Elapsed;
        await sampling.CancelAsync();
        await sampler;
        var retained = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        GC.KeepAlive(result);
        var size = new FileInfo(runFile).Length;
        File.Delete(runFile);

        const double MiB = 1024 * 1024;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            iterations: {iterations}, time {elapsed.TotalSeconds:0.00} s ({elapsed.TotalMilliseconds / iterations:0.00} ms per iteration)
            managed heap: {heapBefore / MiB:0.0} MiB before, peak {peakHeap / MiB:0.0} MiB (sampled), result retained {retained / MiB:0.00} MiB ({(double)retained / iterations:0} bytes per iteration)
            run file: {size / MiB:0.00} MiB ({(double)size / iterations:0} bytes per iteration)
            """));
    }

    /// <summary>A <c>true</c> step repeated <paramref name="iterations"/> times: its condition never holds, and at the limit it keeps the last output.</summary>
    private static Workflow Loop(int iterations) =>
        new("loop", [new ShellStep("loop", "true") { Until = static _ => false, MaxIterations = iterations, OnLimit = "continue" }]);

    private static async Task<RunResult> RunAsync(Workflow workflow)
    {
        var result = await WorkflowRunner.RunAsync([workflow], Options);
        return result.Status == RunStatus.Succeeded ? result : throw new InvalidOperationException("the benchmark workflow failed");
    }
}
