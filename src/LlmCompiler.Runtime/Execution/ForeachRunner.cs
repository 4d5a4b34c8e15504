using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using LlmCompiler.Runtime.Telemetry;

namespace LlmCompiler.Runtime.Execution;

/// <summary>
/// Runs a foreach step: its items through the same attempt policy and pipeline as a single step, at most
/// <c>max_parallel</c> at once. Items that run at once reach the backends as concurrent steps do, so local_llm items
/// share the batch decoder and llm items share the endpoint's concurrency limit.
/// </summary>
internal sealed class ForeachRunner
{
    /// <summary>Model servers queue what they cannot serve; 8 is the OpenAI backend's default per-endpoint limit.</summary>
    private const int RemoteDefault = 8;

    /// <summary>Sequences of one local model decode as one batch; beyond a few, each gets slower without the total going faster.</summary>
    private const int LocalDefault = 4;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly StepAttemptRunner _attempts;
    private readonly StepPipeline _pipeline;
    private readonly RunReporter _reporter;

    public ForeachRunner(StepAttemptRunner attempts, StepPipeline pipeline, RunReporter reporter)
    {
        _attempts = attempts;
        _pipeline = pipeline;
        _reporter = reporter;
    }

    /// <summary>The items running at once when the step does not say (<c>max_parallel</c>).</summary>
    public static int DefaultMaxParallel(WorkflowStep step) => step switch
    {
        ShellStep => Environment.ProcessorCount,
        LocalLlmStep => LocalDefault,
        _ => RemoteDefault,
    };

    /// <summary>
    /// Runs every item (or, failing fast, until the first fails); a source that is not an array throws <see cref="StepFailedException"/>.
    /// Items that succeeded in <paramref name="recorded"/> (the step's items in the run being resumed) are restored, not run.
    /// </summary>
    public async Task<ForeachOutcome> RunAsync(Workflow workflow, WorkflowStep step, IWorkflowState variables, IReadOnlyList<ItemResult>? recorded, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> items;
        try
        {
            items = step.Foreach!.Items(variables);
        }
        catch (StepFailedException e)
        {
            throw new StepFailedException($"step '{step.Name}': {e.Message}");
        }

        var results = new ItemResult?[items.Count];
        var stopOnFailure = step.FailFast && !step.ContinueOnError;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var next = -1;
        ItemResult? firstFailure = null;
        var progress = _reporter.ItemsStarting(workflow, step, items.Count);

        async Task Worker()
        {
            // Each worker takes the next index: with one worker the items run strictly in order.
            int index;
            while (!stop.IsCancellationRequested && (index = Interlocked.Increment(ref next)) < items.Count)
            {
                if (RunResume.SucceededItem(recorded, index, items.Count) is { } restored)
                {
                    results[index] = restored;
                    progress?.ItemFinished(restored.Status);
                    continue;
                }

                ItemResult result;
                using (var activity = RunTelemetry.StartItem(step, index))
                {
                    result = await RunItemAsync(workflow, step, new ItemVariables(variables, items[index], index), index, stop.Token).ConfigureAwait(false);
                    RunTelemetry.ItemFinished(activity, result);
                }

                results[index] = result;
                progress?.ItemFinished(result.Status);
                if (result.Status == StepStatus.Failed && Interlocked.CompareExchange(ref firstFailure, result, null) is null && stopOnFailure)
                {
                    await stop.CancelAsync().ConfigureAwait(false);
                }
            }
        }

        var parallel = Math.Min(step.MaxParallel ?? DefaultMaxParallel(step), items.Count);
        var workers = new Task[parallel];
        for (var i = 0; i < parallel; i++)
        {
            workers[i] = Worker();
        }

        await Task.WhenAll(workers).ConfigureAwait(false);

        var records = results.Select((r, i) => r ?? new ItemResult { Index = i, Status = StepStatus.NotRun }).ToList();
        if (cancellationToken.IsCancellationRequested)
        {
            // Cancelled: the items that finished are recorded all the same, so --resume restores them.
            return new ForeachOutcome(records, false, null, "cancelled") { Cancelled = true };
        }

        // Items whose stdout went straight to the console (nothing needs the text, as for a single step) leave no array.
        var succeeded = firstFailure is null || step.ContinueOnError;
        var output = succeeded && _pipeline.Captures(workflow.Name, step) ? Output(records, step.OutputIsJson) : null;
        return new ForeachOutcome(records, succeeded, output, Error(records, firstFailure, step));
    }

    private async Task<ItemResult> RunItemAsync(Workflow workflow, WorkflowStep step, ItemVariables variables, int index, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var attempts = 0;
        ItemResult Finish(StepStatus status, string? error = null, StepOutcome? outcome = null, WorkflowResult? call = null) => new()
        {
            Attempts = status is StepStatus.Succeeded or StepStatus.Failed && attempts > 0 ? attempts : null,
            Call = outcome?.Call ?? call,
            Index = index,
            Status = status,
            Output = outcome is { Streamed: false } ? outcome.Output : null,
            Error = error,
            StartedAt = startedAt,
            Duration = clock.Elapsed,
            InputTokens = outcome?.InputTokens,
            OutputTokens = outcome?.OutputTokens,
            Reply = outcome?.Reply,
        };

        try
        {
            if (step.ConditionPerItem && step.Condition is { } condition && !condition(variables))
            {
                return Finish(StepStatus.Skipped);
            }

            var outcome = await _attempts.RunAsync(workflow, step, token => _pipeline.RunAsync(workflow.Name, step, variables, token), cancellationToken, attempting: n => attempts = n).ConfigureAwait(false);
            return Finish(StepStatus.Succeeded, outcome: outcome);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by fail-fast or by the run: however the runner reacted to the kill, the item was cancelled.
            return Finish(StepStatus.Cancelled, "cancelled");
        }
        catch (Exception e)
        {
            // Anything an item's backend throws fails that item only, as for a single step.
            return Finish(StepStatus.Failed, StepErrors.Describe(e), call: CalledRun.Of(e));
        }
    }

    /// <summary>One entry per item in input order: its output as a JSON string (as the JSON value it is when <paramref name="structured"/>: a structured or call output), <c>null</c> for an item skipped or failed.</summary>
    internal static string Output(IReadOnlyList<ItemResult> items, bool structured)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                if (item is { Status: StepStatus.Succeeded, Output: { } output })
                {
                    WriteItem(writer, output, structured);
                }
                else
                {
                    writer.WriteNullValue();
                }
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A structured item's output is validated compact JSON (StructuredOutput), and a call's an object of its outputs, so the array holds the value itself.</summary>
    private static void WriteItem(Utf8JsonWriter writer, string output, bool structured)
    {
        if (structured)
        {
            try
            {
                writer.WriteRawValue(output);
                return;
            }
            catch (JsonException)
            {
                // Step middleware replaced the validated value with text: keep that text rather than lose the run.
            }
        }

        writer.WriteStringValue(output);
    }

    internal static string? Error(IReadOnlyList<ItemResult> items, ItemResult? first, WorkflowStep step)
    {
        if (first is null || step.ContinueOnError)
        {
            return null;
        }

        var failed = items.Count(i => i.Status == StepStatus.Failed);
        return failed == 1
            ? $"item {first.Index} failed: {first.Error}"
            : $"{failed} of {items.Count} items failed; item {first.Index} failed first: {first.Error}";
    }
}
