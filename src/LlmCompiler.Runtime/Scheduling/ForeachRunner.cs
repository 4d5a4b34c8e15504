using System.Diagnostics;
using LlmCompiler.Runtime.Core;
using LlmCompiler.Runtime.Steps;
using LlmCompiler.Runtime.Telemetry;

namespace LlmCompiler.Runtime.Scheduling;

/// <summary>
/// The embedded engine's scheduler of a foreach step: workers take items from the step's <see cref="ForeachState"/>
/// (which decides everything) and run each through the same attempt policy and pipeline as a single step, at most
/// <c>max_parallel</c> at once. Items that run at once reach the backends as concurrent steps do, so local_llm items
/// share the batch decoder and llm items share the endpoint's concurrency limit.
/// </summary>
internal sealed class ForeachRunner
{
    private readonly StepAttemptRunner _attempts;
    private readonly StepPipeline _pipeline;
    private readonly RunReporter _reporter;

    public ForeachRunner(StepAttemptRunner attempts, StepPipeline pipeline, RunReporter reporter)
    {
        _attempts = attempts;
        _pipeline = pipeline;
        _reporter = reporter;
    }

    /// <summary>
    /// Runs every item (or, failing fast, until the first fails); a source that is not an array throws <see cref="StepFailedException"/>.
    /// Items that succeeded in <paramref name="recorded"/> (the step's items in the run being resumed) are restored, not run.
    /// </summary>
    public async Task<(StepOutcome Execution, IReadOnlyList<ItemResult> Items)> RunAsync(Workflow workflow, WorkflowStep step, IWorkflowState variables, IReadOnlyList<ItemResult>? recorded, CancellationToken cancellationToken)
    {
        var state = new ForeachState(step, StepRules.Items(step, variables), recorded);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var progress = _reporter.ItemsStarting(workflow, step, state.Count);
        Action<ItemResult>? passedOver = progress is null ? null : r => progress.ItemFinished(r.Status);

        async Task Worker()
        {
            // Each worker takes the next item: with one worker the items run strictly in order.
            while (!stop.IsCancellationRequested && state.TakeNext(variables, passedOver) is { } item)
            {
                ItemResult result;
                using (var activity = RunTelemetry.StartItem(step, item.Index))
                {
                    result = await RunItemAsync(workflow, step, item, stop.Token).ConfigureAwait(false);
                    RunTelemetry.ItemFinished(activity, result);
                }

                progress?.ItemFinished(result.Status);
                if (state.Finish(result))
                {
                    await stop.CancelAsync().ConfigureAwait(false);
                }
            }
        }

        var parallel = StepRules.MaxParallel(step, state.Count, Environment.ProcessorCount);
        var workers = new Task[state.Count == 0 ? 0 : parallel];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Worker();
        }

        await Task.WhenAll(workers).ConfigureAwait(false);

        // Items whose stdout went straight to the console (nothing needs the text, as for a single step) leave no array.
        return state.Outcome(cancellationToken.IsCancellationRequested, _pipeline.Captures(workflow.Name, step));
    }

    private async Task<ItemResult> RunItemAsync(Workflow workflow, WorkflowStep step, ItemVariables item, CancellationToken cancellationToken)
    {
        // Stopped by fail-fast or by the run, an item is cancelled; anything its backend throws fails that item only.
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var (execution, attempts) = await _attempts.ExecuteAsync(workflow, step, token => _pipeline.RunAsync(workflow.Name, step, item, token), cancellationToken).ConfigureAwait(false);
        return StepRecords.Item(item.Index, StepRecords.Close(execution, startedAt, clock.Elapsed, attempts));
    }
}
