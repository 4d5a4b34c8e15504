using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Language;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Parsing;

/// <summary>
/// Parses a <c>foreach</c> value: <c>fromJSON(var)</c>, <c>lines(var)</c>, a bare variable, or a YAML sequence of
/// scalars. Anything else is LLMC2022 at the part that is wrong, with the forms that are allowed.
/// </summary>
internal static class ForeachParser
{
    private const string Forms = "Write fromJSON(var) for a JSON array in a variable, lines(var) for its lines, the output of a foreach step, or a YAML list such as [a, b, c].";

    private static readonly string[] Functions = ["fromJSON", "lines"];

    public static ForeachSyntax? Parse(YamlNode node, SourceText source, DiagnosticBag diagnostics)
    {
        switch (node)
        {
            case YamlSequence list:
                return List(list, source, diagnostics);
            case YamlScalar scalar:
                return Expression(new ScalarSyntax(source, scalar), diagnostics);
            default:
                diagnostics.Add(DiagnosticDescriptors.InvalidForeachSource, source.Span(node.Start, node.End), $"'foreach' cannot be {node.KindName}. {Forms}");
                return null;
        }
    }

    private static ForeachSyntax? List(YamlSequence list, SourceText source, DiagnosticBag diagnostics)
    {
        var items = new List<string>(list.Items.Count);
        foreach (var item in list.Items)
        {
            if (item is YamlScalar scalar)
            {
                items.Add(scalar.Value);
            }
            else
            {
                diagnostics.Add(DiagnosticDescriptors.InvalidForeachSource, source.Span(item.Start, item.End),
                    $"A foreach list holds scalars (text, numbers), not {item.KindName}.");
            }
        }

        return items.Count == list.Items.Count ? new ForeachSyntax(ForeachKind.List, source.Span(list.Start, list.End)) { Items = items } : null;
    }

    private static ForeachSyntax? Expression(ScalarSyntax scalar, DiagnosticBag diagnostics)
    {
        var text = scalar.Value;
        var start = text.Length - text.TrimStart().Length;
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            diagnostics.Add(DiagnosticDescriptors.InvalidForeachSource, scalar.Span, $"'foreach' is empty. {Forms}");
            return null;
        }

        if (NameRules.IsVariableName(trimmed))
        {
            return new ForeachSyntax(ForeachKind.Variable, scalar.Span) { Variable = trimmed, VariableSpan = scalar.SpanOf(start, trimmed.Length) };
        }

        var open = trimmed.IndexOf('(', StringComparison.Ordinal);
        if (open > 0 && trimmed[^1] == ')')
        {
            var function = trimmed[..open].TrimEnd();
            var argument = trimmed[(open + 1)..^1];
            var argumentStart = start + open + 1 + (argument.Length - argument.TrimStart().Length);
            argument = argument.Trim();
            if (!Functions.Contains(function, StringComparer.Ordinal))
            {
                diagnostics.Add(DiagnosticDescriptors.InvalidForeachSource, scalar.SpanOf(start, function.Length),
                    $"'{function}' is not a foreach function.{Suggestions.DidYouMean(function, Functions)} Functions: fromJSON(var), lines(var).");
                return null;
            }

            if (!NameRules.IsVariableName(argument))
            {
                diagnostics.Add(DiagnosticDescriptors.InvalidForeachSource, scalar.SpanOf(argumentStart, Math.Max(argument.Length, 1)),
                    $"{function}(…) takes one variable name, not '{argument}'. For example {function}(tickets).");
                return null;
            }

            var kind = function == "lines" ? ForeachKind.Lines : ForeachKind.FromJson;
            return new ForeachSyntax(kind, scalar.Span) { Variable = argument, VariableSpan = scalar.SpanOf(argumentStart, argument.Length) };
        }

        var hint = trimmed.StartsWith("{{", StringComparison.Ordinal) ? " A source is not a template: write the variable without braces." : string.Empty;
        diagnostics.Add(DiagnosticDescriptors.InvalidForeachSource, scalar.Span, $"'{trimmed}' is not a foreach source.{hint} {Forms}");
        return null;
    }
}
