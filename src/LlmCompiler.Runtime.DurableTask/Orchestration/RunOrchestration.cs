using DurableTask.Core;
using LlmCompiler.Runtime.Core;
using LlmCompiler.Runtime.DurableTask.Hosting;

namespace LlmCompiler.Runtime.DurableTask.Orchestration;

/// <summary>
/// A run: one sub-orchestration per started workflow (those no step calls), all at once, as the embedded runner starts
/// them concurrently. Its output is the run file's text, which the client writes as the embedded runner would.
/// </summary>
/// <remarks>
/// It also relays <c>wait_for</c> signals to called workflows: a producer cannot know the instance ids of the calls
/// that wait for it, and may have ended before one starts, while the run lives until every call has ended. So a
/// producer sends such a signal here (<see cref="RelayEvent"/>), a called workflow subscribes here
/// (<see cref="SubscribeEvent"/>), and the run forwards each signal to each subscriber, whichever comes first.
/// </remarks>
#pragma warning disable CA2007 // Orchestration code must resume on the framework's scheduler.
internal sealed class RunOrchestration : TaskOrchestration<string, string>
{
    public const string Name = "llmc.run";

    /// <summary>A producer's signal for called workflows: a <see cref="RelayPayload"/>.</summary>
    public const string RelayEvent = "llmc:relay";

    /// <summary>A called workflow's subscription to a signal: a <see cref="SubscribePayload"/>.</summary>
    public const string SubscribeEvent = "llmc:subscribe";

    private readonly ProgramCatalog _catalog;
    private readonly Queue<(string Name, string Input)> _events = new();
    private readonly Dictionary<string, SignalPayload> _signals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _subscribers = new(StringComparer.Ordinal);
    private TaskCompletionSource<bool> _arrived = new();
    private OrchestrationContext _context = null!;

    private readonly WorkerLog? _log;

    public RunOrchestration(ProgramCatalog catalog, WorkerLog? log = null)
    {
        _catalog = catalog;
        _log = log;
    }

    public override void OnEvent(OrchestrationContext context, string name, string input)
    {
        _events.Enqueue((name, input));
        _arrived.TrySetResult(true);
    }

    public override async Task<string> RunTask(OrchestrationContext context, string input)
    {
        _context = context;

        // Logging is the worker's, not the orchestration's: once per run and process, whether this episode replays or not.
        _log?.TookRun(context.OrchestrationInstance.InstanceId);
        var payload = Payload.Read<RunPayload>(input);
        foreach (var (workflow, definition) in payload.Definitions)
        {
            // Refused here, before any step, when this worker was built from other definitions.
            _catalog.Check(workflow, definition);
        }

        var startedAt = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var runId = context.OrchestrationInstance.InstanceId;
        var children = payload.Inputs.Keys.Select(workflow => context.CreateSubOrchestrationInstance<string>(
            WorkflowOrchestration.Name,
            string.Empty,
            WorkflowOrchestration.InstanceId(runId, workflow),
            Payload.Write(new WorkflowPayload(payload.Program, runId, workflow, payload.Definitions[workflow], payload.Inputs[workflow], payload.ShellParallel, payload.CaptureAll))));
        var all = Task.WhenAll(children);
        while (!all.IsCompleted)
        {
            // Events are handled here, in the orchestration's own flow, in the order they arrived: a replay sends the same.
            if (await Task.WhenAny(all, _arrived.Task) != all)
            {
                _arrived = new TaskCompletionSource<bool>();
                while (_events.TryDequeue(out var e))
                {
                    Relay(e.Name, e.Input);
                }
            }
        }

        var outputs = await all;
        var workflows = outputs.Select(o => Payload.Read<WorkflowOutcome>(o).Workflow()).ToList();

        var status = WorkflowRunState.RunStatusOf(workflows);
        return RunFile.ToJson(
            new RunResult
            {
                Status = status,
                StartedAt = startedAt,
                Duration = context.CurrentUtcDateTime - startedAt.UtcDateTime,
                Workflows = workflows,
            },
            payload.Program);
    }

    private void Relay(string name, string input)
    {
        switch (name)
        {
            case RelayEvent:
                var relay = Payload.Read<RelayPayload>(input);
                _signals.TryAdd(relay.Key, relay.Signal);
                foreach (var subscriber in _subscribers.GetValueOrDefault(relay.Key) ?? [])
                {
                    Forward(subscriber, relay.Key, relay.Signal);
                }

                break;
            case SubscribeEvent:
                var subscription = Payload.Read<SubscribePayload>(input);
                if (_signals.TryGetValue(subscription.Key, out var signal))
                {
                    Forward(subscription.Instance, subscription.Key, signal);
                }
                else
                {
                    if (!_subscribers.TryGetValue(subscription.Key, out var list))
                    {
                        _subscribers[subscription.Key] = list = [];
                    }

                    list.Add(subscription.Instance);
                }

                break;
            default:
                break;
        }
    }

    private void Forward(string instance, string key, SignalPayload signal) =>
        _context.SendEvent(new OrchestrationInstance { InstanceId = instance }, key, Payload.Write(signal));
}
#pragma warning restore CA2007
