using System.Diagnostics;
using LlmCompiler.Runtime;

namespace LlmCompiler.Benchmarks;

/// <summary>
/// Issue 11's first run target: one foreach step of 1000 <c>true</c> shell items at <c>max_parallel: 2</c> against a
/// plain C# loop that runs the same 1000 <c>sh -c true</c> processes two at a time. The step is built exactly as
/// the generated code builds it (<c>foreach: [...]</c> becomes <see cref="ForeachSource.List"/>).
/// </summary>
internal static class ForeachShellBenchmark
{
    private const int Items = 1000;
    private const int Parallel = 2;

    public static async Task RunAsync(int rounds)
    {
        var items = Enumerable.Range(0, Items).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        // Without output, as a generated program runs it (console output, no progress lines): items' stdout goes
        // straight to the console. With output, each item's stdout is captured for its entry of the array.
        var printing = new Workflow("bench", [new ShellStep("each", "true") { Foreach = ForeachSource.List(items), MaxParallel = Parallel }]);
        var capturing = new Workflow("bench", [new ShellStep("each", "true") { Foreach = ForeachSource.List(items), MaxParallel = Parallel, Output = "out" }]);
        var options = new WorkflowRunOptions { Quiet = true, Log = TextWriter.Null };
        Func<Task> Run(Workflow workflow) => async () =>
        {
            var result = await WorkflowRunner.RunAsync([workflow], options);
            if (result.Status != RunStatus.Succeeded || result.Workflows[0].Steps[0].Items!.Count != Items)
            {
                throw new InvalidOperationException("the benchmark workflow failed");
            }
        };

        await RatioBenchmark.RunAsync($"foreach of {Items} 'true' items at max_parallel {Parallel} vs a plain loop, {Parallel} at a time", () => TwoAtATimeAsync(captureStreams: false), Run(printing), rounds);

        // An item reads stderr (to quote it on failure) and, with output, its stdout: the loop does the same.
        await RatioBenchmark.RunAsync($"the same step with output vs that loop reading stdout and stderr", () => TwoAtATimeAsync(captureStreams: true), Run(capturing), rounds);
    }

    private static async Task TwoAtATimeAsync(bool captureStreams)
    {
        var next = -1;
        async Task Worker()
        {
            while (Interlocked.Increment(ref next) < Items)
            {
                var startInfo = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardOutput = captureStreams, RedirectStandardError = captureStreams };
                startInfo.ArgumentList.Add("-c");
                startInfo.ArgumentList.Add("true");
                using var process = Process.Start(startInfo)!;
                if (captureStreams)
                {
                    var stdout = process.StandardOutput.ReadToEndAsync();
                    var stderr = process.StandardError.ReadToEndAsync();
                    await process.WaitForExitAsync();
                    await Task.WhenAll(stdout, stderr);
                }
                else
                {
                    await process.WaitForExitAsync();
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => Worker()));
    }
}
