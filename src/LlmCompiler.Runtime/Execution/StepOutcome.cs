namespace LlmCompiler.Runtime.Execution;

/// <summary>What a step runner returns when a step succeeds.</summary>
internal sealed record StepOutcome(string Output)
{
    public int? ExitCode { get; init; }

    /// <summary>Gets whether the step's standard output went straight to the console instead of being captured.</summary>
    public bool Streamed { get; init; }

    public long? InputTokens { get; init; }

    public long? OutputTokens { get; init; }

    public IReadOnlyDictionary<string, double>? Metrics { get; init; }

    /// <summary>Gets the run of the called workflow, for a workflow step.</summary>
    public WorkflowResult? Call { get; init; }

    /// <summary>Gets where a model step's answer came from when not simply from the model (<c>replayed</c>, <c>cached</c>, <c>recorded</c>).</summary>
    public string? Reply { get; init; }
}
