using LLama.Native;

namespace LlmCompiler.Runtime.Local;

/// <summary>One generation for the <see cref="BatchDecoder"/>: a tokenized prompt and how to sample after it.</summary>
internal sealed record GenerationRequest
{
    public required LLamaToken[] Prompt { get; init; }

    public required int MaxTokens { get; init; }

    public required float Temperature { get; init; }

    public required float TopP { get; init; }

    public required int TopK { get; init; }

    public required uint Seed { get; init; }

    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>Gets a GBNF grammar (start rule <c>root</c>) every sampled token must keep the text within, or <see langword="null"/>.</summary>
    public string? Grammar { get; init; }

    /// <summary>Called on the decode thread after each token with the count so far and the time since decoding began; must be quick.</summary>
    public Action<int, TimeSpan>? Progress { get; init; }

    /// <summary>Receives the text as it is confirmed (never a piece of a stop sequence), on the decode thread.</summary>
    public Action<string>? Text { get; init; }

    /// <summary>Gets the KV cells the sequence may use: its prompt, every token it may generate, and the last token's own cell.</summary>
    public int Cells => Prompt.Length + MaxTokens + 1;
}
