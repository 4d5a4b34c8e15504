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
    internal static readonly string[] WorkflowFields = ["name", "steps", "inputs", "env"];

    internal static readonly string[] InputFields = ["type", "default", "required", "description"];

    internal static readonly string[] RetryFields = ["max_attempts", "backoff"];

    internal static readonly string[] StepFields =
    [
        "name", "type", "command", "prompt", "system", "model", "output", "if", "wait_for", "wait_timeout",
        "max_tokens", "temperature", "top_p", "top_k", "seed", "stop",
        "timeout", "retry", "continue_on_error", "env", "working_directory", "shell",
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
        IReadOnlyList<InputSyntax> inputs = [];
        IReadOnlyList<EnvSyntax> env = [];
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
                case "inputs":
                    inputs = Inputs(value);
                    break;
                case "env":
                    env = Env(value) ?? [];
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

        workflows.Add(new WorkflowSyntax(span, name, steps) { Inputs = inputs, Env = env });
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
                "timeout" => step with { Timeout = Number<double>(value, "timeout", "a number of seconds") },
                "retry" => step with { Retry = Retry(value) },
                "continue_on_error" => step with { ContinueOnError = Boolean(value, "continue_on_error") },
                "env" => step with { Env = Env(value) },
                "working_directory" => step with { WorkingDirectory = Text(value, "working_directory") },
                "shell" => step with { Shell = Text(value, "shell") },
                _ => step,
            };
        }

        return step with { Keys = keys };
    }

    /// <summary><c>inputs:</c> a mapping from input name to its settings (an empty value means all defaults).</summary>
    private List<InputSyntax> Inputs(YamlNode node)
    {
        var inputs = new List<InputSyntax>();
        if (Expect<YamlMapping>(node, "a mapping of input names to their settings") is not { } mapping)
        {
            return inputs;
        }

        foreach (var (key, value) in UniqueEntries(mapping, "input"))
        {
            var input = new InputSyntax(new ScalarSyntax(_source, key), Span(key));
            if (value is YamlScalar { Value.Length: 0, Style: ScalarStyle.Plain })
            {
                inputs.Add(input);
                continue;
            }

            if (Expect<YamlMapping>(value, $"the settings of input '{key.Value}' (type, default, required, description)") is not { } settings)
            {
                continue;
            }

            foreach (var (field, fieldValue) in Fields(settings, InputFields, "input"))
            {
                input = field.Value switch
                {
                    "type" => input with { Type = Text(fieldValue, "type") },
                    "default" => input with { Default = Scalar(fieldValue, "default") },
                    "required" => input with { Required = Boolean(fieldValue, "required") },
                    "description" => input with { Description = Text(fieldValue, "description") },
                    _ => input,
                };
            }

            inputs.Add(input);
        }

        return inputs;
    }

    /// <summary><c>env:</c> a mapping from environment variable name to a templated value.</summary>
    private List<EnvSyntax>? Env(YamlNode node)
    {
        if (Expect<YamlMapping>(node, "a mapping of environment variable names to values") is not { } mapping)
        {
            return null;
        }

        return UniqueEntries(mapping, "env")
            .Select(e => Expect<YamlScalar>(e.Value, $"text for env '{e.Key.Value}'") is not null
                ? new EnvSyntax(new ScalarSyntax(_source, e.Key), Scalar(e.Value, e.Key.Value))
                : null)
            .OfType<EnvSyntax>()
            .ToList();
    }

    private RetrySyntax? Retry(YamlNode node)
    {
        if (node is YamlScalar)
        {
            return new RetrySyntax(Span(node), Number<int>(node, "retry", "a whole number of attempts, or a mapping with max_attempts and backoff"), null);
        }

        if (Expect<YamlMapping>(node, "a number of attempts, or a mapping with max_attempts and backoff") is not { } mapping)
        {
            return null;
        }

        var retry = new RetrySyntax(Span(mapping), null, null);
        foreach (var (key, value) in Fields(mapping, RetryFields, "retry"))
        {
            retry = key.Value switch
            {
                "max_attempts" => retry with { MaxAttempts = Number<int>(value, "max_attempts", "a whole number") },
                "backoff" => retry with { Backoff = Number<double>(value, "backoff", "a number of seconds") },
                _ => retry,
            };
        }

        return retry;
    }

    /// <summary>Entries of a mapping whose keys are names chosen by the user; a repeated key is reported and left out.</summary>
    private IEnumerable<KeyValuePair<YamlScalar, YamlNode>> UniqueEntries(YamlMapping mapping, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            if (!seen.Add(entry.Key.Value))
            {
                _diagnostics.Add(DiagnosticDescriptors.DuplicateKey, Span(entry.Key), $"The {what} '{entry.Key.Value}' is given twice.");
                continue;
            }

            yield return entry;
        }
    }

    /// <summary>A scalar taken as written, even when empty (an empty env value or default is a value).</summary>
    private ScalarSyntax? Scalar(YamlNode node, string field) =>
        Expect<YamlScalar>(node, $"text for '{field}'") is { } scalar ? new ScalarSyntax(_source, scalar) : null;

    private Located<bool>? Boolean(YamlNode node, string field)
    {
        if (Expect<YamlScalar>(node, $"true or false for '{field}'") is not { } scalar)
        {
            return null;
        }

        if (scalar.Style == ScalarStyle.Plain && bool.TryParse(scalar.Value, out var value))
        {
            return new Located<bool>(value, Span(scalar));
        }

        _diagnostics.Add(DiagnosticDescriptors.WrongNodeKind, Span(scalar), $"'{field}' must be true or false, not '{scalar.Value}'.");
        return null;
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
                    $"'{key}' is not {Article(what)} {what} field.{Suggestions.DidYouMean(key, known)} {Capitalize(what)} fields: {string.Join(", ", known)}.");
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

    private static string Article(string word) => "aeiou".Contains(word[0], StringComparison.Ordinal) ? "an" : "a";

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
