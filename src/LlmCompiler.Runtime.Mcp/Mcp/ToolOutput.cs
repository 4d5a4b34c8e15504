using System.Text;
using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace LlmCompiler.Runtime.Mcp;

/// <summary>A tool's result as a step's output: its structured content as compact JSON when it has one, else its text.</summary>
internal static class ToolOutput
{
    /// <exception cref="StepFailedException">The result is an error (<c>isError</c>), with the tool's message; or it holds neither text nor structured content.</exception>
    public static string Read(string server, string tool, CallToolResult result)
    {
        var text = Text(result);
        if (result.IsError == true)
        {
            throw new StepFailedException($"tool '{server}.{tool}' failed: {(text.Length > 0 ? text : "(no message)")}");
        }

        if (result.StructuredContent is { } structured)
        {
            return JsonSerializer.Serialize(structured, McpJsonElements.Default.JsonElement);
        }

        if (text.Length == 0 && result.Content.Count > 0)
        {
            throw new StepFailedException(
                $"tool '{server}.{tool}' returned no text and no structured content, only {string.Join(", ", result.Content.Select(c => c.Type))}");
        }

        return text;
    }

    /// <summary>The text blocks, one per line.</summary>
    public static string Text(CallToolResult result)
    {
        var text = new StringBuilder();
        foreach (var block in result.Content.OfType<TextContentBlock>())
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append(block.Text);
        }

        return text.ToString();
    }
}

/// <summary>Source-generated JSON for <see cref="JsonElement"/> (compact, trimming-safe).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(JsonElement))]
internal sealed partial class McpJsonElements : System.Text.Json.Serialization.JsonSerializerContext;
