using DurableTask.Core;

namespace LlmCompiler.Runtime.DurableTask.Orchestration;

/// <summary>
/// A run: one sub-orchestration per started workflow (those no step calls), all at once, as the embedded runner starts
/// them concurrently. Its output is the run file's text, which the client writes as the embedded runner would.
/// </summary>
#pragma warning disable CA2007 // Orchestration code must resume on the framework's scheduler.
internal sealed class RunOrchestration : TaskOrchestration<string, string>
{
    public const string Name = "llmc.run";

    private readonly ProgramCatalog _catalog;

    public RunOrchestration(ProgramCatalog catalog) => _catalog = catalog;

    public override async Task<string> RunTask(OrchestrationContext context, string input)
    {
        var payload = Payload.Read<RunPayload>(input);
        foreach (var (workflow, definition) in payload.Definitions)
        {
            // Refused here, before any step, when this worker was built from other definitions.
            _catalog.Check(workflow, definition);
        }

        var startedAt = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var runId = context.OrchestrationInstance.InstanceId;
        var children = payload.Inputs.Keys.Select(workflow => context.CreateSubOrchestrationInstance<string>(
            WorkflowOrchestration.Name,
            string.Empty,
            WorkflowOrchestration.InstanceId(runId, workflow),
            Payload.Write(new WorkflowPayload(payload.Program, runId, workflow, payload.Definitions[workflow], payload.Inputs[workflow], payload.ShellParallel))));
        var outputs = await Task.WhenAll(children);
        var workflows = outputs.Select(o => RunFileReader.Parse(Payload.Read<WorkflowOutcome>(o).Run).Workflows[0]).ToList();

        // The embedded runner's rule: any workflow cancelled makes the run cancelled, else any failed makes it failed.
        var status = workflows.Any(w => w.Status == RunStatus.Cancelled) ? RunStatus.Cancelled
            : workflows.Any(w => w.Status == RunStatus.Failed) ? RunStatus.Failed : RunStatus.Succeeded;
        return RunFile.ToJson(
            new RunResult
            {
                Status = status,
                StartedAt = startedAt,
                Duration = context.CurrentUtcDateTime - startedAt.UtcDateTime,
                Workflows = workflows,
            },
            payload.Program);
    }
}
#pragma warning restore CA2007
