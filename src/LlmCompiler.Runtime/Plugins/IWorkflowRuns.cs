namespace LlmCompiler.Runtime.Plugins;

/// <summary>
/// An engine whose runs outlive the process that started them (the durable engine): an operator lists them, reads one,
/// and cancels one by its id (<c>app runs list | show ID | cancel ID</c>; <c>app runs attach ID</c> is
/// <see cref="IWorkflowEngine.RunAsync"/> with <see cref="EngineRequest.AttachOnly"/>).
/// </summary>
public interface IWorkflowRuns
{
    /// <summary>Lists the runs of the task hub, newest first.</summary>
    /// <param name="request">The engine settings (connection, task hub).</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>One summary per run.</returns>
    /// <exception cref="EngineUnavailableException">The store cannot be reached.</exception>
    Task<IReadOnlyList<RunSummary>> ListRunsAsync(EngineRequest request, CancellationToken cancellationToken);

    /// <summary>Reads one run, with a line per workflow.</summary>
    /// <param name="request">The engine settings (connection, task hub).</param>
    /// <param name="runId">The run's id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The run, or <see langword="null"/> when the task hub has no run of that id.</returns>
    /// <exception cref="EngineUnavailableException">The store cannot be reached.</exception>
    Task<RunSummary?> FindRunAsync(EngineRequest request, string runId, CancellationToken cancellationToken);

    /// <summary>Cancels a run as Ctrl+C cancels it: steps in flight are left, cleanup steps still run.</summary>
    /// <param name="request">The engine settings (connection, task hub).</param>
    /// <param name="runId">The run's id.</param>
    /// <param name="cancellationToken">Cancels the request (not the run).</param>
    /// <returns>The run as it was when told, or <see langword="null"/> when the task hub has no run of that id.</returns>
    /// <exception cref="EngineUnavailableException">The store cannot be reached.</exception>
    /// <exception cref="TimeoutException">The run's workflows did not start in time (no worker runs the run), so it could not be told.</exception>
    Task<RunSummary?> CancelRunAsync(EngineRequest request, string runId, CancellationToken cancellationToken);
}

/// <summary>What an operator sees of one run.</summary>
/// <param name="Id">The run's id.</param>
/// <param name="Status">Its status: <c>pending</c>, <c>running</c>, <c>succeeded</c>, <c>failed</c>, <c>cancelled</c> or <c>terminated</c>.</param>
/// <param name="CreatedAt">When it was started.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="Details">For one run read by id: a line per workflow (its status and last progress line); else empty.</param>
public sealed record RunSummary(string Id, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<string> Details)
{
    /// <summary>Gets whether the run has ended.</summary>
    public bool Ended => Status is not ("pending" or "running" or "suspended");
}
