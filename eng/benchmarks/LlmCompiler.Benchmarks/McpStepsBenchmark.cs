using LlmCompiler.Runtime;
using LlmCompiler.Runtime.Mcp;
using ModelContextProtocol.Client;

namespace LlmCompiler.Benchmarks;

/// <summary>
/// Issue 25: 200 <c>type: mcp</c> steps calling server-everything's <c>get-sum</c>, against the same 200 calls made
/// straight through the SDK's client, each side on a warm server of its own, so the ratio is the step machinery's
/// cost per call. The workflow's server registry is the run option a host sets, kept across rounds; after every
/// round it must still have started exactly one server.
/// </summary>
internal static class McpStepsBenchmark
{
    private const int Calls = 200;

    public static async Task RunAsync(string serverPath, int rounds)
    {
        var server = new McpServer("everything") { Command = serverPath, Arguments = ["stdio"] };
        var workflow = new Workflow("bench", Enumerable.Range(0, Calls)
            .Select(i => (WorkflowStep)new McpStep("s" + i, server, "get-sum") { Arguments = _ => [new("a", "2"), new("b", "3")] })
            .ToArray());
        await using var servers = new McpServers(progress: null);
        var options = new WorkflowRunOptions { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null };
        options.Backends[McpServers.StepKind] = servers;

        await using var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "direct", Command = serverPath, Arguments = ["stdio"],
        }));

        async Task WorkflowAsync()
        {
            var result = await WorkflowRunner.RunAsync([workflow], options);
            if (result.Status != RunStatus.Succeeded)
            {
                throw new InvalidOperationException("the benchmark workflow failed: " + result.Workflows[0].Steps.First(s => s.Error is not null).Error);
            }
        }

        async Task DirectAsync()
        {
            for (var i = 0; i < Calls; i++)
            {
                var result = await client.CallToolAsync("get-sum", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 3 });
                if (result.IsError == true)
                {
                    throw new InvalidOperationException("get-sum failed");
                }
            }
        }

        await RatioBenchmark.RunAsync($"{Calls} mcp get-sum steps vs {Calls} direct SDK calls", DirectAsync, WorkflowAsync, rounds);
        if (servers.StartedCount != 1)
        {
            throw new InvalidOperationException($"the workflow runs started {servers.StartedCount} servers; one was expected");
        }

        Console.WriteLine($"servers started by the workflow runs: {servers.StartedCount}");
    }
}
