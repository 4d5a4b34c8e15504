using DurableTask.Core;

namespace LlmCompiler.Runtime.DurableTask.Hosting;

/// <summary>A run orchestration's status in the run file's words, for what an operator reads (<c>runs list</c>, attaching).</summary>
internal static class RunStates
{
    public static string Describe(OrchestrationStatus status) => status switch
    {
        OrchestrationStatus.Pending => "pending",
        OrchestrationStatus.Running or OrchestrationStatus.ContinuedAsNew => "running",
        OrchestrationStatus.Suspended => "suspended",
        OrchestrationStatus.Completed => "ended",
        OrchestrationStatus.Terminated => "terminated",
        OrchestrationStatus.Canceled => "cancelled",
        _ => "failed",
    };
}
