using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime.Recording;

/// <summary>
/// Where a model step's answer came from when it was not simply the model's: the mark the recording, replay and
/// cache clients put on a response, read back by the step runner for the run file (<c>"reply"</c>).
/// </summary>
internal static class ReplySource
{
    /// <summary>The answer came from a recording; no model was called.</summary>
    public const string Replayed = "replayed";

    /// <summary>The answer came from the response cache; no model was called.</summary>
    public const string Cached = "cached";

    /// <summary>The model answered and the answer was recorded.</summary>
    public const string Recorded = "recorded";

    /// <summary>The additional-properties key of the mark; not a number, so the step runner's metrics skip it.</summary>
    private const string Property = "llmc.reply";

    /// <summary>Marks a response, unless an inner client already did (a cached answer that is also recorded stays "cached").</summary>
    public static void Mark(ChatResponse response, string source)
    {
        response.AdditionalProperties ??= [];
        response.AdditionalProperties.TryAdd(Property, source);
    }

    /// <summary>Marks the last of a streamed answer's updates, where usage and the finish reason travel.</summary>
    public static void Mark(ChatResponseUpdate update, string source)
    {
        update.AdditionalProperties ??= [];
        update.AdditionalProperties.TryAdd(Property, source);
    }

    /// <summary>Gets a response's mark, or <see langword="null"/> when the model answered unrecorded.</summary>
    public static string? Of(ChatResponse response) =>
        response.AdditionalProperties?.TryGetValue(Property, out var value) == true ? value as string : null;
}
