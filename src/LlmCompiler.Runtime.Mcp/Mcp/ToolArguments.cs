using System.Globalization;
using System.Text.Json;
using ModelContextProtocol.Client;

namespace LlmCompiler.Runtime.Mcp;

/// <summary>
/// Turns a step's rendered arguments (text) into JSON values by the tool's input schema: a number or integer property
/// gets a number, a boolean one <c>true</c>/<c>false</c>, an object or array one the parsed JSON, anything else the
/// text as a string. Values are JSON values, never spliced into JSON text.
/// </summary>
internal static class ToolArguments
{
    /// <exception cref="StepFailedException">A value does not fit its property's type.</exception>
    public static Dictionary<string, object?> Convert(string server, McpClientTool tool, IReadOnlyList<KeyValuePair<string, string>> arguments)
    {
        var properties = tool.JsonSchema.ValueKind == JsonValueKind.Object && tool.JsonSchema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
            ? p
            : default;
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, text) in arguments)
        {
            var type = properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out var property) ? TypeOf(property) : "string";
            values[name] = Value(text, type) ?? throw new StepFailedException(
                $"argument '{name}' of tool '{server}.{tool.Name}' must be {Describe(type)}, not '{text}'");
        }

        return values;
    }

    /// <summary>The value as the SDK serializes it: a number, a boolean, parsed JSON or the text; <see langword="null"/> when it does not fit.</summary>
    private static object? Value(string text, string type)
    {
        var trimmed = text.Trim();
        switch (type)
        {
            case "integer":
                return long.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) ? whole : null;
            case "number":
                if (long.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integral))
                {
                    return integral; // 2 stays 2, not 2.0
                }

                return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : null;
            case "boolean":
                return trimmed switch { "true" => true, "false" => false, _ => null };
            case "object" or "array":
                try
                {
                    using var document = JsonDocument.Parse(text);
                    return document.RootElement.ValueKind == (type == "object" ? JsonValueKind.Object : JsonValueKind.Array) ? document.RootElement.Clone() : null;
                }
                catch (JsonException)
                {
                    return null;
                }

            default:
                return text;
        }
    }

    /// <summary>The property's type; of a list of types (<c>["number", "null"]</c>), the first that is not null.</summary>
    private static string TypeOf(JsonElement property)
    {
        if (!property.TryGetProperty("type", out var type))
        {
            return "string";
        }

        return type.ValueKind switch
        {
            JsonValueKind.String => type.GetString() ?? "string",
            JsonValueKind.Array => type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t is not null and not "null") ?? "string",
            _ => "string",
        };
    }

    private static string Describe(string type) => type switch
    {
        "integer" => "a whole number",
        "number" => "a number",
        "boolean" => "true or false",
        "object" => "a JSON object",
        _ => "a JSON array",
    };
}
