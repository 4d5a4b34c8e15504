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

        foreach (var workflow in _catalog.Started)
        {
            var child = new OrchestrationInstance { InstanceId = WorkflowOrchestration.InstanceId(runId, workflow.Name) };
            await _store.RequireAsync(
                async () =>
                {
                    await _client.RaiseEventAsync(child, WorkflowOrchestration.CancelEvent, WorkflowOrchestration.WithCleanup).ConfigureAwait(false);
                    return true;
                },
                Pause,
                cancellationToken).ConfigureAwait(false);
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
