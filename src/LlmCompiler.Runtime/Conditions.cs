namespace LlmCompiler.Runtime;

/// <summary>Operations that compiled <c>if</c> conditions call.</summary>
/// <remarks>Comparisons trim leading and trailing white space first, as the original workflow language did.</remarks>
public static class Conditions
{
    /// <summary>Returns whether two values are equal after trimming.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns><see langword="true"/> when the trimmed values are equal (ordinal).</returns>
    public static bool AreEqual(string? left, string? right) =>
        (left ?? string.Empty).AsSpan().Trim().SequenceEqual((right ?? string.Empty).AsSpan().Trim());

    /// <summary>Returns whether a value used alone as a condition is true: not empty, not <c>false</c>, not <c>0</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> unless the trimmed value is empty, <c>false</c> (any case) or <c>0</c>.</returns>
    public static bool IsTrue(string? value)
    {
        var trimmed = (value ?? string.Empty).AsSpan().Trim();
        return trimmed.Length > 0 && !trimmed.Equals("false", StringComparison.OrdinalIgnoreCase) && !trimmed.SequenceEqual("0");
    }
}
