using System.Globalization;
using System.Text;

namespace LlmCompiler.Tasks.Emit;

/// <summary>C# literals for values from workflow files. Output depends only on the value, so builds are deterministic.</summary>
internal static class CSharpLiteral
{
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
