using DurableTask.Core;
using LlmCompiler.Runtime.Core;
using LlmCompiler.Runtime.Scheduling;

namespace LlmCompiler.Runtime.DurableTask.Orchestration;

/// <summary>
/// Events between instances: <c>wait_for</c> (a producer's signal, relayed by the run to called workflows), its
/// <c>wait_timeout</c> as a durable timer, and the cancel event, which stops the workflow as Ctrl+C stops the embedded
/// runner (steps in flight are left, then only cleanup steps run).
/// </summary>
#pragma warning disable CA2007 // Orchestration code must resume on the framework's scheduler.
internal sealed partial class WorkflowOrchestration
{
    /// <summary>The event that cancels a workflow's run; a colon keeps it apart from the <c>workflow.step</c> names of signals.</summary>
    public const string CancelEvent = "llmc:cancel";

    /// <summary>The cancel event's input that lets cleanup steps (<c>always()</c>, <c>cancelled()</c>) run, as a first Ctrl+C does.</summary>
    public const string WithCleanup = "cleanup";

    /// <summary>The cancel event's input that stops cleanup steps too, as a second Ctrl+C or the grace period's end does.</summary>
    public const string WithoutCleanup = "stop";

    private readonly Dictionary<string, TaskCompletionSource<SignalPayload>> _signals = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<bool> _cancelled = new();
    private readonly TaskCompletionSource<bool> _stopped = new();
    private readonly HashSet<string> _subscribed = new(StringComparer.Ordinal);

    public override void OnEvent(OrchestrationContext context, string name, string input)
    {
        if (name == CancelEvent)
        {
            _cancelled.TrySetResult(true);
            if (input != WithCleanup)
            {
                _stopped.TrySetResult(true);
            }

            return;
        }

        Signal(name).TrySetResult(Payload.Read<SignalPayload>(input));
    }

    private async Task<string> WaitAsync(string key, TimeSpan? timeout, bool cleanup)
    {
        if (!_catalog.HasStep(key))
        {
            throw new StepFailedException($"wait_for '{key}' names no step of this run");
        }

        var signal = Signal(key);
        if (_workflow.IsCalled && _subscribed.Add(key))
        {
            // A call's instance id is its own: the producer does not know it, so the run relays the signal.
            _context.SendEvent(new OrchestrationInstance { InstanceId = _payload.RunId }, RunOrchestration.SubscribeEvent, Payload.Write(new SubscribePayload(key, _context.OrchestrationInstance.InstanceId)));
        }

        if (!signal.Task.IsCompleted && timeout is { } limit)
        {
            using var cancelTimer = new CancellationTokenSource();
            var timer = _context.CreateTimer(_context.CurrentUtcDateTime + limit, true, cancelTimer.Token);
            var first = await Task.WhenAny(signal.Task, timer, Cancellation(cleanup));
            if (first == timer)
            {
                throw new StepFailedException(StepSignals.WaitTimedOut(key, limit));
            }

            StopTimer(cancelTimer);
        }

        var received = await UntilCancelledAsync(signal.Task, cleanup);
        return received.Ok ? received.Value ?? string.Empty : throw new StepFailedException(StepSignals.WaitFailed(key, received.Reason ?? "no output"));
    }

    /// <summary>What ends a step's wait early: the cancellation, or for a step running after it (cleanup), the stop.</summary>
    private Task<bool> Cancellation(bool cleanup) => cleanup ? _stopped.Task : _cancelled.Task;

    /// <summary>Cancels a durable timer no longer waited for, so the instance does not wake for it.</summary>
    /// <remarks>Synchronously: CancelAsync would resume this code on the thread pool, outside the orchestration's episode.</remarks>
    private static void StopTimer(CancellationTokenSource timer)
    {
#pragma warning disable CA1849
        timer.Cancel();
#pragma warning restore CA1849
    }

    private TaskCompletionSource<SignalPayload> Signal(string key)
    {
        if (!_signals.TryGetValue(key, out var signal))
        {
            _signals[key] = signal = new TaskCompletionSource<SignalPayload>();
        }

        return signal;
    }

    /// <summary>Tells every workflow waiting for <paramref name="key"/> what it gets; sent once per step, replay-safe. Called workflows get it through the run (see <see cref="RunOrchestration"/>).</summary>
    private void Send(string key, StepSignal signal)
    {
        var payload = new SignalPayload(signal.Ok, signal.Value, signal.Reason);
        var relayed = false;
        foreach (var waiter in _catalog.Waiters(key))
        {
            if (!_catalog.IsCalled(waiter))
            {
                _context.SendEvent(new OrchestrationInstance { InstanceId = InstanceId(_payload.RunId, waiter) }, key, Payload.Write(payload));
            }
            else if (!relayed)
            {
                relayed = true;
                _context.SendEvent(new OrchestrationInstance { InstanceId = _payload.RunId }, RunOrchestration.RelayEvent, Payload.Write(new RelayPayload(key, payload)));
            }
        }
    }
}
#pragma warning restore CA2007
