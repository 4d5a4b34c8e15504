using LlmCompiler.Runtime.Core;
using LlmCompiler.Runtime.Scheduling;
using LlmCompiler.Runtime.Steps;


namespace LlmCompiler.Runtime.DurableTask.Orchestration;

/// <summary>
/// What a worker runs steps with: the embedded runner's own pipeline (shell runner, model backends, the edition's
/// middleware), one per worker process. Only the step's <c>timeout</c> applies here; <c>retry</c> is the engine's.
/// Steps are tracked by run, so a run that ended can have the steps it left behind on this worker killed.
/// </summary>
internal sealed class StepHost : IDisposable
{
    private readonly StepRunners _runners;
    private readonly StepPipeline _pipeline;
    private readonly StepAttemptRunner _attempts;
    private readonly Dictionary<string, RunSteps> _runs = new(StringComparer.Ordinal);

    public StepHost(WorkflowRunOptions options, ProgramCatalog catalog)
    {
        var reporter = new RunReporter(options);
        _runners = StepRunners.Create(options, reporter.Log);

        // Output is recorded and printed by the client, never on the worker's console: every step's text is captured.
        _pipeline = new StepPipeline(_runners, RunEdition.Current(), TextWriter.Null, catalog.Awaited);
        _attempts = new StepAttemptRunner(reporter);
    }

    /// <summary>Runs one attempt of a step of run <paramref name="runId"/>; <paramref name="abandoned"/> kills it (its workflow stopped waiting).</summary>
    public async Task<StepOutcome> RunAsync(Workflow workflow, WorkflowStep step, IVariables variables, string runId, string attemptId, CancellationToken abandoned)
    {
        RunSteps run;
        lock (_runs)
        {
            if (!_runs.TryGetValue(runId, out run!))
            {
                _runs[runId] = run = new RunSteps();
            }

            run.Running++;
        }

        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(run.Stop.Token, abandoned);
            return await _attempts.RunAsync(workflow, step, token => _pipeline.RunAsync(workflow.Name, step, variables, token, attemptId), stop.Token, retry: false).ConfigureAwait(false);
        }
        finally
        {
            lock (_runs)
            {
                // A long-lived worker sees many runs: one is forgotten when its last step here ends.
                if (--run.Running == 0 && _runs.TryGetValue(runId, out var current) && current == run)
                {
                    _runs.Remove(runId);
                }
            }
        }
    }

    /// <summary>
    /// Kills what this worker still runs for <paramref name="runId"/>, which has ended: steps it stopped waiting for
    /// (cancelled, or items a failing-fast foreach left). Their results would go nowhere.
    /// </summary>
    public async Task EndRunAsync(string runId)
    {
        RunSteps? run;
        lock (_runs)
        {
            _runs.Remove(runId, out run);
        }

        if (run is not null)
        {
            await run.Stop.CancelAsync().ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _runners.Dispose();
    }

    /// <summary>The steps a worker runs for one run: how many, and what kills them when the run has ended.</summary>
    /// <remarks>The source has no timer, so it is left to the collector rather than disposed under a step still linked to it.</remarks>
    private sealed class RunSteps
    {
        public CancellationTokenSource Stop { get; } = new();

        public int Running { get; set; }
    }
}
