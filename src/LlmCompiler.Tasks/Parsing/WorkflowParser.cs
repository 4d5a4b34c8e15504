using System.Globalization;
using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Syntax;
using YamlDotNet.Core;

namespace LlmCompiler.Tasks.Parsing;

/// <summary>
/// Reads a workflow file into <see cref="WorkflowSyntax"/>: each YAML document is a workflow (or a list of
/// workflows), with every value's position kept. Shape problems are reported and reading goes on.
/// </summary>
internal sealed class WorkflowParser
{
    internal static readonly string[] WorkflowFields = ["name", "steps"];

    internal static readonly string[] StepFields =
    [
        "name", "type", "command", "prompt", "system", "model", "output", "if", "wait_for", "wait_timeout",
        "max_tokens", "temperature", "top_p", "top_k", "seed", "stop",
    ];

    private readonly SourceText _source;
    private readonly DiagnosticBag _diagnostics;

    private WorkflowParser(SourceText source, DiagnosticBag diagnostics)
    {
        _source = source;
        _diagnostics = diagnostics;
    }

    public static IReadOnlyList<WorkflowSyntax> Parse(SourceText source, DiagnosticBag diagnostics)
    {
        var parser = new WorkflowParser(source, diagnostics);
        var errorsBefore = diagnostics.HasErrors;
        var workflows = new List<WorkflowSyntax>();
        foreach (var document in YamlTreeReader.Read(source, diagnostics))
        {
            switch (document)
            {
                case YamlScalar { Value.Length: 0, Style: ScalarStyle.Plain }:
                    break; // An empty document, e.g. a trailing '---'.
                case YamlSequence list:
                    foreach (var item in list.Items)
                    {
                        parser.AddWorkflow(item, workflows);
                    }

                    break;
                default:
                    parser.AddWorkflow(document, workflows);
                    break;
            }
        }

        if (workflows.Count == 0 && !diagnostics.HasErrors && !errorsBefore)
        {
            diagnostics.Add(DiagnosticDescriptors.EmptyFile, SourceSpan.At(source.Path, 1, 1),
                "The file holds no workflow. Each YAML document should be a mapping with 'name' and 'steps'.");
        }

        return workflows;
    }

    private void AddWorkflow(YamlNode node, List<WorkflowSyntax> workflows)
    {
        if (Expect<YamlMapping>(node, "a workflow (a mapping with 'name' and 'steps')") is not { } mapping)
        {
            return;
        }

        ScalarSyntax? name = null;
        var steps = new List<StepSyntax>();
        foreach (var (key, value) in Fields(mapping, WorkflowFields, "workflow"))
        {
            switch (key.Value)
            {
                case "name":
                    name = Text(value, "name");
                    break;
                case "steps":
                    if (Expect<YamlSequence>(value, "a list of steps") is { } list)
                    {
                        foreach (var item in list.Items)
                        {
                            if (Step(item) is { } step)
                            {
                                steps.Add(step);
                            }
                        }
                    }

                    break;
            }
        }

        var span = Span(mapping);
        if (name is null)
        {
            _diagnostics.Add(DiagnosticDescriptors.MissingField, span, "The workflow has no 'name'.");
        }

        if (!mapping.Entries.Any(e => e.Key.Value == "steps"))
        {
            _diagnostics.Add(DiagnosticDescriptors.MissingField, span, $"The workflow '{name?.Value}' has no 'steps'.");
        }

        workflows.Add(new WorkflowSyntax(span, name, steps));
    }

    private StepSyntax? Step(YamlNode node)
    {
        if (Expect<YamlMapping>(node, "a step (a mapping with 'name' and 'type')") is not { } mapping)
        {
            return null;
        }

        var step = new StepSyntax(Span(mapping));
        var keys = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        foreach (var (key, value) in Fields(mapping, StepFields, "step"))
        {
            keys[key.Value] = Span(key);
            step = key.Value switch
            {
                "name" => step with { Name = Text(value, "name") },
                "type" => step with { Type = Text(value, "type") },
                "command" => step with { Command = Text(value, "command") },
                "prompt" => step with { Prompt = Text(value, "prompt") },
                "system" => step with { System = Text(value, "system") },
                "model" => step with { Model = Text(value, "model") },
                "output" => step with { Output = Text(value, "output") },
                "if" => step with { If = Text(value, "if") },
                "wait_for" => step with { WaitFor = Text(value, "wait_for") },
                "wait_timeout" => step with { WaitTimeout = Number<int>(value, "wait_timeout", "a whole number of seconds") },
                "max_tokens" => step with { MaxTokens = Number<int>(value, "max_tokens", "a whole number") },
                "temperature" => step with { Temperature = Number<double>(value, "temperature", "a number") },
                "top_p" => step with { TopP = Number<double>(value, "top_p", "a number") },
                "top_k" => step with { TopK = Number<int>(value, "top_k", "a whole number") },
                "seed" => step with { Seed = Number<long>(value, "seed", "a whole number") },
                "stop" => step with { Stop = TextList(value, "stop") },
                _ => step,
            };
        }

        return step with { Keys = keys };
    }

    /// <summary>The mapping's entries whose keys are known; unknown and repeated keys are reported and left out.</summary>
    private IEnumerable<KeyValuePair<YamlScalar, YamlNode>> Fields(YamlMapping mapping, string[] known, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            var key = entry.Key.Value;
            if (Array.IndexOf(known, key) < 0)
            {
                _diagnostics.Add(DiagnosticDescriptors.UnknownField, Span(entry.Key),
                    $"'{key}' is not a {what} field.{Suggestions.DidYouMean(key, known)} {Capitalize(what)} fields: {string.Join(", ", known)}.");
                continue;
            }

            if (!seen.Add(key))
            {
                _diagnostics.Add(DiagnosticDescriptors.DuplicateKey, Span(entry.Key), $"The {what} field '{key}' is given twice.");
                continue;
            }

            yield return entry;
        }
    }

    private ScalarSyntax? Text(YamlNode node, string field)
    {
        if (Expect<YamlScalar>(node, $"text for '{field}'") is not { } scalar)
        {
            return null;
        }

        // 'output:' with nothing after it, or '~', means the field is absent, as YAML null.
        return scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" ? null : new ScalarSyntax(_source, scalar);
    }

    private IReadOnlyList<ScalarSyntax>? TextList(YamlNode node, string field)
    {
        if (node is YamlScalar)
        {
            return Text(node, field) is { } single ? [single] : [];
        }

        if (Expect<YamlSequence>(node, $"text or a list of text for '{field}'") is not { } list)
        {
            return null;
        }

        return list.Items.Select(item => Text(item, field)).OfType<ScalarSyntax>().ToList();
    }

    private Located<T>? Number<T>(YamlNode node, string field, string expected)
        where T : System.Numerics.INumberBase<T>
    {
        if (Expect<YamlScalar>(node, $"{expected} for '{field}'") is not { } scalar)
        {
            return null;
        }

        var styles = typeof(T) == typeof(double) ? NumberStyles.Float : NumberStyles.Integer;
        if (!T.TryParse(scalar.Value, styles, CultureInfo.InvariantCulture, out var value))
        {
            _diagnostics.Add(DiagnosticDescriptors.WrongNodeKind, Span(scalar), $"'{field}' must be {expected}, not '{scalar.Value}'.");
            return null;
        }

        return new Located<T>(value, Span(scalar));
    }

    private T? Expect<T>(YamlNode node, string expected)
        where T : YamlNode
    {
        if (node is T typed)
        {
            return typed;
        }

        _diagnostics.Add(DiagnosticDescriptors.WrongNodeKind, Span(node), $"Expected {expected}, found {node.KindName}.");
        return null;
    }

    private SourceSpan Span(YamlNode node) => _source.Span(node.Start, node.End);

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
