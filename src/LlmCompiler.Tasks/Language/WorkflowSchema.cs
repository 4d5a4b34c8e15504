using System.Globalization;
using System.Text;
using System.Text.Json;
using LlmCompiler.Tasks.Kinds;

namespace LlmCompiler.Tasks.Language;

/// <summary>
/// The JSON Schema of workflow files, written from <see cref="LanguageTable"/>: editors (yaml-language-server, VS
/// Code's YAML extension, Visual Studio) use it for completion, hover docs and validation. It describes every field
/// with its one-line doc, choices with theirs, defaults and ranges, the fields each step type requires, and rejects
/// unknown fields. It is deliberately no stricter than the compiler: a field that has no effect on a step type is a
/// warning there (LLMC2014), so the schema accepts it, and text fields accept any scalar, as the parser does.
/// </summary>
internal static class WorkflowSchema
{
    /// <summary>Returns the schema as indented JSON with LF line ends and a final newline (deterministic).</summary>
    public static string Write()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "http://json-schema.org/draft-07/schema#");
            json.WriteString("title", "LlmCompiler workflow file");
            json.WriteString("description", "One workflow, or a list of workflows; a file may hold several YAML documents.");
            json.WriteStartArray("oneOf");
            Reference(json, "workflow");
            json.WriteStartObject();
            json.WriteString("type", "array");
            json.WritePropertyName("items");
            Reference(json, "workflow");
            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteStartObject("definitions");
            WriteObject(json, "workflow", "A workflow: named steps run in order.", LanguageTable.Workflow, required: RequiredNames(LanguageTable.Workflow));
            WriteStep(json);
            WriteObject(json, "input", "An input of the workflow: a variable from the first step on.", LanguageTable.Input, required: []);
            WriteObject(json, "mcpServer", "An MCP server: a program over stdio (command, args, env) or a Streamable HTTP endpoint (url, headers).", LanguageTable.McpServer, required: []);
            WriteObject(json, "retryOptions", "Attempts and the wait between them.", LanguageTable.Retry, required: RequiredNames(LanguageTable.Retry));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static void WriteStep(Utf8JsonWriter json)
    {
        json.WriteStartObject("step");
        WriteObjectBody(json, $"A step of one of the types {string.Join(", ", StepKinds.All.Select(k => k.Name))}.", LanguageTable.Step, RequiredFor(StepTypes.All));

        // Fields only some step types require: one if/then per type.
        json.WriteStartArray("allOf");
        foreach (var kind in StepKinds.All)
        {
            var required = RequiredFor(kind.Flag).Except(RequiredFor(StepTypes.All)).ToList();
            if (required.Count == 0)
            {
                continue;
            }

            json.WriteStartObject();
            json.WriteStartObject("if");
            json.WriteStartObject("properties");
            json.WriteStartObject("type");
            json.WriteString("const", kind.Name);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("required");
            json.WriteStringValue("type");
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartObject("then");
            WriteRequired(json, required.Where(name => !IsReplaced(name)).ToList());
            WriteReplaceableRequired(json, required.Where(IsReplaced).ToList());
            json.WriteEndObject();
            json.WriteEndObject();
        }

        WriteReplacementsExclusive(json);
        WriteLoopRules(json);

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteObject(Utf8JsonWriter json, string name, string description, IReadOnlyList<FieldDescriptor> fields, IReadOnlyList<string> required)
    {
        json.WriteStartObject(name);
        WriteObjectBody(json, description, fields, required);
        json.WriteEndObject();
    }

    private static void WriteObjectBody(Utf8JsonWriter json, string description, IReadOnlyList<FieldDescriptor> fields, IReadOnlyList<string> required)
    {
        json.WriteString("description", description);
        json.WriteString("type", "object");
        json.WriteStartObject("properties");
        foreach (var field in fields)
        {
            json.WriteStartObject(field.Name);
            WriteField(json, field);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        WriteRequired(json, required);
        json.WriteBoolean("additionalProperties", false);
    }

    private static void WriteField(Utf8JsonWriter json, FieldDescriptor field)
    {
        json.WriteString("description", Describe(field));
        switch (field.Kind)
        {
            case ValueKind.Text or ValueKind.Template or ValueKind.Condition or ValueKind.Scalar:
                // The parser takes any scalar as text (`output: 5`, `if: true`); an input's default may also be empty.
                WriteTypes(json, field.Kind == ValueKind.Scalar ? ["string", "number", "boolean", "null"] : ["string", "number", "boolean"]);
                break;
            case ValueKind.TemplateFile:
                json.WriteString("type", "string");
                break;
            case ValueKind.Choice:
                json.WriteString("type", "string");
                json.WriteStartArray("enum");
                foreach (var choice in field.Choices)
                {
                    json.WriteStringValue(choice.Value);
                }

                json.WriteEndArray();
                json.WriteStartArray("enumDescriptions");
                foreach (var choice in field.Choices)
                {
                    json.WriteStringValue(choice.Doc);
                }

                json.WriteEndArray();
                break;
            case ValueKind.Integer or ValueKind.Integer64 or ValueKind.WholeSeconds:
                json.WriteString("type", "integer");
                WriteRange(json, field.Range);
                break;
            case ValueKind.Number or ValueKind.Seconds:
                json.WriteString("type", "number");
                WriteRange(json, field.Range);
                break;
            case ValueKind.Boolean:
                json.WriteString("type", "boolean");
                break;
            case ValueKind.TextList:
                WriteTextOrList(json, ["string"]);
                break;
            case ValueKind.Env or ValueKind.Arguments or ValueKind.TextMap:
                json.WriteString("type", "object");
                json.WriteStartObject("additionalProperties");
                WriteTypes(json, ["string", "number", "boolean"]);
                json.WriteEndObject();
                break;
            case ValueKind.Retry:
                json.WriteStartArray("anyOf");
                json.WriteStartObject();
                json.WriteString("type", "integer");
                json.WriteNumber("minimum", 1);
                json.WriteEndObject();
                Reference(json, "retryOptions");
                json.WriteEndArray();
                break;
            case ValueKind.Foreach:
                // A source expression (fromJSON(var), lines(var), a variable) or a list of scalars; the compiler
                // checks which expressions are valid.
                WriteTextOrList(json, ["string", "number", "boolean"]);
                break;
            case ValueKind.Schema:
                // A mapping in the JSON Schema subset, or the path of a .json file; the compiler checks the keywords.
                WriteTypes(json, ["object", "string"]);
                break;
            case ValueKind.Steps:
                json.WriteString("type", "array");
                json.WritePropertyName("items");
                Reference(json, "step");
                break;
            case ValueKind.Inputs:
                json.WriteString("type", "object");
                json.WritePropertyName("additionalProperties");
                Reference(json, "input");
                break;
            case ValueKind.McpServers:
                json.WriteString("type", "object");
                json.WritePropertyName("additionalProperties");
                Reference(json, "mcpServer");
                break;
            default:
                throw new InvalidOperationException($"The schema has no shape for {field.Kind} (field '{field.Name}').");
        }

        if (field.Default is { } value)
        {
            WriteDefault(json, field.Kind, value);
        }
    }

    /// <summary>The field's doc, and the step types it is for when not every type takes it.</summary>
    private static string Describe(FieldDescriptor field)
    {
        var doc = field.Doc.Replace("`", string.Empty, StringComparison.Ordinal);
        if (field.Steps == StepTypes.All || LanguageTable.Workflow.Contains(field) || LanguageTable.Input.Contains(field) || LanguageTable.Retry.Contains(field) || LanguageTable.McpServer.Contains(field))
        {
            return doc;
        }

        return $"{doc} ({string.Join(", ", StepKinds.NamesOf(field.Steps))} steps)";
    }

    private static void WriteRange(Utf8JsonWriter json, NumberRange? range)
    {
        if (range is null)
        {
            return;
        }

        json.WriteNumber(range.MinExclusive ? "exclusiveMinimum" : "minimum", range.Min);
        if (range.Max is { } max)
        {
            json.WriteNumber("maximum", max);
        }
    }

    private static void WriteDefault(Utf8JsonWriter json, ValueKind kind, string value)
    {
        switch (kind)
        {
            case ValueKind.Boolean when bool.TryParse(value, out var flag):
                json.WriteBoolean("default", flag);
                break;
            case ValueKind.Integer or ValueKind.Integer64 or ValueKind.WholeSeconds or ValueKind.Number or ValueKind.Seconds
                when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                json.WriteNumber("default", number);
                break;
            default:
                json.WriteString("default", value);
                break;
        }
    }

    /// <summary>Text, or a list whose items have one of <paramref name="itemTypes"/>.</summary>
    private static void WriteTextOrList(Utf8JsonWriter json, string[] itemTypes)
    {
        json.WriteStartArray("anyOf");
        json.WriteStartObject();
        json.WriteString("type", "string");
        json.WriteEndObject();
        json.WriteStartObject();
        json.WriteString("type", "array");
        json.WriteStartObject("items");
        if (itemTypes.Length == 1)
        {
            json.WriteString("type", itemTypes[0]);
        }
        else
        {
            WriteTypes(json, itemTypes);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteTypes(Utf8JsonWriter json, string[] types)
    {
        json.WriteStartArray("type");
        foreach (var type in types)
        {
            json.WriteStringValue(type);
        }

        json.WriteEndArray();
    }

    private static void WriteRequired(Utf8JsonWriter json, IReadOnlyList<string> required)
    {
        if (required.Count == 0)
        {
            return;
        }

        json.WriteStartArray("required");
        foreach (var name in required)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
    }

    private static void Reference(Utf8JsonWriter json, string definition)
    {
        json.WriteStartObject();
        json.WriteString("$ref", "#/definitions/" + definition);
        json.WriteEndObject();
    }

    private static bool IsReplaced(string name) => LanguageTable.Step.Any(f => f.Replaces?.Name == name);

    /// <summary>A required field that a file field may stand in for (<c>prompt</c> or <c>prompt_file</c>): one of them is required.</summary>
    private static void WriteReplaceableRequired(Utf8JsonWriter json, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            json.WriteStartArray("anyOf");
            foreach (var alternative in LanguageTable.Step.Where(f => f.Name == name || f.Replaces?.Name == name))
            {
                json.WriteStartObject();
                WriteRequired(json, [alternative.Name]);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }
    }

    /// <summary>A field and the file field replacing it never stand together (LLMC2040): one allOf entry per pair.</summary>
    private static void WriteReplacementsExclusive(Utf8JsonWriter json)
    {
        foreach (var field in LanguageTable.Step.Where(f => f.Replaces is not null))
        {
            json.WriteStartObject();
            json.WriteStartObject("not");
            WriteRequired(json, [field.Replaces!.Name, field.Name]);
            json.WriteEndObject();
            json.WriteEndObject();
        }
    }

    /// <summary>A loop ends (LLMC2050: <c>until</c> requires <c>max_iterations</c>) and never shares a step with <c>foreach</c> (LLMC2052).</summary>
    private static void WriteLoopRules(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteStartObject("if");
        WriteRequired(json, [StepFields.Until.Name]);
        json.WriteEndObject();
        json.WriteStartObject("then");
        WriteRequired(json, [StepFields.MaxIterations.Name]);
        json.WriteStartObject("not");
        WriteRequired(json, [StepFields.Foreach.Name]);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static List<string> RequiredFor(StepTypes types) =>
        LanguageTable.Step.Where(f => (f.RequiredFor & types) == types && f.RequiredFor != StepTypes.None).Select(f => f.Name).ToList();

    private static List<string> RequiredNames(IReadOnlyList<FieldDescriptor> fields) =>
        fields.Where(f => f.RequiredFor != StepTypes.None).Select(f => f.Name).ToList();
}
