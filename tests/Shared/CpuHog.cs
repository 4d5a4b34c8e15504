using System.Diagnostics;

namespace LlmCompiler.Tests.Shared;

/// <summary>
/// Keeps every core busy while a test assembly runs, when <see cref="Variable"/> is <c>1</c>: the end-to-end and durable
/// tests must hold on a loaded machine (a CI job runs them this way), not only on an idle one. One busy <c>sh</c> loop per
/// core, at normal priority, each in its own process so it competes with the programs under test as another job would.
/// </summary>
internal sealed class CpuHog : IDisposable
{
    /// <summary>The environment variable that switches the hog on.</summary>
    public const string Variable = "LLMC_TEST_CPU_HOG";

    private readonly List<Process> _loops;

    private CpuHog(List<Process> loops) => _loops = loops;

    /// <summary>Starts the hog when the environment asks for it; <see langword="null"/> otherwise.</summary>
    public static CpuHog? StartFromEnvironment()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            return null;
        }

        var loops = new List<Process>();
        for (var i = 0; i < Environment.ProcessorCount; i++)
        {
            var start = new ProcessStartInfo("sh") { UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("while :; do :; done");
            loops.Add(Process.Start(start)!);
        }

        return new CpuHog(loops);
    }

    public void Dispose()
    {
        foreach (var loop in _loops)
        {
            try
            {
                loop.Kill();
                loop.WaitForExit();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            loop.Dispose();
        }
    }
}
