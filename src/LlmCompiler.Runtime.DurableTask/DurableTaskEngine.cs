using DurableTask.AzureStorage;
using LlmCompiler.Runtime.DurableTask.Hosting;
using LlmCompiler.Runtime.DurableTask.Orchestration;
using LlmCompiler.Runtime.Plugins;
using LlmCompiler.Runtime.Scheduling;

namespace LlmCompiler.Runtime.DurableTask;

/// <summary>
/// The <c>durabletask</c> engine: a run is an orchestration on Azure Storage, each workflow a sub-orchestration and each
/// step or foreach item an activity, so completed steps survive a crash and steps spread over every worker of the
/// task hub. A run hosts a worker in its own process unless <see cref="EngineRequest.HostWorker"/> is off.
/// </summary>
internal sealed class DurableTaskEngine : IWorkflowEngine, IWorkflowRuns
{
    public async Task<RunResult> RunAsync(EngineRequest request, CancellationToken cancellationToken)
    {
        if (request.Options.ResumeFrom is not null)
        {
            throw new ResumeRefusedException(string.Empty, "--resume is for the embedded engine: a durable run survives crashes by itself");
        }

        // Inputs are checked before anything is stored, exactly as the embedded runner does.
        var catalog = new ProgramCatalog(request.Workflows);
        var inputs = request.AttachOnly ? null : InputBinder.Bind(catalog.Started, new Dictionary<string, string>(request.Options.Inputs, StringComparer.Ordinal));
        var settings = DurableSettings.Create(request);
        var log = request.HostWorker ? WorkerHost.Prepare(settings, request.Options) : null;
        var startedAt = DateTimeOffset.UtcNow;
        AzureStorageOrchestrationService service;
        try
        {
            service = await StoreConnection.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM before anything was started: a cancelled run with nothing run, recorded as such (exit 130).
            var cancelled = RunClient.NotRun(catalog, RunStatus.Cancelled, startedAt);
            new RunReporter(request.Options).RunFinished(cancelled);
            return cancelled;
        }

        var worker = log is not null ? await WorkerHost.StartAsync(service, log, catalog, request.Options).ConfigureAwait(false) : null;
        var runId = request.RunId ?? RunClient.NewRunId();
        try
        {
            var result = await new RunClient(service, catalog, request.Options, request.ProgramName).RunAsync(runId, inputs, cancellationToken, request.StopToken).ConfigureAwait(false);
            new RunReporter(request.Options).RunFinished(result);
            return result;
        }
        finally
        {
            if (worker is not null)
            {
                // Steps the run stopped waiting for (cancelled, or left by a failing-fast foreach) would only delay the stop.
                await worker.EndRunAsync(runId).ConfigureAwait(false);
                await worker.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public async Task WorkAsync(EngineRequest request, CancellationToken cancellationToken)
    {
        var catalog = new ProgramCatalog(request.Workflows);
        var settings = DurableSettings.Create(request);
        var log = WorkerHost.Prepare(settings, request.Options);
        var service = await StoreConnection.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
        await using var worker = await WorkerHost.StartAsync(service, log, catalog, request.Options).ConfigureAwait(false);
        if (!request.Options.Quiet)
        {
            request.Options.Log.WriteLine($"durabletask: worker {settings.WorkerId} on task hub {settings.TaskHubName}; Ctrl+C or SIGTERM stops it");
        }

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            if (!request.Options.Quiet)
            {
                request.Options.Log.WriteLine("durabletask: stopping: steps in flight finish, the rest stay queued for other workers");
            }
        }

        if (!await worker.StopAsync().ConfigureAwait(false))
        {
            throw StoreConnection.Lost("the worker stopped without it; its queued work stays in the store for other workers");
        }
    }

    public async Task<IReadOnlyList<RunSummary>> ListRunsAsync(EngineRequest request, CancellationToken cancellationToken) =>
        await (await QueriesAsync(request, cancellationToken).ConfigureAwait(false)).ListAsync(cancellationToken).ConfigureAwait(false);

    public async Task<RunSummary?> FindRunAsync(EngineRequest request, string runId, CancellationToken cancellationToken) =>
        await (await QueriesAsync(request, cancellationToken).ConfigureAwait(false)).FindAsync(runId, cancellationToken).ConfigureAwait(false);

    public async Task<RunSummary?> CancelRunAsync(EngineRequest request, string runId, CancellationToken cancellationToken) =>
        await (await QueriesAsync(request, cancellationToken).ConfigureAwait(false)).CancelAsync(runId, cancellationToken).ConfigureAwait(false);

    private static async Task<RunQueries> QueriesAsync(EngineRequest request, CancellationToken cancellationToken)
    {
        var service = await StoreConnection.OpenAsync(DurableSettings.Create(request), cancellationToken).ConfigureAwait(false);
        return new RunQueries(service, new ProgramCatalog(request.Workflows), request.Options.Log);
    }
}
