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

    /// <summary>Equality after trimming white space from both values (ordinal).</summary>
    public static bool AreEqual(string? left, string? right) =>
        string.Equals((left ?? string.Empty).Trim(), (right ?? string.Empty).Trim(), StringComparison.Ordinal);

    /// <summary>Equality where one side is a number: numeric when both values are numbers (<c>3 == 3.0</c>), else <see cref="AreEqual"/>.</summary>
    public static bool NumbersEqual(string? left, string? right) =>
        TryParseNumber(left, out var l) && TryParseNumber(right, out var r) ? l == r : AreEqual(left, right);

    /// <summary>A value used alone as a condition: true unless the trimmed value is empty, <c>false</c> (any case) or <c>0</c>.</summary>
    public static bool IsTrue(string? value)
    {
        var trimmed = (value ?? string.Empty).Trim();
        return trimmed.Length > 0 && !trimmed.Equals("false", StringComparison.OrdinalIgnoreCase) && trimmed != "0";
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
