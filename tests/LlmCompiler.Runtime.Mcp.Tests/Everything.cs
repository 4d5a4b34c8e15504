using LlmCompiler.Runtime.Mcp;
using LlmCompiler.Tests.Shared;

namespace LlmCompiler.Runtime.Mcp.Tests;

/// <summary>server-everything as a workflow declares it, marked so a test can find its processes, and a run with the servers' registry the test owns.</summary>
internal static class Everything
{
    public static McpServer Server(string marker, string name = "everything") => new(name)
    {
        Command = TestTools.ServerEverything(),
        Arguments = ["stdio"],
        Environment = [new("LLMC_TEST_MARKER_VALUE", marker)],
    };

    public static McpStep Call(string name, McpServer server, string tool, params (string Name, string Value)[] arguments) =>
        new(name, server, tool)
        {
            Output = name,
            Arguments = arguments.Length == 0 ? null : _ => arguments.Select(a => new KeyValuePair<string, string>(a.Name, a.Value)).ToList(),
        };

    /// <summary>Runs the workflows with a server registry of the test's own, stopped (every server) before it returns.</summary>
    public static async Task<(RunResult Result, int Started, string Log)> RunAsync(params Workflow[] workflows)
    {
        var servers = new McpServers(progress: null);
        var log = new StringWriter();
        RunResult result;
        try
        {
            var options = new WorkflowRunOptions { Log = TextWriter.Synchronized(log), Output = TextWriter.Null };
            options.Backends[McpServers.StepKind] = servers;
            result = await WorkflowRunner.RunAsync(workflows, options);
        }
        finally
        {
            await servers.DisposeAsync();
        }

        return (result, servers.StartedCount, log.ToString());
    }

    /// <summary>The processes whose environment holds <paramref name="marker"/>: what a server of that marker left running.</summary>
    public static IReadOnlyList<int> ProcessesMarked(string marker)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "environ")).Contains(marker, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone, or not ours.
            }
        }

        return found;
    }
}
