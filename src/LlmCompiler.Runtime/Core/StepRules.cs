using System.ComponentModel;
namespace LlmCompiler.Runtime.Core;

/// <summary>
/// What decides whether and how a step runs, the same under both engines: its condition (once, or per item when it
/// reads <c>item</c> or <c>index</c>), its foreach items, how many run at once, and whether its text is recorded.
/// Pure: the durable engine evaluates these in orchestration code, from recorded outputs only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class StepRules
{
    /// <summary>Whether the step is skipped before anything runs: its <c>if</c> is false (one that reads the item is decided per item).</summary>
    public static bool Skips(WorkflowStep step, IWorkflowState state) =>
        step.Condition is { } condition && !(step.ConditionPerItem && step.Foreach is not null) && !condition(state);

    /// <summary>Whether an item is skipped: the step's <c>if</c> reads the item and is false for it.</summary>
    public static bool SkipsItem(WorkflowStep step, IWorkflowState item) =>
        step.ConditionPerItem && step.Condition is { } condition && !condition(item);

    /// <summary>The step's foreach items; a source that is not an array fails the step, saying what its value is.</summary>
    /// <remarks>The message does not name the step: every line and record that shows it already does.</remarks>
    /// <exception cref="StepFailedException">The source is not an array of items.</exception>
    public static IReadOnlyList<string> Items(WorkflowStep step, IWorkflowState state) => step.Foreach!.Items(state);

    /// <summary>The items running at once: <c>max_parallel</c>, else the kind's default for <paramref name="processors"/>; at least one, at most the items.</summary>
    public static int MaxParallel(WorkflowStep step, int items, int processors) =>
        Math.Max(1, Math.Min(step.MaxParallel ?? step.DefaultMaxParallel(processors), items));

    /// <summary>
    /// Whether a step's text is captured (and recorded): always for model steps and calls; for a shell step, when someone
    /// needs it (a variable, a schema to check, a waiter, the next iteration of a loop) or when <paramref name="all"/> text is (see <see cref="CapturesAll"/>).
    /// </summary>
    public static bool Captures(WorkflowStep step, bool awaited, bool all) =>
        step is not ShellStep shell || shell.Output is not null || shell.OutputSchema is not null || shell.Until is not null || awaited || all;

    /// <summary>Every step's text is captured when middleware may read it, or when output goes elsewhere than the console (nothing streams there).</summary>
    public static bool CapturesAll(bool middleware, bool outputIsConsole) => middleware || !outputIsConsole;
}
