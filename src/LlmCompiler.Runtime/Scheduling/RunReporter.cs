using System.ComponentModel;
using LlmCompiler.Runtime.Core;

namespace LlmCompiler.Runtime.Scheduling;

/// <summary>The console side of a run: one line per finished step, failures always, a summary at the end.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RunReporter
{
    private readonly bool _quiet;
    private readonly TimeSpan _progressInterval;

    /// <summary>Creates the reporter of a run with <paramref name="options"/>' log, quietness and progress interval.</summary>
    public RunReporter(WorkflowRunOptions options)
    {
        _quiet = options.Quiet;
        _progressInterval = options.ProgressInterval;
        Log = TextWriter.Synchronized(options.Log);
    }

    /// <summary>Gets the synchronized writer that progress and child stderr share, so lines never interleave mid-line.</summary>
    public TextWriter Log { get; }

    /// <summary>Says once per run which edition runs: a present but inactive one always says why, even when quiet.</summary>
    public void RunStarting(RunEdition edition)
    {
        if (edition.Features is { } features)
        {
            if (!_quiet)
            {
                Log.WriteLine($"{features.Name} is active.");
            }
        }
        else if (edition.InactiveReason is { } reason)
        {
            Log.WriteLine($"notice: the Pro edition is present but inactive: {reason}. Running with community features.");
        }
    }

    /// <summary>Says what a step waits for (<c>wait_for</c>).</summary>
    public void Waiting(Workflow workflow, WorkflowStep step, string key)
    {
        if (!_quiet)
        {
            Log.WriteLine(StepLines.Waiting(workflow.Name, step, key));
        }
    }

    /// <summary>Says that an attempt failed and when the next starts; printed even when quiet.</summary>
    public void Retrying(Workflow workflow, WorkflowStep step, int attempt, string error, TimeSpan pause)
    {
        // Always printed, like failures: a retried step is a problem even when the retry succeeds.
        Log.WriteLine(StepLines.Retrying(workflow.Name, step, attempt, error, pause));
    }

    /// <summary>Prints a step's start, for a kind that announces itself.</summary>
    public void StepStarted(Workflow workflow, WorkflowStep step)
    {
        if (!_quiet && StepLines.Started(workflow.Name, step) is { } line)
        {
            Log.WriteLine(line);
        }
    }

    /// <summary>The progress line of a foreach step's items, or <see langword="null"/> when quiet.</summary>
    public ItemProgress? ItemsStarting(Workflow workflow, WorkflowStep step, int total) =>
        _quiet ? null : new ItemProgress(Log, workflow, step, total, _progressInterval);

    /// <summary>Prints a finished step's line (<see cref="StepLines.Finished"/>).</summary>
    public void StepFinished(Workflow workflow, StepResult result)
    {
        if (StepLines.Finished(workflow.Name, result, _quiet) is { } line)
        {
            Log.WriteLine(line);
        }
    }

    /// <summary>Says that a step was restored from the run file (<c>--resume</c>).</summary>
    public void Restored(Workflow workflow, StepResult result)
    {
        if (!_quiet)
        {
            Log.WriteLine(StepLines.Restored(workflow.Name, result));
        }
    }

    /// <summary>Prints the run's summary line.</summary>
    public void RunFinished(RunResult result)
    {
        // Quiet hides a clean success only: failures that continue_on_error let pass are still failures to report.
        if (_quiet && result.Status == RunStatus.Succeeded && RunSummaryLine.AllowedFailures(result).Count == 0)
        {
            return;
        }

        Log.WriteLine(RunSummaryLine.Line(result));
    }
}
