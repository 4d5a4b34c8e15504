using System.Text;

namespace LlmCompiler.Tasks.Emit;

/// <summary>C# names for workflow names: <c>my-flow</c> becomes <c>MyFlowWorkflow</c>.</summary>
internal static class Identifiers
{
    public static string TypeName(string workflowName)
    {
        var builder = new StringBuilder();
        var upper = true;
        foreach (var c in workflowName)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        if (builder.Length == 0 || char.IsDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.Append("Workflow").ToString();
    }

    /// <summary>A namespace made of valid identifiers, from an MSBuild RootNamespace that may hold '-' or start with a digit.</summary>
    public static string Namespace(string rootNamespace)
    {
        var parts = rootNamespace.Split('.', StringSplitOptions.RemoveEmptyEntries)
            .Select(part =>
            {
                var builder = new StringBuilder();
                foreach (var c in part)
                {
                    builder.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
                }

                return builder.Length == 0 || char.IsDigit(builder[0]) ? "_" + builder : builder.ToString();
            })
            .ToList();
        return parts.Count == 0 ? "Workflows" : string.Join(".", parts);
    }
}
