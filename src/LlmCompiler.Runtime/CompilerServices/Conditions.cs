using System.ComponentModel;
using LlmCompiler.Shared;

namespace LlmCompiler.Runtime.CompilerServices;

/// <summary>Operations that compiled <c>if</c> conditions call.</summary>
/// <remarks>
/// Comparisons trim leading and trailing white space first, as the original workflow language did. Every value is
/// text at run time; the compiler has already checked that the operand types make sense, so these helpers only
/// convert and compare. The meaning is defined in src/Shared/ConditionSemantics.cs, which the compiler also uses
/// to fold constant conditions, so the two cannot disagree. Generated code calls these; they are hidden from
/// IntelliSense, as is everything in the CompilerServices namespace.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Conditions
{
    /// <summary>Returns whether two values are equal after trimming, ignoring case as GitHub Actions does.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns><see langword="true"/> when the trimmed values are equal (ordinal, ignoring case).</returns>
    public static bool AreEqual(string? left, string? right) => ConditionSemantics.AreEqual(left, right);

    /// <summary>Returns whether a value used alone as a condition is true: not empty, not <c>false</c>, not a zero.</summary>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> unless the trimmed value is empty, <c>false</c> (any case) or a number equal to zero.</returns>
    public static bool IsTrue(string? value) => ConditionSemantics.IsTrue(value);

    /// <summary>Equality where one side is a number: numeric (<c>3 == 3.0</c>), a blank value reading as 0, as in GitHub Actions; else as <see cref="AreEqual"/>.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>Whether the values are equal.</returns>
    public static bool NumbersEqual(string? left, string? right) => ConditionSemantics.NumbersEqual(left, right);

    /// <summary>Compares two numbers for <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c> and <c>&gt;=</c>.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>Negative, zero or positive, as <see cref="double.CompareTo(double)"/>.</returns>
    /// <exception cref="StepFailedException">A value is not a number: the step fails instead of guessing.</exception>
    public static int Compare(string? left, string? right) => Number(left).CompareTo(Number(right));

    /// <summary>Returns whether <paramref name="text"/> contains <paramref name="part"/>, ignoring case (as GitHub Actions does).</summary>
    /// <param name="text">The text searched.</param>
    /// <param name="part">The text looked for.</param>
    /// <returns>Whether it is found.</returns>
    public static bool Contains(string? text, string? part) => ConditionSemantics.Contains(text, part);

    /// <summary>Returns whether <paramref name="text"/> starts with <paramref name="prefix"/>, ignoring case.</summary>
    /// <param name="text">The text.</param>
    /// <param name="prefix">The prefix.</param>
    /// <returns>Whether it does.</returns>
    public static bool StartsWith(string? text, string? prefix) => ConditionSemantics.StartsWith(text, prefix);

    /// <summary>Returns whether <paramref name="text"/> ends with <paramref name="suffix"/>, ignoring case.</summary>
    /// <param name="text">The text.</param>
    /// <param name="suffix">The suffix.</param>
    /// <returns>Whether it does.</returns>
    public static bool EndsWith(string? text, string? suffix) => ConditionSemantics.EndsWith(text, suffix);

    /// <summary><c>success()</c>: no earlier step of the workflow has failed and the run was not cancelled, as in GitHub Actions.</summary>
    /// <param name="state">The workflow's state, as the condition receives it.</param>
    /// <returns>Whether the workflow has neither failed nor been cancelled so far.</returns>
    public static bool Success(IWorkflowState state) => !Failure(state) && !state.IsCancelled;

    /// <summary><c>cancelled()</c>: the run was cancelled (Ctrl+C, SIGTERM); a step whose <c>if</c> uses it runs during the grace period.</summary>
    /// <param name="state">The workflow's state, as the condition receives it.</param>
    /// <returns>Whether the run was cancelled.</returns>
    public static bool Cancelled(IWorkflowState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.IsCancelled;
    }

    /// <summary><c>failure()</c>: an earlier step of the workflow has failed (one without <c>continue_on_error</c>).</summary>
    /// <param name="state">The workflow's state, as the condition receives it.</param>
    /// <returns>Whether the workflow has failed so far.</returns>
    public static bool Failure(IWorkflowState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.HasFailed;
    }

    /// <summary>Parses a number the way conditions and number inputs read them: invariant culture, trimmed, finite.</summary>
    /// <param name="value">The text.</param>
    /// <param name="number">The number, when it is one.</param>
    /// <returns>Whether <paramref name="value"/> is a number.</returns>
    public static bool TryParseNumber(string? value, out double number) => ConditionSemantics.TryParseNumber(value, out number);

    private static double Number(string? value) =>
        TryParseNumber(value, out var number)
            ? number
            : throw new StepFailedException($"the condition compares '{value}' as a number, but it is not one");
}
