using System.CommandLine;

namespace LlmCompiler.Runtime.Hosting;

/// <summary>The <c>--input name=value</c> option of the generated program.</summary>
internal static class ProgramInputs
{
    public static Option<string[]> CreateOption(IReadOnlyList<Workflow> workflows)
    {
        // A called workflow takes its inputs from the calling step's `with`, not from the command line.
        var declared = workflows.Where(w => !w.IsCalled).SelectMany(w => w.Inputs.Select(i => Describe(w, i))).ToList();
        var option = new Option<string[]>("--input", "-i")
        {
            Description = declared.Count == 0
                ? "A workflow input as name=value (these workflows declare none)."
                : "A workflow input as name=value, or workflow.name=value for one workflow; repeat for more. Inputs: " + string.Join("; ", declared) + ".",
            HelpName = "name=value",
            Arity = ArgumentArity.ZeroOrMore,
        };
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.IndexOf('=', StringComparison.Ordinal) <= 0)
                {
                    result.AddError($"--input expects name=value, not '{token.Value}'.");
                }
            }
        });
        return option;
    }

    /// <summary>Adds the values to <paramref name="options"/>; a name given twice keeps the last value, as shells users expect.</summary>
    public static void Apply(string[]? values, WorkflowRunOptions options)
    {
        foreach (var value in values ?? [])
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            options.Inputs[value[..equals]] = value[(equals + 1)..];
        }
    }

    private static string Describe(Workflow workflow, WorkflowInput input)
    {
        var type = input.Type.ToString().ToLowerInvariant();
        var flags = input.Required && input.Default is null ? ", required" : input.Default is { } d ? $", default {d}" : string.Empty;
        var description = input.Description is { Length: > 0 } text ? ": " + text : string.Empty;
        return $"{workflow.Name}.{input.Name} ({type}{flags}){description}";
    }
}
