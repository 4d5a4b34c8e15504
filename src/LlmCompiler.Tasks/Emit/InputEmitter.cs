using System.Globalization;
using System.Text;
using LlmCompiler.Tasks.Checking;
using LlmCompiler.Tasks.Emit.Models;

namespace LlmCompiler.Tasks.Emit;

/// <summary>C# for workflow inputs: the runtime's <c>WorkflowInput</c> list and the parameters of the generated <c>RunAsync</c>.</summary>
internal static class InputEmitter
{
    private const string Runtime = "global::LlmCompiler.Runtime.";

    /// <summary>Names the generated method already uses (its own parameters and local).</summary>
    private static readonly string[] Reserved = ["options", "cancellationToken", "inputs"];

    public static string Definition(BoundInput input)
    {
        var properties = new List<string>();
        if (input.Default is { } value)
        {
            properties.Add("Default = " + CSharpLiteral.String(value));
        }

        if (input.Required)
        {
            properties.Add("Required = true");
        }

        if (input.Description is { } description)
        {
            properties.Add("Description = " + CSharpLiteral.String(description));
        }

        var type = $"{Runtime}WorkflowInputType.{input.Type}";
        var body = properties.Count == 0 ? string.Empty : " { " + string.Join(", ", properties) + " }";
        return $"new({CSharpLiteral.String(input.Name)}, {type}){body}";
    }

    /// <summary>
    /// Required inputs come first and have no default; inputs with a default get it as the C# default; optional
    /// inputs without one are nullable and passed only when given, so the runtime's rules apply to them.
    /// </summary>
    public static IReadOnlyList<ParameterModel> Parameters(IReadOnlyList<BoundInput> inputs)
    {
        var taken = new HashSet<string>(Reserved, StringComparer.Ordinal);
        return inputs
            .OrderBy(i => i.Required && i.Default is null ? 0 : 1)
            .Select(input => Parameter(input, Unique(Identifier(input.Name), taken)))
            .ToList();
    }

    private static ParameterModel Parameter(BoundInput input, string name)
    {
        var type = input.Type switch
        {
            OperandType.Number => "double",
            OperandType.Boolean => "bool",
            _ => "string",
        };
        var key = CSharpLiteral.String(input.Name);
        var text = Text(input.Type, name);
        var doc = System.Security.SecurityElement.Escape(input.Description is { Length: > 0 } d ? d : $"The input '{input.Name}'.");
        if (input.Required && input.Default is null)
        {
            return new ParameterModel(name, $"{type} {name}", doc, $"inputs[{key}] = {text};");
        }

        if (input.Default is { } value)
        {
            return new ParameterModel(name, $"{type} {name} = {DefaultLiteral(input.Type, value)}", doc, $"inputs[{key}] = {text};");
        }

        var nullable = input.Type == OperandType.String
            ? $"if ({name} is not null) {{ inputs[{key}] = {name}; }}"
            : $"if ({name} is {{ }} {name}Value) {{ inputs[{key}] = {Text(input.Type, name + "Value")}; }}";
        return new ParameterModel(name, $"{type}? {name} = null", doc, nullable);
    }

    /// <summary>The value as the runtime reads it: numbers round-trip in invariant culture, booleans are true/false.</summary>
    private static string Text(OperandType type, string variable) => type switch
    {
        OperandType.Number => $"{variable}.ToString(\"R\", global::System.Globalization.CultureInfo.InvariantCulture)",
        OperandType.Boolean => $"({variable} ? \"true\" : \"false\")",
        _ => variable,
    };

    private static string DefaultLiteral(OperandType type, string value) => type switch
    {
        OperandType.Number => double.Parse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture) + "d",
        OperandType.Boolean => value,
        _ => CSharpLiteral.String(value),
    };

    private static string Identifier(string inputName)
    {
        var builder = new StringBuilder();
        foreach (var c in inputName)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        var name = builder.ToString();
        return Identifiers.EscapeKeyword(name);
    }

    private static string Unique(string name, HashSet<string> taken)
    {
        var candidate = name;
        for (var i = 2; !taken.Add(candidate.TrimStart('@')); i++)
        {
            candidate = name.TrimStart('@') + i;
        }

        return candidate;
    }
}
