using DurableTask.AzureStorage;
using DurableTask.Core;
using LlmCompiler.Runtime.DurableTask.Orchestration;

namespace LlmCompiler.Runtime.DurableTask.Hosting;

/// <summary>A worker in this process: the run and workflow orchestrations and the step activity, under names of ours.</summary>
internal sealed class WorkerHost : IAsyncDisposable
{
    private readonly TaskHubWorker _worker;
    private readonly StepHost _steps;

    private WorkerHost(TaskHubWorker worker, StepHost steps)
    {
        _worker = worker;
        _steps = steps;
    }

    public static async Task<WorkerHost> StartAsync(AzureStorageOrchestrationService service, string workerId, ProgramCatalog catalog, WorkflowRunOptions options)
    {
        var steps = new StepHost(options, catalog);
        var worker = new TaskHubWorker(service)
        {
            // Failures travel as details (message and a type name), not as serialized .NET exceptions.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        worker.AddTaskOrchestrations(
            new NamedCreator<TaskOrchestration>(RunOrchestration.Name, () => new RunOrchestration(catalog)),
            new NamedCreator<TaskOrchestration>(WorkflowOrchestration.Name, () => new WorkflowOrchestration(catalog)));
        var watch = new AbandonWatch(new TaskHubClient(service));
        worker.AddTaskActivities(new NamedCreator<TaskActivity>(StepActivity.Name, () => new StepActivity(catalog, steps, watch, workerId)));
        await worker.StartAsync().ConfigureAwait(false);
        return new WorkerHost(worker, steps);
    }

    /// <summary>Kills the steps this worker still runs for a run that has ended (see <see cref="StepHost.EndRunAsync"/>).</summary>
    public Task EndRunAsync(string runId) => _steps.EndRunAsync(runId);

    /// <summary>Stops taking work and lets steps in flight finish (a graceful stop); then releases the step runners.</summary>
    public async ValueTask DisposeAsync()
    {
        await _worker.StopAsync(isForced: false).ConfigureAwait(false);
        _worker.Dispose();
        _steps.Dispose();
    }
}
