using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Runtime.DurableTask.Tests;

/// <summary>Requests for the durable engine on the test Azurite, each on a fresh task hub.</summary>
internal static class DurableRequests
{
    public static WorkflowRunOptions Quiet() => new() { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null };

    public static EngineRequest For(IReadOnlyList<Workflow> workflows, WorkflowRunOptions? options = null) =>
        new(workflows, options ?? Quiet(), "tests")
        {
            Connection = AzuriteFixture.Server.ConnectionString,
            TaskHub = "t" + Guid.NewGuid().ToString("N")[..20],
        };

    /// <summary>A run's record as its run file says it, without what differs between two runs of the same work (times, workers).</summary>
    public static string Comparable(RunResult result)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(RunFile.ToJson(result with { StartedAt = DateTimeOffset.UnixEpoch, Duration = TimeSpan.Zero }, "tests"))!;
        Strip(root);
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private static void Strip(System.Text.Json.Nodes.JsonNode? node)
    {
        if (node is System.Text.Json.Nodes.JsonObject obj)
        {
            foreach (var name in new[] { "started_at", "duration_ms", "worker" })
            {
                obj.Remove(name);
            }
        }

        foreach (var child in node switch
        {
            System.Text.Json.Nodes.JsonObject o => o.Select(p => p.Value),
            System.Text.Json.Nodes.JsonArray a => a,
            _ => [],
        })
        {
            Strip(child);
        }
    }
}
