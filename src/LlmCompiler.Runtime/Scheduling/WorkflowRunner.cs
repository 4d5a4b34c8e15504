using System.Diagnostics;
using LlmCompiler.Runtime.Core;
using LlmCompiler.Runtime.Scheduling;
using LlmCompiler.Runtime.Steps;
using LlmCompiler.Runtime.Telemetry;

namespace LlmCompiler.Runtime;

/// <summary>Runs workflows: every workflow concurrently, the steps of each in order.</summary>
public static class WorkflowRunner
{
    /// <summary>Runs the workflows to completion, failure or cancellation and returns what happened.</summary>
    /// <param name="workflows">The workflows; names must be unique.</param>
    /// <param name="options">Run settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">
    /// Cancels the run: running processes are killed and the result says so. Steps whose <c>if</c> uses <c>always()</c>
    /// or <c>cancelled()</c> still run, for at most <see cref="WorkflowRunOptions.CancellationGracePeriod"/>.
    /// </param>
    /// <returns>The run's record. It never throws for a failing step; failures are in the result.</returns>
    /// <exception cref="ArgumentException">Two workflows share a name.</exception>
    /// <exception cref="InvalidInputsException">An input is missing, unknown or of the wrong type (nothing has run).</exception>
    /// <exception cref="ResumeRefusedException"><see cref="WorkflowRunOptions.ResumeFrom"/> records other workflow definitions (nothing has run).</exception>
    public static Task<RunResult> RunAsync(
        IReadOnlyList<Workflow> workflows,
        WorkflowRunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflows);
        return RunCoreAsync(Started(workflows), options ?? new WorkflowRunOptions(), null, cancellationToken, CancellationToken.None);
    }

    /// <summary>Runs the workflows; <paramref name="stopToken"/> also stops cleanup steps (a second Ctrl+C or SIGTERM).</summary>
    internal static Task<RunResult> RunAsync(
        IReadOnlyList<Workflow> workflows,
        WorkflowRunOptions options,
        CancellationToken cancellationToken,
        CancellationToken stopToken) =>
        RunCoreAsync(Started(workflows), options, null, cancellationToken, stopToken);

    /// <summary>The workflows a run of a list starts: those no step calls (a called one runs when called).</summary>
    private static Workflow[] Started(IReadOnlyList<Workflow> workflows) => workflows.Where(w => !w.IsCalled).ToArray();

    private static async Task<RunResult> RunCoreAsync(
        Workflow[] workflows,
        WorkflowRunOptions options,
        IReadOnlyDictionary<string, string>? extraInputs,
        CancellationToken cancellationToken,
        CancellationToken stopToken)
    {
        var duplicate = workflows.GroupBy(w => w.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two workflows are named '{duplicate.Key}'.", nameof(workflows));
        }

        // Inputs are checked before anything starts, so a bad value never leaves a half-run behind.
        var given = new Dictionary<string, string>(options.Inputs, StringComparer.Ordinal);
        foreach (var (name, value) in extraInputs ?? new Dictionary<string, string>())
        {
            given[name] = value;
        }

        var records = RunResume.Match(workflows, options.ResumeFrom);
        RunResume.AddInputs(workflows, records, given);
        var inputs = InputBinder.Bind(workflows, given);

        // The run's span is current while the workflows start, so theirs (and their steps') nest under it.
        using var activity = RunTelemetry.StartRun(workflows);
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var reporter = new RunReporter(options);
        var signals = new StepSignals(workflows);
        var awaited = workflows.SelectMany(w => w.Steps).Select(s => s.WaitFor).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var runners = StepRunners.Create(options, reporter.Log, new WorkflowCallRunner(signals, reporter));
        await using var disposeRunners = runners.ConfigureAwait(false);
        var edition = RunEdition.Current();
        var pipeline = new StepPipeline(runners, edition, options.Output, awaited);
        reporter.RunStarting(edition);

        // Cleanup steps run after a cancellation until the grace period runs out or the stop token fires.
        using var cleanup = CancellationTokenSource.CreateLinkedTokenSource(stopToken);
        using var startGrace = cancellationToken.Register(() => cleanup.CancelAfter(options.CancellationGracePeriod));

        // No grace period: cleanup steps see the run's own token, already cancelled when the run is, so none starts.
        // (CancelAfter(0) would cancel on a timer, a moment after a step may have started.)
        var cleanupToken = options.CancellationGracePeriod <= TimeSpan.Zero ? cancellationToken : cleanup.Token;
        var executions = new Task<WorkflowResult>[workflows.Length];
        for (var i = 0; i < workflows.Length; i++)
        {
            var execution = new WorkflowExecution(workflows[i], signals, pipeline, reporter, inputs[i], records[i]);
            executions[i] = Task.Run(() => execution.RunAsync(cancellationToken, cleanupToken), CancellationToken.None);
        }

        var results = await Task.WhenAll(executions).ConfigureAwait(false);
        var status = WorkflowRunState.RunStatusOf(results, cancellationToken.IsCancellationRequested);
        var result = new RunResult
        {
            Status = status,
            StartedAt = startedAt,
            Duration = clock.Elapsed,
            Workflows = results,
            Edition = edition.Features?.Name,
            EditionNotice = edition.InactiveReason,
            Questions = runners.Answers.Parked.Select(q => new PendingQuestion(q.Key, q.Prompt, q.Step.Options, q.Step.OutputSchema, q.Step.Default, runners.Answers.Command(q))).ToList(),
        };
        reporter.RunFinished(result);
        RunTelemetry.RunFinished(activity, result);
        return result;
    }

    /// <summary>Runs one workflow with the given input values (the generated <c>RunAsync</c> methods call this).</summary>
    /// <param name="workflow">The workflow.</param>
    /// <param name="inputs">Input values by input name; they take precedence over <paramref name="options"/>' inputs.</param>
    /// <param name="options">Run settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The run's record.</returns>
    /// <exception cref="InvalidInputsException">An input is missing, unknown or of the wrong type (nothing has run).</exception>
    public static Task<RunResult> RunAsync(
        Workflow workflow,
        IReadOnlyDictionary<string, string> inputs,
        WorkflowRunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(inputs);
        return RunCoreAsync([workflow], options ?? new WorkflowRunOptions(), inputs, cancellationToken, CancellationToken.None);
    }
}
