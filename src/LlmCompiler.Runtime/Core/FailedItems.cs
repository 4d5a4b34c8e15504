namespace LlmCompiler.Runtime.Core;

/// <summary>
/// The failed items of a foreach step that still succeeded (<c>continue_on_error</c>): both engines' step lines and the
/// run summary name them through here, so an "ok" never hides that items failed.
/// </summary>
internal static class FailedItems
{
    /// <summary>How many of the step's items failed; 0 for a step without items.</summary>
    public static int Count(StepResult step) => step.Items?.Count(i => i.Status == StepStatus.Failed) ?? 0;

    /// <summary><c>3 of 300 items</c>, or <see langword="null"/> when no item failed.</summary>
    public static string? Text(StepResult step) =>
        Count(step) is > 0 and var failed ? $"{failed} of {step.Items!.Count} items" : null;

    /// <summary>What an "ok" step line adds: <c>, 3 of 300 items failed</c>, or nothing when no item failed.</summary>
    public static string OkSuffix(StepResult step) => Text(step) is { } text ? $", {text} failed" : string.Empty;
}
