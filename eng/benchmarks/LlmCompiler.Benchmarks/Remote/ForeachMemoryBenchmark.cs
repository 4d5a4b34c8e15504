using System.Diagnostics;
using System.Globalization;
using LlmCompiler.Runtime;
using LlmCompiler.Runtime.Remote;
using LlmCompiler.Testing.OpenAIServer;

namespace LlmCompiler.Benchmarks.Remote;

/// <summary>
/// Issue 11's memory target: N items through one foreach llm step against the loopback server (no delay), run and
/// recorded as a generated program does (the run file is written). Prints the peak managed heap (sampled every
/// 2 ms), the process's peak resident memory, the bytes allocated per item and the time per item, so runs with
/// different N show whether any per-item cost grows with the count. One N per process: peak RSS cannot be reset.
/// </summary>
internal static class ForeachMemoryBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var items = ForeachLlmBenchmark.Argument(args, "--items", 100_000);
        var parallel = ForeachLlmBenchmark.Argument(args, "--parallel", 32);

        await using var server = await FakeOpenAIServer.StartAsync();
        server.KeepRequests = false;
        var reply = new FakeReply { Content = "label" };
        server.Responder = _ => reply;
        using var backend = new OpenAIModelBackend(new OpenAIModelBackendOptions { BaseUrl = server.BaseUrl, DefaultModel = "bench-model", MaxConcurrency = parallel });
        var options = new WorkflowRunOptions { RemoteModels = backend, Output = TextWriter.Null, Log = TextWriter.Null, Quiet = true };
        var runFile = Path.Combine(Path.GetTempPath(), $"llmc-memory-bench-{Environment.ProcessId}.json");

        // Warm-up on a small step, so JIT, connections and the server are not counted as per-item cost.
        await RunAsync(ForeachLlmBenchmark.Workflow(1000, parallel), options, runFile, 1000);

        var workflow = ForeachLlmBenchmark.Workflow(items, parallel);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: false);
        var rssBefore = ProcStatus("VmRSS");
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
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
        var result = await RunAsync(workflow, options, runFile, items);
        var elapsed = clock.Elapsed;
        await sampling.CancelAsync();
        await sampler;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var retained = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        if (args.Contains("--hold"))
        {
            // Time for a heap snapshot (dotnet-gcdump) with the result still alive.
            Console.WriteLine($"holding the result for 60 s: pid {Environment.ProcessId}");
            await Task.Delay(TimeSpan.FromSeconds(60));
        }

        GC.KeepAlive(result);
        var runFileSize = new FileInfo(runFile).Length;
        File.Delete(runFile);

        const double MiB = 1024 * 1024;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            items: {items}, max_parallel {parallel}, server delay 0
            time: {elapsed.TotalSeconds:0.00} s, {elapsed.TotalMilliseconds * 1000 / items:0.0} µs per item
            allocated: {allocated / MiB:0.0} MiB, {(double)allocated / items:0} bytes per item
            managed heap: {heapBefore / MiB:0.0} MiB before, peak {peakHeap / MiB:0.0} MiB (sampled), result retained {retained / MiB:0.0} MiB ({(double)retained / items:0} bytes per item)
            resident memory: {rssBefore / 1024.0:0.0} MiB before, peak {ProcStatus("VmHWM") / 1024.0:0.0} MiB (process, server included)
            run file: {runFileSize / MiB:0.0} MiB
            """));
        return 0;
    }

    private static async Task<RunResult> RunAsync(Workflow workflow, WorkflowRunOptions options, string runFile, int expected)
    {
        var result = await WorkflowRunner.RunAsync([workflow], options);
        if (result.Status != RunStatus.Succeeded || result.Workflows[0].Steps[0].Items!.Count != expected)
        {
            throw new InvalidOperationException(result.Workflows[0].Steps[0].Error ?? "the run failed");
        }

        await RunFile.WriteAsync(runFile, result, "bench");
        return result;
    }

    /// <summary>A line of /proc/self/status in KiB (VmRSS now, VmHWM the peak).</summary>
    private static long ProcStatus(string key) =>
        File.ReadLines("/proc/self/status").Where(l => l.StartsWith(key + ":", StringComparison.Ordinal))
            .Select(l => long.Parse(l[(key.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture)).First();
}
