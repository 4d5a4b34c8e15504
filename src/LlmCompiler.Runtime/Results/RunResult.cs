namespace LlmCompiler.Runtime;

/// <summary>The record of a run of one or more workflows.</summary>
public sealed record RunResult
{
    /// <summary>Gets the outcome: failed when any workflow failed, cancelled when the run was cancelled.</summary>
    public RunStatus Status { get; init; }

    /// <summary>Gets when the run started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets how long the run took.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Gets a record per workflow, in the order the workflows were given.</summary>
    public required IReadOnlyList<WorkflowResult> Workflows { get; init; }

    /// <summary>Gets the name of the registered private edition that was active, or <see langword="null"/> for community.</summary>
    public string? Edition { get; init; }

    /// <summary>Gets why a present private edition was inactive, or <see langword="null"/>.</summary>
    public string? EditionNotice { get; init; }

    /// <summary>Gets the process exit code for this outcome: 0 succeeded, 1 failed, 130 cancelled.</summary>
    public int ExitCode => Status switch
    {
        RunStatus.Succeeded => 0,
        RunStatus.Cancelled => 130,
        _ => 1,
    };
}
