using LlmCompiler.Runtime.Core;
using LlmCompiler.Runtime.Scheduling;


namespace LlmCompiler.Runtime.DurableTask.Orchestration;

/// <summary>
/// A foreach step's items under the durable engine: <see cref="ForeachState"/> decides (which item next, when a failure
/// stops the rest, what the step comes to); this schedules up to <c>max_parallel</c> items at once and takes their
/// results as they end.
/// </summary>
#pragma warning disable CA2007 // Orchestration code must resume on the framework's scheduler.
internal sealed partial class WorkflowOrchestration
{
    /// <summary>How often a foreach prints its <c>n/total items</c> line: the embedded engine's default <see cref="WorkflowRunOptions.ProgressInterval"/>.</summary>
    private static readonly TimeSpan ProgressInterval = new WorkflowRunOptions().ProgressInterval;

    private async Task<(StepOutcome Execution, IReadOnlyList<ItemResult> Items)> RunForeachAsync(WorkflowStep step, int index, WorkflowVariables variables, bool cleanup)
    {
        var state = new ForeachState(step, StepRules.Items(step, variables));

        // Activities read the variables as a copy; calls render their inputs from the live view (it does not change meanwhile).
        var snapshot = step.Placement == StepPlacement.Call ? null : variables.Snapshot();
        var parallel = StepRules.MaxParallel(step, state.Count, _payload.ShellParallel);

        // Items report to a queue as they finish, so each completion costs the same however many are in flight (a
        // Task.WhenAny over all of them cost O(items) per completion, in every replay of the history).
        var finished = new Queue<ItemResult>();
        TaskCompletionSource<bool>? wake = null;
        async Task TrackAsync(Task<ItemResult> item)
        {
            finished.Enqueue(await item);
            wake?.TrySetResult(true);
        }

        var running = 0;
        var lastLine = _context.CurrentUtcDateTime;
        while (true)
        {
            if (Cancellation(cleanup).IsCompleted)
            {
                // Cancelled (Ctrl+C): what is in flight is left, as the embedded runner kills it; called workflows are told; no more start.
                Leave(state, finished, step);
                return state.Outcome(cancelled: true, Captures(step));
            }

            while (running < parallel && state.TakeNext(variables) is { } item)
            {
                running++;
                _ = TrackAsync(RunItemAsync(step, index, item, snapshot, cleanup));
            }

            if (running == 0)
            {
                break;
            }

            if (finished.Count == 0)
            {
                wake = new TaskCompletionSource<bool>();
                if (await Task.WhenAny(wake.Task, Cancellation(cleanup)) != wake.Task)
                {
                    continue;
                }
            }

            running--;
            var stops = state.Finish(finished.Dequeue());
            if (_context.CurrentUtcDateTime - lastLine >= ProgressInterval)
            {
                // The embedded engine's line (ItemProgress), timed by the orchestration's clock so a replay adds the same lines.
                lastLine = _context.CurrentUtcDateTime;
                var (done, failed) = state.Progress;
                Log(ItemProgress.Line(_workflow, step, done, state.Count, failed));
            }

            if (stops)
            {
                // Failing fast: the items in flight are cancelled, as the embedded runner cancels them, and no more start.
                Leave(state, finished, step);
                break;
            }
        }

        return state.Outcome(cancelled: false, Captures(step));
    }

    /// <summary>
    /// Stops the step's items: those that ended but were not taken from the queue yet keep their records, the rest in
    /// flight are left (their workers kill them, called workflows are told) and recorded as cancelled.
    /// </summary>
    private void Leave(ForeachState state, Queue<ItemResult> finished, WorkflowStep step)
    {
        while (finished.TryDequeue(out var done))
        {
            state.Finish(done);
        }

        Abandon(step, state.Running);
        state.CancelRunning();
    }

    private async Task<ItemResult> RunItemAsync(WorkflowStep step, int index, ItemVariables item, IReadOnlyDictionary<string, string>? snapshot, bool cleanup)
    {
        var startedAt = Now;
        ExecutionResult execution;
        try
        {
            execution = Recorded(step, await RunOnceAsync(step, index, item, snapshot, item, cleanup));
        }
        catch (CancelledException)
        {
            execution = StepRecords.Cancelled;
        }
        catch (StepFailedException e)
        {
            execution = StepRecords.Failure(e);
        }

        return StepRecords.Item(item.Index, StepRecords.Close(execution, startedAt, Now - startedAt, Attempts(step, item.Index)));
    }
}
#pragma warning restore CA2007
