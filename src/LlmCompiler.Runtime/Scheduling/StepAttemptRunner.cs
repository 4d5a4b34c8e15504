using System.ComponentModel;
using System.Runtime.ExceptionServices;
using LlmCompiler.Runtime.Core;

namespace LlmCompiler.Runtime.Scheduling;

/// <summary>
/// The embedded engine's side of <see cref="AttemptRules"/>: <c>timeout</c> bounds each attempt with a token,
/// <c>retry</c> tries again after the rules' pause. The durable engine applies the same rules with durable timers.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class StepAttemptRunner
{
    private readonly RunReporter _reporter;

    /// <summary>Creates the runner; retries are reported to <paramref name="reporter"/>.</summary>
    public StepAttemptRunner(RunReporter reporter) => _reporter = reporter;

    /// <summary>
    /// Runs <paramref name="attempt"/> until it succeeds or the attempts run out; the last failure is thrown. Without
    /// <paramref name="retry"/> only the timeout applies: the durable engine retries with its own durable pause.
    /// </summary>
    public async Task<StepOutcome> RunAsync(
        Workflow workflow,
        WorkflowStep step,
        Func<CancellationToken, Task<StepOutcome>> attempt,
        CancellationToken cancellationToken,
        bool retry = true,
        Action<int>? attempting = null)
    {
        var attempts = retry ? AttemptRules.Attempts(step) : 1;
        if (attempts == 1 && step.AttemptTimeout is null)
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
                if (step.AttemptTimeout is { } timeout)
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
                    failure = new StepFailedException(AttemptRules.TimedOut(step));
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

                throw new StepFailedException(AttemptRules.GaveUp(step, StepErrors.Describe(failure)), (failure as StepFailedException)?.ExitCode, failure);
            }

            var pause = AttemptRules.Pause(step, number);
            _reporter.Retrying(workflow, step, number, failure.Message, pause);
            await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs the attempts and says what they came to, never throwing: succeeded, failed (its message as the user reads
    /// it), or cancelled when <paramref name="cancellationToken"/> fired, however the runner reacted to the kill.
    /// </summary>
    /// <returns>The execution and the attempts it started.</returns>
    public async Task<(ExecutionResult Execution, int Attempts)> ExecuteAsync(
        Workflow workflow,
        WorkflowStep step,
        Func<CancellationToken, Task<StepOutcome>> attempt,
        CancellationToken cancellationToken)
    {
        var attempts = 0;
        try
        {
            var outcome = await RunAsync(workflow, step, attempt, cancellationToken, attempting: n => attempts = n).ConfigureAwait(false);
            return (StepRecords.Succeeded(outcome, captured: true), attempts);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            return (StepRecords.Cancelled, attempts);
        }
        catch (Exception e)
        {
            // Anything a backend throws fails this step (or item) only; the run goes on and the run file records it.
            return (StepRecords.Failure(e), attempts);
        }
    }
}
