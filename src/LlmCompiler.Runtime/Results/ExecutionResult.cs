namespace LlmCompiler.Runtime;

/// <summary>
/// What one execution of a step's work came to: the fields a step's record and an item's record share. A step runner
/// reports them, the engine adds status, timing and attempts, and the run file writes and reads them with one table
/// (<see cref="RunFileFields"/>), so a field added here reaches the run file, both engines and <c>--resume</c> at once.
/// </summary>
public abstract record ExecutionResult
{
    /// <summary>Gets what happened.</summary>
    public StepStatus Status { get; init; }

    /// <summary>Gets the output, when it succeeded (and its text was captured).</summary>
    public string? Output { get; init; }

    /// <summary>Gets the error message, when it failed.</summary>
    public string? Error { get; init; }

    /// <summary>Gets when it started, or <see langword="null"/> when it never started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Gets how long it ran, waiting and retries included.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Gets how many attempts it took (<c>retry</c>: 1 when the first one did), for one that ran; <see langword="null"/> otherwise.</summary>
    public int? Attempts { get; init; }

    /// <summary>Gets whether it succeeded in an earlier run and was restored from its run file (<c>--resume</c>) instead of running.</summary>
    public bool Resumed { get; init; }

    /// <summary>Gets the durable engine worker that ran it (<c>WorkerId</c>), or <see langword="null"/> in the embedded engine.</summary>
    public string? Worker { get; init; }

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

    /// <summary>Gets who answered an input step (<c>type: input</c>), when and via which channel; the answer is the output.</summary>
    public AnswerRecord? Answer { get; init; }
    /// <summary>Gets the tool calls a model made during the step (<c>tools</c>), or <see langword="null"/> when it made none.</summary>
    public IReadOnlyList<ToolCallRecord>? ToolCalls { get; init; }

    /// <summary>Gets the run of the called workflow, for a workflow step (<c>type: workflow</c>); its steps are nested here.</summary>
    public WorkflowResult? Call { get; init; }
}
