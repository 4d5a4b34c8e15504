using LlmCompiler.Shared;
using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Syntax;
using YamlDotNet.Core;

namespace LlmCompiler.Tasks.Parsing;

/// <summary>
/// Reads a <c>schema</c>: inline YAML, or a path to a .json file beside the workflow file (read as YAML, which JSON
/// is, so problems inside it are reported at its own line and column). Only the language's subset is accepted;
/// any other keyword, an unknown type, a <c>required</c> name that is not a property or an enum value that does not
/// fit the type is LLMC2031 naming it.
/// </summary>
internal sealed class SchemaParser
{
    /// <summary>The keywords of the subset, in the order messages list them.</summary>
    public static readonly string[] Keywords = ["type", "properties", "required", "items", "enum", "description"];

    /// <summary>The types of the subset.</summary>
    public static readonly string[] Types = ["object", "array", "string", "number", "integer", "boolean"];

    private readonly SourceText _source;
    private readonly DiagnosticBag _diagnostics;

    private SchemaParser(SourceText source, DiagnosticBag diagnostics)
    {
        _source = source;
        _diagnostics = diagnostics;
    }

    /// <summary>Parses a <c>schema:</c> value; a scalar names a .json file relative to the workflow file's directory.</summary>
    public static SchemaSyntax? Parse(YamlNode node, SourceText source, DiagnosticBag diagnostics)
    {
        if (node is YamlScalar scalar)
        {
            return ParseFile(new ScalarSyntax(source, scalar), source, diagnostics);
        }

        return new SchemaParser(source, diagnostics).Schema(node, "schema");
    }

    private static SchemaSyntax? ParseFile(ScalarSyntax path, SourceText source, DiagnosticBag diagnostics)
    {
        if (!path.Value.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            diagnostics.Add(DiagnosticDescriptors.InvalidSchema, path.Span,
                $"'schema' is a mapping (type, properties, required, items, enum, description) or the path of a .json file beside the workflow, not '{path.Value}'.");
            return null;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(source.Path)) ?? ".";
        var full = Path.GetFullPath(Path.Combine(directory, path.Value));
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(DiagnosticDescriptors.InvalidSchema, path.Span, $"The schema file '{path.Value}' cannot be read ({full}): {e.Message}");
            return null;
        }

        var file = new SourceText(full, text);
        var documents = YamlTreeReader.Read(file, diagnostics);
        if (documents.Count != 1)
        {
            diagnostics.Add(DiagnosticDescriptors.InvalidSchema, path.Span, $"The schema file '{path.Value}' must hold one JSON object.");
            return null;
        }

        return new SchemaParser(file, diagnostics).Schema(documents[0], "schema") is { } schema ? schema with { File = full } : null;
    }

    private SchemaSyntax? Schema(YamlNode node, string where)
    {
        if (node is not YamlMapping mapping)
        {
            Report(node, $"The {where} must be a mapping with 'type' (and properties, required, items, enum, description), not {node.KindName}.");
            return null;
        }

        var entries = new Dictionary<string, (YamlScalar Key, YamlNode Value)>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Entries)
        {
            if (!Keywords.Contains(key.Value, StringComparer.Ordinal))
            {
                Report(key, $"'{key.Value}' is not supported in a schema.{Suggestions.DidYouMean(key.Value, Keywords)} The subset: {string.Join(", ", Keywords)}.");
            }
            else if (!entries.TryAdd(key.Value, (key, value)))
            {
                _diagnostics.Add(DiagnosticDescriptors.DuplicateKey, Span(key), $"The schema keyword '{key.Value}' is given twice.");
            }
        }

        if (!entries.TryGetValue("type", out var typeEntry))
        {
            Report(mapping, $"The {where} has no 'type'. Types: {string.Join(", ", Types)}.");
            return null;
        }

        if (typeEntry.Value is not YamlScalar { } typeNode || !Types.Contains(typeNode.Value, StringComparer.Ordinal))
        {
            var written = (typeEntry.Value as YamlScalar)?.Value ?? typeEntry.Value.KindName;
            Report(typeEntry.Value, $"'{written}' is not a schema type.{Suggestions.DidYouMean(written, Types)} Types: {string.Join(", ", Types)}.");
            return null;
        }

        var type = typeNode.Value;
        var schema = new SchemaSyntax(type, Span(mapping));
        foreach (var (keyword, (key, value)) in entries)
        {
            if (!Applies(keyword, type))
            {
                Report(key, $"'{keyword}' does not apply to a schema of type {type}.");
                continue;
            }

            schema = keyword switch
            {
                "properties" => schema with { Properties = Properties(value) },
                "items" => schema with { Items = Schema(value, "'items' schema") },
                "enum" => schema with { Enum = Enum(value, type) },
                "description" => schema with { Description = Scalar(value, "description")?.Value },
                _ => schema,
            };
        }

        if (entries.TryGetValue("required", out var required) && Applies("required", type))
        {
            schema = schema with { Required = Required(required.Value, schema) };
        }

        return schema;
    }

    private static bool Applies(string keyword, string type) => keyword switch
    {
        "properties" or "required" => type == "object",
        "items" => type == "array",
        "enum" => type is "string" or "number" or "integer" or "boolean",
        _ => true,
    };

    private List<KeyValuePair<string, SchemaSyntax>> Properties(YamlNode node)
    {
        var properties = new List<KeyValuePair<string, SchemaSyntax>>();
        if (node is not YamlMapping mapping)
        {
            Report(node, $"'properties' must be a mapping of property names to schemas, not {node.KindName}.");
            return properties;
        }

        foreach (var (key, value) in mapping.Entries)
        {
            if (!Language.NameRules.IsName(key.Value))
            {
                Report(key, $"'{key.Value}' is not a property name the templates can read ({{{{r.name}}}}). Use letters, digits, '_' and '-'.");
            }
            else if (properties.Any(p => p.Key == key.Value))
            {
                _diagnostics.Add(DiagnosticDescriptors.DuplicateKey, Span(key), $"The property '{key.Value}' is given twice.");
            }
            else if (Schema(value, $"schema of property '{key.Value}'") is { } property)
            {
                properties.Add(new(key.Value, property));
            }
        }

        return properties;
    }

    private List<string> Required(YamlNode node, SchemaSyntax schema)
    {
        var names = new List<string>();
        if (node is not YamlSequence list)
        {
            Report(node, $"'required' must be a list of property names, not {node.KindName}.");
            return names;
        }

        foreach (var item in list.Items)
        {
            if (Scalar(item, "required") is not { } name)
            {
                continue;
            }

            if (schema.Properties.All(p => p.Key != name.Value))
            {
                var known = schema.Properties.Select(p => p.Key).ToList();
                Report(item, $"'{name.Value}' is required but is not a property.{Suggestions.DidYouMean(name.Value, known)} Properties: {string.Join(", ", known)}.");
                continue;
            }

            names.Add(name.Value);
        }

        return names;
    }

    private List<string> Enum(YamlNode node, string type)
    {
        var values = new List<string>();
        if (node is not YamlSequence list || list.Items.Count == 0)
        {
            Report(node, "'enum' must be a non-empty list of values.");
            return values;
        }

        foreach (var item in list.Items)
        {
            if (Scalar(item, "enum") is not { } value)
            {
                continue;
            }

            var fits = type switch
            {
                "number" => ConditionSemantics.IsNumber(value.Value) && value.Style == ScalarStyle.Plain,
                "integer" => long.TryParse(value.Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _) && value.Style == ScalarStyle.Plain,
                "boolean" => value.Value is "true" or "false" && value.Style == ScalarStyle.Plain,
                _ => true,
            };
            if (fits)
            {
                values.Add(value.Value);
            }
            else
            {
                Report(item, $"The enum value '{value.Value}' is not {(type == "integer" ? "an" : "a")} {type}.");
            }
        }

        return values;
    }

    private YamlScalar? Scalar(YamlNode node, string keyword)
    {
        if (node is YamlScalar scalar)
        {
            return scalar;
        }

        Report(node, $"'{keyword}' holds text here, not {node.KindName}.");
        return null;
    }

    private void Report(YamlNode node, string message) => _diagnostics.Add(DiagnosticDescriptors.InvalidSchema, Span(node), message);

    private SourceSpan Span(YamlNode node) => _source.Span(node.Start, node.End);
}
