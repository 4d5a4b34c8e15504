namespace LlmCompiler.TinyModel;

/// <summary>The shape and seed of a generated model. The defaults give a 0.5 MB model that loads in milliseconds.</summary>
public sealed record TinyModelOptions
{
    /// <summary>Gets the seed of the random weights; the same options always give the same file, byte for byte.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Gets the embedding length (model width).</summary>
    public int EmbeddingLength { get; init; } = 64;

    /// <summary>Gets the number of transformer blocks.</summary>
    public int BlockCount { get; init; } = 2;

    /// <summary>Gets the number of attention heads; it must divide <see cref="EmbeddingLength"/>.</summary>
    public int HeadCount { get; init; } = 4;

    /// <summary>Gets the feed-forward length.</summary>
    public int FeedForwardLength { get; init; } = 128;

    /// <summary>Gets the context length written into the file (the most tokens llama.cpp gives a context by default).</summary>
    public int ContextLength { get; init; } = 2048;

    /// <summary>Gets whether the file carries a ChatML chat template (<c>tokenizer.chat_template</c>).</summary>
    public bool ChatTemplate { get; init; } = true;
}
