using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime.Recording;

/// <summary>One recorded model call: the request, the answer as the model gave it, and the step that first asked.</summary>
/// <param name="Step">The <c>workflow.step</c> that made the request (for people and for "closest recording" messages; not part of the key).</param>
/// <param name="Request">What determines the answer.</param>
/// <param name="Text">The answer's text.</param>
/// <param name="Chunks">The pieces a streamed answer arrived in, or <see langword="null"/> when it was not streamed.</param>
/// <param name="FinishReason">Why the model stopped (<c>stop</c>, <c>length</c>…), or <see langword="null"/>.</param>
/// <param name="InputTokens">The prompt tokens the model reported, or <see langword="null"/>.</param>
/// <param name="OutputTokens">The generated tokens the model reported, or <see langword="null"/>.</param>
/// <param name="Item">The foreach item's 0-based index when an item asked, else <see langword="null"/> (like <paramref name="Step"/>, not part of the key).</param>
internal sealed record ModelRecording(
    string Step,
    ModelRequest Request,
    string Text,
    IReadOnlyList<string>? Chunks,
    string? FinishReason,
    long? InputTokens,
    long? OutputTokens,
    int? Item = null)
{
    /// <summary>Indented, with non-ASCII text as itself: the files are read in pull requests.</summary>
    private static readonly JsonSerializerOptions FileFormat = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Builds the answer as a <see cref="ChatResponse"/>, token usage included.</summary>
    public ChatResponse ToResponse() => new(new ChatMessage(ChatRole.Assistant, Text))
    {
        FinishReason = FinishReason is { } reason ? new ChatFinishReason(reason) : null,
        Usage = Usage(),
    };

    /// <summary>Gets the answer as the updates a streaming call yields: the recorded pieces, then the usage.</summary>
    public IEnumerable<ChatResponseUpdate> ToUpdates()
    {
        foreach (var chunk in Chunks ?? [Text])
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, chunk);
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, Usage() is { } usage ? [new UsageContent(usage)] : [])
        {
            FinishReason = FinishReason is { } reason ? new ChatFinishReason(reason) : null,
        };
    }

    /// <summary>The recording as the file holds it: fixed field order, no timestamps, so recording twice gives the same bytes.</summary>
    public string ToFileText()
    {
        var response = new JsonObject { ["text"] = Text };
        if (Chunks is not null)
        {
            response["chunks"] = new JsonArray([.. Chunks.Select(c => JsonValue.Create(c))]);
        }

        response["finish_reason"] = FinishReason;
        if (InputTokens is not null || OutputTokens is not null)
        {
            response["usage"] = new JsonObject { ["input_tokens"] = InputTokens, ["output_tokens"] = OutputTokens };
        }

        var file = new JsonObject
        {
            ["key"] = Request.Key,
            ["step"] = Step,
        };
        if (Item is { } item)
        {
            file["item"] = item;
        }

        file["request"] = Request.ToJson();
        file["response"] = response;
        return file.ToJsonString(FileFormat).ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>Reads a recording file's text.</summary>
    /// <exception cref="JsonException">The text is not a recording.</exception>
    public static ModelRecording Parse(string text)
    {
        var file = JsonNode.Parse(text)?.AsObject() ?? throw new JsonException("the file holds no JSON object");
        var request = file["request"] as JsonObject ?? throw new JsonException("the file has no 'request' object");
        var response = file["response"] as JsonObject ?? throw new JsonException("the file has no 'response' object");
        return new ModelRecording(
            file["step"]?.GetValue<string>() ?? string.Empty,
            ModelRequest.FromJson(request),
            response["text"]?.GetValue<string>() ?? throw new JsonException("the response has no 'text'"),
            response["chunks"] is JsonArray chunks ? [.. chunks.Select(c => c!.GetValue<string>())] : null,
            response["finish_reason"]?.GetValue<string>(),
            response["usage"]?["input_tokens"]?.GetValue<long>(),
            response["usage"]?["output_tokens"]?.GetValue<long>(),
            file["item"]?.GetValue<int>());
    }

    /// <summary>Records a finished call of <paramref name="step"/> (its foreach <paramref name="item"/>, if any).</summary>
    public static ModelRecording Of(string step, int? item, ModelRequest request, ChatResponse response, IReadOnlyList<string>? chunks) => new(
        step,
        request,
        response.Text,
        chunks,
        response.FinishReason?.Value,
        response.Usage?.InputTokenCount,
        response.Usage?.OutputTokenCount,
        item);

    private UsageDetails? Usage() => InputTokens is null && OutputTokens is null
        ? null
        : new UsageDetails
        {
            InputTokenCount = InputTokens,
            OutputTokenCount = OutputTokens,
            TotalTokenCount = InputTokens + OutputTokens,
        };
}
