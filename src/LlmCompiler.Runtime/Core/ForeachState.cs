using System.ComponentModel;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LlmCompiler.Runtime.Core;

/// <summary>
/// What one foreach step has decided so far, and the rules that decide it, the same under both engines: which item
/// runs next (restored items from <c>--resume</c> and items whose <c>if</c> is false are recorded, not run), when the
/// first failure stops the rest (<c>fail_fast</c>), what the items in flight become when the step stops, and what the
/// step comes to: its array of outputs, the error naming the item, the token sums. The embedded engine's workers take
/// items from it on many threads (hence the lock); the durable engine calls it from orchestration code. Nothing here
/// awaits, reads a clock or does I/O.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ForeachState
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly WorkflowStep _step;
    private readonly IReadOnlyList<string> _items;
    private readonly IReadOnlyList<ItemResult>? _recorded;
    private readonly ItemResult?[] _results;
    private readonly HashSet<int> _running = [];
    private readonly object _gate = new();
    private int _next;
    private int _done;
    private int _failed;
    private ItemResult? _firstFailure;

    /// <param name="step">The foreach step.</param>
    /// <param name="items">Its items (<see cref="StepRules.Items"/>).</param>
    /// <param name="recorded">The step's items in the run being resumed, whose succeeded ones are restored; or <see langword="null"/>.</param>
    public ForeachState(WorkflowStep step, IReadOnlyList<string> items, IReadOnlyList<ItemResult>? recorded = null)
    {
        _step = step;
        _items = items;
        _recorded = recorded;
        _results = new ItemResult?[items.Count];
    }

    /// <summary>Gets how many items the step has.</summary>
    public int Count => _items.Count;

    /// <summary>Gets how many items have a record, and how many of them failed (for the progress line).</summary>
    public (int Done, int Failed) Progress
    {
        get
        {
            lock (_gate)
            {
                return (_done, _failed);
            }
        }
    }

    /// <summary>Gets whether a failure stopped the step (fail-fast): no more items start.</summary>
    public bool Stopped { get; private set; }

    /// <summary>
    /// Takes the next item to run, or <see langword="null"/> when none is left (or the step stopped). Items it passes
    /// over are recorded on the way and given to <paramref name="recorded"/> (for progress): restored ones, skipped ones.
    /// </summary>
    public ItemVariables? TakeNext(IWorkflowState variables, Action<ItemResult>? recorded = null)
    {
        while (true)
        {
            ItemVariables view;
            lock (_gate)
            {
                if (Stopped || _next >= _items.Count)
                {
                    return null;
                }

                var index = _next++;
                if (RunResume.SucceededItem(_recorded, index, _items.Count) is { } restored)
                {
                    Record(restored);
                    recorded?.Invoke(restored);
                    continue;
                }

                view = new ItemVariables(variables, _items[index], index);
                if (!StepRules.SkipsItem(_step, view))
                {
                    _running.Add(index);
                    return view;
                }

                Record(StepRecords.Item(index, new StepOutcome { Status = StepStatus.Skipped }));
            }

            recorded?.Invoke(_results[view.Index]!);
        }
    }

    /// <summary>Records a finished item; returns whether the step must now stop the items in flight (its first failure, failing fast).</summary>
    /// <remarks>An item that ends after the step stopped (the rest were cancelled) keeps the record it was given then.</remarks>
    public bool Finish(ItemResult result)
    {
        lock (_gate)
        {
            if (!_running.Remove(result.Index))
            {
                return false;
            }

            Record(result);
            if (result.Status != StepStatus.Failed || _firstFailure is not null)
            {
                return false;
            }

            _firstFailure = result;
            Stopped = _step.FailFast && !_step.ContinueOnError;
            return Stopped;
        }
    }

    /// <summary>Gets the items in flight, in order: those a stop leaves.</summary>
    public IReadOnlyList<int> Running
    {
        get
        {
            lock (_gate)
            {
                return _running.Order().ToList();
            }
        }
    }

    /// <summary>Records the items still in flight as cancelled: the step stopped them (fail-fast or the run's cancellation).</summary>
    public void CancelRunning()
    {
        lock (_gate)
        {
            Stopped = true;
            foreach (var index in _running)
            {
                Record(StepRecords.Item(index, StepRecords.Cancelled));
            }

            _running.Clear();
        }
    }

    /// <summary>
    /// What the step comes to, once no item runs: each item's record (not run where none), and the step's execution:
    /// cancelled when <paramref name="cancelled"/> (the finished items are recorded all the same, so <c>--resume</c>
    /// restores them); else succeeded, with the array of outputs when <paramref name="captures"/>, or failed naming the item.
    /// </summary>
    public (StepOutcome Execution, IReadOnlyList<ItemResult> Items) Outcome(bool cancelled, bool captures)
    {
        CancelRunning();
        var items = _results.Select((r, i) => r ?? StepRecords.Item(i, new StepOutcome { Status = StepStatus.NotRun })).ToList();
        var succeeded = !cancelled && (_firstFailure is null || _step.ContinueOnError);
        var execution = new StepOutcome
        {
            Status = cancelled ? StepStatus.Cancelled : succeeded ? StepStatus.Succeeded : StepStatus.Failed,
            Output = succeeded && captures ? Output(items, _step.OutputIsJson) : null,
            Error = cancelled ? StepRecords.Cancelled.Error : succeeded ? null : Error(items, _firstFailure!),
            InputTokens = TokenSums.Of(items.Select(i => i.InputTokens)),
            OutputTokens = TokenSums.Of(items.Select(i => i.OutputTokens)),

            // Where the answers came from, when every item that ran got its answer the same way.
            Reply = items.Where(i => i.Status == StepStatus.Succeeded).Select(i => i.Reply).Distinct().ToList() is [{ } only] ? only : null,
        };
        return (execution, items);
    }

    /// <summary>Keeps an item's record and counts it (under the lock).</summary>
    private void Record(ItemResult result)
    {
        _results[result.Index] = result;
        _done++;
        _failed += result.Status == StepStatus.Failed ? 1 : 0;
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

    private static string Error(List<ItemResult> items, ItemResult first)
    {
        var failed = items.Count(i => i.Status == StepStatus.Failed);
        return failed == 1
            ? $"item {first.Index} failed: {first.Error}"
            : $"{failed} of {items.Count} items failed; item {first.Index} failed first: {first.Error}";
    }
}
