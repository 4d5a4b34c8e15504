using System.Text.Json;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using LlmCompiler.Runtime.Execution;

namespace LlmCompiler.Runtime.DurableTask.Orchestration;

/// <summary>
/// One workflow of a run (or one call of a workflow), as a sub-orchestration: its steps in order, under the rules of
/// <see cref="WorkflowRunState"/>, which the embedded runner follows too. Conditions and foreach sources are evaluated
/// here, from recorded outputs only, so a replay takes the same decisions; each step and each foreach item is an
/// activity, each workflow call a sub-orchestration of this same kind; <c>wait_for</c> is an event between instances,
/// <c>wait_timeout</c> a durable timer, <c>retry</c> the engine's retry. A cancel event stops it as Ctrl+C stops the
/// embedded runner: steps in flight are left (activities cannot be recalled; called workflows are told), then only
/// cleanup steps run. Nothing here awaits anything but the framework's own tasks.
/// </summary>
/// <remarks>
/// Orchestration code must stay on the framework's scheduler: no <c>ConfigureAwait(false)</c>, no clock but
/// <see cref="OrchestrationContext.CurrentUtcDateTime"/>, no I/O.
/// </remarks>
#pragma warning disable CA2007 // Orchestration code must resume on the framework's scheduler (see remarks).
internal sealed partial class WorkflowOrchestration : TaskOrchestration<string, string>
{
    public const string Name = "llmc.workflow";

    /// <summary>The event that cancels a workflow's run; a colon keeps it apart from the <c>workflow.step</c> names of signals.</summary>
    public const string CancelEvent = "llmc:cancel";

    /// <summary>The cancel event's input that lets cleanup steps (<c>always()</c>, <c>cancelled()</c>) run, as a first Ctrl+C does.</summary>
    public const string WithCleanup = "cleanup";

    /// <summary>The cancel event's input that stops cleanup steps too, as a second Ctrl+C or the grace period's end does.</summary>
    public const string WithoutCleanup = "stop";

    /// <summary>Timers have 1-second granularity (truncated), so a shorter first retry pause comes back almost at once.</summary>
    private static readonly TimeSpan MinimumRetryPause = TimeSpan.FromSeconds(2);

    private readonly ProgramCatalog _catalog;
    private readonly Dictionary<string, TaskCompletionSource<SignalPayload>> _signals = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<bool> _cancelled = new();
    private readonly TaskCompletionSource<bool> _stopped = new();
    private readonly List<ProgressLine> _progress = [];
    private readonly List<string> _abandoned = [];
    private readonly HashSet<string> _subscribed = new(StringComparer.Ordinal);

    /// <summary>The attempts each step (or item, by position) has started, counted by the retry loops, for the run file.</summary>
    private readonly Dictionary<(string Step, int? Position), int> _attempts = [];

    /// <summary>How often a foreach prints its <c>n/total items</c> line: the embedded engine's default <see cref="WorkflowRunOptions.ProgressInterval"/>.</summary>
    private static readonly TimeSpan ProgressInterval = new WorkflowRunOptions().ProgressInterval;
    private OrchestrationContext _context = null!;
    private WorkflowPayload _payload = null!;
    private Workflow _workflow = null!;

    public WorkflowOrchestration(ProgramCatalog catalog) => _catalog = catalog;

    public static string InstanceId(string runId, string workflow) => runId + ":" + workflow;

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

    public override string OnGetStatus() => Payload.Write(new ProgressPayload(_progress, _abandoned.Count > 0 ? _abandoned : null));

    public override async Task<string> RunTask(OrchestrationContext context, string input)
    {
        _context = context;
        _payload = Payload.Read<WorkflowPayload>(input);
        try
        {
            _workflow = _catalog.Check(_payload.Workflow, _payload.Definition);
        }
        catch (InvalidOperationException e)
        {
            // Waiters in other workflows must not hang on a workflow this worker refuses.
            foreach (var key in _catalog.Awaited.Where(k => k.StartsWith(_payload.Workflow + ".", StringComparison.Ordinal)))
            {
                Send(key, StepSignal.Failed(e.Message));
            }

            throw;
        }

        var startedAt = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var state = new WorkflowRunState(_workflow, _payload.Inputs);
        for (var i = 0; i < _workflow.Steps.Count; i++)
        {
            var step = _workflow.Steps[i];
            var key = StepSignals.Key(_workflow.Name, step.Name);
            if (_cancelled.Task.IsCompleted)
            {
                state.Cancel();
            }

            if (!state.Runs(step) || (state.IsCancelled && _stopped.Task.IsCompleted))
            {
                Send(key, state.NotRun(i));
                continue;
            }

            var afterCancellation = state.IsCancelled;
            var result = await RunStepAsync(step, i, state.Variables, afterCancellation) with { AfterCancellation = afterCancellation };
            Report(result);
            Send(key, state.Finish(i, result));
        }

        var run = RunFile.ToJson(
            new RunResult
            {
                Status = state.Status,
                StartedAt = startedAt,
                Duration = context.CurrentUtcDateTime - startedAt.UtcDateTime,
                Workflows = [state.Result()],
            },
            _payload.Program);
        return Payload.Write(new WorkflowOutcome(JsonSerializer.Deserialize<JsonElement>(run), _workflow.IsCalled ? _progress : null));
    }

    private async Task<StepResult> RunStepAsync(WorkflowStep step, int index, WorkflowVariables variables, bool cleanup)
    {
        var startedAt = new DateTimeOffset(_context.CurrentUtcDateTime, TimeSpan.Zero);
        StepResult Finish(StepStatus status, string? error = null) => new()
        {
            Name = step.Name,
            Kind = step.Kind,
            Status = status,
            Error = error,
            StartedAt = startedAt,
            Duration = _context.CurrentUtcDateTime - startedAt.UtcDateTime,
            ContinuedOnError = status == StepStatus.Failed && step.ContinueOnError,
            Attempts = Attempts(step, null, status),
        };

        try
        {
            if (step.WaitFor is { } key)
            {
                variables.Set(key, await WaitAsync(key, step.WaitTimeout, cleanup));
            }

            if (step.Condition is { } condition && !(step.ConditionPerItem && step.Foreach is not null) && !condition(variables))
            {
                return Finish(StepStatus.Skipped);
            }

            if (step.Foreach is not null)
            {
                return await RunForeachAsync(step, index, variables, cleanup, Finish);
            }

            var done = await RunOnceAsync(step, index, variables, null, null, null, cleanup);
            Print(step, done.Reply.Output);
            return Finish(StepStatus.Succeeded) with
            {
                Output = Captures(step) ? done.Reply.Output : null,
                ExitCode = done.Reply.ExitCode,
                InputTokens = done.Reply.InputTokens,
                OutputTokens = done.Reply.OutputTokens,
                Metrics = done.Reply.Metrics,
                Worker = done.Reply.Worker,
                StartedAt = done.Reply.StartedAt,
                Duration = TimeSpan.FromMilliseconds(done.Reply.DurationMs),
                Call = done.Call,
            };
        }
        catch (CancelledException)
        {
            return Finish(StepStatus.Cancelled, "cancelled");
        }
        catch (TaskFailedException e)
        {
            var failure = Failure(e);
            return Finish(StepStatus.Failed, failure.Error) with { ExitCode = failure.ExitCode, Worker = failure.Worker };
        }
        catch (StepFailedException e)
        {
            return Finish(StepStatus.Failed, e.Message) with { ExitCode = e.ExitCode, Call = CalledRun.Of(e) };
        }
    }

    private async Task<StepResult> RunForeachAsync(WorkflowStep step, int index, WorkflowVariables variables, bool cleanup, Func<StepStatus, string?, StepResult> finish)
    {
        IReadOnlyList<string> items;
        try
        {
            items = step.Foreach!.Items(variables);
        }
        catch (StepFailedException e)
        {
            return finish(StepStatus.Failed, $"step '{step.Name}': {e.Message}");
        }

        // Activities read the variables as a copy; calls render their inputs from the live view (it does not change meanwhile).
        var snapshot = step is WorkflowCallStep ? null : variables.Snapshot();
        var results = new ItemResult?[items.Count];
        var parallel = Math.Max(1, Math.Min(step.MaxParallel ?? (step is ShellStep ? _payload.ShellParallel : ForeachRunner.DefaultMaxParallel(step)), items.Count));
        // Items report to a queue as they finish, so each completion costs the same however many are in flight (a
        // Task.WhenAny over all of them cost O(items) per completion, in every replay of the history).
        var running = new SortedSet<int>();
        var finished = new Queue<ItemResult>();
        TaskCompletionSource<bool>? wake = null;
        async Task TrackAsync(Task<ItemResult> item)
        {
            finished.Enqueue(await item);
            wake?.TrySetResult(true);
        }

        var next = 0;
        ItemResult? firstFailure = null;
        var (done, failed, lastLine) = (0, 0, _context.CurrentUtcDateTime);
        while (true)
        {
            if (Cancellation(cleanup).IsCompleted)
            {
                // Cancelled (Ctrl+C): what is in flight is left, as the embedded runner kills it; called workflows are told; no more start.
                // The items that finished are recorded all the same, as the embedded runner records them, so --resume restores them.
                TakeFinished(finished, running, results);
                Abandon(step, running);
                foreach (var position in running)
                {
                    results[position] = new ItemResult { Index = position, Status = StepStatus.Cancelled, Error = "cancelled" };
                }

                var cancelled = new ForeachOutcome(results.Select((r, i) => r ?? new ItemResult { Index = i, Status = StepStatus.NotRun }).ToList(), false, null, "cancelled");
                return finish(StepStatus.Cancelled, "cancelled") with
                {
                    Items = cancelled.Items,
                    InputTokens = cancelled.InputTokens,
                    OutputTokens = cancelled.OutputTokens,
                };
            }

            while (running.Count < parallel && next < items.Count)
            {
                var item = next++;
                var view = new ItemVariables(variables, items[item], item);
                if (step.ConditionPerItem && step.Condition is { } condition && !condition(view))
                {
                    results[item] = new ItemResult { Index = item, Status = StepStatus.Skipped };
                    continue;
                }

                running.Add(item);
                _ = TrackAsync(RunItemAsync(step, index, view, snapshot, items[item], item, cleanup));
            }

            if (running.Count == 0)
            {
                break;
            }

            if (finished.Count == 0)
            {
                wake = new TaskCompletionSource<bool>();
                if (await Task.WhenAny(wake.Task, Cancellation(cleanup)) != wake.Task)
                {
                    continue;
                }
            }

            var result = finished.Dequeue();
            if (!running.Remove(result.Index))
            {
                // An item left by failing fast, ending later: its record is already written.
                continue;
            }

            results[result.Index] = result;
            done++;
            failed += result.Status == StepStatus.Failed ? 1 : 0;
            if (_context.CurrentUtcDateTime - lastLine >= ProgressInterval)
            {
                // The embedded engine's line (ItemProgress), timed by the orchestration's clock so a replay adds the same lines.
                lastLine = _context.CurrentUtcDateTime;
                _progress.Add(new ProgressLine(ItemProgress.Line(_workflow, step, done, items.Count, failed), false));
            }

            if (result.Status == StepStatus.Failed && firstFailure is null)
            {
                firstFailure = result;
                if (step.FailFast && !step.ContinueOnError)
                {
                    // Failing fast: the items in flight are cancelled, as the embedded runner cancels them, and no more start.
                    // Items already finished but not yet taken from the queue keep their records.
                    TakeFinished(finished, running, results);
                    Abandon(step, running);
                    foreach (var position in running)
                    {
                        results[position] = new ItemResult { Index = position, Status = StepStatus.Cancelled, Error = "cancelled" };
                    }

                    break;
                }
            }
        }

        var records = results.Select((r, i) => r ?? new ItemResult { Index = i, Status = StepStatus.NotRun }).ToList();
        // The embedded runner's own aggregation: the array, the error naming the item, the token sums.
        var succeeded = firstFailure is null || step.ContinueOnError;
        var outcome = new ForeachOutcome(
            records,
            succeeded,
            succeeded && Captures(step) ? ForeachRunner.Output(records, step.OutputIsJson) : null,
            ForeachRunner.Error(records, firstFailure, step));
        return finish(succeeded ? StepStatus.Succeeded : StepStatus.Failed, outcome.Error) with
        {
            Output = outcome.Output,
            Items = records,
            InputTokens = outcome.InputTokens,
            OutputTokens = outcome.OutputTokens,
        };
    }

    /// <summary>Records the items that finished but were not yet taken from the queue (they finished in this episode).</summary>
    private static void TakeFinished(Queue<ItemResult> finished, SortedSet<int> running, ItemResult?[] results)
    {
        while (finished.TryDequeue(out var done))
        {
            if (running.Remove(done.Index))
            {
                results[done.Index] = done;
            }
        }
    }

    private async Task<ItemResult> RunItemAsync(WorkflowStep step, int index, ItemVariables view, IReadOnlyDictionary<string, string>? snapshot, string item, int position, bool cleanup)
    {
        var startedAt = new DateTimeOffset(_context.CurrentUtcDateTime, TimeSpan.Zero);
        try
        {
            var done = await RunOnceAsync(step, index, view, snapshot, item, position, cleanup);
            Print(step, done.Reply.Output);
            return new ItemResult
            {
                Index = position,
                Status = StepStatus.Succeeded,
                Output = done.Reply.Output,
                StartedAt = done.Reply.StartedAt,
                Duration = TimeSpan.FromMilliseconds(done.Reply.DurationMs),
                InputTokens = done.Reply.InputTokens,
                OutputTokens = done.Reply.OutputTokens,
                Worker = done.Reply.Worker,
                Call = done.Call,
                Attempts = Attempts(step, position, StepStatus.Succeeded),
            };
        }
        catch (TaskFailedException e)
        {
            var failure = Failure(e);
            return new ItemResult
            {
                Index = position,
                Status = StepStatus.Failed,
                Attempts = Attempts(step, position, StepStatus.Failed),
                Error = failure.Error,
                StartedAt = failure.StartedAt,
                Duration = TimeSpan.FromMilliseconds(failure.DurationMs),
                Worker = failure.Worker,
            };
        }
        catch (StepFailedException e)
        {
            return new ItemResult
            {
                Index = position,
                Status = StepStatus.Failed,
                Error = e.Message,
                StartedAt = startedAt,
                Duration = _context.CurrentUtcDateTime - startedAt.UtcDateTime,
                Call = CalledRun.Of(e),
                Attempts = Attempts(step, position, StepStatus.Failed),
            };
        }
        catch (CancelledException)
        {
            return new ItemResult { Index = position, Status = StepStatus.Cancelled, Error = "cancelled", StartedAt = startedAt };
        }
    }

    /// <summary>One run of a step or item: an activity, or a called workflow's sub-orchestration.</summary>
    private async Task<Done> RunOnceAsync(WorkflowStep step, int index, IVariables view, IReadOnlyDictionary<string, string>? snapshot, string? item, int? position, bool cleanup)
    {
        if (step is WorkflowCallStep call)
        {
            return await CallAsync(call, view, position, cleanup);
        }

        var attemptId = AttemptId(step, position);
        try
        {
            return new Done(await UntilCancelledAsync(ScheduleAsync(step, index, () => snapshot ?? ((WorkflowVariables)view).Snapshot(), item, position, attemptId), cleanup), null);
        }
        catch (CancelledException)
        {
            Abandon(attemptId);
            throw;
        }
    }

    /// <summary>Waits for <paramref name="work"/>, unless the run is cancelled first (then <see cref="CancelledException"/>); a cleanup step only stops when cleanup is stopped too.</summary>
    private async Task<T> UntilCancelledAsync<T>(Task<T> work, bool cleanup)
    {
        if (await Task.WhenAny(work, Cancellation(cleanup)) != work)
        {
            throw new CancelledException();
        }

        return await work;
    }

    /// <summary>Marks an activity as no longer waited for; the worker running it sees that in the status and kills it.</summary>
    private void Abandon(string attemptId)
    {
        if (!_abandoned.Contains(attemptId))
        {
            _abandoned.Add(attemptId);
        }
    }

    /// <summary>A step's (or item's) attempt id: stable across re-executions (a retry, or a run again after its worker died), which idempotency needs.</summary>
    private string AttemptId(WorkflowStep step, int? position) =>
        _context.OrchestrationInstance.InstanceId + "/" + step.Name + (position is { } p ? "/" + p : string.Empty);

    private async Task<StepReply> ScheduleAsync(WorkflowStep step, int index, Func<IReadOnlyDictionary<string, string>> variables, string? item, int? position, string attemptId)
    {
        // Every episode replays the steps before it, so a workflow of n steps builds n(n-1)/2 inputs that nothing reads: the
        // framework matches a replayed schedule to its recorded event by position and name, never by input.
        string Input() => _context.IsReplaying ? string.Empty : Payload.Write(new StepPayload(_workflow.Name, _payload.Definition, index, variables(), item, position, attemptId));

        // Retries are counted here rather than by the framework's ScheduleWithRetry, which hides how many attempts a step took.
        var attempts = Math.Max(1, step.MaxAttempts);
        for (var number = 1; ; number++)
        {
            _attempts[(step.Name, position)] = number;
            try
            {
                return Payload.Read<StepReply>(await _context.ScheduleTask<string>(StepActivity.Name, string.Empty, Input()));
            }
            catch (TaskFailedException e) when (number < attempts)
            {
                var pause = RetryPause(step, number);
                _progress.Add(new ProgressLine($"[{_workflow.Name}] {step.Name}: attempt {number} of {attempts} failed: {Failure(e).Error}; retrying in {DurationText.Format(pause)}", false));
                await _context.CreateTimer(_context.CurrentUtcDateTime + pause, true);
            }
        }
    }

    /// <summary>The embedded engine's back-off (doubling from <c>backoff</c>), but never under the timers' 2 s floor.</summary>
    private static TimeSpan RetryPause(WorkflowStep step, int number) => StepAttemptRunner.Backoff(step.RetryBackoff > MinimumRetryPause ? step.RetryBackoff : MinimumRetryPause, number);

    /// <summary>The attempts a step or item that ran took; none for one that never started an attempt (skipped, cancelled, failed waiting).</summary>
    private int? Attempts(WorkflowStep step, int? position, StepStatus status) =>
        status is StepStatus.Succeeded or StepStatus.Failed && _attempts.TryGetValue((step.Name, position), out var n) ? n : null;

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

    /// <summary>A shell step's text is recorded only where the embedded runner records it (the same rule).</summary>
    private bool Captures(WorkflowStep step) =>
        StepPipeline.Captures(step, _catalog.Awaited.Contains(StepSignals.Key(_workflow.Name, step.Name)), _payload.CaptureAll);

    private void Report(StepResult result)
    {
        var prefix = $"[{_workflow.Name}] {result.Name}: ";
        var line = result.Status switch
        {
            StepStatus.Succeeded => $"ok{FailedItems.OkSuffix(result)} ({DurationText.Format(result.Duration)}{(result.Worker is { } w ? " on " + w : string.Empty)})",
            StepStatus.Skipped => "skipped (if was false)",
            StepStatus.Failed when result.ContinuedOnError => $"FAILED (continue_on_error, the workflow goes on): {result.Error}",
            _ => $"FAILED: {result.Error}",
        };
        _progress.Add(new ProgressLine(prefix + line, false));
    }

    /// <summary>The text of a step that records none goes to the client's console, as the embedded runner prints it.</summary>
    private void Print(WorkflowStep step, string output)
    {
        if (!Captures(step) && output.Length > 0)
        {
            _progress.Add(new ProgressLine(output, true));
        }
    }

    /// <summary>What one run of a step or item gave: the activity's reply (or one made for a call), and a call's record.</summary>
    private sealed record Done(StepReply Reply, WorkflowResult? Call);

    /// <summary>The run was cancelled while this step waited: the step is recorded as cancelled.</summary>
    private sealed class CancelledException : Exception;

    private static StepFailure Failure(TaskFailedException e)
    {
        var message = e.FailureDetails?.ErrorMessage ?? e.InnerException?.Message ?? e.Message;
        try
        {
            return Payload.Read<StepFailure>(message);
        }
        catch (System.Text.Json.JsonException)
        {
            return new StepFailure(message, null, string.Empty, DateTimeOffset.MinValue, 0);
        }
    }
}
#pragma warning restore CA2007
