using System.Text;
using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Language;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Parsing;

/// <summary>
/// Parses <c>{{…}}</c> references. Accepted forms: <c>{{name}}</c>, <c>{{workflow.step}}</c>, <c>{{ .name }}</c>,
/// <c>{{ index . "workflow.step" }}</c> (the Go original's forms) and <c>{{ "literal" }}</c> to write braces.
/// </summary>
internal static class TemplateParser
{
    public static Template Parse(ScalarSyntax scalar, DiagnosticBag diagnostics)
    {
        var text = scalar.Value;
        var parts = new List<TemplatePart>();
        var literal = new StringBuilder();
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                literal.Append(text, position, text.Length - position);
                break;
            }

            literal.Append(text, position, open - position);
            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                diagnostics.Add(DiagnosticDescriptors.TemplateSyntax, scalar.SpanOf(open, 2),
                    "'{{' is not closed by '}}'. To write braces literally, use {{ \"{{\" }}.");
                literal.Append(text, open, text.Length - open);
                break;
            }

            var span = scalar.SpanOf(open, close + 2 - open);
            var inner = text.Substring(open + 2, close - open - 2).Trim();
            switch (Classify(inner))
            {
                case (true, var value):
                    literal.Append(value);
                    break;
                case (false, { } name):
                    Flush();
                    parts.Add(new VariablePart(name, span));
                    break;
                default:
                    diagnostics.Add(DiagnosticDescriptors.TemplateSyntax, span,
                        $"'{{{{{inner}}}}}' is not a template reference. Write {{{{name}}}} for a step output or {{{{workflow.step}}}} for a value received through wait_for.");
                    break;
            }

            position = close + 2;
        }

        Flush();
        return new Template(parts);

        void Flush()
        {
            if (literal.Length > 0)
            {
                parts.Add(new TextPart(literal.ToString()));
                literal.Clear();
            }
        }
    }

    /// <summary>Returns (true, text) for a string literal, (false, name) for a variable, (false, null) for anything else.</summary>
    private static (bool IsLiteral, string? Value) Classify(string inner)
    {
        if (inner.Length >= 2 && inner[0] == '"' && inner[^1] == '"' && inner.IndexOf('"', 1) == inner.Length - 1)
        {
            return (true, inner[1..^1]);
        }

        // 'index . "workflow.step"' is the Go original's lookup; a bare {{index}} is a foreach step's item position.
        if (inner.StartsWith("index", StringComparison.Ordinal) && inner.Length > "index".Length && char.IsWhiteSpace(inner["index".Length]))
        {
            var rest = inner["index".Length..].TrimStart();
            if (rest.StartsWith('.'))
            {
                rest = rest[1..].Trim();
                if (rest.Length >= 2 && rest[0] == '"' && rest[^1] == '"' && NameRules.IsVariableName(rest[1..^1]))
                {
                    return (false, rest[1..^1]);
                }
            }

            return (false, null);
        }

        var name = inner.StartsWith('.') ? inner[1..] : inner;
        return NameRules.IsVariableName(name) ? (false, name) : (false, null);
    }
}
