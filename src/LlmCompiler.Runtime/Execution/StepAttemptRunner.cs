using System.Runtime.ExceptionServices;

namespace LlmCompiler.Runtime.Execution;

/// <summary>
/// The step policy around one run of a step: <c>timeout</c> bounds each attempt, <c>retry</c> tries again after a
/// growing pause. Kept apart from <see cref="WorkflowExecution"/> so the order of a step's phases stays readable there.
/// </summary>
internal sealed class StepAttemptRunner
{
    /// <summary>Long pauses help nobody; the doubling stops here.</summary>
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    private readonly RunReporter _reporter;

    public StepAttemptRunner(RunReporter reporter) => _reporter = reporter;

    /// <summary>
    /// Runs <paramref name="attempt"/> until it succeeds or the attempts run out; the last failure is thrown. Without
    /// <paramref name="retry"/> only the timeout applies: the durable engine retries with its own durable backoff.
    /// </summary>
    public async Task<StepOutcome> RunAsync(
        Workflow workflow,
        WorkflowStep step,
        Func<CancellationToken, Task<StepOutcome>> attempt,
        CancellationToken cancellationToken,
        bool retry = true,
        Action<int>? attempting = null)
    {
        var attempts = retry ? Math.Max(1, step.MaxAttempts) : 1;
        if (attempts == 1 && step.Timeout is null)
        {
            // The common case: one attempt, no timeout, nothing to wrap.
            attempting?.Invoke(1);
            return await attempt(cancellationToken).ConfigureAwait(false);
        }

        for (var number = 1; ; number++)
        {
            attempting?.Invoke(number);
            Exception failure;
            using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                if (step.Timeout is { } timeout)
                {
                    limit.CancelAfter(timeout);
                }

                try
                {
                    return await attempt(limit.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && limit.IsCancellationRequested)
                {
                    // The runners kill the step's process tree on cancellation, so a timed-out command leaves nothing behind.
                    failure = new StepFailedException($"timed out after {step.Timeout!.Value.TotalSeconds:0.###} s (timeout)");
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    failure = e;
                }
            }

            if (number >= attempts)
            {
                if (attempts == 1)
                {
                    ExceptionDispatchInfo.Throw(failure);
                }

                var message = StepErrors.Describe(failure);
                throw new StepFailedException($"{message} (gave up after {attempts} attempts)", (failure as StepFailedException)?.ExitCode, failure);
            }

            var pause = Backoff(step.RetryBackoff, number);
            _reporter.Retrying(workflow, step, number, attempts, failure.Message, pause);
            await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The pause after attempt <paramref name="number"/>: the backoff, doubled for each earlier retry.</summary>
    internal static TimeSpan Backoff(TimeSpan first, int number)
    {
        var seconds = first.TotalSeconds * Math.Pow(2, number - 1);
        return seconds >= MaxBackoff.TotalSeconds ? MaxBackoff : TimeSpan.FromSeconds(seconds);
    }
}
