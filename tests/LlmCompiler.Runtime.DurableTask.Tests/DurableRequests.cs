using LlmCompiler.Runtime.Plugins;
using LlmCompiler.Tests.Shared;

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
    public static string Comparable(RunResult result) =>
        RunFileComparison.Comparable(RunFile.ToJson(result with { StartedAt = DateTimeOffset.UnixEpoch, Duration = TimeSpan.Zero }, "tests"));
}
