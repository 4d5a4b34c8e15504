using System.Text.RegularExpressions;

namespace LlmCompiler.Pro;

/// <summary>Replaces e-mail addresses with <c>[redacted email]</c>.</summary>
internal static partial class EmailRedactor
{
    public const string Replacement = "[redacted email]";

    public static string Redact(string text) => Email().Replace(text, Replacement);

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();
}
