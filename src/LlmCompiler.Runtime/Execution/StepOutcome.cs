namespace LlmCompiler.Runtime.Execution;

/// <summary>What a step runner returns when a step succeeds.</summary>
internal sealed record StepOutcome(string Output)
{
    public int? ExitCode { get; init; }

    public long? InputTokens { get; init; }

    public long? OutputTokens { get; init; }

    public IReadOnlyDictionary<string, double>? Metrics { get; init; }
}
