using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using LlmCompiler.Runtime.Core;
using LlmCompiler.Runtime.DurableTask.Orchestration;
using LlmCompiler.Runtime.Plugins;
using LlmCompiler.Runtime.Scheduling;

namespace LlmCompiler.Runtime.DurableTask.Hosting;

/// <summary>
/// Starts a run's orchestration, prints the workflows' progress as they report it, and turns the output into a
/// <see cref="RunResult"/>. Ctrl+C cancels the run as it cancels an embedded one: the workflows are told, leave what is in
/// flight and run only their cleanup steps, until the grace period ends or a second Ctrl+C stops those too; a run that
/// still does not end (no worker left to run it) is terminated and recorded as cancelled.
/// </summary>
internal sealed class RunClient
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a stopped run may take to record itself before its instances are terminated.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private static readonly OrchestrationStatus[] Terminal =
        [OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated, OrchestrationStatus.Canceled];

    private static readonly OrchestrationStatus[] AllStatuses = Enum.GetValues<OrchestrationStatus>();

    private readonly TaskHubClient _client;
    private readonly ProgramCatalog _catalog;
    private readonly WorkflowRunOptions _options;
    private readonly string _program;
    private readonly StoreWatch _store;
    private readonly WorkflowCancels _cancels;
    private readonly Dictionary<string, int> _printed = new(StringComparer.Ordinal);

    /// <summary>Workflows that ended and whose lines were all printed: not read again (an ended instance's state brings its output, a blob when large).</summary>
    private readonly HashSet<string> _ended = new(StringComparer.Ordinal);

    public RunClient(AzureStorageOrchestrationService service, ProgramCatalog catalog, WorkflowRunOptions options, string program)
    {
        _client = new TaskHubClient(service);
        _catalog = catalog;
        _options = options;
        _program = program;
        _store = new StoreWatch(options.Log, "the client", givesUp: true);
        _cancels = new WorkflowCancels(_client, _store);
    }

    /// <summary>A new run's id: the run orchestration's instance id, and the start of every instance id of the run.</summary>
    public static string NewRunId() => "run-" + Guid.NewGuid().ToString("N");

    /// <summary>
    /// Runs the program's started workflows with <paramref name="inputs"/> (one per started workflow, in order) as run
    /// <paramref name="runId"/>; when a run of that id exists already (a client that died, started again with its id), attaches
    /// to it instead of starting a second one. With <paramref name="inputs"/> <see langword="null"/>, only attaches.
    /// </summary>
    /// <exception cref="InvalidInputsException">Only attaching, and the task hub has no run <paramref name="runId"/>.</exception>
    /// <exception cref="EngineUnavailableException">The store was lost for longer than <see cref="StoreWatch.LostAfter"/>; its <see cref="EngineUnavailableException.Run"/> is the run recorded as failed.</exception>
    public async Task<RunResult> RunAsync(string runId, IReadOnlyList<IReadOnlyDictionary<string, string>>? inputs, CancellationToken cancellationToken, CancellationToken stopToken)
    {
        var instance = new OrchestrationInstance { InstanceId = runId };
        var startedAt = DateTimeOffset.UtcNow;
        try
        {
            startedAt = await StartOrAttachAsync(instance, inputs).ConfigureAwait(false);
            return await FollowAsync(instance, startedAt, cancellationToken, stopToken).ConfigureAwait(false);
        }
        catch (EngineUnavailableException e) when (e.Run is null)
        {
            // The run cannot be followed: it is recorded failed here (every step not run), and the store's absence is the error.
            throw new EngineUnavailableException(e.Message, e) { Run = NotRun(RunStatus.Failed, startedAt) };
        }
    }

    /// <summary>Starts the run, or finds the one of that id; returns when it started.</summary>
    private async Task<DateTimeOffset> StartOrAttachAsync(OrchestrationInstance instance, IReadOnlyList<IReadOnlyDictionary<string, string>>? inputs)
    {
        var existing = await RequireAsync(() => _client.GetOrchestrationStateAsync(instance)).ConfigureAwait(false);
        if (existing is null && inputs is not null)
        {
            var payload = new RunPayload(
                _program,
                _catalog.Workflows.ToDictionary(w => w.Name, ProgramCatalog.Definition, StringComparer.Ordinal),
                _catalog.Started.Select((w, i) => (w.Name, Inputs: new Dictionary<string, string>(inputs[i], StringComparer.Ordinal))).ToDictionary(p => p.Name, p => p.Inputs, StringComparer.Ordinal),
                Environment.ProcessorCount,
                StepRules.CapturesAll(RunEdition.Current().Middleware is not null, ReferenceEquals(_options.Output, Console.Out)));
            try
            {
                // Every status dedupes: without them the framework silently re-runs a completed instance of the same id, and
                // two clients given one --run-id at once must start one run, not two.
                await RequireAsync(() => _client.CreateOrchestrationInstanceAsync(RunOrchestration.Name, string.Empty, instance.InstanceId, Payload.Write(payload), null, AllStatuses)).ConfigureAwait(false);
                if (!_options.Quiet)
                {
                    _options.Log.WriteLine($"durabletask: run {instance.InstanceId} started");
                }

                return DateTimeOffset.UtcNow;
            }
            catch (OrchestrationAlreadyExistsException)
            {
                existing = await RequireAsync(() => _client.GetOrchestrationStateAsync(instance)).ConfigureAwait(false);
            }
        }

        if (existing is null || existing.Name != RunOrchestration.Name)
        {
            throw new InvalidInputsException([$"the task hub has no run '{instance.InstanceId}' (app runs list shows the runs)"]);
        }

        if (!_options.Quiet)
        {
            _options.Log.WriteLine($"durabletask: attached to run {instance.InstanceId} ({RunStates.Describe(existing.OrchestrationStatus)}, started {existing.CreatedTime:u}); it is not started again");
        }

        return new DateTimeOffset(DateTime.SpecifyKind(existing.CreatedTime, DateTimeKind.Utc));
    }

    private Task<T> RequireAsync<T>(Func<Task<T>> call) => _store.RequireAsync(call, PollInterval);

    /// <summary>Prints the run's progress until it ends, cancelling it on Ctrl+C; its record.</summary>
    private async Task<RunResult> FollowAsync(OrchestrationInstance instance, DateTimeOffset startedAt, CancellationToken cancellationToken, CancellationToken stopToken)
    {
        var runId = instance.InstanceId;
        DateTimeOffset? cancelledAt = null;
        DateTimeOffset? stoppedAt = null;
        while (true)
        {
            if (cancellationToken.IsCancellationRequested && cancelledAt is null)
            {
                cancelledAt = DateTimeOffset.UtcNow;
                var cleanup = _options.CancellationGracePeriod > TimeSpan.Zero && !stopToken.IsCancellationRequested;
                await CancelAsync(runId, cleanup).ConfigureAwait(false);
                stoppedAt = cleanup ? null : cancelledAt;
            }

            if (cancelledAt is { } cancelled && stoppedAt is null && (stopToken.IsCancellationRequested || DateTimeOffset.UtcNow - cancelled >= _options.CancellationGracePeriod))
            {
                stoppedAt = DateTimeOffset.UtcNow;
                await CancelAsync(runId, cleanup: false).ConfigureAwait(false);
            }

            if (stoppedAt is { } stopped && DateTimeOffset.UtcNow - stopped >= StopTimeout)
            {
                return await TerminateAsync(instance, startedAt).ConfigureAwait(false);
            }

            if (_cancels.Pending)
            {
                await _cancels.DeliverAsync().ConfigureAwait(false);
            }

            await PrintProgressAsync(runId).ConfigureAwait(false);
            var state = await _store.CallAsync<OrchestrationState?>(async () => await _client.GetOrchestrationStateAsync(instance).ConfigureAwait(false), null).ConfigureAwait(false);
            if (state is not null && Terminal.Contains(state.OrchestrationStatus))
            {
                await PrintProgressAsync(runId).ConfigureAwait(false);
                return Result(state, startedAt);
            }

            try
            {
                await Task.Delay(PollInterval, cancelledAt is null ? cancellationToken : stoppedAt is null ? stopToken : CancellationToken.None).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Handled at the top of the loop.
            }
        }
    }

    private RunResult Result(OrchestrationState state, DateTimeOffset startedAt)
    {
        if (state.OrchestrationStatus == OrchestrationStatus.Completed)
        {
            var json = Payload.Read<string>(state.Output);
            var recorded = RunFileReader.Parse(json);
            var byName = recorded.Workflows.ToDictionary(w => w.Name, StringComparer.Ordinal);
            return recorded with
            {
                StartedAt = startedAt,
                Duration = DateTimeOffset.UtcNow - startedAt,
                Workflows = _catalog.Started.Select(w => byName[w.Name]).ToList(),
            };
        }

        var reason = state.FailureDetails?.ErrorMessage ?? state.Output ?? state.OrchestrationStatus.ToString();
        _options.Log.WriteLine($"error: the durable run failed: {reason}");
        return NotRun(RunStatus.Failed, startedAt);
    }

    /// <summary>Tells every started workflow the run is cancelled, once it runs (<see cref="WorkflowCancels"/>); they tell the workflows they call.</summary>
    private Task CancelAsync(string runId, bool cleanup) =>
        _cancels.RequestAsync(runId, _catalog, cleanup ? WorkflowOrchestration.WithCleanup : WorkflowOrchestration.WithoutCleanup);

    /// <summary>The last resort for a run that did not end when stopped (no worker ran it): its instances are terminated, and no step's record survives.</summary>
    private async Task<RunResult> TerminateAsync(OrchestrationInstance instance, DateTimeOffset startedAt)
    {
        _options.Log.WriteLine($"error: the durable run did not stop within {StopTimeout.TotalSeconds:0} s (is a worker running?); its instances were terminated");
        await _store.CallAsync(() => _client.TerminateInstanceAsync(instance, "cancelled")).ConfigureAwait(false);
        foreach (var workflow in _catalog.Started)
        {
            var child = new OrchestrationInstance { InstanceId = WorkflowOrchestration.InstanceId(instance.InstanceId, workflow.Name) };
            await _store.CallAsync(() => _client.TerminateInstanceAsync(child, "cancelled")).ConfigureAwait(false);
        }

        return NotRun(RunStatus.Cancelled, startedAt);
    }

    /// <summary>A run that produced no record of its own (failed or cancelled as a whole): every step not run.</summary>
    private RunResult NotRun(RunStatus status, DateTimeOffset startedAt) => NotRun(_catalog, status, startedAt);

    /// <summary>A run that produced no record of its own, or never started (cancelled while the store was being opened): every step not run.</summary>
    public static RunResult NotRun(ProgramCatalog catalog, RunStatus status, DateTimeOffset startedAt) => new()
    {
        Status = status,
        StartedAt = startedAt,
        Duration = DateTimeOffset.UtcNow - startedAt,
        Workflows = catalog.Started.Select(w => new WorkflowResult
        {
            Name = w.Name,
            Status = status,
            DefinitionHash = DefinitionHashes.Of(w),
            Variables = new Dictionary<string, string>(),
            Steps = w.Steps.Select(s => new StepResult { Name = s.Name, Kind = s.Kind, Status = StepStatus.NotRun }).ToList(),
        }).ToList(),
    };

    private async Task PrintProgressAsync(string runId)
    {
        foreach (var workflow in _catalog.Started.Where(w => !_ended.Contains(w.Name)))
        {
            var state = await _store.CallAsync<OrchestrationState?>(async () => await _client.GetOrchestrationStateAsync(WorkflowOrchestration.InstanceId(runId, workflow.Name)).ConfigureAwait(false), null).ConfigureAwait(false);
            if (state is not null && Terminal.Contains(state.OrchestrationStatus))
            {
                _ended.Add(workflow.Name);
            }

            if (state?.Status is not { Length: > 0 } status)
            {
                continue;
            }

            var progress = Payload.Read<ProgressPayload>(Payload.Read<string>(status));
            var done = _printed.GetValueOrDefault(workflow.Name);
            foreach (var line in progress.Lines.Skip(done))
            {
                if (line.Output)
                {
                    _options.Output.WriteLine(line.Text);
                }
                else if (!_options.Quiet || line.Always)
                {
                    _options.Log.WriteLine(line.Text);
                }
            }

            _printed[workflow.Name] = Math.Max(done, progress.Lines.Count);
        }
    }
}
