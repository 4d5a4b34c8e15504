using System.Globalization;

namespace LlmCompiler.Shared;

/// <summary>
/// What <c>if</c> conditions mean on values, defined once. This file is compiled into both LlmCompiler.Runtime
/// (whose public <c>Conditions</c> calls it when a generated program runs) and LlmCompiler.Tasks (which folds
/// constant conditions at build time and checks number literals and defaults), so the two cannot disagree.
/// </summary>
/// <remarks>Kept free of dependencies and of newer APIs: every assembly that links it must compile it as is.</remarks>
internal static class ConditionSemantics
{
    /// <summary>Parses a number the way conditions and number inputs read them: invariant culture, trimmed, finite.</summary>
    public static bool TryParseNumber(string? value, out double number) =>
        double.TryParse((value ?? string.Empty).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number) && !double.IsNaN(number) && !double.IsInfinity(number);

    /// <summary>Whether <paramref name="value"/> is a number (see <see cref="TryParseNumber"/>).</summary>
    public static bool IsNumber(string? value) => TryParseNumber(value, out _);

    /// <summary>
    /// Equality of text: ignoring case as GitHub Actions does (ordinal, each character compared upper-cased by the
    /// invariant culture, so <c>'ς' == 'Σ'</c>), after trimming white space from both values (a deliberate exception
    /// to Actions: values read from commands and files often end with a newline).
    /// </summary>
    public static bool AreEqual(string? left, string? right) =>
        string.Equals((left ?? string.Empty).Trim(), (right ?? string.Empty).Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Equality where one side is a number (a number literal or number input): numeric, as in GitHub Actions, which
    /// converts the other side to a number: blank text is 0, text that is not a number equals no number.
    /// </summary>
    public static bool NumbersEqual(string? left, string? right) =>
        TryParseNumberOrBlank(left, out var l) && TryParseNumberOrBlank(right, out var r) ? l == r : AreEqual(left, right);

    /// <summary>
    /// A value used alone as a condition: true unless the trimmed value is empty, <c>false</c> (any case) or a number
    /// equal to zero (<c>0</c>, <c>0.0</c>, <c>-0</c>, …). Actions calls every non-empty string true; reading a command's
    /// <c>false</c>, <c>0</c> or blank output as false is a deliberate exception.
    /// </summary>
    public static bool IsTrue(string? value)
    {
        var trimmed = (value ?? string.Empty).Trim();
        return trimmed.Length > 0 && !trimmed.Equals("false", StringComparison.OrdinalIgnoreCase) && !(TryParseNumber(trimmed, out var number) && number == 0);
    }

    private static bool TryParseNumberOrBlank(string? value, out double number)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            number = 0;
            return true;
        }

        return TryParseNumber(value, out number);
    }

    /// <summary><c>contains(text, part)</c>, ignoring case as GitHub Actions does.</summary>
    public static bool Contains(string? text, string? part) =>
        (text ?? string.Empty).Contains(part ?? string.Empty, StringComparison.OrdinalIgnoreCase);

    /// <summary><c>startsWith(text, prefix)</c>, ignoring case.</summary>
    public static bool StartsWith(string? text, string? prefix) =>
        (text ?? string.Empty).StartsWith(prefix ?? string.Empty, StringComparison.OrdinalIgnoreCase);

    /// <summary><c>endsWith(text, suffix)</c>, ignoring case.</summary>
    public static bool EndsWith(string? text, string? suffix) =>
        (text ?? string.Empty).EndsWith(suffix ?? string.Empty, StringComparison.OrdinalIgnoreCase);
}
