namespace LlmCompiler.Runtime;

/// <summary>The record of one item of a <c>foreach</c> step.</summary>
public sealed record ItemResult
{
    /// <summary>Gets the item's 0-based position in the step's items.</summary>
    public required int Index { get; init; }

    /// <summary>Gets what happened to the item (<see cref="StepStatus.NotRun"/> when fail-fast stopped the step first).</summary>
    public StepStatus Status { get; init; }

    /// <summary>Gets the item's output, when it succeeded.</summary>
    public string? Output { get; init; }

    /// <summary>Gets whether the item succeeded in an earlier run and was restored from its run file (<c>--resume</c>) instead of running.</summary>
    public bool Resumed { get; init; }

    /// <summary>Gets the durable engine worker that ran it (<c>WorkerId</c>), or <see langword="null"/> in the embedded engine.</summary>
    public string? Worker { get; init; }

    /// <summary>Gets the error message, when it failed.</summary>
    public string? Error { get; init; }

    /// <summary>Gets when the item started, or <see langword="null"/> when it never started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Gets how long the item ran, retries included.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Gets the prompt tokens of a model item, when the backend reports them.</summary>
    public long? InputTokens { get; init; }

    /// <summary>Gets the generated tokens of a model item, when the backend reports them.</summary>
    public long? OutputTokens { get; init; }

    /// <summary>Gets the run of the called workflow, for a workflow step (<c>type: workflow</c>); its steps are nested here.</summary>
    public WorkflowResult? Call { get; init; }

    /// <summary>Gets where a model answer came from when not simply from the model: <c>replayed</c> (a recording), <c>cached</c> (the response cache) or <c>recorded</c> (the model, and it was recorded); <see langword="null"/> otherwise.</summary>
    public string? Reply { get; init; }

    /// <summary>Gets how many attempts it took (<c>retry</c>: 1 when the first one did), for one that ran; <see langword="null"/> otherwise.</summary>
    public int? Attempts { get; init; }
}
