using System.ComponentModel;
using System.Globalization;

namespace LlmCompiler.Runtime.Core;

/// <summary>
/// What one looping step (<c>until</c>) has decided so far, and the rules that decide it, the same under both engines:
/// the next iteration and what it reads (<see cref="LoopVariables"/>), what a finished iteration means (a failure
/// fails the step; else <c>until</c> on its output ends the loop, or <c>max_iterations</c> with <c>on_limit</c>), and
/// what the step comes to. Iterations run one after another, so nothing here is shared between threads. Restored
/// iterations (<c>--resume</c>) are the earlier run's leading succeeded ones; the loop goes on from the next. Nothing
/// here awaits, reads a clock or does I/O: the durable engine calls it from orchestration code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LoopState
{
    private readonly WorkflowStep _step;
    private readonly List<ItemResult> _iterations = [];
    private string? _previous;
    private StepOutcome? _end;

    /// <param name="step">The looping step.</param>
    /// <param name="recorded">The step's iterations in the run being resumed, or <see langword="null"/>.</param>
    public LoopState(WorkflowStep step, IReadOnlyList<ItemResult>? recorded = null)
    {
        _step = step;
        foreach (var restored in RunResume.SucceededIterations(recorded))
        {
            _iterations.Add(restored);
            _previous = restored.Output;
        }

        if (_iterations.Count > 0 && _iterations.Count >= Limit)
        {
            // Every iteration ran in the earlier run and the condition never held: the limit decides again.
            _end = AtLimit();
        }
    }

    /// <summary>Gets the iterations recorded so far, in order (restored ones first).</summary>
    public IReadOnlyList<ItemResult> Iterations => _iterations;

    /// <summary>Gets the number of the iteration that runs next, from 1.</summary>
    public int Next => _iterations.Count + 1;

    /// <summary>Gets whether the loop has ended: no more iterations run.</summary>
    public bool Ended => _end is not null;

    /// <summary>Gets the restored iterations (for the console), the earlier run's that are not run again.</summary>
    public int Restored => _iterations.Count(i => i.Resumed);

    private int Limit => Math.Max(1, _step.MaxIterations ?? 1);

    /// <summary>What the next iteration reads: its number and the previous iteration's output over <paramref name="workflow"/>'s state.</summary>
    public LoopVariables Variables(IWorkflowState workflow) => new(workflow, Next, _previous);

    /// <summary>
    /// Records a finished iteration and decides: returns whether the loop has ended (the iteration failed or was
    /// cancelled, <c>until</c> holds on its output, or the iterations ran out).
    /// </summary>
    /// <param name="iteration">The iteration's record; its <see cref="ItemResult.Index"/> is its number.</param>
    /// <param name="workflow">The workflow's state, which <c>until</c> reads besides the iteration's output.</param>
    public bool Finish(ItemResult iteration, IWorkflowState workflow)
    {
        _iterations.Add(iteration);
        var previous = _previous;
        _previous = iteration.Output;
        if (iteration.Status == StepStatus.Cancelled)
        {
            _end = StepRecords.Cancelled;
            return true;
        }

        if (iteration.Status != StepStatus.Succeeded)
        {
            _end = Failed($"iteration {iteration.Index} failed: {iteration.Error}");
            return true;
        }

        bool holds;
        try
        {
            holds = _step.Until?.Invoke(new LoopVariables(workflow, iteration.Index, previous, _step.Output, iteration.Output ?? string.Empty)) ?? true;
        }
        catch (StepFailedException e)
        {
            // A comparison that cannot be made (ordering a value that is no number) fails the step, naming the value.
            _end = Failed($"until, after iteration {iteration.Index}: {e.Message}");
            return true;
        }

        if (holds)
        {
            _end = new StepOutcome { Status = StepStatus.Succeeded, Output = iteration.Output };
            return true;
        }

        if (iteration.Index >= Limit)
        {
            _end = AtLimit();
            return true;
        }

        return false;
    }

    /// <summary>
    /// Ends the loop because <c>loop_timeout</c> ran out: before iteration <see cref="Next"/> started, or while it ran,
    /// when <paramref name="stopped"/> is its record (it is kept, failed with the same words).
    /// </summary>
    public void TimedOut(ItemResult? stopped = null)
    {
        var error = string.Create(CultureInfo.InvariantCulture, $"timed out after {_step.LoopTimeout!.Value.TotalSeconds:0.###} s in iteration {Next} (loop_timeout)");
        if (stopped is not null)
        {
            _iterations.Add(stopped with { Status = StepStatus.Failed, Error = error });
        }

        _end = Failed(error);
    }

    /// <summary>Ends the loop because the run was cancelled before iteration <see cref="Next"/> started.</summary>
    public void Cancel() => _end ??= StepRecords.Cancelled;

    /// <summary>What the step comes to: its end (the last output when it succeeded), with the iterations' token sums and reply.</summary>
    public StepOutcome Outcome()
    {
        var end = _end ?? StepRecords.Cancelled;
        return end with
        {
            InputTokens = TokenSums.Of(_iterations.Select(i => i.InputTokens)),
            OutputTokens = TokenSums.Of(_iterations.Select(i => i.OutputTokens)),
            Reply = _iterations.Where(i => i.Status == StepStatus.Succeeded).Select(i => i.Reply).Distinct().ToList() is [{ } only] ? only : null,
        };
    }

    private StepOutcome AtLimit() => _step.OnLimit == "continue"
        ? new StepOutcome { Status = StepStatus.Succeeded, Output = _previous }
        : Failed(string.Create(CultureInfo.InvariantCulture, $"'until' still false after {Limit} iterations (max_iterations: {Limit}; on_limit: continue keeps the last output)"));

    private static StepOutcome Failed(string error) => new() { Status = StepStatus.Failed, Error = error };
}
