using DurableTask.Core;
using LlmCompiler.Runtime.DurableTask.Orchestration;

namespace LlmCompiler.Runtime.DurableTask.Hosting;

/// <summary>
/// Cancel events for a run's workflows, each delivered once its workflow runs. The framework discards an event raised to an
/// instance that has not started yet (no history, no start message in the same batch): a Ctrl+C that came between the
/// run's start and its workflows' was lost, and the workflow ran on until the grace period sent the stop, so its cleanup
/// steps were cancelled. On a loaded machine that window is seconds wide. So a cancel waits here until its workflow's
/// instance is running, and the sender calls <see cref="DeliverAsync"/> on each of its polls.
/// </summary>
internal sealed class WorkflowCancels(TaskHubClient client, StoreWatch store)
{
    private static readonly OrchestrationStatus[] Ended =
        [OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated, OrchestrationStatus.Canceled];

    /// <summary>Cancels not yet delivered: instance id to the event's input.</summary>
    private readonly Dictionary<string, string> _pending = new(StringComparer.Ordinal);

    /// <summary>Gets whether a cancel waits for its workflow to start.</summary>
    public bool Pending => _pending.Count > 0;

    /// <summary>Cancels every workflow the run started (they tell the workflows they call), with <paramref name="input"/> (<see cref="WorkflowOrchestration.WithCleanup"/> or <see cref="WorkflowOrchestration.WithoutCleanup"/>).</summary>
    public Task RequestAsync(string runId, ProgramCatalog catalog, string input, CancellationToken cancellationToken = default)
    {
        foreach (var workflow in catalog.Started)
        {
            _pending[WorkflowOrchestration.InstanceId(runId, workflow.Name)] = input;
        }

        return DeliverAsync(cancellationToken);
    }

    /// <summary>Raises the cancels whose workflows run now; a workflow that ended needs none. A failed call is tried again next time.</summary>
    public async Task DeliverAsync(CancellationToken cancellationToken = default)
    {
        foreach (var (instanceId, input) in _pending.ToList())
        {
            var state = await store.CallAsync<OrchestrationState?>(async () => await client.GetOrchestrationStateAsync(instanceId).ConfigureAwait(false), null, cancellationToken).ConfigureAwait(false);
            if (state is null || state.OrchestrationStatus == OrchestrationStatus.Pending)
            {
                // Not started (or the store did not answer): an event now would be discarded.
                continue;
            }

            if (!Ended.Contains(state.OrchestrationStatus)
                && !await store.CallAsync(() => client.RaiseEventAsync(new OrchestrationInstance { InstanceId = instanceId }, WorkflowOrchestration.CancelEvent, input), cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            _pending.Remove(instanceId);
        }
    }
}
