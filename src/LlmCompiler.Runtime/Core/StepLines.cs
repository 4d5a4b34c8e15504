using System.ComponentModel;
namespace LlmCompiler.Runtime.Core;

/// <summary>
/// The console lines of a step, as both engines print them (the durable engine sends them to its client through the
/// orchestration's status). Each starts with <c>[workflow] step: </c>. Which are printed when quiet is the reporter's
/// business; the words are here.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class StepLines
{
    /// <summary>The start of every line of a step: <c>[workflow] step: </c>.</summary>
    public static string Prefix(string workflow, string step) => $"[{workflow}] {step}: ";

    /// <summary>The start of every line of a foreach item, <c>[workflow] step[index]: </c>, or of the step when <paramref name="item"/> is <see langword="null"/>.</summary>
    public static string Prefix(string workflow, string step, int? item) =>
        item is { } index ? $"[{workflow}] {step}[{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}]: " : Prefix(workflow, step);

    /// <summary>The line when the step starts, or <see langword="null"/> for a kind that says nothing until it ends.</summary>
    public static string? Started(string workflow, WorkflowStep step) =>
        step.StartedText is { } text ? Prefix(workflow, step.Name) + text : null;

    /// <summary>The line of a step that waits for a producer (<c>wait_for</c>).</summary>
    public static string Waiting(string workflow, WorkflowStep step, string key) => Prefix(workflow, step.Name) + "waiting for " + key;

    /// <summary>The line of an attempt that failed, with the pause before the next.</summary>
    public static string Retrying(string workflow, WorkflowStep step, int number, string error, TimeSpan pause) =>
        Prefix(workflow, step.Name) + $"attempt {number} of {AttemptRules.Attempts(step)} failed: {error}; retrying in {DurationText.Format(pause)}";

    /// <summary>The line of a step restored from the run file (<c>--resume</c>).</summary>
    public static string Restored(string workflow, StepResult result) => Prefix(workflow, result.Name) + "ok (restored from the run file)";

    /// <summary>The line when the step ends; <paramref name="quiet"/> leaves only failures, which are always printed.</summary>
    public static string? Finished(string workflow, StepResult result, bool quiet) => result.Status switch
    {
        StepStatus.Failed when result.ContinuedOnError => Prefix(workflow, result.Name) + $"FAILED (continue_on_error, the workflow goes on): {result.Error}",
        StepStatus.Failed => Prefix(workflow, result.Name) + $"FAILED: {result.Error}",
        StepStatus.Skipped when !quiet => Prefix(workflow, result.Name) + "skipped (if was false)",
        StepStatus.Succeeded when !quiet => Prefix(workflow, result.Name) +
            $"ok{FailedItems.OkSuffix(result)} ({DurationText.Format(result.Duration)}{(result.Worker is { Length: > 0 } worker ? " on " + worker : string.Empty)})",
        _ => null,
    };
}
