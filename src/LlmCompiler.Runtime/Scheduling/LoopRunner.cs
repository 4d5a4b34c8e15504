using System.Diagnostics;
using LlmCompiler.Runtime.Core;
using LlmCompiler.Runtime.Steps;
using LlmCompiler.Runtime.Telemetry;

namespace LlmCompiler.Runtime.Scheduling;

/// <summary>
/// The embedded engine's scheduler of a looping step (<c>until</c>): iterations one after another, each through the
/// same attempt policy (retry, per-attempt timeout) and pipeline as a single step, until the step's
/// <see cref="LoopState"/> says the loop has ended. <c>loop_timeout</c> is a token over the whole loop; the run's
/// cancellation stops the iteration in flight or the next from starting.
/// </summary>
internal sealed class LoopRunner
{
    private readonly StepAttemptRunner _attempts;
    private readonly StepPipeline _pipeline;

    public LoopRunner(StepAttemptRunner attempts, StepPipeline pipeline)
    {
        _attempts = attempts;
        _pipeline = pipeline;
    }

    /// <summary>Runs the iterations; those that succeeded in <paramref name="recorded"/> (the step's iterations in the run being resumed) are restored, not run.</summary>
    public async Task<(StepOutcome Execution, IReadOnlyList<ItemResult> Iterations)> RunAsync(Workflow workflow, WorkflowStep step, IWorkflowState variables, IReadOnlyList<ItemResult>? recorded, CancellationToken cancellationToken)
    {
        var state = new LoopState(step, recorded);
        using var loop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (step.LoopTimeout is { } timeout)
        {
            loop.CancelAfter(timeout);
        }

        while (!state.Ended)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                state.Cancel();
                break;
            }

            if (loop.IsCancellationRequested)
            {
                state.TimedOut();
                break;
            }

            var iteration = state.Variables(variables);
            var startedAt = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            ItemResult result;
            using (var activity = RunTelemetry.StartItem(step, iteration.Iteration))
            {
                var (execution, attempts) = await _attempts.ExecuteAsync(workflow, step, token => _pipeline.RunAsync(workflow.Name, step, iteration, token), loop.Token).ConfigureAwait(false);
                result = StepRecords.Item(iteration.Iteration, StepRecords.Close(execution, startedAt, clock.Elapsed, attempts));
                RunTelemetry.ItemFinished(activity, result);
            }

            if (result.Status == StepStatus.Cancelled && !cancellationToken.IsCancellationRequested)
            {
                state.TimedOut(result); // only the loop's own token was left to stop it
                break;
            }

            state.Finish(result, variables);
        }

        return (state.Outcome(), state.Iterations);
    }
}
