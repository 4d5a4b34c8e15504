using System.ComponentModel;
using LlmCompiler.Shared;

namespace LlmCompiler.Runtime.Scheduling;

/// <summary>
/// Matches the given input values to the inputs the workflows declare, before anything runs: every problem
/// (missing required input, unknown name, value of the wrong type) is collected and reported at once.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class InputBinder
{
    /// <summary>Returns each workflow's input variables, in workflow order.</summary>
    /// <exception cref="InvalidInputsException">Any value is missing, unknown or of the wrong type.</exception>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Bind(IReadOnlyList<Workflow> workflows, IDictionary<string, string> given)
    {
        var problems = new List<string>();
        foreach (var key in given.Keys.Order(StringComparer.Ordinal))
        {
            if (!IsKnown(workflows, key))
            {
                var declared = workflows.SelectMany(w => w.Inputs.Select(i => $"{i.Name} ({w.Name})")).ToList();
                problems.Add(declared.Count == 0
                    ? $"unknown input '{key}': these workflows take no inputs"
                    : $"unknown input '{key}'; inputs: {string.Join(", ", declared)}");
            }
        }

        var result = new List<IReadOnlyDictionary<string, string>>(workflows.Count);
        foreach (var workflow in workflows)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var input in workflow.Inputs)
            {
                var value = given.TryGetValue(workflow.Name + "." + input.Name, out var specific) ? specific
                    : given.TryGetValue(input.Name, out var shared) ? shared
                    : input.Default;
                if (value is null)
                {
                    if (input.Required)
                    {
                        problems.Add($"workflow '{workflow.Name}' needs input '{input.Name}' ({Describe(input.Type)}): --input {input.Name}=VALUE");
                        continue;
                    }

                    value = input.Type switch
                    {
                        WorkflowInputType.Number => "0",
                        WorkflowInputType.Boolean => "false",
                        _ => string.Empty,
                    };
                }

                if (Normalize(input.Type, value) is { } normalized)
                {
                    values[input.Name] = normalized;
                }
                else
                {
                    problems.Add($"input '{input.Name}' of workflow '{workflow.Name}' must be {Describe(input.Type)}, not '{value}'");
                }
            }

            result.Add(values);
        }

        return problems.Count > 0 ? throw new InvalidInputsException(problems) : result;
    }

    /// <summary>Numbers keep their trimmed text (conditions compare them numerically); booleans become <c>true</c>/<c>false</c>.</summary>
    private static string? Normalize(WorkflowInputType type, string value) => type switch
    {
        WorkflowInputType.Number => ConditionSemantics.IsNumber(value) ? value.Trim() : null,
        WorkflowInputType.Boolean => value.Trim().ToLowerInvariant() is "true" or "false" ? value.Trim().ToLowerInvariant() : null,
        _ => value,
    };

    private static bool IsKnown(IReadOnlyList<Workflow> workflows, string key)
    {
        if (workflows.Any(w => w.Inputs.Any(i => i.Name == key)))
        {
            return true;
        }

        var dot = key.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && workflows.Any(w => w.Name == key[..dot] && w.Inputs.Any(i => i.Name == key[(dot + 1)..]));
    }

    private static string Describe(WorkflowInputType type) => type switch
    {
        WorkflowInputType.Number => "a number",
        WorkflowInputType.Boolean => "a boolean (true or false)",
        _ => "a string",
    };
}
