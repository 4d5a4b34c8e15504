using System.Text.Json;
using DurableTask.Core;
using LlmCompiler.Runtime.Core;
using LlmCompiler.Runtime.Scheduling;

namespace LlmCompiler.Runtime.DurableTask.Orchestration;

/// <summary>
/// One workflow of a run (or one call of a workflow), as a sub-orchestration: the durable engine's scheduler over the
/// step core the embedded engine uses too. <see cref="WorkflowRunState"/> decides which steps run and what a result
/// does to the workflow, <see cref="StepRules"/> conditions and items, <see cref="AttemptRules"/> retries,
/// <see cref="ForeachState"/> a foreach step's items, <see cref="StepRecords"/> every record and <see cref="StepLines"/>
/// every console line; this class only schedules. Conditions and foreach sources are evaluated here, from recorded
/// outputs only, so a replay takes the same decisions. Each step and each foreach item is an activity
/// (<c>.Activities.cs</c>), each workflow call a sub-orchestration of this same kind (<c>.Calls.cs</c>), a foreach
/// step's items are scheduled in <c>.Foreach.cs</c>, <c>wait_for</c> and the cancel event in <c>.Signals.cs</c>.
/// </summary>
/// <remarks>
/// Orchestration code must stay on the framework's scheduler: no <c>ConfigureAwait(false)</c>, no clock but
/// <see cref="OrchestrationContext.CurrentUtcDateTime"/>, no I/O.
/// </remarks>
#pragma warning disable CA2007 // Orchestration code must resume on the framework's scheduler (see remarks).
internal sealed partial class WorkflowOrchestration : TaskOrchestration<string, string>
{
    public const string Name = "llmc.workflow";

    private readonly ProgramCatalog _catalog;
    private readonly List<ProgressLine> _progress = [];

    /// <summary>The attempts each step (or item, by position) has started, counted by the retry loops, for the run file.</summary>
    private readonly Dictionary<(string Step, int? Position), int> _attempts = [];

    private OrchestrationContext _context = null!;
    private WorkflowPayload _payload = null!;
    private Workflow _workflow = null!;

    public WorkflowOrchestration(ProgramCatalog catalog) => _catalog = catalog;

    public static string InstanceId(string runId, string workflow) => runId + ":" + workflow;

    public override string OnGetStatus() => Payload.Write(new ProgressPayload(_progress, _abandoned.Count > 0 ? _abandoned : null));

    public override async Task<string> RunTask(OrchestrationContext context, string input)
    {
        _context = context;
        _payload = Payload.Read<WorkflowPayload>(input);
        try
        {
            _workflow = _catalog.Check(_payload.Workflow, _payload.Definition);
        }
        catch (InvalidOperationException e)
        {
            // Waiters in other workflows must not hang on a workflow this worker refuses.
            foreach (var key in _catalog.Awaited.Where(k => k.StartsWith(_payload.Workflow + ".", StringComparison.Ordinal)))
            {
                Send(key, StepSignal.Failed(e.Message));
            }

            throw;
        }

        var startedAt = Now;
        var state = new WorkflowRunState(_workflow, _payload.Inputs);
        for (var i = 0; i < _workflow.Steps.Count; i++)
        {
            var step = _workflow.Steps[i];
            var key = StepSignals.Key(_workflow.Name, step.Name);
            if (_cancelled.Task.IsCompleted)
            {
                state.Cancel();
            }

            if (!state.Runs(step) || (state.IsCancelled && _stopped.Task.IsCompleted))
            {
                Send(key, state.NotRun(i));
                continue;
            }

            var afterCancellation = state.IsCancelled;
            var result = await RunStepAsync(step, i, state.Variables, afterCancellation) with { AfterCancellation = afterCancellation };
            Log(StepLines.Finished(_workflow.Name, result, quiet: false), result.Status == StepStatus.Failed);
            Send(key, state.Finish(i, result));
        }

        var run = RunFile.ToJson(
            new RunResult
            {
                Status = state.Status,
                StartedAt = startedAt,
                Duration = Now - startedAt,
                Workflows = [state.Result()],
            },
            _payload.Program);
        return Payload.Write(new WorkflowOutcome(JsonSerializer.Deserialize<JsonElement>(run), _workflow.IsCalled ? _progress : null));
    }

    /// <summary>The orchestration's clock: the same on every replay.</summary>
    private DateTimeOffset Now => new(_context.CurrentUtcDateTime, TimeSpan.Zero);

    /// <summary>One step, in the order both engines follow: wait for its producer, check its condition, run it once or per item, record it.</summary>
    private async Task<StepResult> RunStepAsync(WorkflowStep step, int index, WorkflowVariables variables, bool cleanup)
    {
        var startedAt = Now;
        ExecutionResult execution;
        try
        {
            if (step.WaitFor is { } key)
            {
                Log(StepLines.Waiting(_workflow.Name, step, key));
                variables.Set(key, await WaitAsync(key, step.WaitTimeout, cleanup));
            }

            if (StepRules.Skips(step, variables))
            {
                return StepRecords.Step(step, StepStatus.Skipped, startedAt, Now - startedAt);
            }

            Log(StepLines.Started(_workflow.Name, step));
            if (step.Foreach is not null)
            {
                var (total, items) = await RunForeachAsync(step, index, variables, cleanup);
                return StepRecords.Step(step, StepRecords.Close(total, startedAt, Now - startedAt, 0)) with { Items = items };
            }

            if (step.Until is not null)
            {
                var (total, iterations) = await RunLoopAsync(step, index, variables, cleanup);
                return StepRecords.Step(step, StepRecords.Close(total, startedAt, Now - startedAt, 0)) with { Iterations = iterations };
            }

            execution = Recorded(step, await RunOnceAsync(step, index, variables, null, null, cleanup));
        }
        catch (CancelledException)
        {
            execution = StepRecords.Cancelled;
        }
        catch (StepFailedException e)
        {
            execution = StepRecords.Failure(e);
        }

        return StepRecords.Step(step, StepRecords.Close(execution, startedAt, Now - startedAt, Attempts(step, null)));
    }

    /// <summary>What an execution that ended (succeeded or failed) records; a succeeded one's text that nothing captures goes to the console instead.</summary>
    private StepOutcome Recorded(WorkflowStep step, StepOutcome outcome)
    {
        if (outcome.Status == StepStatus.Failed)
        {
            return outcome;
        }

        var captured = Captures(step);
        if (!captured && outcome.Text.Length > 0)
        {
            _progress.Add(new ProgressLine(outcome.Text, true));
        }

        return StepRecords.Succeeded(outcome, captured);
    }

    /// <summary>One run of a step or item: an activity, or a called workflow's sub-orchestration; a failure is an outcome, a cancellation throws.</summary>
    /// <remarks>An iteration of a loop is at <paramref name="position"/> (its number) and reads its <paramref name="snapshot"/>, which holds the loop's values.</remarks>
    private async Task<StepOutcome> RunOnceAsync(WorkflowStep step, int index, IVariables view, IReadOnlyDictionary<string, string>? snapshot, ItemVariables? item, bool cleanup, int? position = null)
    {
        position = item?.Index ?? position;
        if (step.Placement == StepPlacement.Call)
        {
            return await CallAsync((WorkflowCallStep)step, view, position, cleanup);
        }

        var attemptId = AttemptId(step, position);
        try
        {
            return await UntilCancelledAsync(ScheduleAsync(step, index, () => snapshot ?? ((WorkflowVariables)view).Snapshot(), item, attemptId, cleanup, position), cleanup);
        }
        catch (CancelledException)
        {
            Abandon(attemptId);
            throw;
        }
    }

    /// <summary>The attempts a step or item started (the rules record them only for one that ran to an end).</summary>
    private int Attempts(WorkflowStep step, int? position) => _attempts.GetValueOrDefault((step.Name, position));

    /// <summary>A shell step's text is recorded only where the embedded runner records it (the same rule).</summary>
    private bool Captures(WorkflowStep step) =>
        StepRules.Captures(step, _catalog.Awaited.Contains(StepSignals.Key(_workflow.Name, step.Name)), _payload.CaptureAll);

    /// <summary>A console line for the client; <paramref name="always"/> ones (failures, retries) are printed even when quiet, as the embedded engine prints them.</summary>
    private void Log(string? line, bool always = false)
    {
        if (line is not null)
        {
            _progress.Add(new ProgressLine(line, false, always));
        }
    }

    /// <summary>The run was cancelled while this step waited: the step is recorded as cancelled.</summary>
    private sealed class CancelledException : Exception;
}
#pragma warning restore CA2007
