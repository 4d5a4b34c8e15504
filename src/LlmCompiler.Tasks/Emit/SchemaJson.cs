using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Emit;

/// <summary>
/// A checked schema as compact JSON, for the runtime step's <c>OutputSchema</c>: the subset's keywords only, in a
/// fixed order, enum values typed by the schema's type, so the text is deterministic whatever the YAML's layout.
/// </summary>
internal static class SchemaJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(SchemaSyntax schema)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            Write(writer, schema);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, SchemaSyntax schema)
    {
        writer.WriteStartObject();
        writer.WriteString("type", schema.Type);
        if (schema.Description is { } description)
        {
            writer.WriteString("description", description);
        }

        if (schema.Type == "object")
        {
            writer.WriteStartObject("properties");
            foreach (var (name, property) in schema.Properties)
            {
                writer.WritePropertyName(name);
                Write(writer, property);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("required");
            foreach (var name in schema.Required)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
        }

        if (schema.Items is { } items)
        {
            writer.WritePropertyName("items");
            Write(writer, items);
        }

        if (schema.Enum.Count > 0)
        {
            writer.WriteStartArray("enum");
            foreach (var value in schema.Enum)
            {
                if (schema.Type == "string")
                {
                    writer.WriteStringValue(value);
                }
                else
                {
                    // Checked by the parser: a number, an integer or true/false as written.
                    writer.WriteRawValue(value.Trim());
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
