using System.ComponentModel;
using LlmCompiler.Runtime.Scheduling;

namespace LlmCompiler.Runtime.Core;

/// <summary>
/// What one workflow's run has decided so far, and the rules that decide it: which steps still run after a failure or
/// a cancellation, what a finished step does to the workflow's status and variables, and what its waiters are told.
/// Both engines drive their own loop (the embedded one awaits processes, the durable one the framework's tasks) and
/// leave every decision to this class, so a run file means the same under either.
/// </summary>
/// <remarks>Nothing here awaits, reads a clock or does I/O: the durable engine calls it from orchestration code, which is replayed.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class WorkflowRunState
{
    private const string CancelledReason = "the run was cancelled";

    private readonly Workflow _workflow;
    private readonly IReadOnlyDictionary<string, string> _inputs;
    private readonly StepResult[] _results;
    private string? _stopReason;

    /// <summary>Starts the decisions of one workflow's run with its bound <paramref name="inputs"/>.</summary>
    public WorkflowRunState(Workflow workflow, IReadOnlyDictionary<string, string> inputs)
    {
        _workflow = workflow;
        _inputs = inputs;
        _results = new StepResult[workflow.Steps.Count];
        foreach (var (name, value) in inputs)
        {
            Variables.Set(name, value);
        }
    }

    /// <summary>Gets the workflow's variables: its inputs and the outputs of its steps so far.</summary>
    public WorkflowVariables Variables { get; } = new();

    /// <summary>Gets the workflow's status so far.</summary>
    public RunStatus Status { get; private set; } = RunStatus.Succeeded;

    /// <summary>Gets whether the run was cancelled: later steps run only if their <c>if</c> checks the status.</summary>
    public bool IsCancelled => Variables.IsCancelled;

    /// <summary>Records the cancellation (once): the workflow is cancelled, and steps that do not check the status will not run.</summary>
    public void Cancel()
    {
        if (!Variables.IsCancelled)
        {
            Status = RunStatus.Cancelled;
            Variables.IsCancelled = true;
            _stopReason = CancelledReason;
        }
    }

    /// <summary>Whether <paramref name="step"/> runs: always, until a failure or a cancellation; after one, only if its <c>if</c> checks the status.</summary>
    public bool Runs(WorkflowStep step) => _stopReason is null || (step.ChecksStatus && Status != RunStatus.Waiting);

    /// <summary>Records a step that did not run because the workflow had stopped; returns what its waiters are told.</summary>
    public StepSignal NotRun(int index)
    {
        var step = _workflow.Steps[index];
        _results[index] = new StepResult { Name = step.Name, Kind = step.Kind, Status = StepStatus.NotRun };
        return StepSignal.Failed(_stopReason ?? CancelledReason);
    }

    /// <summary>Puts back a step that succeeded in an earlier run (resume); returns what its waiters are told.</summary>
    public StepSignal Restore(int index, StepResult restored)
    {
        _results[index] = restored;
        if (_workflow.Steps[index].Output is { } output)
        {
            Variables.Set(output, restored.Output ?? string.Empty);
        }

        return StepSignal.Succeeded(restored.Output ?? string.Empty);
    }

    /// <summary>Records a step that ran: sets its output variable, or fails or cancels the workflow; returns what its waiters are told.</summary>
    public StepSignal Finish(int index, StepResult result)
    {
        var step = _workflow.Steps[index];
        _results[index] = result;
        switch (result.Status)
        {
            case StepStatus.Succeeded:
                if (step.Output is { } output)
                {
                    Variables.Set(output, result.Output!);
                }

                return StepSignal.Succeeded(result.Output ?? string.Empty);
            case StepStatus.Skipped:
                return StepSignal.Failed(StepSignals.SkippedReason(_workflow.Name, step.Name));
            case StepStatus.Failed when step.ContinueOnError:
                return StepSignal.Failed(StepSignals.FailedReason(_workflow.Name, step.Name, result.Error));
            case StepStatus.Cancelled:
                Cancel();
                return StepSignal.Failed(CancelledReason);
            case StepStatus.Waiting:
                // A parked question stops its workflow there, cleanup steps included: the run is not over, --resume continues it.
                Status = Status == RunStatus.Succeeded ? RunStatus.Waiting : Status;
                _stopReason ??= $"workflow '{_workflow.Name}' waits for an answer to step '{step.Name}'";
                return StepSignal.Failed(_stopReason);
            default:
                Status = Variables.IsCancelled ? RunStatus.Cancelled : RunStatus.Failed;
                Variables.HasFailed = true;
                _stopReason ??= $"workflow '{_workflow.Name}' stopped when step '{step.Name}' failed: {result.Error}";
                return StepSignal.Failed(StepSignals.FailedReason(_workflow.Name, step.Name, result.Error));
        }
    }

    /// <summary>A run's status from its workflows': any cancelled (or the run itself) makes it cancelled, else any failed makes it failed.</summary>
    /// <param name="workflows">The records of the workflows the run started.</param>
    /// <param name="cancelled">Whether the run itself was cancelled.</param>
    /// <returns>The run's status.</returns>
    public static RunStatus RunStatusOf(IEnumerable<WorkflowResult> workflows, bool cancelled = false)
    {
        var statuses = workflows.Select(w => w.Status).ToList();
        return cancelled || statuses.Contains(RunStatus.Cancelled) ? RunStatus.Cancelled
            : statuses.Contains(RunStatus.Failed) ? RunStatus.Failed
            : statuses.Contains(RunStatus.Waiting) ? RunStatus.Waiting : RunStatus.Succeeded;
    }

    /// <summary>The workflow's record, once every step has been finished, restored or not run.</summary>
    public WorkflowResult Result() => new()
    {
        Name = _workflow.Name,
        Status = Status,
        DefinitionHash = DefinitionHashes.Of(_workflow),
        Inputs = _inputs,
        Variables = Variables.Snapshot(),
        Steps = _results,
    };
}

/// <summary>What the steps waiting for a step (<c>wait_for</c>) are told when it ends: its output, or why there is none.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct StepSignal(bool Ok, string? Value, string? Reason)
{
    /// <summary>The signal of a producer that succeeded with <paramref name="output"/>.</summary>
    public static StepSignal Succeeded(string output) => new(true, output, null);

    /// <summary>The signal of a producer that gave no output, and why.</summary>
    public static StepSignal Failed(string reason) => new(false, null, reason);
}
