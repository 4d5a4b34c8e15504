using System.ComponentModel;
using System.Diagnostics;
using LlmCompiler.Runtime.Core;

namespace LlmCompiler.Runtime.Scheduling;

/// <summary>
/// The progress line of one foreach step: <c>[workflow] step: 250/1000 items (2 failed)</c>, printed when an item
/// finishes and at least <see cref="WorkflowRunOptions.ProgressInterval"/> has passed since the step started or the
/// last line, so a long step shows it is moving and a short one prints nothing extra. Items finish on many threads.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ItemProgress
{
    private readonly TextWriter _log;
    private readonly string _prefix;
    private readonly int _total;
    private readonly long _interval;
    private readonly object _gate = new();
    private long _lastLine;
    private int _done;
    private int _failed;

    /// <summary>Starts the progress of a step of <paramref name="total"/> items, printed to <paramref name="log"/> at most every <paramref name="interval"/>.</summary>
    public ItemProgress(TextWriter log, Workflow workflow, WorkflowStep step, int total, TimeSpan interval)
    {
        _log = log;
        _prefix = StepLines.Prefix(workflow.Name, step.Name);
        _total = total;
        _interval = (long)(interval.TotalSeconds * Stopwatch.Frequency);
        _lastLine = Stopwatch.GetTimestamp();
    }

    /// <summary>Counts a finished item and prints the line when it is due.</summary>
    public void ItemFinished(StepStatus status)
    {
        lock (_gate)
        {
            // Counted and printed under one lock, so lines never go backwards when items finish at once.
            _done++;
            if (status == StepStatus.Failed)
            {
                _failed++;
            }

            var now = Stopwatch.GetTimestamp();
            if (now - _lastLine < _interval)
            {
                return;
            }

            _lastLine = now;
            _log.WriteLine(_prefix + Counts(_done, _total, _failed));
        }
    }

    /// <summary>The line for <paramref name="done"/> of <paramref name="total"/> items, as both engines print it.</summary>
    public static string Line(Workflow workflow, WorkflowStep step, int done, int total, int failed) =>
        $"[{workflow.Name}] {step.Name}: " + Counts(done, total, failed);

    private static string Counts(int done, int total, int failed) =>
        $"{done}/{total} items" + (failed > 0 ? $" ({failed} failed)" : string.Empty);
}
