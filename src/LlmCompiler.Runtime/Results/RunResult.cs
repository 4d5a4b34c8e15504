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

    /// <summary>Gets why the run itself broke off, not one of its steps (an unexpected error of the program or its engine), or <see langword="null"/>.</summary>
    /// <remarks>Such a run is <see cref="RunStatus.Failed"/>; its steps are recorded as far as the program knew them when it broke off.</remarks>
    public string? Error { get; init; }

    /// <summary>Gets the process exit code for this outcome: 0 succeeded, 1 failed, 130 cancelled, 75 waiting for answers, 70 broken off by an unexpected error (<see cref="Error"/>).</summary>
    public int ExitCode => Status switch
    {
        RunStatus.Succeeded => 0,
        RunStatus.Cancelled => 130,
        RunStatus.Waiting => WaitingExitCode,
        _ when Error is not null => UnexpectedErrorExitCode,
        _ => 1,
    };

    /// <summary>The exit code of a run that parked on questions (sysexits' EX_TEMPFAIL: try again later, once answered).</summary>
    internal const int WaitingExitCode = 75;

    /// <summary>Gets the questions a parked run waits for (<see cref="RunStatus.Waiting"/>), in the order they were asked.</summary>
    public IReadOnlyList<PendingQuestion> Questions { get; init; } = [];

    /// <summary>Gets the answers given to a parked run since it parked (<c>app answer … --run-file</c>), which <c>--resume</c> takes.</summary>
    public IReadOnlyList<AnsweredQuestion> Answers { get; init; } = [];

    /// <summary>The exit code of a program ended by an unexpected error (sysexits' EX_SOFTWARE): apart from 1, which means a workflow failed.</summary>
    internal const int UnexpectedErrorExitCode = 70;
}
