using LlmCompiler.Runtime.Core;

namespace LlmCompiler.Runtime.DurableTask.Orchestration;

/// <summary>
/// A looping step's iterations (<c>until</c>) under the durable engine: <see cref="LoopState"/> decides (what the next
/// iteration reads, whether a finished one ends the loop, what the step comes to); this schedules each iteration as the
/// step itself would be (an activity per attempt, or a call), one after another. An iteration's activity reads the
/// loop's values (<c>loop.iteration</c>, <c>loop.previous</c>) as variables of its snapshot; <c>loop_timeout</c> is a
/// durable timer raced against the iteration in flight.
/// </summary>
#pragma warning disable CA2007 // Orchestration code must resume on the framework's scheduler.
internal sealed partial class WorkflowOrchestration
{
    private async Task<(StepOutcome Execution, IReadOnlyList<ItemResult> Iterations)> RunLoopAsync(WorkflowStep step, int index, WorkflowVariables variables, bool cleanup)
    {
        var state = new LoopState(step);
        DateTime? deadline = step.LoopTimeout is { } limit ? _context.CurrentUtcDateTime + limit : null;
        while (!state.Ended)
        {
            if (Cancellation(cleanup).IsCompleted)
            {
                state.Cancel();
                break;
            }

            if (deadline is { } end && _context.CurrentUtcDateTime >= end)
            {
                state.TimedOut();
                break;
            }

            var iteration = state.Variables(variables);
            var snapshot = step.Placement == StepPlacement.Call ? null : Snapshot(variables, iteration);
            var startedAt = Now;
            ExecutionResult execution;
            var timedOut = false;
            try
            {
                var work = RunOnceAsync(step, index, iteration, snapshot, null, cleanup, iteration.Iteration);
                timedOut = deadline is { } stop && !await BeforeAsync(work, stop);
                execution = timedOut ? StepRecords.Cancelled : Recorded(step, await work);
            }
            catch (CancelledException)
            {
                execution = StepRecords.Cancelled;
            }
            catch (StepFailedException e)
            {
                execution = StepRecords.Failure(e);
            }

            var result = StepRecords.Item(iteration.Iteration, StepRecords.Close(execution, startedAt, Now - startedAt, Attempts(step, iteration.Iteration)));
            if (timedOut)
            {
                // The iteration in flight is left, as the embedded engine's token stops it: its worker kills it, a call is told.
                Abandon(step, [iteration.Iteration]);
                state.TimedOut(result);
                break;
            }

            state.Finish(result, variables);
        }

        return (state.Outcome(), state.Iterations);
    }

    /// <summary>The workflow's variables with the loop's values, as the iteration's activity reads them.</summary>
    private static Dictionary<string, string> Snapshot(WorkflowVariables variables, LoopVariables iteration)
    {
        var snapshot = new Dictionary<string, string>(variables.Snapshot(), StringComparer.Ordinal)
        {
            [LoopVariables.IterationName] = iteration[LoopVariables.IterationName],
            [LoopVariables.PreviousName] = iteration[LoopVariables.PreviousName],
        };
        return snapshot;
    }

    /// <summary>Whether <paramref name="work"/> ends before <paramref name="deadline"/> (a durable timer, stopped when the work wins).</summary>
    private async Task<bool> BeforeAsync(Task work, DateTime deadline)
    {
        using var cancelTimer = new CancellationTokenSource();
        var timer = _context.CreateTimer(deadline, true, cancelTimer.Token);
        if (await Task.WhenAny(work, timer) == work)
        {
            StopTimer(cancelTimer);
            return true;
        }

        return false;
    }
}
#pragma warning restore CA2007
