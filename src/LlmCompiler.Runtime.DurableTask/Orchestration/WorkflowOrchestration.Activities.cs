using DurableTask.Core.Exceptions;
using LlmCompiler.Runtime.Core;

namespace LlmCompiler.Runtime.DurableTask.Orchestration;

/// <summary>
/// Steps and items as activities: each attempt is one <see cref="StepActivity"/> on whichever worker takes it, retried
/// by <see cref="AttemptRules"/> after a durable timer. An activity reports the runner's own record
/// (<see cref="StepOutcome"/>), succeeded or failed, so nothing the runner knew is lost on the way.
/// </summary>
#pragma warning disable CA2007 // Orchestration code must resume on the framework's scheduler.
internal sealed partial class WorkflowOrchestration
{
    /// <summary>Timers have 1-second granularity (truncated), so a shorter first retry pause comes back almost at once.</summary>
    private static readonly TimeSpan MinimumRetryPause = TimeSpan.FromSeconds(2);

    private readonly List<string> _abandoned = [];

    /// <summary>Runs the step's (or item's) attempts; returns the last one's record, succeeded or failed (its error as the rules word a last failure).</summary>
    private async Task<StepOutcome> ScheduleAsync(WorkflowStep step, int index, Func<IReadOnlyDictionary<string, string>> variables, ItemVariables? item, string attemptId, bool cleanup, int? position)
    {
        // Every episode replays the steps before it, so a workflow of n steps builds n(n-1)/2 inputs that nothing reads: the
        // framework matches a replayed schedule to its recorded event by position and name, never by input.
        string Input() => _context.IsReplaying ? string.Empty : Payload.Write(new StepPayload(_workflow.Name, _payload.Definition, index, variables(), item?.Value, item?.Index, attemptId));

        // Retries are counted here rather than by the framework's ScheduleWithRetry, which hides how many attempts a step took.
        for (var number = 1; ; number++)
        {
            _attempts[(step.Name, position)] = number;
            StepOutcome failure;
            try
            {
                var outcome = Payload.Read<StepOutcome>(await _context.ScheduleTask<string>(StepActivity.Name, string.Empty, Input()));
                return outcome with { Status = StepStatus.Succeeded };
            }
            catch (TaskFailedException e)
            {
                failure = ActivityFailure(e);
            }

            if (!AttemptRules.Retries(step, number))
            {
                return failure with { Error = AttemptRules.GaveUp(step, failure.Error!) };
            }

            var pause = AttemptRules.Pause(step, number, MinimumRetryPause);
            Log(StepLines.Retrying(_workflow.Name, step, number, failure.Error!, pause), always: true);
            await PauseAsync(pause, cleanup);
        }
    }

    /// <summary>Waits <paramref name="pause"/> on a durable timer, unless the run is cancelled first (then <see cref="CancelledException"/>, the timer stopped).</summary>
    private async Task PauseAsync(TimeSpan pause, bool cleanup)
    {
        using var cancelTimer = new CancellationTokenSource();
        var timer = _context.CreateTimer(_context.CurrentUtcDateTime + pause, true, cancelTimer.Token);
        if (await Task.WhenAny(timer, Cancellation(cleanup)) != timer)
        {
            // A timer left open would keep this orchestration from ending until it fires.
            StopTimer(cancelTimer);
            throw new CancelledException();
        }
    }

    /// <summary>The record a failed activity sent as its failure's message (<see cref="StepActivity"/>); a framework failure's own message otherwise.</summary>
    private static StepOutcome ActivityFailure(TaskFailedException e)
    {
        var message = e.FailureDetails?.ErrorMessage ?? e.InnerException?.Message ?? e.Message;
        try
        {
            return Payload.Read<StepOutcome>(message) with { Status = StepStatus.Failed };
        }
        catch (System.Text.Json.JsonException)
        {
            return new StepOutcome { Status = StepStatus.Failed, Error = message };
        }
    }

    /// <summary>Waits for <paramref name="work"/>, unless the run is cancelled first (then <see cref="CancelledException"/>); a cleanup step only stops when cleanup is stopped too.</summary>
    private async Task<T> UntilCancelledAsync<T>(Task<T> work, bool cleanup)
    {
        if (await Task.WhenAny(work, Cancellation(cleanup)) != work)
        {
            throw new CancelledException();
        }

        return await work;
    }

    /// <summary>Marks an activity as no longer waited for; the worker running it sees that in the status and kills it.</summary>
    private void Abandon(string attemptId)
    {
        if (!_abandoned.Contains(attemptId))
        {
            _abandoned.Add(attemptId);
        }
    }

    /// <summary>Leaves the work in flight for <paramref name="step"/>'s items at <paramref name="positions"/>: its workers are told (through the status) to kill it, called workflows to stop.</summary>
    private void Abandon(WorkflowStep step, IReadOnlyList<int> positions)
    {
        if (step.Placement != StepPlacement.Call)
        {
            foreach (var position in positions)
            {
                Abandon(AttemptId(step, position));
            }

            return;
        }

        var abandoned = positions.ToHashSet();
        foreach (var id in _children.Where(c => c.Value.Step == step.Name && c.Value.Position is { } p && abandoned.Contains(p)).Select(c => c.Key).ToList())
        {
            Stop(id);
            _children.Remove(id);
        }
    }

    /// <summary>A step's (or item's) attempt id: stable across re-executions (a retry, or a run again after its worker died), which idempotency needs.</summary>
    private string AttemptId(WorkflowStep step, int? position) =>
        _context.OrchestrationInstance.InstanceId + "/" + step.Name + (position is { } p ? "/" + p : string.Empty);
}
#pragma warning restore CA2007
