namespace LlmCompiler.Runtime.Plugins;

/// <summary>What an <see cref="IWorkflowEngine"/> runs, and the settings the command line gave it.</summary>
/// <param name="Workflows">The program's workflows.</param>
/// <param name="Options">The run options (inputs, output, backends, progress).</param>
/// <param name="ProgramName">The program's name, from which defaults such as the task hub are derived.</param>
public sealed record EngineRequest(IReadOnlyList<Workflow> Workflows, WorkflowRunOptions Options, string ProgramName)
{
    /// <summary>Gets the engine's connection string (<c>--connection</c>); a secret, never printed or written.</summary>
    public string? Connection { get; init; }

    /// <summary>Gets the engine's task hub (<c>--task-hub</c>), or <see langword="null"/> for the default derived from the program name.</summary>
    public string? TaskHub { get; init; }

    /// <summary>Gets whether a run also hosts a worker in this process (<see langword="false"/> with <c>--no-worker</c>).</summary>
    public bool HostWorker { get; init; } = true;

    /// <summary>
    /// Gets the token that stops a cancelled run's cleanup steps too (a second Ctrl+C or SIGTERM); the run's own
    /// cancellation token lets them run for <see cref="WorkflowRunOptions.CancellationGracePeriod"/>.
    /// </summary>
    public CancellationToken StopToken { get; init; }

    /// <summary>Gets the run's id (<c>--run-id</c>): a run of that id that exists already is attached to, not started again; <see langword="null"/> for a new id.</summary>
    public string? RunId { get; init; }

    /// <summary>Gets whether only to attach to the run <see cref="RunId"/> (<c>runs attach</c>), never starting one.</summary>
    public bool AttachOnly { get; init; }
}
