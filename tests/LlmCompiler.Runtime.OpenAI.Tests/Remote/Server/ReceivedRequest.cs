using System.Text.Json;

namespace LlmCompiler.Testing.OpenAIServer;

/// <summary>A chat-completions request as the fake server received it.</summary>
public sealed record ReceivedRequest(string Body, string? Authorization, int Index)
{
    private JsonElement Root => JsonDocument.Parse(Body).RootElement;

    public string? Model => Root.TryGetProperty("model", out var model) ? model.GetString() : null;

    public bool Stream => Root.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True;

    /// <summary>Gets <c>max_tokens</c>, the limit older servers (Ollama, LM Studio) read.</summary>
    public int? MaxTokens => Root.TryGetProperty("max_tokens", out var max) ? max.GetInt32() : null;

    /// <summary>Gets <c>max_completion_tokens</c>, the limit the OpenAI SDK sends.</summary>
    public int? MaxCompletionTokens => Root.TryGetProperty("max_completion_tokens", out var max) ? max.GetInt32() : null;

    public IReadOnlyList<(string Role, string Content)> Messages =>
        [.. Root.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString()!,
            m.TryGetProperty("content", out var content) && content.ValueKind != JsonValueKind.Null ? ContentText(content) : string.Empty))];

    /// <summary>Gets a top-level field of the body, or <see langword="null"/>.</summary>
    public JsonElement? Field(string name) => Root.TryGetProperty(name, out var value) ? value.Clone() : null;

    /// <summary>Gets the text of a message: a plain string, or the text parts of a content array (empty for an assistant's tool calls without content).</summary>
    private static string ContentText(JsonElement content) =>
        content.ValueKind == JsonValueKind.String
            ? content.GetString()!
            : string.Concat(content.EnumerateArray().Select(p => p.TryGetProperty("text", out var text) ? text.GetString() : null));
}
