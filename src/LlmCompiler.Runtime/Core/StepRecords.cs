using System.ComponentModel;
using LlmCompiler.Runtime.Steps;
namespace LlmCompiler.Runtime.Core;

/// <summary>
/// The one place a step's or an item's record is made, under either engine: from what its runner reported (or how it
/// failed), the status, when it started, how long it took and how many attempts it made. Pure: no clock, no I/O,
/// so the durable engine calls it from orchestration code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class StepRecords
{
    /// <summary>What a failure came to: its message as the user reads it, a process's exit code, a called run's record.</summary>
    public static StepOutcome Failure(Exception failure) => failure is Answers.AnswerParkedException parked
        ? new() { Status = StepStatus.Waiting, Error = parked.Message }
        : new()
    {
        Status = StepStatus.Failed,
        Error = StepErrors.Describe(failure),
        ExitCode = (failure as StepFailedException)?.ExitCode,
        Call = CalledRun.Of(failure),
    };

    /// <summary>A cancelled execution: the error says so, and no attempt is counted.</summary>
    public static StepOutcome Cancelled { get; } = new() { Status = StepStatus.Cancelled, Error = "cancelled" };

    /// <summary>A succeeded attempt; its text is kept only when <paramref name="captured"/> (nothing streamed it to the console).</summary>
    public static StepOutcome Succeeded(StepOutcome outcome, bool captured) =>
        outcome with { Status = StepStatus.Succeeded, Output = captured && !outcome.Streamed ? outcome.Output : null };

    /// <summary>
    /// Closes an execution: when it started and how long it took, unless the runner measured that itself (a worker's
    /// own clock), and its attempts: counted for one that ran (succeeded or failed), none for one that never started one.
    /// </summary>
    public static ExecutionResult Close(ExecutionResult execution, DateTimeOffset startedAt, TimeSpan duration, int attempts) => execution with
    {
        StartedAt = execution.StartedAt ?? startedAt,
        Duration = execution.StartedAt is null ? duration : execution.Duration,
        Attempts = execution.Status is StepStatus.Succeeded or StepStatus.Failed && attempts > 0 ? attempts : null,
    };

    /// <summary>The step's record of <paramref name="execution"/>.</summary>
    public static StepResult Step(WorkflowStep step, ExecutionResult execution) => new(execution)
    {
        Name = step.Name,
        Kind = step.Kind,
        ContinuedOnError = execution.Status == StepStatus.Failed && step.ContinueOnError,
    };

    /// <summary>The record of item <paramref name="index"/>.</summary>
    public static ItemResult Item(int index, ExecutionResult execution) => new(execution) { Index = index };

    /// <summary>A step that ends without an execution: skipped by its condition, or not run.</summary>
    public static StepResult Step(WorkflowStep step, StepStatus status, DateTimeOffset? startedAt = null, TimeSpan duration = default) =>
        new() { Name = step.Name, Kind = step.Kind, Status = status, StartedAt = startedAt, Duration = duration };
}
