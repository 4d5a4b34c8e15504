using System.ComponentModel;
using System.Globalization;

namespace LlmCompiler.Runtime.Core;

/// <summary>
/// A step's <c>retry</c> and <c>timeout</c> as decisions, the same under both engines: how many attempts, the pause
/// before the next one (doubling, capped), and how a last failure or a timeout reads. Pure: the embedded engine waits
/// with a delay, the durable engine with a durable timer.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AttemptRules
{
    /// <summary>Long pauses help nobody; the doubling stops here.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    /// <summary>How many attempts the step makes: <c>retry.max_attempts</c>, at least one.</summary>
    public static int Attempts(WorkflowStep step) => Math.Max(1, step.MaxAttempts);

    /// <summary>Whether attempt <paramref name="number"/> failing leaves another attempt.</summary>
    public static bool Retries(WorkflowStep step, int number) => number < Attempts(step);

    /// <summary>The pause after attempt <paramref name="number"/>: the backoff (at least <paramref name="floor"/>), doubled for each earlier retry, capped at <see cref="MaxBackoff"/>.</summary>
    public static TimeSpan Pause(WorkflowStep step, int number, TimeSpan floor = default) =>
        Backoff(step.RetryBackoff > floor ? step.RetryBackoff : floor, number);

    /// <summary>The pause after attempt <paramref name="number"/>: <paramref name="first"/>, doubled for each earlier retry, capped.</summary>
    internal static TimeSpan Backoff(TimeSpan first, int number)
    {
        var seconds = first.TotalSeconds * Math.Pow(2, number - 1);
        return seconds >= MaxBackoff.TotalSeconds ? MaxBackoff : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>The message of the step's last failure: as the attempt failed, noting the attempts when there were several.</summary>
    public static string GaveUp(WorkflowStep step, string error) =>
        Attempts(step) == 1 ? error : $"{error} (gave up after {Attempts(step)} attempts)";

    /// <summary>Why an attempt that ran out of time failed.</summary>
    public static string TimedOut(WorkflowStep step) =>
        string.Create(CultureInfo.InvariantCulture, $"timed out after {step.Timeout!.Value.TotalSeconds:0.###} s (timeout)");
}
