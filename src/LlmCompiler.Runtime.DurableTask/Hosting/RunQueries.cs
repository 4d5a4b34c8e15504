using System.Text.Json;
using DurableTask.AzureStorage;
using DurableTask.AzureStorage.Tracking;
using DurableTask.Core;
using LlmCompiler.Runtime.DurableTask.Orchestration;
using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Runtime.DurableTask.Hosting;

/// <summary>
/// What <c>app runs list | show | cancel</c> read and send: the run orchestrations of the task hub (its instances table),
/// each workflow's status and progress, and the cancel event a client's Ctrl+C sends. Every storage call is bounded.
/// </summary>
internal sealed class RunQueries
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a cancel waits for a run's workflows to start (see <see cref="WorkflowCancels"/>).</summary>
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(30);

    private readonly AzureStorageOrchestrationService _service;
    private readonly TaskHubClient _client;
    private readonly ProgramCatalog _catalog;
    private readonly StoreWatch _store;

    public RunQueries(AzureStorageOrchestrationService service, ProgramCatalog catalog, TextWriter log)
    {
        _service = service;
        _client = new TaskHubClient(service);
        _catalog = catalog;
        _store = new StoreWatch(log, "this command", givesUp: true);
    }

    public async Task<IReadOnlyList<RunSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var runs = new List<RunSummary>();
        string? page = null;
        do
        {
            // Outputs are fetched because a completed run's own status (succeeded, failed, cancelled) is in its record.
            var condition = new OrchestrationInstanceStatusQueryCondition { FetchInput = false, FetchOutput = true };
            var result = await _store.RequireAsync(() => _service.GetOrchestrationStateAsync(condition, 100, page, cancellationToken), Pause, cancellationToken).ConfigureAwait(false);
            runs.AddRange(result.OrchestrationState.Where(s => s.Name == RunOrchestration.Name).Select(s => Summary(s, [])));
            page = result.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(page));
        return runs.OrderByDescending(r => r.CreatedAt).ToList();
    }

    public async Task<RunSummary?> FindAsync(string runId, CancellationToken cancellationToken)
    {
        if (await StateAsync(runId, cancellationToken).ConfigureAwait(false) is not { } run || run.Name != RunOrchestration.Name)
        {
            return null;
        }

        var details = new List<string>();
        foreach (var workflow in _catalog.Started)
        {
            var state = await StateAsync(WorkflowOrchestration.InstanceId(runId, workflow.Name), cancellationToken).ConfigureAwait(false);
            var last = state?.Status is { Length: > 0 } status ? Payload.Read<ProgressPayload>(Payload.Read<string>(status)).Lines.LastOrDefault(l => !l.Output)?.Text : null;
            details.Add($"{workflow.Name}: {(state is null ? "not started" : WorkflowStatus(state))}{(last is null ? string.Empty : "; last: " + last)}");
        }

        return Summary(run, details);
    }

    public async Task<RunSummary?> CancelAsync(string runId, CancellationToken cancellationToken)
    {
        var run = await FindAsync(runId, cancellationToken).ConfigureAwait(false);
        if (run is null || run.Ended)
        {
            return run;
        }

        // A run that has just started may not run its workflows yet, and a cancel raised before they run is lost: this
        // waits for them (a worker takes a started run within seconds), as long as a client's grace period at most.
        var cancels = new WorkflowCancels(_client, _store);
        await cancels.RequestAsync(runId, _catalog, WorkflowOrchestration.WithCleanup, cancellationToken).ConfigureAwait(false);
        var deadline = DateTimeOffset.UtcNow + StartWait;
        while (cancels.Pending && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(Pause, cancellationToken).ConfigureAwait(false);
            await cancels.DeliverAsync(cancellationToken).ConfigureAwait(false);
        }

        if (cancels.Pending)
        {
            throw new TimeoutException($"run {runId} has not started its workflows within {StartWait.TotalSeconds:0} s (is a worker running on this task hub?); it was not cancelled");
        }

        return run;
    }

    private Task<OrchestrationState?> StateAsync(string instanceId, CancellationToken cancellationToken) =>
        _store.RequireAsync<OrchestrationState?>(async () => await _client.GetOrchestrationStateAsync(instanceId).ConfigureAwait(false), Pause, cancellationToken);

    private static RunSummary Summary(OrchestrationState state, IReadOnlyList<string> details) => new(
        state.OrchestrationInstance.InstanceId,
        state.OrchestrationStatus == OrchestrationStatus.Completed ? RecordedStatus(state.Output) : RunStates.Describe(state.OrchestrationStatus),
        Utc(state.CreatedTime),
        Utc(state.LastUpdatedTime),
        details);

    /// <summary>A workflow instance's status: its record's once it ended, else the framework's.</summary>
    private static string WorkflowStatus(OrchestrationState state) =>
        state.OrchestrationStatus == OrchestrationStatus.Completed && state.Output is { } output
            ? Payload.Read<WorkflowOutcome>(Payload.Read<string>(output)).Run.GetProperty("status").GetString() ?? "ended"
            : RunStates.Describe(state.OrchestrationStatus);

    /// <summary>A completed run's record says how it ended (the run orchestration completes whether its workflows failed or not).</summary>
    private static string RecordedStatus(string? output)
    {
        try
        {
            using var record = JsonDocument.Parse(Payload.Read<string>(output ?? string.Empty));
            return record.RootElement.GetProperty("status").GetString() ?? "ended";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidDataException or InvalidOperationException)
        {
            return "ended";
        }
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
