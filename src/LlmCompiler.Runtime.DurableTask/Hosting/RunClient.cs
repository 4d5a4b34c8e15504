using DurableTask.AzureStorage;
using DurableTask.Core;
using LlmCompiler.Runtime.DurableTask.Orchestration;

namespace LlmCompiler.Runtime.DurableTask.Hosting;

/// <summary>
/// Starts a run's orchestration, prints the workflows' progress as they report it, and turns the output into a
/// <see cref="RunResult"/>. Ctrl+C terminates the run's instances and records it as cancelled.
/// </summary>
internal sealed class RunClient
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private static readonly OrchestrationStatus[] Terminal =
        [OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated, OrchestrationStatus.Canceled];

    private readonly TaskHubClient _client;
    private readonly ProgramCatalog _catalog;
    private readonly WorkflowRunOptions _options;
    private readonly string _program;
    private readonly Dictionary<string, int> _printed = new(StringComparer.Ordinal);

    public RunClient(AzureStorageOrchestrationService service, ProgramCatalog catalog, WorkflowRunOptions options, string program)
    {
        _client = new TaskHubClient(service);
        _catalog = catalog;
        _options = options;
        _program = program;
    }

    public async Task<RunResult> RunAsync(IReadOnlyList<IReadOnlyDictionary<string, string>> inputs, CancellationToken cancellationToken)
    {
        var workflows = _catalog.Workflows;
        var payload = new RunPayload(
            _program,
            workflows.ToDictionary(w => w.Name, ProgramCatalog.Definition, StringComparer.Ordinal),
            workflows.Select((w, i) => (w.Name, Inputs: new Dictionary<string, string>(inputs[i], StringComparer.Ordinal))).ToDictionary(p => p.Name, p => p.Inputs, StringComparer.Ordinal),
            Environment.ProcessorCount);
        var runId = "run-" + Guid.NewGuid().ToString("N");

        // Without dedupe statuses the framework silently re-runs a completed instance of the same id; ids are fresh anyway.
        var instance = await _client.CreateOrchestrationInstanceAsync(RunOrchestration.Name, string.Empty, runId, Payload.Write(payload), null, Terminal).ConfigureAwait(false);
        var startedAt = DateTimeOffset.UtcNow;
        if (!_options.Quiet)
        {
            _options.Log.WriteLine($"durabletask: run {runId} started");
        }

        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return await CancelAsync(instance, startedAt).ConfigureAwait(false);
            }

            await PrintProgressAsync(runId).ConfigureAwait(false);
            var state = await _client.GetOrchestrationStateAsync(instance).ConfigureAwait(false);
            if (state is not null && Terminal.Contains(state.OrchestrationStatus))
            {
                await PrintProgressAsync(runId).ConfigureAwait(false);
                return Result(state, startedAt);
            }

            try
            {
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
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
                Workflows = _catalog.Workflows.Select(w => byName[w.Name]).ToList(),
            };
        }

        var reason = state.FailureDetails?.ErrorMessage ?? state.Output ?? state.OrchestrationStatus.ToString();
        _options.Log.WriteLine($"error: the durable run failed: {reason}");
        return NotRun(RunStatus.Failed, startedAt);
    }

    private async Task<RunResult> CancelAsync(OrchestrationInstance instance, DateTimeOffset startedAt)
    {
        await _client.TerminateInstanceAsync(instance, "cancelled").ConfigureAwait(false);
        foreach (var workflow in _catalog.Workflows)
        {
            var child = new OrchestrationInstance { InstanceId = WorkflowOrchestration.InstanceId(instance.InstanceId, workflow.Name) };
            await _client.TerminateInstanceAsync(child, "cancelled").ConfigureAwait(false);
        }

        return NotRun(RunStatus.Cancelled, startedAt);
    }

    /// <summary>A run that produced no record of its own (failed or cancelled as a whole): every step not run.</summary>
    private RunResult NotRun(RunStatus status, DateTimeOffset startedAt) => new()
    {
        Status = status,
        StartedAt = startedAt,
        Duration = DateTimeOffset.UtcNow - startedAt,
        Workflows = _catalog.Workflows.Select(w => new WorkflowResult
        {
            Name = w.Name,
            Status = status,
            DefinitionHash = w.DefinitionHash,
            Variables = new Dictionary<string, string>(),
            Steps = w.Steps.Select(s => new StepResult { Name = s.Name, Kind = s.Kind, Status = StepStatus.NotRun }).ToList(),
        }).ToList(),
    };

    private async Task PrintProgressAsync(string runId)
    {
        foreach (var workflow in _catalog.Workflows)
        {
            var state = await _client.GetOrchestrationStateAsync(WorkflowOrchestration.InstanceId(runId, workflow.Name)).ConfigureAwait(false);
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
                else if (!_options.Quiet || line.Text.Contains(": FAILED", StringComparison.Ordinal))
                {
                    _options.Log.WriteLine(line.Text);
                }
            }

            _printed[workflow.Name] = Math.Max(done, progress.Lines.Count);
        }
    }
}
