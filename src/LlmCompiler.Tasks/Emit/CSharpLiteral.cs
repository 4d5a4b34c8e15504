using System.Globalization;
using System.Text;

namespace LlmCompiler.Tasks.Emit;

/// <summary>C# literals for values from workflow files. Output depends only on the value, so builds are deterministic.</summary>
internal static class CSharpLiteral
{
    /// <summary>
    /// A multi-line raw string literal (C# 11) whose lines start at <paramref name="indent"/>, for text meant to be read
    /// in the generated code. The text must be printable and end with a newline, which the literal leaves out (a raw
    /// literal's last line break belongs to its closing delimiter); the delimiter outnumbers any run of quotes in it.
    /// </summary>
    public static string RawString(string text, string indent)
    {
        var body = text.EndsWith('\n') ? text[..^1] : text;
        var delimiter = RawDelimiter(body);
        var builder = new StringBuilder(delimiter).Append('\n');
        foreach (var line in body.Split('\n'))
        {
            builder.Append(line.Length > 0 ? indent : string.Empty).Append(line).Append('\n');
        }

        return builder.Append(indent).Append(delimiter).ToString();
    }

    /// <summary>A one-line raw string literal (<c>"""{"type":"object"}"""</c>), for text that neither starts nor ends with a quote.</summary>
    public static string RawLine(string text)
    {
        var delimiter = RawDelimiter(text);
        return delimiter + text + delimiter;
    }

    /// <summary>Enough quotes to open and close a raw literal around the text: more than its longest run of quotes, at least three.</summary>
    private static string RawDelimiter(string body)
    {
        var longestQuotes = 0;
        var run = 0;
        foreach (var c in body)
        {
            run = c == '"' ? run + 1 : 0;
            longestQuotes = Math.Max(longestQuotes, run);
        }

        return new string('"', Math.Max(3, longestQuotes + 1));
    }

    public static string String(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\0': builder.Append("\\0"); break;
                default:
                    if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u0085')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture) + "L";

    /// <summary>A double that round-trips; the <c>d</c> suffix keeps <c>3</c> and <c>1E+20</c> valid double literals.</summary>
    public static string Double(double value) => value.ToString("R", CultureInfo.InvariantCulture) + "d";

    public static string Float(double value) => ((float)value).ToString("R", CultureInfo.InvariantCulture) + "f";
}
