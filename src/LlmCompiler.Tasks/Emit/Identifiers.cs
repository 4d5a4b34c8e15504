using System.Text;

namespace LlmCompiler.Tasks.Emit;

/// <summary>C# names for workflow names: <c>my-flow</c> becomes <c>MyFlowWorkflow</c>.</summary>
internal static class Identifiers
{
    /// <summary>
    /// C#'s reserved keywords, the undocumented <c>__arglist</c> family included: a namespace part or parameter spelled
    /// like one needs a verbatim <c>@</c> (contextual keywords do not). A test keeps the list equal to Roslyn's.
    /// </summary>
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while", "__arglist", "__makeref", "__reftype", "__refvalue",
    };

    /// <summary>Returns <paramref name="name"/>, with a verbatim <c>@</c> when it is spelled like a reserved keyword.</summary>
    public static string EscapeKeyword(string name) => Keywords.Contains(name) ? "@" + name : name;

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

    /// <summary>A namespace made of valid identifiers, from an MSBuild RootNamespace that may hold '-', start with a digit or be a keyword (a project named <c>class</c>).</summary>
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

                var name = builder.ToString();
                return name.Length == 0 || char.IsDigit(name[0]) ? "_" + name : EscapeKeyword(name);
            })
            .ToList();
        return parts.Count == 0 ? "Workflows" : string.Join(".", parts);
    }
}
