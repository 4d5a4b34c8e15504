namespace LlmCompiler.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Finds the processes a test started, however deep (a step's <c>sh -c</c> and what it starts), by an environment
/// variable every descendant inherits: /proc/PID/environ, readable for our own processes.
/// </summary>
public static class MarkedProcesses
{
    public const string Variable = "LLMC_TEST_MARK";

    public static string NewMark() => Guid.NewGuid().ToString("N");

    /// <summary>The ids of live processes whose environment holds <c>LLMC_TEST_MARK=mark</c>.</summary>
    public static List<int> Find(string mark) => Find(mark, Variable);

    /// <summary>The ids of live processes whose environment holds <c>variable=mark</c>.</summary>
    public static List<int> Find(string mark, string variable)
    {
        var needle = System.Text.Encoding.ASCII.GetBytes(variable + "=" + mark);
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                // A zombie has an empty environ: it is dead, only not yet reaped.
                if (File.ReadAllBytes(Path.Combine(directory, "environ")).AsSpan().IndexOf(needle) >= 0)
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours.
            }
        }

        return found;
    }

    /// <summary>Waits until no marked process is left; returns those still there when <paramref name="limit"/> ends.</summary>
    public static async Task<List<int>> WaitUntilGoneAsync(string mark, TimeSpan limit, string variable = Variable)
    {
        var deadline = DateTime.UtcNow + limit;
        var left = Find(mark, variable);
        while (left.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            left = Find(mark, variable);
        }

        return left;
    }

    /// <summary>Kills what a failed test left, so it does not outlive the test run.</summary>
    public static void KillAll(string mark, string variable = Variable)
    {
        foreach (var pid in Find(mark, variable))
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }
    }
}
