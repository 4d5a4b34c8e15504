using System.Diagnostics;
using LlmCompiler.Runtime.Core;
using LlmCompiler.Runtime.Steps;
using LlmCompiler.Runtime.Telemetry;

namespace LlmCompiler.Runtime.Scheduling;

/// <summary>
/// One workflow's run: its steps in order. After a failure or a cancellation only steps whose <c>if</c> checks the
/// status (<c>failure()</c>, <c>always()</c>, <c>cancelled()</c>) are considered; after a cancellation they run with the
/// cleanup token, which the grace period's end or a second signal cancels.
/// </summary>
internal sealed class WorkflowExecution
{
    private readonly Workflow _workflow;
    private readonly StepSignals _signals;
    private readonly StepPipeline _pipeline;
    private readonly RunReporter _reporter;
    private readonly StepAttemptRunner _attempts;
    private readonly ForeachRunner _foreach;
    private readonly LoopRunner _loop;
    private readonly IReadOnlyDictionary<string, string> _inputs;
    private readonly WorkflowResult? _record;

    /// <summary>Prepares the run of <paramref name="workflow"/>; <paramref name="record"/>, when resuming, is the earlier run's record of it, whose succeeded steps are restored.</summary>
    public WorkflowExecution(
        Workflow workflow,
        StepSignals signals,
        StepPipeline pipeline,
        RunReporter reporter,
        IReadOnlyDictionary<string, string>? inputs = null,
        WorkflowResult? record = null)
    {
        _record = record;
        _attempts = new StepAttemptRunner(reporter);
        _foreach = new ForeachRunner(_attempts, pipeline, reporter);
        _loop = new LoopRunner(_attempts, pipeline);
        _inputs = inputs ?? new Dictionary<string, string>();
        _workflow = workflow;
        _signals = signals;
        _pipeline = pipeline;
        _reporter = reporter;
    }

    public async Task<WorkflowResult> RunAsync(CancellationToken cancellationToken, CancellationToken cleanupToken)
    {
        using var activity = RunTelemetry.StartWorkflow(_workflow);
        var state = new WorkflowRunState(_workflow, _inputs);
        for (var i = 0; i < _workflow.Steps.Count; i++)
        {
            var step = _workflow.Steps[i];
            if (RunResume.SucceededStep(_record, i) is { } restored)
            {
                Restore(step, restored, state.Variables);
                _signals.Send(_workflow.Name, step.Name, state.Restore(i, restored));
                continue;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                state.Cancel();
            }

            if (!state.Runs(step) || (state.IsCancelled && cleanupToken.IsCancellationRequested))
            {
                _signals.Send(_workflow.Name, step.Name, state.NotRun(i));
                continue;
            }

            var afterCancellation = state.IsCancelled;
            StepResult result;
            using (var stepActivity = RunTelemetry.StartStep(_workflow, step))
            {
                result = await RunStepAsync(step, state.Variables, i, afterCancellation ? cleanupToken : cancellationToken).ConfigureAwait(false);
                result = result with { AfterCancellation = afterCancellation };
                RunTelemetry.StepFinished(stepActivity, _workflow, step, result);
            }

            _reporter.StepFinished(_workflow, result);
            _signals.Send(_workflow.Name, step.Name, state.Finish(i, result));
        }

        RunTelemetry.WorkflowFinished(activity, state.Status);
        return state.Result();
    }

    /// <summary>Puts back what a step that succeeded in the earlier run received by <c>wait_for</c>; its output is the state's.</summary>
    private void Restore(WorkflowStep step, StepResult restored, WorkflowVariables variables)
    {
        if (step.WaitFor is { } key && _record!.Variables.TryGetValue(key, out var received))
        {
            variables.Set(key, received);
        }

        _reporter.Restored(_workflow, restored);
    }

    private async Task<StepResult> RunStepAsync(WorkflowStep step, WorkflowVariables variables, int index, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        StepResult Record(ExecutionResult execution, int attempts = 0) => StepRecords.Step(step, StepRecords.Close(execution, startedAt, clock.Elapsed, attempts));
        try
        {
            if (step.WaitFor is { } key)
            {
                _reporter.Waiting(_workflow, step, key);
                variables.Set(key, await _signals.WaitAsync(key, step.WaitTimeout, cancellationToken).ConfigureAwait(false));
            }

            if (StepRules.Skips(step, variables))
            {
                return StepRecords.Step(step, StepStatus.Skipped, startedAt, clock.Elapsed);
            }

            _reporter.StepStarted(_workflow, step);
            if (step.Foreach is not null)
            {
                var (total, items) = await _foreach.RunAsync(_workflow, step, variables, _record?.Steps[index].Items, cancellationToken).ConfigureAwait(false);
                return Record(total) with { Items = items };
            }

            if (step.Until is not null)
            {
                var (total, iterations) = await _loop.RunAsync(_workflow, step, variables, _record?.Steps[index].Iterations, cancellationToken).ConfigureAwait(false);
                return Record(total) with { Iterations = iterations };
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Record(StepRecords.Cancelled);
        }
        catch (Exception e)
        {
            // A wait that failed or timed out, foreach items that cannot be read: this step fails, the run goes on.
            return Record(StepRecords.Failure(e));
        }

        // Timeout and retry wrap each attempt; an attempt is one pass through the step pipeline (runner and middleware).
        var (execution, attempts) = await _attempts.ExecuteAsync(_workflow, step, token => _pipeline.RunAsync(_workflow.Name, step, variables, token), cancellationToken).ConfigureAwait(false);
        return Record(execution, attempts);
    }
}
