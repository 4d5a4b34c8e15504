using DurableTask.AzureStorage;
using DurableTask.Core;
using LlmCompiler.Runtime.DurableTask.Orchestration;

namespace LlmCompiler.Runtime.DurableTask.Hosting;

/// <summary>
/// A worker in this process: the run and workflow orchestrations and the step activity, under names of ours. It probes the
/// store every few seconds, so an operator reads one line when it loses the store and one when it is back, and so a stop
/// does not wait on a store that is gone: the framework's stop waits up to 10 minutes for its partition manager, which
/// cannot release leases without storage, and then throws.
/// </summary>
internal sealed class WorkerHost : IAsyncDisposable
{
    /// <summary>How often the store is probed (a read of one table row): a lost store is noticed within this and <see cref="StoreWatch.CallTimeout"/>.</summary>
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(5);

    /// <summary>How long a stop may wait for the framework once the store is lost: nothing it waits for can finish then.</summary>
    private static readonly TimeSpan StopWithoutStore = TimeSpan.FromSeconds(5);

    private readonly TaskHubWorker _worker;
    private readonly StepHost _steps;
    private readonly StoreWatch _store;
    private readonly CancellationTokenSource _probing = new();
    private readonly Task _probe;
    private bool _stopped;

    private WorkerHost(TaskHubWorker worker, StepHost steps, TaskHubClient client, WorkerLog log)
    {
        _worker = worker;
        _steps = steps;
        _store = new StoreWatch(log.Writer, "worker " + log.WorkerId, givesUp: false);
        _probe = ProbeAsync(client, _probing.Token);
    }

    /// <summary>
    /// Lets a worker on these settings log the partitions it takes over: the framework reads its logger when its service is
    /// created, so this comes before <see cref="StoreConnection.OpenAsync"/>.
    /// </summary>
    public static WorkerLog Prepare(AzureStorageOrchestrationServiceSettings settings, WorkflowRunOptions options)
    {
        var log = WorkerLog.For(options, settings.WorkerId);
        settings.LoggerFactory = new PartitionEvents(log);
        return log;
    }

    public static async Task<WorkerHost> StartAsync(AzureStorageOrchestrationService service, WorkerLog log, ProgramCatalog catalog, WorkflowRunOptions options)
    {
        var workerId = log.WorkerId;
        var steps = new StepHost(options, catalog);
        var worker = new TaskHubWorker(service)
        {
            // Failures travel as details (message and a type name), not as serialized .NET exceptions.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        worker.AddTaskOrchestrations(
            new NamedCreator<TaskOrchestration>(RunOrchestration.Name, () => new RunOrchestration(catalog, log)),
            new NamedCreator<TaskOrchestration>(WorkflowOrchestration.Name, () => new WorkflowOrchestration(catalog)));
        var client = new TaskHubClient(service);
        var watch = new AbandonWatch(client);
        worker.AddTaskActivities(new NamedCreator<TaskActivity>(StepActivity.Name, () => new StepActivity(catalog, steps, watch, workerId, log)));
        await worker.StartAsync().ConfigureAwait(false);
        return new WorkerHost(worker, steps, client, log);
    }

    /// <summary>Kills the steps this worker still runs for a run that has ended (see <see cref="StepHost.EndRunAsync"/>).</summary>
    public Task EndRunAsync(string runId) => _steps.EndRunAsync(runId);

    /// <summary>
    /// Stops taking work and lets steps in flight finish (a graceful stop). Returns <see langword="false"/> when the store was
    /// lost and the framework did not stop within <see cref="StopWithoutStore"/>: its queued work stays in the store.
    /// </summary>
    public async Task<bool> StopAsync()
    {
        if (_stopped)
        {
            return true;
        }

        _stopped = true;
        var stop = _worker.StopAsync(isForced: false);
        DateTimeOffset? lostAt = null;
        while (await Task.WhenAny(stop, Task.Delay(TimeSpan.FromMilliseconds(250))).ConfigureAwait(false) != stop)
        {
            if (!_store.IsLost)
            {
                lostAt = null;
                continue;
            }

            lostAt ??= DateTimeOffset.UtcNow;
            if (DateTimeOffset.UtcNow - lostAt >= StopWithoutStore)
            {
                // The framework's stop would throw a TimeoutException minutes from now; nobody waits for it then.
                _ = stop.ContinueWith(static t => t.Exception, TaskScheduler.Default);
                await StopProbingAsync().ConfigureAwait(false);
                return false;
            }
        }

        await stop.ConfigureAwait(false);
        await StopProbingAsync().ConfigureAwait(false);
        return true;
    }

    /// <summary>Stops the worker (see <see cref="StopAsync"/>), then releases the step runners.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _worker.Dispose();
        _steps.Dispose();
        _probing.Dispose();
    }

    private async Task StopProbingAsync()
    {
        await _probing.CancelAsync().ConfigureAwait(false);
        try
        {
            await _probe.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The probe ends this way.
        }
    }

    private async Task ProbeAsync(TaskHubClient client, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(ProbeInterval, cancellationToken).ConfigureAwait(false);

            // An id no run has: one point read of the instances table, which answers whether the store does.
            await _store.CallAsync(() => client.GetOrchestrationStateAsync("llmc-probe"), cancellationToken).ConfigureAwait(false);
        }
    }
}
