namespace LlmCompiler.Runtime.Local;

/// <summary>What a finished generation produced and how long its parts took.</summary>
/// <param name="Text">The generated text, cut before a stop sequence when one was met.</param>
/// <param name="PromptTokens">The prompt's token count.</param>
/// <param name="GeneratedTokens">How many tokens were sampled.</param>
/// <param name="ReachedLimit">Whether generation ended at max_tokens rather than at a stop sequence or end of text.</param>
/// <param name="Queued">How long the request waited for room in the batch.</param>
/// <param name="FirstToken">From admission to the first sampled token (prompt processing).</param>
/// <param name="Generation">From admission to the end: prompt processing and every generated token.</param>
internal sealed record GenerationResult(
    string Text,
    int PromptTokens,
    int GeneratedTokens,
    bool ReachedLimit,
    TimeSpan Queued,
    TimeSpan FirstToken,
    TimeSpan Generation);
