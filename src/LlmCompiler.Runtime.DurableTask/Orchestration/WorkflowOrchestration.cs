using DurableTask.Core;
using DurableTask.Core.Exceptions;
using LlmCompiler.Runtime.Execution;

namespace LlmCompiler.Runtime.DurableTask.Orchestration;

/// <summary>
/// One workflow of a run, as a sub-orchestration: its steps in order, with the embedded runner's rules. Conditions and
/// foreach sources are evaluated here, from recorded outputs only, so a replay takes the same decisions; each step
/// and each foreach item is an activity; <c>wait_for</c> is an event between instances, <c>wait_timeout</c> a durable
/// timer, <c>retry</c> the engine's retry. Nothing here awaits anything but the framework's own tasks.
/// </summary>
/// <remarks>
/// Orchestration code must stay on the framework's scheduler: no <c>ConfigureAwait(false)</c>, no clock but
/// <see cref="OrchestrationContext.CurrentUtcDateTime"/>, no I/O.
/// </remarks>
#pragma warning disable CA2007 // Orchestration code must resume on the framework's scheduler (see remarks).
internal sealed class WorkflowOrchestration : TaskOrchestration<string, string>
{
    public const string Name = "llmc.workflow";

    /// <summary>Timers have 1-second granularity (truncated), so a shorter first retry pause comes back almost at once.</summary>
    private static readonly TimeSpan MinimumRetryPause = TimeSpan.FromSeconds(2);

    private readonly ProgramCatalog _catalog;
    private readonly Dictionary<string, TaskCompletionSource<SignalPayload>> _signals = new(StringComparer.Ordinal);
    private readonly List<ProgressLine> _progress = [];
    private OrchestrationContext _context = null!;
    private WorkflowPayload _payload = null!;
    private Workflow _workflow = null!;

    public WorkflowOrchestration(ProgramCatalog catalog) => _catalog = catalog;

    public static string InstanceId(string runId, string workflow) => runId + ":" + workflow;

    public override void OnEvent(OrchestrationContext context, string name, string input) =>
        Signal(name).TrySetResult(Payload.Read<SignalPayload>(input));

    public override string OnGetStatus() => Payload.Write(new ProgressPayload(_progress));

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
                Send(key, new SignalPayload(false, null, e.Message));
            }

            throw;
        }

        var startedAt = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var variables = new WorkflowVariables();
        foreach (var (name, value) in _payload.Inputs)
        {
            variables.Set(name, value);
        }

        var results = new StepResult[_workflow.Steps.Count];
        var status = RunStatus.Succeeded;
        string? stopReason = null;
        for (var i = 0; i < results.Length; i++)
        {
            var step = _workflow.Steps[i];
            var key = StepSignals.Key(_workflow.Name, step.Name);
            if (stopReason is not null && !step.ChecksStatus)
            {
                results[i] = new StepResult { Name = step.Name, Kind = step.Kind, Status = StepStatus.NotRun };
                Send(key, new SignalPayload(false, null, stopReason));
                continue;
            }

            var result = await RunStepAsync(step, i, variables);
            results[i] = result;
            Report(result);
            switch (result.Status)
            {
                case StepStatus.Succeeded:
                    if (step.Output is { } output)
                    {
                        variables.Set(output, result.Output!);
                    }

                    Send(key, new SignalPayload(true, result.Output ?? string.Empty, null));
                    break;
                case StepStatus.Skipped:
                    Send(key, new SignalPayload(false, null, StepSignals.SkippedReason(_workflow.Name, step.Name)));
                    break;
                case StepStatus.Failed when step.ContinueOnError:
                    Send(key, new SignalPayload(false, null, StepSignals.FailedReason(_workflow.Name, step.Name, result.Error)));
                    break;
                default:
                    status = RunStatus.Failed;
                    variables.HasFailed = true;
                    Send(key, new SignalPayload(false, null, StepSignals.FailedReason(_workflow.Name, step.Name, result.Error)));
                    stopReason ??= $"workflow '{_workflow.Name}' stopped when step '{step.Name}' failed: {result.Error}";
                    break;
            }
        }

        var workflowResult = new WorkflowResult
        {
            Name = _workflow.Name,
            Status = status,
            DefinitionHash = _workflow.DefinitionHash,
            Inputs = _payload.Inputs,
            Variables = variables.Snapshot(),
            Steps = results,
        };
        return RunFile.ToJson(
            new RunResult
            {
                Status = status,
                StartedAt = startedAt,
                Duration = context.CurrentUtcDateTime - startedAt.UtcDateTime,
                Workflows = [workflowResult],
            },
            _payload.Program);
    }

    private async Task<StepResult> RunStepAsync(WorkflowStep step, int index, WorkflowVariables variables)
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
        };

        try
        {
            if (step.WaitFor is { } key)
            {
                variables.Set(key, await WaitAsync(key, step.WaitTimeout));
            }

            if (step.Condition is { } condition && !(step.ConditionPerItem && step.Foreach is not null) && !condition(variables))
            {
                return Finish(StepStatus.Skipped);
            }

            if (step.Foreach is not null)
            {
                return await RunForeachAsync(step, index, variables, Finish);
            }

            var reply = await ScheduleAsync(step, index, new Dictionary<string, string>(variables.Snapshot()), null, null);
            Print(step, reply.Output);
            return Finish(StepStatus.Succeeded) with
            {
                Output = Captures(step) ? reply.Output : null,
                ExitCode = reply.ExitCode,
                InputTokens = reply.InputTokens,
                OutputTokens = reply.OutputTokens,
                Metrics = reply.Metrics,
                Worker = reply.Worker,
                StartedAt = reply.StartedAt,
                Duration = TimeSpan.FromMilliseconds(reply.DurationMs),
            };
        }
        catch (TaskFailedException e)
        {
            var failure = Failure(e);
            return Finish(StepStatus.Failed, failure.Error) with { ExitCode = failure.ExitCode, Worker = failure.Worker };
        }
        catch (StepFailedException e)
        {
            return Finish(StepStatus.Failed, e.Message);
        }
    }

    private async Task<StepResult> RunForeachAsync(WorkflowStep step, int index, WorkflowVariables variables, Func<StepStatus, string?, StepResult> finish)
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

        var snapshot = new Dictionary<string, string>(variables.Snapshot());
        var results = new ItemResult?[items.Count];
        var parallel = Math.Max(1, Math.Min(step.MaxParallel ?? (step is ShellStep ? _payload.ShellParallel : ForeachRunner.DefaultMaxParallel(step)), items.Count));
        var running = new List<Task<ItemResult>>();
        var next = 0;
        var stop = false;
        ItemResult? firstFailure = null;
        while (true)
        {
            while (!stop && running.Count < parallel && next < items.Count)
            {
                var item = next++;
                if (step.ConditionPerItem && step.Condition is { } condition && !condition(new ItemVariables(variables, items[item], item)))
                {
                    results[item] = new ItemResult { Index = item, Status = StepStatus.Skipped };
                    continue;
                }

                running.Add(RunItemAsync(step, index, snapshot, items[item], item));
            }

            if (running.Count == 0)
            {
                break;
            }

            var done = await Task.WhenAny(running);
            running.Remove(done);
            var result = await done;
            results[result.Index] = result;
            if (result.Status == StepStatus.Failed && firstFailure is null)
            {
                firstFailure = result;
                stop = step.FailFast && !step.ContinueOnError;
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

    private async Task<ItemResult> RunItemAsync(WorkflowStep step, int index, Dictionary<string, string> variables, string item, int position)
    {
        try
        {
            var reply = await ScheduleAsync(step, index, variables, item, position);
            Print(step, reply.Output);
            return new ItemResult
            {
                Index = position,
                Status = StepStatus.Succeeded,
                Output = reply.Output,
                StartedAt = reply.StartedAt,
                Duration = TimeSpan.FromMilliseconds(reply.DurationMs),
                InputTokens = reply.InputTokens,
                OutputTokens = reply.OutputTokens,
                Worker = reply.Worker,
            };
        }
        catch (TaskFailedException e)
        {
            var failure = Failure(e);
            return new ItemResult
            {
                Index = position,
                Status = StepStatus.Failed,
                Error = failure.Error,
                StartedAt = failure.StartedAt,
                Duration = TimeSpan.FromMilliseconds(failure.DurationMs),
                Worker = failure.Worker,
            };
        }
    }

    private async Task<StepReply> ScheduleAsync(WorkflowStep step, int index, Dictionary<string, string> variables, string? item, int? position)
    {
        // Stable across re-executions of this step (a retry, or a run again after its worker died): what idempotency needs.
        var attemptId = _context.OrchestrationInstance.InstanceId + "/" + step.Name + (position is { } p ? "/" + p : string.Empty);
        var payload = Payload.Write(new StepPayload(_workflow.Name, _payload.Definition, index, variables, item, position, attemptId));
        var reply = step.MaxAttempts > 1
            ? await _context.ScheduleWithRetry<string>(StepActivity.Name, string.Empty, RetryPolicy(step), payload)
            : await _context.ScheduleTask<string>(StepActivity.Name, string.Empty, payload);
        return Payload.Read<StepReply>(reply);
    }

    private static RetryOptions RetryPolicy(WorkflowStep step) =>
        new(step.RetryBackoff > MinimumRetryPause ? step.RetryBackoff : MinimumRetryPause, step.MaxAttempts) { BackoffCoefficient = 2 };

    private async Task<string> WaitAsync(string key, TimeSpan? timeout)
    {
        if (!_catalog.HasStep(key))
        {
            throw new StepFailedException($"wait_for '{key}' names no step of this run");
        }

        var signal = Signal(key);
        if (!signal.Task.IsCompleted && timeout is { } limit)
        {
            using var cancelTimer = new CancellationTokenSource();
            var timer = _context.CreateTimer(_context.CurrentUtcDateTime + limit, true, cancelTimer.Token);
            if (await Task.WhenAny(signal.Task, timer) == timer)
            {
                throw new StepFailedException(StepSignals.WaitTimedOut(key, limit));
            }

            // Synchronously: CancelAsync would resume this code on the thread pool, outside the orchestration's episode.
#pragma warning disable CA1849
            cancelTimer.Cancel();
#pragma warning restore CA1849
        }

        var received = await signal.Task;
        return received.Ok ? received.Value ?? string.Empty : throw new StepFailedException(StepSignals.WaitFailed(key, received.Reason ?? "no output"));
    }

    private TaskCompletionSource<SignalPayload> Signal(string key)
    {
        if (!_signals.TryGetValue(key, out var signal))
        {
            _signals[key] = signal = new TaskCompletionSource<SignalPayload>();
        }

        return signal;
    }

    /// <summary>Tells every workflow waiting for <paramref name="key"/> what it gets; sent once per step, replay-safe.</summary>
    private void Send(string key, SignalPayload signal)
    {
        foreach (var waiter in _catalog.Waiters(key))
        {
            _context.SendEvent(new OrchestrationInstance { InstanceId = InstanceId(_payload.RunId, waiter) }, key, Payload.Write(signal));
        }
    }

    /// <summary>A shell step's text is recorded only where the embedded runner records it: an output variable or a waiter.</summary>
    private bool Captures(WorkflowStep step) =>
        step is not ShellStep shell || shell.Output is not null || _catalog.Awaited.Contains(StepSignals.Key(_workflow.Name, step.Name));

    private void Report(StepResult result)
    {
        var prefix = $"[{_workflow.Name}] {result.Name}: ";
        var line = result.Status switch
        {
            StepStatus.Succeeded => $"ok ({result.Duration.TotalMilliseconds:0} ms{(result.Worker is { } w ? " on " + w : string.Empty)})",
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
