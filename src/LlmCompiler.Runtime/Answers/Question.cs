using LlmCompiler.Runtime.Steps;

namespace LlmCompiler.Runtime.Answers;

/// <summary>One question a run asks: an input step, or one item of a foreach input step, with its prompt rendered.</summary>
/// <param name="Workflow">The workflow's name.</param>
/// <param name="Step">The step.</param>
/// <param name="Index">The foreach item's index, or <see langword="null"/>.</param>
/// <param name="Prompt">The rendered prompt (Markdown).</param>
internal sealed record Question(string Workflow, InputStep Step, int? Index, string Prompt)
{
    /// <summary>Gets how the question is named on the command line: <c>workflow.step</c>, or <c>workflow.step[index]</c> for an item.</summary>
    public string Key => Keys.Of(Workflow, Step.Name, Index);

    /// <summary>Returns the answer as the step's output, or <see langword="null"/> with why it is refused.</summary>
    public string? Check(string value, out string problem) => AnswerRules.Check(Step, value, out problem);
}

/// <summary>The names of questions, as the command line and the run file write them.</summary>
internal static class Keys
{
    public static string Of(string workflow, string step, int? index) =>
        index is { } i ? $"{workflow}.{step}[{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}]" : $"{workflow}.{step}";
}

/// <summary>What an answer must be, whichever channel brings it: one of the options, or JSON valid for the schema.</summary>
internal static class AnswerRules
{
    public static string? Check(InputStep step, string value, out string problem)
    {
        problem = string.Empty;
        if (step.Options.Count > 0)
        {
            if (step.Options.Contains(value, StringComparer.Ordinal))
            {
                return value;
            }

            problem = $"'{value}' is not one of the options: {string.Join(", ", step.Options)}{Suggest(value, step.Options)}";
            return null;
        }

        if (step.OutputSchema is { } schema)
        {
            var valid = StructuredOutput.Validate(schema, value, out var error);
            problem = valid is null ? $"the answer is not valid for the step's schema: {error}" : string.Empty;
            return valid;
        }

        return value;
    }

    /// <summary>The option closest to a mistyped answer, when one is close.</summary>
    private static string Suggest(string value, IReadOnlyList<string> options)
    {
        var best = options.Select(o => (Option: o, Distance: Distance(value.ToLowerInvariant(), o.ToLowerInvariant()))).MinBy(p => p.Distance);
        return best.Distance <= Math.Max(1, best.Option.Length / 3) ? $" (did you mean '{best.Option}'?)" : string.Empty;
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }

        return row[b.Length];
    }
}
