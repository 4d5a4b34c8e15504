namespace LlmCompiler.Runtime.Execution;

/// <summary>The console side of a run: one line per finished step, failures always, a summary at the end.</summary>
internal sealed class RunReporter
{
    private readonly bool _quiet;
    private readonly TimeSpan _progressInterval;

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

    public void Waiting(Workflow workflow, WorkflowStep step, string key)
    {
        if (!_quiet)
        {
            Log.WriteLine($"[{workflow.Name}] {step.Name}: waiting for {key}");
        }
    }

    public void Retrying(Workflow workflow, WorkflowStep step, int attempt, int attempts, string error, TimeSpan pause)
    {
        // Always printed, like failures: a retried step is a problem even when the retry succeeds.
        Log.WriteLine($"[{workflow.Name}] {step.Name}: attempt {attempt} of {attempts} failed: {error}; retrying in {Format(pause)}");
    }

    public void StepStarted(Workflow workflow, WorkflowStep step)
    {
        // Shell steps are usually quick; only model steps announce themselves before they finish.
        if (!_quiet && step is ModelStep model)
        {
            Log.WriteLine($"[{workflow.Name}] {step.Name}: running {step.Kind} ({model.Model ?? "default model"})");
        }
    }

    /// <summary>The progress line of a foreach step's items, or <see langword="null"/> when quiet.</summary>
    public ItemProgress? ItemsStarting(Workflow workflow, WorkflowStep step, int total) =>
        _quiet ? null : new ItemProgress(Log, workflow, step, total, _progressInterval);

    public void StepFinished(Workflow workflow, StepResult result)
    {
        switch (result.Status)
        {
            case StepStatus.Failed when result.ContinuedOnError:
                Log.WriteLine($"[{workflow.Name}] {result.Name}: FAILED (continue_on_error, the workflow goes on): {result.Error}");
                break;
            case StepStatus.Failed:
                Log.WriteLine($"[{workflow.Name}] {result.Name}: FAILED: {result.Error}");
                break;
            case StepStatus.Skipped when !_quiet:
                Log.WriteLine($"[{workflow.Name}] {result.Name}: skipped (if was false)");
                break;
            case StepStatus.Succeeded when !_quiet:
                Log.WriteLine($"[{workflow.Name}] {result.Name}: ok{FailedItems.OkSuffix(result)} ({Format(result.Duration)})");
                break;
        }
    }

    public void Restored(Workflow workflow, StepResult result)
    {
        if (!_quiet)
        {
            Log.WriteLine($"[{workflow.Name}] {result.Name}: ok (restored from the run file)");
        }
    }

    public void RunFinished(RunResult result)
    {
        // Quiet hides a clean success only: failures that continue_on_error let pass are still failures to report.
        if (_quiet && result.Status == RunStatus.Succeeded && RunSummaryLine.AllowedFailures(result).Count == 0)
        {
            return;
        }

        Log.WriteLine(RunSummaryLine.Line(result));
    }

    private static string Format(TimeSpan duration) => DurationText.Format(duration);
}
