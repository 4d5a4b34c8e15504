namespace LlmCompiler.Runtime;

/// <summary>The record of one step in a run.</summary>
public sealed record StepResult
{
    /// <summary>Gets the step name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the step type (<c>shell</c>, <c>llm</c>, <c>local_llm</c>).</summary>
    public required string Kind { get; init; }

    /// <summary>Gets what happened to the step.</summary>
    public StepStatus Status { get; init; }

    /// <summary>Gets the step's output, when it succeeded.</summary>
    public string? Output { get; init; }

    /// <summary>Gets whether the step failed but its workflow went on (<c>continue_on_error</c>).</summary>
    public bool ContinuedOnError { get; init; }

    /// <summary>Gets whether the step was reached after the run was cancelled: a cleanup step (<c>always()</c>, <c>cancelled()</c>) run, skipped or stopped in the grace period.</summary>
    public bool AfterCancellation { get; init; }

    /// <summary>Gets whether the step succeeded in an earlier run and was restored from its run file (<c>--resume</c>) instead of running.</summary>
    public bool Resumed { get; init; }

    /// <summary>Gets the durable engine worker that ran it (<c>WorkerId</c>), or <see langword="null"/> in the embedded engine.</summary>
    public string? Worker { get; init; }

    /// <summary>Gets the error message, when it failed.</summary>
    public string? Error { get; init; }

    /// <summary>Gets when the step started, or <see langword="null"/> when it never started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Gets how long the step ran, waiting included.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Gets the exit code of a shell step's process.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Gets the prompt tokens of a model step, when the backend reports them.</summary>
    public long? InputTokens { get; init; }

    /// <summary>Gets the generated tokens of a model step, when the backend reports them.</summary>
    public long? OutputTokens { get; init; }

    /// <summary>Gets backend-specific measurements of a model step (for example load and generation time).</summary>
    public IReadOnlyDictionary<string, double>? Metrics { get; init; }

    /// <summary>Gets where a model answer came from when not simply from the model: <c>replayed</c> (a recording), <c>cached</c> (the response cache) or <c>recorded</c> (the model, and it was recorded); <see langword="null"/> otherwise.</summary>
    public string? Reply { get; init; }

    /// <summary>Gets each item of a <c>foreach</c> step, in input order; <see langword="null"/> for other steps.</summary>
    public IReadOnlyList<ItemResult>? Items { get; init; }

    /// <summary>Gets the run of the called workflow, for a workflow step (<c>type: workflow</c>); its steps are nested here.</summary>
    public WorkflowResult? Call { get; init; }

    /// <summary>Gets how many attempts it took (<c>retry</c>: 1 when the first one did), for one that ran; <see langword="null"/> otherwise.</summary>
    public int? Attempts { get; init; }
}
