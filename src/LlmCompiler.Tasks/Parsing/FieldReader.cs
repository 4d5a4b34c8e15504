using System.Globalization;
using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Language;
using LlmCompiler.Tasks.Syntax;
using YamlDotNet.Core;

namespace LlmCompiler.Tasks.Parsing;

/// <summary>
/// Reads the fields of a mapping by their <see cref="FieldDescriptor"/> rows: unknown and repeated keys are
/// reported, each value is read in the shape of its <see cref="ValueKind"/>, templates and conditions are parsed.
/// Shape problems are reported and reading goes on.
/// </summary>
internal sealed class FieldReader
{
    private readonly SourceText _source;
    private readonly DiagnosticBag _diagnostics;

    public FieldReader(SourceText source, DiagnosticBag diagnostics)
    {
        _source = source;
        _diagnostics = diagnostics;
    }

    /// <summary>Reads every known field of <paramref name="mapping"/>; a value that cannot be read is left out.</summary>
    public FieldValues Read(YamlMapping mapping, IReadOnlyList<FieldDescriptor> fields, string what) => Read(mapping, Span(mapping), fields, what);

    public FieldValues Read(YamlMapping mapping, SourceSpan span, IReadOnlyList<FieldDescriptor> fields, string what)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        var keys = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        foreach (var (key, value) in KnownEntries(mapping, fields, what))
        {
            var field = fields.First(f => f.Name == key.Value);
            keys[field.Name] = Span(key);
            if (Value(field, value) is { } read)
            {
                values[field.Name] = read;
            }
        }

        return new FieldValues(span, values, keys);
    }

    /// <summary>Reads one value in the shape its field's kind gives (structural kinds are the caller's).</summary>
    public object? Value(FieldDescriptor field, YamlNode node) => field.Kind switch
    {
        ValueKind.Text or ValueKind.Choice => Text(node, field.Name),
        ValueKind.Template => Text(node, field.Name) is { } text ? TemplateParser.Parse(text, _diagnostics) : null,
        ValueKind.TemplateFile => Text(node, field.Name) is { } path ? TemplateFileReader.Read(path, _source, _diagnostics) : null,
        ValueKind.Condition => Text(node, field.Name) is { } text ? new ConditionSyntax(text.Span, text.Value, ConditionParser.Parse(text, _diagnostics)) : null,
        ValueKind.Integer => Number<int>(node, int.TryParse, NumberStyles.Integer, field.Name, "a whole number"),
        ValueKind.Integer64 => Number<long>(node, long.TryParse, NumberStyles.Integer, field.Name, "a whole number"),
        ValueKind.Number => Number<double>(node, double.TryParse, NumberStyles.Float, field.Name, "a number"),
        ValueKind.WholeSeconds => Number<int>(node, int.TryParse, NumberStyles.Integer, field.Name, "a whole number of seconds"),
        ValueKind.Seconds => Number<double>(node, double.TryParse, NumberStyles.Float, field.Name, "a number of seconds"),
        ValueKind.Boolean => Boolean(node, field.Name),
        ValueKind.TextList => TextList(node, field.Name),
        ValueKind.Scalar => Expect<YamlScalar>(node, $"text for '{field.Name}'") is { } scalar ? new ScalarSyntax(_source, scalar) : null,
        ValueKind.Env => Env(node),
        ValueKind.Arguments => Arguments(node, field.Name),
        ValueKind.TextMap => TextEntries(node, field.Name),
        ValueKind.Retry => Retry(node),
        ValueKind.Foreach => ForeachParser.Parse(node, _source, _diagnostics),
        ValueKind.Schema => SchemaParser.Parse(node, _source, _diagnostics),
        _ => throw new InvalidOperationException($"'{field.Name}' ({field.Kind}) is read by the workflow parser."),
    };

    /// <summary>Entries of a mapping whose keys are names chosen by the user; a repeated key is reported and left out.</summary>
    public IEnumerable<KeyValuePair<YamlScalar, YamlNode>> UniqueEntries(YamlMapping mapping, string what)
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

    /// <summary>The mapping's entries whose keys are known; unknown and repeated keys are reported and left out.</summary>
    public IEnumerable<KeyValuePair<YamlScalar, YamlNode>> KnownEntries(YamlMapping mapping, IReadOnlyList<FieldDescriptor> fields, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            var key = entry.Key.Value;
            if (!fields.Any(f => f.Name == key))
            {
                var known = fields.Select(f => f.Name).ToList();
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

    public ScalarSyntax? Text(YamlNode node, string field)
    {
        if (Expect<YamlScalar>(node, $"text for '{field}'") is not { } scalar)
        {
            return null;
        }

        // 'output:' with nothing after it, or '~', means the field is absent, as YAML null.
        return scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" ? null : new ScalarSyntax(_source, scalar);
    }

    public T? Expect<T>(YamlNode node, string expected)
        where T : YamlNode
    {
        if (node is T typed)
        {
            return typed;
        }

        _diagnostics.Add(DiagnosticDescriptors.WrongNodeKind, Span(node), $"Expected {expected}, found {node.KindName}.");
        return null;
    }

    public SourceSpan Span(YamlNode node) => _source.Span(node.Start, node.End);

    /// <summary><c>env:</c> a mapping from environment variable name to a template.</summary>
    private List<EnvSyntax>? Env(YamlNode node) =>
        TemplateEntries(node, "a mapping of environment variable names to values", "env", name => $"text for env '{name}'", (name, value) => new EnvSyntax(name, TemplateParser.Parse(value, _diagnostics)));

    /// <summary><c>with:</c> or <c>outputs:</c>: a mapping from a name to a template.</summary>
    private List<ArgumentSyntax>? Arguments(YamlNode node, string field) =>
        TemplateEntries(node, $"a mapping of names to values for '{field}'", $"'{field}' entry", name => $"text for '{name}' in '{field}'", (name, value) => new ArgumentSyntax(name, TemplateParser.Parse(value, _diagnostics), value.Span));

    /// <summary>A mapping from a name to plain text: an MCP server's <c>env</c> or <c>headers</c>.</summary>
    private List<NamedTextSyntax>? TextEntries(YamlNode node, string field) =>
        TemplateEntries(node, $"a mapping of names to values for '{field}'", $"'{field}' entry", name => $"text for '{name}' in '{field}'", (name, value) => new NamedTextSyntax(name, value));

    /// <summary>A mapping whose keys are names chosen by the user and whose values are templates.</summary>
    private List<T>? TemplateEntries<T>(YamlNode node, string expected, string what, Func<string, string> expectedValue, Func<ScalarSyntax, ScalarSyntax, T> create)
    {
        if (Expect<YamlMapping>(node, expected) is not { } mapping)
        {
            return null;
        }

        var entries = new List<T>();
        foreach (var (key, value) in UniqueEntries(mapping, what))
        {
            if (Expect<YamlScalar>(value, expectedValue(key.Value)) is { } scalar)
            {
                entries.Add(create(new ScalarSyntax(_source, key), new ScalarSyntax(_source, scalar)));
            }
        }

        return entries;
    }

    /// <summary><c>retry: 3</c> (short for <c>max_attempts: 3</c>) or <c>retry: { max_attempts: 3, backoff: 2 }</c>.</summary>
    private FieldValues? Retry(YamlNode node)
    {
        if (node is YamlScalar)
        {
            var values = new Dictionary<string, object>(StringComparer.Ordinal);
            if (Number<int>(node, int.TryParse, NumberStyles.Integer, "retry", "a whole number of attempts, or a mapping with max_attempts and backoff") is { } attempts)
            {
                values[RetryFields.MaxAttempts.Name] = attempts;
            }

            return new FieldValues(Span(node), values, new Dictionary<string, SourceSpan> { [RetryFields.MaxAttempts.Name] = Span(node) });
        }

        return Expect<YamlMapping>(node, "a number of attempts, or a mapping with max_attempts and backoff") is { } mapping
            ? Read(mapping, RetryFields.All, "retry")
            : null;
    }

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

    private List<ScalarSyntax>? TextList(YamlNode node, string field)
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

    // A parse delegate rather than INumberBase<T>: generic math is missing from the netstandard2.0 build.
    private delegate bool NumberParser<T>(string text, NumberStyles styles, IFormatProvider provider, out T value);

    private Located<T>? Number<T>(YamlNode node, NumberParser<T> parse, NumberStyles styles, string field, string expected)
        where T : struct
    {
        if (Expect<YamlScalar>(node, $"{expected} for '{field}'") is not { } scalar)
        {
            return null;
        }

        if (!parse(scalar.Value, styles, CultureInfo.InvariantCulture, out var value))
        {
            _diagnostics.Add(DiagnosticDescriptors.WrongNodeKind, Span(scalar), $"'{field}' must be {expected}, not '{scalar.Value}'.");
            return null;
        }

        return new Located<T>(value, Span(scalar));
    }

    private static string Article(string word) => "aeiou".Contains(word[0], StringComparison.Ordinal) ? "an" : "a";

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
