using System.ComponentModel;
using LlmCompiler.Runtime.Core;
namespace LlmCompiler.Runtime.Scheduling;

/// <summary>
/// The rendezvous behind <c>wait_for</c>: one completion per step of the run, keyed <c>workflow.step</c>.
/// A producer completes it exactly once, with its output or with the reason it produced none, so a waiter
/// never hangs on a step that failed, was skipped or never ran.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class StepSignals
{
    private readonly Dictionary<string, TaskCompletionSource<string>> _signals = new(StringComparer.Ordinal);

    /// <summary>Prepares the signals of a run of <paramref name="workflows"/>.</summary>
    public StepSignals(IReadOnlyList<Workflow> workflows)
    {
        foreach (var workflow in workflows)
        {
            foreach (var step in workflow.Steps)
            {
                _signals[Key(workflow.Name, step.Name)] =
                    new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>The <c>workflow.step</c> key a waiter names a producer by.</summary>
    public static string Key(string workflow, string step) => workflow + "." + step;

    /// <summary>Why a waiter gets nothing from a skipped step.</summary>
    public static string SkippedReason(string workflow, string step) => $"step '{workflow}.{step}' was skipped (its if condition was false)";

    /// <summary>Why a waiter gets nothing from a failed step.</summary>
    public static string FailedReason(string workflow, string step, string? error) => $"step '{workflow}.{step}' failed: {error}";

    /// <summary>The error of a wait whose producer gave no output.</summary>
    public static string WaitFailed(string key, string reason) => $"wait_for '{key}' failed: {reason}";

    /// <summary>The error of a wait that ran out of time.</summary>
    public static string WaitTimedOut(string key, TimeSpan timeout) => $"wait_for '{key}' timed out after {timeout.TotalSeconds:0.###} s (wait_timeout)";

    /// <remarks>A called workflow's steps may have no signal (nothing can wait for them): then there is nothing to complete.</remarks>
    public void Succeed(string workflow, string step, string output) =>
        _signals.GetValueOrDefault(Key(workflow, step))?.TrySetResult(output);

    /// <summary>Fails the waiters of a producer that will give no output.</summary>
    public void Fail(string workflow, string step, string reason) =>
        _signals.GetValueOrDefault(Key(workflow, step))?.TrySetException(new StepFailedException(reason));

    /// <summary>Completes the step's signal as <paramref name="signal"/> says.</summary>
    public void Send(string workflow, string step, StepSignal signal)
    {
        if (signal.Ok)
        {
            Succeed(workflow, step, signal.Value ?? string.Empty);
        }
        else
        {
            Fail(workflow, step, signal.Reason ?? string.Empty);
        }
    }

    /// <summary>Waits for the producer <paramref name="key"/>'s output, at most <paramref name="timeout"/>.</summary>
    public async Task<string> WaitAsync(string key, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (!_signals.TryGetValue(key, out var signal))
        {
            throw new StepFailedException($"wait_for '{key}' names no step of this run");
        }

        try
        {
            return timeout is { } limit
                ? await signal.Task.WaitAsync(limit, cancellationToken).ConfigureAwait(false)
                : await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new StepFailedException(WaitTimedOut(key, timeout!.Value));
        }
        catch (StepFailedException e)
        {
            throw new StepFailedException(WaitFailed(key, e.Message));
        }
    }
}
