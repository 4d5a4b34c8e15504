using System.Diagnostics;

namespace LlmCompiler.Runtime.Execution;

/// <summary>One workflow's run: its steps in order, stopping at the first failure.</summary>
internal sealed class WorkflowExecution
{
    private readonly Workflow _workflow;
    private readonly StepSignals _signals;
    private readonly StepPipeline _pipeline;
    private readonly RunReporter _reporter;

    public WorkflowExecution(Workflow workflow, StepSignals signals, StepPipeline pipeline, RunReporter reporter)
    {
        _workflow = workflow;
        _signals = signals;
        _pipeline = pipeline;
        _reporter = reporter;
    }

    public async Task<WorkflowResult> RunAsync(CancellationToken cancellationToken)
    {
        var variables = new WorkflowVariables();
        var results = new StepResult[_workflow.Steps.Count];
        var status = RunStatus.Succeeded;
        string? stopReason = null;
        for (var i = 0; i < results.Length; i++)
        {
            var step = _workflow.Steps[i];
            if (stopReason is not null)
            {
                results[i] = new StepResult { Name = step.Name, Kind = step.Kind, Status = StepStatus.NotRun };
                _signals.Fail(_workflow.Name, step.Name, stopReason);
                continue;
            }

            var result = await RunStepAsync(step, variables, cancellationToken).ConfigureAwait(false);
            results[i] = result;
            _reporter.StepFinished(_workflow, result);
            switch (result.Status)
            {
                case StepStatus.Succeeded:
                    if (step.Output is { } output)
                    {
                        variables.Set(output, result.Output!);
                    }

                    _signals.Succeed(_workflow.Name, step.Name, result.Output!);
                    break;
                case StepStatus.Skipped:
                    _signals.Fail(_workflow.Name, step.Name, $"step '{_workflow.Name}.{step.Name}' was skipped (its if condition was false)");
                    break;
                case StepStatus.Cancelled:
                    status = RunStatus.Cancelled;
                    stopReason = "the run was cancelled";
                    _signals.Fail(_workflow.Name, step.Name, stopReason);
                    break;
                default:
                    status = RunStatus.Failed;
                    _signals.Fail(_workflow.Name, step.Name, $"step '{_workflow.Name}.{step.Name}' failed: {result.Error}");
                    stopReason = $"workflow '{_workflow.Name}' stopped when step '{step.Name}' failed: {result.Error}";
                    break;
            }
        }

        return new WorkflowResult
        {
            Name = _workflow.Name,
            Status = status,
            Variables = variables.Snapshot(),
            Steps = results,
        };
    }

    private async Task<StepResult> RunStepAsync(WorkflowStep step, WorkflowVariables variables, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        StepResult Finish(StepStatus status, StepOutcome? outcome = null, string? error = null, int? exitCode = null) => new()
        {
            Name = step.Name,
            Kind = step.Kind,
            Status = status,
            Output = outcome?.Output,
            Error = error,
            StartedAt = startedAt,
            Duration = clock.Elapsed,
            ExitCode = outcome?.ExitCode ?? exitCode,
            InputTokens = outcome?.InputTokens,
            OutputTokens = outcome?.OutputTokens,
            Metrics = outcome?.Metrics,
        };

        try
        {
            if (step.WaitFor is { } key)
            {
                _reporter.Waiting(_workflow, step, key);
                variables.Set(key, await _signals.WaitAsync(key, step.WaitTimeout, cancellationToken).ConfigureAwait(false));
            }

            if (step.Condition is { } condition && !condition(variables))
            {
                return Finish(StepStatus.Skipped);
            }

            _reporter.StepStarted(_workflow, step);
            var outcome = await _pipeline.RunAsync(_workflow.Name, step, variables, cancellationToken).ConfigureAwait(false);
            return Finish(StepStatus.Succeeded, outcome);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Finish(StepStatus.Cancelled, error: "cancelled");
        }
        catch (StepFailedException e)
        {
            return Finish(StepStatus.Failed, error: e.Message, exitCode: e.ExitCode);
        }
        catch (Exception e)
        {
            // Anything a backend throws fails this step only; the run goes on and the run file records it.
            return Finish(StepStatus.Failed, error: $"{e.GetType().Name}: {e.Message}");
        }
    }
}
