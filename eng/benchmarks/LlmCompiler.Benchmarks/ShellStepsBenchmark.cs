using System.Diagnostics;
using LlmCompiler.Runtime;

namespace LlmCompiler.Benchmarks;

/// <summary>
/// Issue 2's run target: a workflow of 200 <c>true</c> shell steps against a plain C# loop that starts the same
/// 200 <c>sh -c true</c> processes. The workflow is built exactly as the generated code builds it.
/// </summary>
internal static class ShellStepsBenchmark
{
    private const int Steps = 200;

    public static async Task RunAsync(int rounds)
    {
        var workflow = new Workflow("bench", Enumerable.Range(0, Steps).Select(i => (WorkflowStep)new ShellStep("s" + i, "true")).ToArray());
        // As in a generated program: output to the console (these steps print nothing), no progress lines.
        var options = new WorkflowRunOptions { Quiet = true, Log = TextWriter.Null };
        async Task RunWorkflowAsync()
        {
            var result = await WorkflowRunner.RunAsync([workflow], options);
            if (result.Status != RunStatus.Succeeded)
            {
                throw new InvalidOperationException("the benchmark workflow failed");
            }
        }

        await RatioBenchmark.RunAsync($"{Steps} 'true' shell steps vs a plain loop of {Steps} 'sh -c true'", PlainLoopAsync, RunWorkflowAsync, rounds);

        // The same loop with the streams a step needs: stderr read (to echo it and quote its end on failure), stdin at EOF
        // (a closed pipe, unless this process's stdin is /dev/null and can be inherited, as the runtime does).
        await RatioBenchmark.RunAsync($"{Steps} 'true' shell steps vs that loop with a step's stream handling", PlainLoopWithStreamsAsync, RunWorkflowAsync, rounds);
    }

    private static readonly bool StdinIsDevNull = OperatingSystem.IsLinux() && new FileInfo("/proc/self/fd/0").LinkTarget == "/dev/null";

    private static async Task PlainLoopWithStreamsAsync()
    {
        for (var i = 0; i < Steps; i++)
        {
            var startInfo = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardInput = !StdinIsDevNull, RedirectStandardError = true };
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add("true");
            using var process = Process.Start(startInfo)!;
            if (startInfo.RedirectStandardInput)
            {
                process.StandardInput.Close();
            }

            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            await stderr;
        }
    }

    private static async Task PlainLoopAsync()
    {
        for (var i = 0; i < Steps; i++)
        {
            var startInfo = new ProcessStartInfo("sh") { UseShellExecute = false };
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add("true");
            using var process = Process.Start(startInfo)!;
            await process.WaitForExitAsync();
        }
    }
}
