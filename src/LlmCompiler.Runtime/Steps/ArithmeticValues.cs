using System.Globalization;
using System.Text;

namespace LlmCompiler.Runtime.Steps;

/// <summary>
/// Lets only integers into the shell's arithmetic positions (<see cref="ShellStep.IntegerValues"/>). A value that is not
/// an integer fails the step before the shell starts; an integer is passed in its plain decimal form, so that
/// <c>010</c> means ten and not the octal eight both shells would read.
/// </summary>
internal static class ArithmeticValues
{
    /// <summary>How much of a refused value a message quotes.</summary>
    private const int QuotedLength = 60;

    /// <summary>Checks the step's arithmetic values in <paramref name="environment"/> and returns it with each in decimal form.</summary>
    /// <exception cref="StepFailedException">A value is not an integer.</exception>
    public static IReadOnlyList<KeyValuePair<string, string>> Check(IReadOnlyList<ShellIntegerValue> values, IReadOnlyList<KeyValuePair<string, string>> environment)
    {
        if (values.Count == 0)
        {
            return environment;
        }

        var checkedEnvironment = environment.ToArray();
        for (var i = 0; i < checkedEnvironment.Length; i++)
        {
            var (name, value) = checkedEnvironment[i];
            if (values.FirstOrDefault(v => v.Variable == name) is not { } position)
            {
                continue;
            }

            if (!long.TryParse(value.AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                throw new StepFailedException(
                    $"'{position.Template}' stands in {position.Where}, where the shell evaluates text as arithmetic, so only an integer may stand there; its value is {Quote(value)}");
            }

            checkedEnvironment[i] = new(name, number.ToString(CultureInfo.InvariantCulture));
        }

        return checkedEnvironment;
    }

    /// <summary>The value on one line, cut to a readable length.</summary>
    private static string Quote(string value)
    {
        if (value.Length == 0)
        {
            return "empty";
        }

        var quoted = new StringBuilder("'");
        foreach (var c in value.Length > QuotedLength ? value[..QuotedLength] : value)
        {
            quoted.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return quoted.Append(value.Length > QuotedLength ? $"…' ({value.Length} characters)" : "'").ToString();
    }
}
